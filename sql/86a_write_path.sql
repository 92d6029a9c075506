--
-- 86a_write_path: the write path's fast ways give what the statement ways give.
-- Activities: the row triggers write straight into profiles.activities while it is the plain
-- table the schema defines, and through the INSERT statement otherwise (a CHECK constraint, an
-- owner that row-level security applies to): the rows are the same, and the table's rules
-- still hold. bulk_create: all valid items at once, the others item by item; when the
-- all-at-once attempt fails, every item item by item; the per-item results are the same.
-- Everything here is rolled back.
--
\set padmin '''80000000-0000-4000-a000-000000000005'''
\set wa1    '''80000000-0000-4000-a000-000000000a01'''
\set wa2    '''80000000-0000-4000-a000-000000000a02'''
\set wa3    '''80000000-0000-4000-a000-000000000a03'''

-- The same changes, written directly and then through the statement, give equal rows.
BEGIN;
SELECT profiles.set_actor(:padmin, 's86a', 'r86a-rows', 'mcp');
INSERT INTO profiles.users (id, email, role) VALUES
    (:wa1, 'wa1@example.com', 'standard_user'), (:wa2, 'wa2@example.com', 'standard_user');
CREATE TEMP TABLE wp_round (round text, first_id bigint);
-- The changes each way makes: a profile created, updated and deleted, with a contact.
CREATE FUNCTION pg_temp.wp_changes(p uuid) RETURNS void LANGUAGE sql AS $fn$
INSERT INTO profiles.profile (id, first_name, tags) VALUES (p, 'Wanda', '{seed86a}');
UPDATE profiles.profile SET city = 'Oslo', job_title = 'Pilot', bio = NULL, first_name = 'Wanda'
 WHERE id = p;
INSERT INTO profiles.contact (profile_id, key, value) VALUES (p, 'email', 'kim86a@example.com');
UPDATE profiles.contact SET value = 'kim.b86a@example.com' WHERE profile_id = p;
DELETE FROM profiles.contact WHERE profile_id = p;
DELETE FROM profiles.profile WHERE id = p;
$fn$;
INSERT INTO wp_round SELECT 'direct', COALESCE(max(id), 0) FROM profiles.activities;
SELECT pg_temp.wp_changes(:wa1);
-- A constraint the direct way does not evaluate: the statement way writes from here on.
ALTER TABLE profiles.activities ADD CONSTRAINT activities_86a CHECK (action <> '');
INSERT INTO wp_round SELECT 'statement', max(id) FROM profiles.activities;
SELECT pg_temp.wp_changes(:wa1);
CREATE TEMP VIEW wp_rows AS
SELECT r.round, row_number() OVER (PARTITION BY r.round ORDER BY a.id) AS n,
       a.occurred_at = now() AS at_now, a.activity_type, a.action, a.entity,
       CASE WHEN a.entity = 'profile' THEN public.short_id(a.entity_id::text) ELSE 'contact' END AS entity_id,
       public.short_id(a.actor_id::text) AS actor, public.short_id(a.real_actor_id::text) AS real_actor,
       a.request_id, a.session_id, a.metadata - 'profile_id' AS metadata,
       a.metadata->>'profile_id' IS NOT DISTINCT FROM
           CASE WHEN a.entity = 'contact' THEN :wa1::text END AS profile_id_ok
  FROM profiles.activities a
  JOIN LATERAL (SELECT w.round FROM wp_round w WHERE a.id > w.first_id ORDER BY w.first_id DESC LIMIT 1) r ON true
 WHERE a.request_id = 'r86a-rows';
