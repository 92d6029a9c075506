--
-- 82_current_user: seed 001, the acting user's own record and persona (me_get, me_update):
-- unique e-mail (23505), E.164 phone that is not an organization SMS number (22023/23505),
-- department of the user's organization (22023), who may change the access role (42501),
-- boolean notification preferences, the persona (created, then merged; businessHours and
-- timezone only with the organization's override flag), exactly one profile_updated
-- activity per real change, and no sensitive fields in the output.
--
-- Users of this file (created here, removed at the end):
--   ...0201 rep82       standard_user   SALES_REP        Globex / Alpha
--   ...0202 head82      standard_user   DEPARTMENT_HEAD  Globex / Alpha
--   ...0203 orgadmin82  standard_user   ADMIN            Globex
--   ...0204 persona82   standard_user   SALES_REP        Initech / Gamma (persona override)
--   ...0205 padmin82    internal_admin  SALES_REP        Globex (a platform admin)
--
\set rep      '''80000000-0000-4000-a000-000000000201'''
\set head     '''80000000-0000-4000-a000-000000000202'''
\set orgadmin '''80000000-0000-4000-a000-000000000203'''
\set persona  '''80000000-0000-4000-a000-000000000204'''
\set padmin   '''80000000-0000-4000-a000-000000000205'''

INSERT INTO profiles.users (id, email, role, organization_id, department_id, full_name, phone_number, access_role) VALUES
    ('80000000-0000-4000-a000-000000000201', 'rep82@example.com', 'standard_user',
     '80000000-0000-4000-b000-000000000001', '80000000-0000-4000-d000-000000000001', 'Ray Rep', '+14155550201', 'SALES_REP'),
    ('80000000-0000-4000-a000-000000000202', 'head82@example.com', 'standard_user',
     '80000000-0000-4000-b000-000000000001', '80000000-0000-4000-d000-000000000001', 'Hal Head', NULL, 'DEPARTMENT_HEAD'),
    ('80000000-0000-4000-a000-000000000203', 'orgadmin82@example.com', 'standard_user',
     '80000000-0000-4000-b000-000000000001', NULL, 'Oda Orgadmin', NULL, 'ADMIN'),
    ('80000000-0000-4000-a000-000000000204', 'persona82@example.com', 'standard_user',
     '80000000-0000-4000-b000-000000000002', '80000000-0000-4000-d000-000000000003', 'Pia Persona', NULL, 'SALES_REP'),
    ('80000000-0000-4000-a000-000000000205', 'padmin82@example.com', 'internal_admin',
     '80000000-0000-4000-b000-000000000001', NULL, 'Pat Padmin', NULL, 'SALES_REP');

-- The {user, persona} document without ids and timestamps.
CREATE FUNCTION public.me_view(doc jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE AS $fn$
    SELECT jsonb_build_object(
        'user', (doc->'user') - '_id' - 'createdAt' - 'updatedAt',
        'persona', CASE WHEN jsonb_typeof(doc->'persona') = 'object'
                        THEN (doc->'persona') - '_id' ELSE doc->'persona' END)
$fn$;

SET SESSION AUTHORIZATION regress_shim;

-- Without an actor: 42501.
SELECT public.try_sql($$SELECT profiles.me_get()::text$$) AS no_actor_get,
       public.try_sql($$SELECT profiles.me_update('{"fullName": "X"}')::text$$) AS no_actor_update;

--
-- me_get: the user and its persona (none yet), no sensitive fields.
--
BEGIN;
SELECT profiles.set_actor(:rep, 's82', 'r82-get');
SELECT jsonb_pretty(public.me_view(profiles.me_get()::jsonb)) AS me;
SELECT array(SELECT jsonb_object_keys(profiles.me_get()::jsonb) ORDER BY 1) AS top_keys,
       array(SELECT jsonb_object_keys(profiles.me_get()::jsonb->'user') ORDER BY 1) AS user_keys;
SELECT (profiles.me_get()::jsonb->'user') ?| array['db_role', 'dbRole', 'disabled', 'deleted_at', 'deletedAt', 'role']
       AS has_sensitive_field,
       profiles.me_get()::jsonb->'user'->>'_id' = :rep AS own_id;
COMMIT;
-- A user without a profile row has a current user all the same.
BEGIN;
SELECT profiles.set_actor('80000000-0000-4000-a000-000000000009', 's82', 'r82-get-nopro');
SELECT profiles.me_get()::jsonb->'user'->>'fullName' AS full_name, profiles.me_get()::jsonb->'persona' AS persona;
COMMIT;

--
-- me_update: plain fields; the response is the refreshed document.
--
BEGIN;
SELECT profiles.set_actor(:rep, 's82', 'r82-update-1');
SELECT jsonb_pretty(public.me_view(profiles.me_update('{
    "fullName": "Ray Q. Rep", "email": "ray.rep82@example.com", "phoneNumber": "+14155550299",
    "designation": "Senior Account Executive", "sinchPhoneNumber": "+14155550298",
    "departmentId": "80000000-0000-4000-d000-000000000002", "callForwardingEnabled": true,
    "automations": {"autoReply": true, "delayMinutes": 5},
    "notificationPreferences": {"calls": true, "escalations": false}}')::jsonb)) AS updated;
-- The same values again, and an empty document: nothing changes.
SELECT public.me_view(profiles.me_update('{"fullName": "Ray Q. Rep", "callForwardingEnabled": true}')::jsonb)->'user'->>'fullName' AS same_values;
SELECT public.me_view(profiles.me_update('{}')::jsonb) = public.me_view(profiles.me_get()::jsonb) AS empty_update_is_get;
COMMIT;
-- me_get shows what was stored; updatedAt moved.
BEGIN;
SELECT profiles.set_actor(:rep, 's82', 'r82-get-2');
SELECT u->>'email' AS email, u->>'departmentId' AS department_id, u->>'updatedAt' > u->>'createdAt' AS updated_at_moved
  FROM (SELECT profiles.me_get()::jsonb->'user' AS u) s;
COMMIT;

-- One activity per request that changed something, with the changed fields by API name.
RESET SESSION AUTHORIZATION;
SELECT action, entity, entity_id, actor, request_id, metadata
  FROM public.seed_activity WHERE request_id LIKE 'r82-%' ORDER BY id;
SET SESSION AUTHORIZATION regress_shim;

--
-- Validation: e-mail, phone, department, notification preferences, unknown fields.
-- A failed request changes nothing and logs nothing.
--
BEGIN;
SELECT profiles.set_actor(:rep, 's82', 'r82-invalid');
SELECT label, public.try_sql(format('SELECT profiles.me_update(%L)::jsonb->''user''->>''fullName''', doc)) AS result
  FROM (VALUES
    (1,  'email of another user',      '{"email": "taken80@example.com"}'::jsonb),
    (2,  'email of another, any case', '{"email": "TAKEN80@Example.COM"}'),
    (3,  'email of a user elsewhere',  '{"email": "admin@example.com"}'),
    (4,  'email malformed',            '{"email": "ray@@example.com"}'),
    (5,  'email not a string',         '{"email": 42}'),
    (6,  'phone not E.164',            '{"phoneNumber": "(415) 555-0100"}'),
    (7,  'phone without +',            '{"phoneNumber": "14155550100"}'),
    (8,  'phone = org SMS number',     '{"phoneNumber": "+15550000001"}'),
    (9,  'phone = 2nd org SMS number', '{"phoneNumber": "+15550000002", "fullName": "Ray SMS"}'),
    (10, 'sinch number not E.164',     '{"sinchPhoneNumber": "555"}'),
    (11, 'department of another org',  '{"departmentId": "80000000-0000-4000-d000-000000000003"}'),
    (12, 'department unknown',         '{"departmentId": "80000000-0000-4000-d000-0000000000ff"}'),
    (13, 'department malformed',       '{"departmentId": "sales"}'),
    (14, 'department of another org 2', '{"departmentId": "00000000-0000-4000-b000-000000000002"}'),
    (15, 'preference not a boolean',   '{"notificationPreferences": {"calls": "yes"}}'),
    (16, 'preference null',            '{"notificationPreferences": {"calls": null}}'),
    (17, 'preference a number',        '{"notificationPreferences": {"calls": true, "escalations": 1}}'),
    (18, 'preferences not an object',  '{"notificationPreferences": [true]}'),
    (19, 'automations not an object',  '{"automations": "on"}'),
    (20, 'callForwarding not boolean', '{"callForwardingEnabled": "true"}'),
    (21, 'fullName 256 chars',         jsonb_build_object('fullName', repeat('r', 256))),
    (22, 'designation 256 chars',      jsonb_build_object('designation', repeat('d', 256))),
    (23, 'unknown field',              '{"nickname": "rr"}'),
    (24, 'sensitive field db_role',    '{"db_role": "postgres"}'),
    (25, 'sensitive field disabled',   '{"disabled": true}'),
    (26, 'platform role',              '{"role": "internal_admin"}'),
    (27, 'valid then invalid field',   '{"fullName": "Half Done", "phoneNumber": "nope"}'),
    (28, 'not an object',              '["fullName"]')
  ) AS t(ord, label, doc)
 ORDER BY ord;
SELECT public.try_sql($$SELECT profiles.me_update(NULL)::text$$) AS null_doc;
-- Still the same user.
SELECT u->>'fullName' AS full_name, u->>'email' AS email, u->>'phoneNumber' AS phone
  FROM (SELECT profiles.me_get()::jsonb->'user' AS u) s;
COMMIT;
RESET SESSION AUTHORIZATION;
SELECT count(*) AS activities_of_failed_requests FROM profiles.activities WHERE request_id = 'r82-invalid';
SELECT role, disabled, db_role FROM profiles.users WHERE id = :rep;
SET SESSION AUTHORIZATION regress_shim;
-- Accepted: the user's own e-mail in another case is not "taken"; the SMS number of another
-- organization is not a collision.
BEGIN;
SELECT profiles.set_actor(:rep, 's82', 'r82-valid-edges');
SELECT profiles.me_update('{"email": "Ray.Rep82@example.com"}')::jsonb->'user'->>'email' AS own_email_other_case;
SELECT profiles.me_update('{"phoneNumber": "+15550000003"}')::jsonb->'user'->>'phoneNumber' AS other_org_sms_number;
COMMIT;
RESET SESSION AUTHORIZATION;
SELECT request_id, actor, metadata FROM public.seed_activity WHERE request_id = 'r82-valid-edges' ORDER BY id;
SET SESSION AUTHORIZATION regress_shim;

--
-- accessRole: SALES_REP and DEPARTMENT_HEAD cannot change it, an ADMIN may lower but not
-- raise it, platform admins (internal_*) may set any.
--
BEGIN;
SELECT profiles.set_actor(:rep, 's82', 'r82-role-rep');
SELECT public.try_sql($$SELECT profiles.me_update('{"accessRole": "DEPARTMENT_HEAD"}')::jsonb->'user'->>'accessRole'$$) AS rep_raises,
       public.try_sql($$SELECT profiles.me_update('{"accessRole": "SUPERADMIN"}')::jsonb->'user'->>'accessRole'$$) AS rep_to_superadmin,
       public.try_sql($$SELECT profiles.me_update('{"accessRole": "SALES_REP"}')::jsonb->'user'->>'accessRole'$$) AS rep_same_role;
COMMIT;
BEGIN;
SELECT profiles.set_actor(:head, 's82', 'r82-role-head');
SELECT public.try_sql($$SELECT profiles.me_update('{"accessRole": "SALES_REP"}')::jsonb->'user'->>'accessRole'$$) AS head_lowers,
       public.try_sql($$SELECT profiles.me_update('{"accessRole": "ADMIN"}')::jsonb->'user'->>'accessRole'$$) AS head_raises;
COMMIT;
BEGIN;
SELECT profiles.set_actor(:orgadmin, 's82', 'r82-role-admin');
SELECT public.try_sql($$SELECT profiles.me_update('{"accessRole": "SUPERADMIN"}')::jsonb->'user'->>'accessRole'$$) AS admin_raises,
       public.try_sql($$SELECT profiles.me_update('{"accessRole": "OWNER"}')::jsonb->'user'->>'accessRole'$$) AS unknown_role,
       public.try_sql($$SELECT profiles.me_update('{"accessRole": "admin"}')::jsonb->'user'->>'accessRole'$$) AS lower_case_role;
SELECT public.try_sql($$SELECT profiles.me_update('{"accessRole": "DEPARTMENT_HEAD"}')::jsonb->'user'->>'accessRole'$$) AS admin_lowers;
-- Once lowered, raising it back is refused.
SELECT public.try_sql($$SELECT profiles.me_update('{"accessRole": "ADMIN"}')::jsonb->'user'->>'accessRole'$$) AS raise_back;
COMMIT;
BEGIN;
SELECT profiles.set_actor(:padmin, 's82', 'r82-role-padmin');
SELECT public.try_sql($$SELECT profiles.me_update('{"accessRole": "SUPERADMIN"}')::jsonb->'user'->>'accessRole'$$) AS platform_admin_to_superadmin;
SELECT public.try_sql($$SELECT profiles.me_update('{"accessRole": "SALES_REP"}')::jsonb->'user'->>'accessRole'$$) AS platform_admin_to_sales_rep;
COMMIT;
RESET SESSION AUTHORIZATION;
SELECT right(id::text, 4) AS id, access_role FROM profiles.users WHERE id IN (:rep, :head, :orgadmin, :padmin) ORDER BY id;
SELECT request_id, actor, metadata FROM public.seed_activity WHERE request_id LIKE 'r82-role-%' ORDER BY id;
SET SESSION AUTHORIZATION regress_shim;

--
-- Persona: created on first set, merged key by key afterwards.
--
BEGIN;
SELECT profiles.set_actor(:rep, 's82', 'r82-persona-1');
-- User fields and persona fields in one request: still one activity, listing both.
SELECT jsonb_pretty(public.me_view(profiles.me_update('{"designation": "Leasing", "persona": {"position": "Leasing Manager"}}')::jsonb)->'persona') AS created_persona;
COMMIT;
BEGIN;
SELECT profiles.set_actor(:rep, 's82', 'r82-persona-2');
-- Merged: position is kept when region is set; region overrides the organization's.
SELECT p->>'position' AS position, p->>'region' AS region, p->>'leadProvider' AS lead_provider
  FROM (SELECT profiles.me_update('{"persona": {"region": "Toronto", "leadProvider": "Referral"}}')::jsonb->'persona' AS p) s;
-- The same values again: no change, no activity.
SELECT profiles.me_update('{"persona": {"region": "Toronto"}}')::jsonb->'persona'->>'region' AS same_region;
-- An empty persona changes nothing either.
SELECT profiles.me_update('{"persona": {}}')::jsonb->'persona'->>'position' AS empty_persona;
COMMIT;
BEGIN;
SELECT profiles.set_actor(:rep, 's82', 'r82-persona-invalid');
SELECT label, public.try_sql(format('SELECT profiles.me_update(%L)::jsonb->''persona''->>''position''', doc)) AS result
  FROM (VALUES
    (1, 'businessHours without override', '{"persona": {"businessHours": "9am-6pm Mon-Fri"}}'::jsonb),
    (2, 'timezone without override',      '{"persona": {"timezone": "America/Toronto"}}'),
    (3, 'with another field',             '{"fullName": "Ray Hours", "persona": {"position": "X", "timezone": "America/Toronto"}}'),
    (4, 'unknown persona field',          '{"persona": {"favouriteColor": "blue"}}'),
    (5, 'persona not an object',          '{"persona": "Leasing"}'),
    (6, 'persona value not a string',     '{"persona": {"position": 7}}'),
    (7, 'persona value 256 chars',        jsonb_build_object('persona', jsonb_build_object('position', repeat('p', 256))))
  ) AS t(ord, label, doc)
 ORDER BY ord;
COMMIT;
-- With the organization's override flag, businessHours and timezone may be set (an IANA zone).
BEGIN;
SELECT profiles.set_actor(:persona, 's82', 'r82-persona-override');
SELECT jsonb_pretty(public.me_view(profiles.me_update('{"persona": {"timezone": "America/Toronto", "businessHours": "9am-6pm Mon-Fri"}}')::jsonb)->'persona') AS override_persona;
SELECT public.try_sql($$SELECT profiles.me_update('{"persona": {"timezone": "Mars/Olympus"}}')::text$$) AS bad_timezone;
SELECT profiles.me_update('{"persona": {"position": "Agent"}}')::jsonb->'persona'->>'timezone' AS timezone_kept;
COMMIT;
RESET SESSION AUTHORIZATION;
SELECT request_id, actor, metadata FROM public.seed_activity WHERE request_id LIKE 'r82-persona-%' ORDER BY id;
SELECT right(user_id::text, 4) AS user_id, data FROM profiles.persona WHERE user_id IN (:rep, :persona) ORDER BY user_id;

-- Clean up.
DROP FUNCTION public.me_view(jsonb);
DELETE FROM profiles.activities WHERE request_id LIKE 'r82-%';
DELETE FROM profiles.users WHERE id::text LIKE '80000000-0000-4000-a000-0000000002%';
