--
-- 40_activity: every profile mutation writes one profiles.activities row in the same
-- transaction: user_action / profile_created|profile_updated|profile_deleted, who (actor and
-- real actor), which request and session, and for updates exactly the changed columns.
--
\set admin '''00000000-0000-4000-a000-000000000001'''
\set alice '''00000000-0000-4000-a000-000000000002'''
\set bob   '''00000000-0000-4000-a000-000000000004'''
\set fresh '''00000000-0000-4000-a000-000000000011'''

-- Start from an empty log (as the superuser, who owns the table).
DELETE FROM profiles.activities;

-- What the log holds, without generated ids and timestamps; newest last.
CREATE VIEW public.activity_log AS
SELECT a.activity_type, a.action, a.entity,
       right(a.entity_id::text, 4) AS entity_id, right(a.actor_id::text, 4) AS actor,
       right(a.real_actor_id::text, 4) AS real_actor, a.request_id, a.session_id, a.metadata
  FROM profiles.activities a ORDER BY a.id;

SET SESSION AUTHORIZATION regress_shim;

-- create (admin): profile_created, metadata without updated_fields.
BEGIN;
SELECT profiles.set_actor(:admin, 'sess-admin', 'req-create');
SELECT (profiles.api('{"resource":"profiles","action":"create","data":{"id":"00000000-0000-4000-a000-000000000011","first_name":"Fred","last_name":"Fresh"}}')::jsonb)->'data'->>'version' AS version;
COMMIT;

-- update of one field by the owner: updated_fields lists it, not the generated "name", nor
-- version/updated_at.
BEGIN;
SELECT profiles.set_actor(:alice, 'sess-alice', 'req-update-1');
SELECT (profiles.api('{"resource":"profiles","action":"update","id":"00000000-0000-4000-a000-000000000002","data":{"first_name":"Alicia"}}')::jsonb)->'data'->>'version' AS version;
COMMIT;

RESET SESSION AUTHORIZATION;
SELECT * FROM public.activity_log;
SET SESSION AUTHORIZATION regress_shim;

-- NULL -> value, value -> NULL, and several fields at once (in column order); fields given
-- with their current value are not listed.
BEGIN;
SELECT profiles.set_actor(:admin, 'sess-admin', 'req-update-2');
SELECT (profiles.profile_update(:fresh, '{"middle_name":"Q"}')::jsonb)->>'version' AS null_to_value;
SELECT (profiles.profile_update(:fresh, '{"middle_name":null}')::jsonb)->>'version' AS value_to_null;
SELECT (profiles.profile_update(:fresh, '{"bio":"b","city":"Paris","tags":["x"],"preferences":{"a":1},"enabled":false,"first_name":"Fred","attributes":{"k":"v"}}')::jsonb)->>'version' AS several;
SELECT (profiles.profile_update(:fresh, '{"tags":["x","y"],"preferences":{"a":2},"enabled":true,"attributes":null}')::jsonb)->>'version' AS containers;
SELECT (profiles.profile_update(:fresh, '{"timezone":"Europe/Paris","country_numeric_code":"250","phone":"+33142685300","email":"fred@example.org","uuid":"11111111-2222-4333-8444-555555555555"}')::jsonb)->>'version' AS typed;
COMMIT;

RESET SESSION AUTHORIZATION;
SELECT action, entity_id, actor, request_id, session_id, metadata->'updated_fields' AS updated_fields
  FROM public.activity_log WHERE request_id = 'req-update-2';
SELECT version FROM profiles.profile WHERE id = :fresh;
SET SESSION AUTHORIZATION regress_shim;

-- A no-op update (empty patch, or the same values, an upper-case spelling of the same uuid,
-- the same jsonb with its keys in another order) logs nothing and keeps version and
-- updated_at.
RESET SESSION AUTHORIZATION;
CREATE TEMP TABLE before_noop AS SELECT version, updated_at FROM profiles.profile WHERE id = :fresh;
GRANT SELECT ON before_noop TO PUBLIC;
SET SESSION AUTHORIZATION regress_shim;
BEGIN;
SELECT profiles.set_actor(:admin, 'sess-admin', 'req-noop');
SELECT (profiles.profile_update(:fresh, '{}')::jsonb)->>'version' AS empty_patch;
SELECT (profiles.profile_update(:fresh, '{"bio":"b","city":"Paris","enabled":true,"middle_name":null}')::jsonb)->>'version' AS same_values;
SELECT (profiles.profile_update(:fresh, '{"uuid":"11111111-2222-4333-8444-555555555555","tags":["x","y"]}')::jsonb)->>'version' AS same_uuid_and_tags;
SELECT (profiles.profile_update(:fresh, '{"uuid":"11111111-2222-4333-8444-555555555555","preferences":{"a":2}}')::jsonb)->>'version' AS same_jsonb;
COMMIT;
RESET SESSION AUTHORIZATION;
SELECT count(*) AS noop_activities FROM profiles.activities WHERE request_id = 'req-noop';
SELECT p.version = b.version AS same_version, p.updated_at = b.updated_at AS same_updated_at
  FROM profiles.profile p, before_noop b WHERE p.id = :fresh;