SELECT * FROM wp_rows WHERE round = 'direct' ORDER BY n;
-- Every row of one way equals the row of the other way at the same position.
SELECT (SELECT count(*) FROM wp_rows WHERE round = 'direct') AS direct_rows,
       (SELECT count(*) FROM wp_rows WHERE round = 'statement') AS statement_rows,
       (SELECT count(*)
          FROM wp_rows d JOIN wp_rows s ON s.n = d.n AND d.round = 'direct' AND s.round = 'statement'
         WHERE (d.at_now, d.activity_type, d.action, d.entity, d.entity_id, d.actor, d.real_actor,
                d.request_id, d.session_id, d.metadata, d.profile_id_ok)
               IS NOT DISTINCT FROM
               (s.at_now, s.activity_type, s.action, s.entity, s.entity_id, s.actor, s.real_actor,
                s.request_id, s.session_id, s.metadata, s.profile_id_ok)) AS equal_rows;
ROLLBACK;

-- Changes to the table are honoured right away: a constraint the activity row breaks.
BEGIN;
SELECT profiles.set_actor(:padmin, 's86a', 'r86a-check');
INSERT INTO profiles.users (id, email, role) VALUES (:wa1, 'wa1@example.com', 'standard_user');
INSERT INTO profiles.profile (id, first_name, tags) VALUES (:wa1, 'Wanda', '{seed86a}');
ALTER TABLE profiles.activities ADD CONSTRAINT activities_86a CHECK (action <> 'profile_updated') NOT VALID;
SELECT public.try_sql(format('UPDATE profiles.profile SET city = %L WHERE id = %L', 'Oslo', :wa1)) AS update_with_check;
ROLLBACK;
-- ... and a NOT NULL the activity row breaks (an actor without a session id).
BEGIN;
SELECT profiles.set_actor(:padmin);
INSERT INTO profiles.users (id, email, role) VALUES (:wa1, 'wa1@example.com', 'standard_user');
DELETE FROM profiles.activities WHERE session_id IS NULL; -- (rolled back below)
ALTER TABLE profiles.activities ALTER COLUMN session_id SET NOT NULL;
SELECT public.try_sql(format('INSERT INTO profiles.profile (id, first_name) VALUES (%L, %L)', :wa1, 'Wanda')) AS insert_with_not_null;
ROLLBACK;

-- Activities are written as the owner of the tables; when row-level security applies to that
-- owner (not a superuser, FORCE ROW LEVEL SECURITY, no INSERT policy), the write is refused as
-- before, whichever way it would take.
BEGIN;
SELECT profiles.set_actor(:padmin, 's86a', 'r86a-rls');
INSERT INTO profiles.users (id, email, role) VALUES (:wa1, 'wa1@example.com', 'standard_user');
INSERT INTO profiles.profile (id, first_name, tags) VALUES (:wa1, 'Wanda', '{seed86a}');
CREATE ROLE regress_owner_86a NOLOGIN;
ALTER TABLE profiles.users OWNER TO regress_owner_86a;
GRANT USAGE ON SCHEMA profiles TO regress_owner_86a;
SAVEPOINT s;
SELECT public.try_sql(format('UPDATE profiles.profile SET city = %L WHERE id = %L', 'Oslo', :wa1)) AS no_insert_privilege;
ROLLBACK TO s;
GRANT INSERT ON profiles.activities TO regress_owner_86a;
SELECT public.try_sql(format('UPDATE profiles.profile SET city = %L WHERE id = %L', 'Oslo', :wa1)) AS rls_applies;
ROLLBACK;

--
-- bulk_create (per-item results shown through public.bulk_summary of 86_bulk_drafts)
--
-- Good items at once, failing ones (whatever was written before) item by item; the activities
-- follow the items' order.
BEGIN;
INSERT INTO profiles.users (id, email, role) VALUES
    (:wa2, 'wa2@example.com', 'standard_user'), (:wa3, 'wa3@example.com', 'standard_user');
SET SESSION AUTHORIZATION regress_shim;
SELECT profiles.set_actor(:padmin, 's86a', 'r86a-batch');
SELECT profiles.bulk_create('{"profiles": [
    {"email": "wpb1@example.com", "first_name": "Ann", "tags": ["seed86a"]},
    "not an object",
    {"id": "80000000-0000-4000-a000-000000000a02", "first_name": "Given", "tags": ["seed86a"]},
    {"email": "bad", "first_name": "Bad"},
    {"id": "80000000-0000-4000-a000-000000000a03", "nickname": "x"},
    {"id": "not-a-uuid"},
    {"id": "80000000-0000-4000-a000-000000000aff", "first_name": "Ghost"},
    {"email": "wpb2@example.com", "role": "consumer", "first_name": "Bee", "country_numeric_code": "250", "tags": ["seed86a"]},
    {"first_name": "Nomail", "tags": ["seed86a"]}
  ]}')::jsonb AS created \gset
SELECT * FROM public.bulk_summary(:'created');
RESET SESSION AUTHORIZATION;
SELECT a.action, p.first_name, u.email, u.role, p.country_numeric_code, p.version, p.enabled, p.tags
  FROM profiles.activities a JOIN profiles.profile p ON p.id = a.entity_id
  JOIN profiles.users u ON u.id = p.id
 WHERE a.request_id = 'r86a-batch' ORDER BY a.id;
-- Written together: one subtransaction for all of them.
SELECT count(*) AS ids_reported_and_created, count(DISTINCT p.xmin::text) AS subtransactions
  FROM jsonb_array_elements(:'created'::jsonb->'results') e
  JOIN profiles.profile p ON p.id = (e->>'profile_id')::uuid
 WHERE (e->>'success')::boolean;
ROLLBACK;

-- The attempt at once fails (a duplicate e-mail, a bad role, an unknown department, a profile
-- that exists, the same id twice): every item goes item by item, with its own result.
BEGIN;
INSERT INTO profiles.users (id, email, role) VALUES
    (:wa2, 'wa2@example.com', 'standard_user'), (:wa3, 'wa3@example.com', 'standard_user');
INSERT INTO profiles.profile (id, first_name, tags) VALUES (:wa3, 'Exists', '{seed86a}');
SET SESSION AUTHORIZATION regress_shim;
SELECT profiles.set_actor(:padmin, 's86a', 'r86a-fallback');
SELECT profiles.bulk_create('{"profiles": [
    {"email": "wpf1@example.com", "first_name": "Cy", "tags": ["seed86a"]},
    {"email": "wpf1@example.com", "first_name": "Dup"},
    {"email": "wpf2@example.com", "role": "Not A Role"},
    {"email": "wpf3@example.com", "team_id": "80000000-0000-4000-d000-0000000000ff"},
    {"id": "80000000-0000-4000-a000-000000000a03", "first_name": "Again"},
    {"id": "80000000-0000-4000-a000-000000000a02", "first_name": "Twice", "tags": ["seed86a"]},
    {"id": "80000000-0000-4000-a000-000000000a02", "first_name": "Twice again"},
    {"email": "wpf4@example.com", "first_name": "Eve", "tags": ["seed86a"]}
  ]}')::jsonb AS created \gset
SELECT * FROM public.bulk_summary(:'created');
RESET SESSION AUTHORIZATION;
SELECT a.action, p.first_name, u.email
  FROM profiles.activities a JOIN profiles.profile p ON p.id = a.entity_id
  JOIN profiles.users u ON u.id = p.id
 WHERE a.request_id = 'r86a-fallback' ORDER BY a.id;
SELECT count(*) AS users_of_failed_items FROM profiles.users
 WHERE email IN ('wpf2@example.com', 'wpf3@example.com');
-- Written item by item: a subtransaction each.
SELECT count(*) AS ids_reported_and_created, count(DISTINCT p.xmin::text) AS subtransactions
  FROM jsonb_array_elements(:'created'::jsonb->'results') e
  JOIN profiles.profile p ON p.id = (e->>'profile_id')::uuid
 WHERE (e->>'success')::boolean;
ROLLBACK;

DROP FUNCTION public.bulk_summary(jsonb);