-- The same for a direct UPDATE that writes the current values.
UPDATE profiles.profile SET bio = bio, city = city WHERE id = :fresh;
SELECT count(*) AS activities_after_direct_noop FROM profiles.activities;
-- Bookkeeping columns are not "changes": setting only version is undone by the trigger.
UPDATE profiles.profile SET version = 100 WHERE id = :fresh;
SELECT p.version = b.version AS version_kept FROM profiles.profile p, before_noop b WHERE p.id = :fresh;
SELECT count(*) AS activities_after_version_only FROM profiles.activities;
DROP TABLE before_noop;
SET SESSION AUTHORIZATION regress_shim;

-- A rolled-back change leaves no activity (and no version bump).
BEGIN;
SELECT profiles.set_actor(:admin, 'sess-admin', 'req-rolled-back');
SELECT (profiles.profile_update(:fresh, '{"bio":"never"}')::jsonb)->>'version' AS version_inside;
SELECT (profiles.api('{"resource":"profiles","action":"delete","id":"00000000-0000-4000-a000-000000000004"}')::jsonb)->'data'->>'deleted' AS deleted_inside;
ROLLBACK;
-- Rolled back to a savepoint: only the kept change is logged.
BEGIN;
SELECT profiles.set_actor(:admin, 'sess-admin', 'req-savepoint');
SAVEPOINT s1;
SELECT (profiles.profile_update(:fresh, '{"bio":"undone"}')::jsonb)->>'version' AS version_undone;
ROLLBACK TO SAVEPOINT s1;
SELECT (profiles.profile_update(:fresh, '{"city":"Lyon"}')::jsonb)->>'version' AS version_kept;
COMMIT;
-- A failed change (a constraint violation) leaves none either.
BEGIN;
SELECT profiles.set_actor(:admin, 'sess-admin', 'req-failed');
SELECT public.try_sql(format($$SELECT profiles.profile_update(%L, '{"bio":"ok","email":"not an email"}')::text$$, :fresh)) AS failed;
COMMIT;
RESET SESSION AUTHORIZATION;
SELECT request_id, action, metadata FROM public.activity_log
 WHERE request_id IN ('req-rolled-back', 'req-savepoint', 'req-failed');
SELECT version, bio, city FROM profiles.profile WHERE id = :fresh;
SELECT count(*) AS bob_still_there FROM profiles.profile WHERE id = :bob;

-- delete: profile_deleted.
SET SESSION AUTHORIZATION regress_shim;
BEGIN;
SELECT profiles.set_actor(:admin, 'sess-admin', 'req-delete');
SELECT profiles.api('{"resource":"profiles","action":"delete","id":"00000000-0000-4000-a000-000000000011"}');
COMMIT;
RESET SESSION AUTHORIZATION;
SELECT * FROM public.activity_log WHERE request_id = 'req-delete';

-- SQL callers (db_role mapping): the actor is recorded, no request or session id.
SET SESSION AUTHORIZATION regress_alice;
SELECT (profiles.profile_update(profiles.current_actor(), '{"bio":"via SQL"}')::jsonb)->>'version' AS version;
-- A direct UPDATE of the table is logged the same way (RLS lets alice update her row).
UPDATE profiles.profile SET job_title = 'Engineer', last_name = 'A.' WHERE id = profiles.current_actor();
RESET SESSION AUTHORIZATION;
SELECT action, entity_id, actor, real_actor, request_id, session_id, metadata
  FROM public.activity_log WHERE actor = '0002' AND request_id IS NULL;

-- Changes made with no actor at all (a DBA) are logged with a NULL actor.
UPDATE profiles.profile SET bio = 'by the DBA' WHERE id = :bob;
SELECT action, entity_id, actor, real_actor, request_id, metadata FROM public.activity_log WHERE actor IS NULL;

-- One row per changed row: a multi-row UPDATE by an admin.
SET SESSION AUTHORIZATION regress_admin;
UPDATE profiles.profile SET company_name = 'Acme'
 WHERE id IN ('00000000-0000-4000-a000-000000000005', '00000000-0000-4000-a000-000000000006',
              '00000000-0000-4000-a000-000000000007');
RESET SESSION AUTHORIZATION;
SELECT action, entity_id, actor, metadata FROM public.activity_log WHERE metadata @> '{"updated_fields":["company_name"]}';

-- Deleting a user cascades to its profile, which is logged as deleted too.
INSERT INTO profiles.users (id, email, role) VALUES ('00000000-0000-4000-a000-000000000012', 'temp@example.com', 'consumer');
INSERT INTO profiles.profile (id, first_name) VALUES ('00000000-0000-4000-a000-000000000012', 'Temp');
DELETE FROM profiles.users WHERE id = '00000000-0000-4000-a000-000000000012';
SELECT action, entity, entity_id, actor FROM public.activity_log WHERE entity_id = '0012';

-- Version bumps: one per changed update, none for the no-ops.
SELECT right(id::text, 4) AS profile, version FROM profiles.profile ORDER BY id;
-- Every logged action is one of the three, with activity type user_action and entity profile.
SELECT activity_type, entity, action, count(*) FROM profiles.activities GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;
