--
-- 60_rls_privileges: direct table access obeys the same ownership as the API (row-level
-- security, ENABLE + FORCE), writes are limited by privileges, and the catalog shows no
-- EXECUTE or table privilege for PUBLIC.
--
\set alice '''00000000-0000-4000-a000-000000000002'''
\set bob   '''00000000-0000-4000-a000-000000000004'''

-- Some child rows for bob and a contact for alice (as the superuser).
INSERT INTO profiles.subscription (id, profile_id, plan) VALUES
    ('00000000-0000-4000-c000-000000000003', :bob, 'basic');
INSERT INTO profiles.contact (id, profile_id, key, value) VALUES
    ('00000000-0000-4000-c000-000000000031', :alice, 'email', 'alice.work@example.com'),
    ('00000000-0000-4000-c000-000000000032', :bob, 'phone', '+14155550122');
INSERT INTO profiles.emulation_grant (admin_id, target_id, session_id, depth, expires_at, ended_at)
    VALUES ('00000000-0000-4000-a000-000000000001', :alice, 'old-session', 1, '2024-01-01+00', '2024-01-01+00');

-- Rows each caller sees with a plain SELECT of every table holding user data. For the
-- activity log, "ok" means exactly the rows the caller acted in or that are about it (all
-- rows for an admin), as counted by the superuser.
CREATE TEMP TABLE activity_expect AS
SELECT u.db_role AS role_name,
       count(a.*) FILTER (WHERE u.role LIKE 'internal\_%' OR a.actor_id = u.id OR a.entity_id = u.id) AS expected
  FROM profiles.users u CROSS JOIN profiles.activities a
 WHERE u.db_role IS NOT NULL GROUP BY u.db_role;
GRANT SELECT ON activity_expect TO PUBLIC;
CREATE FUNCTION public.visible_rows() RETURNS TABLE (tbl text, visible text) LANGUAGE sql AS $fn$
    SELECT 'users', count(*)::text FROM profiles.users
    UNION ALL SELECT 'profile', count(*)::text FROM profiles.profile
    UNION ALL SELECT 'subscription', count(*)::text FROM profiles.subscription
    UNION ALL SELECT 'call_purchase', count(*)::text FROM profiles.call_purchase
    UNION ALL SELECT 'phone_subscription', count(*)::text FROM profiles.phone_subscription
    UNION ALL SELECT 'contact', count(*)::text FROM profiles.contact
    UNION ALL SELECT 'organization', count(*)::text FROM profiles.organization
    UNION ALL SELECT 'department', count(*)::text FROM profiles.department
    UNION ALL SELECT 'emulation_grant', count(*)::text FROM profiles.emulation_grant
    UNION ALL SELECT 'activities', CASE
        WHEN (SELECT count(*) FROM profiles.activities) =
             coalesce((SELECT expected FROM activity_expect WHERE role_name = session_user), 0)
        THEN 'ok' ELSE 'MISMATCH' END
$fn$;

-- The superuser bypasses RLS: the totals.
SELECT tbl, visible FROM public.visible_rows() WHERE tbl <> 'activities';
SELECT role_name, expected > 0 AS has_activities FROM activity_expect ORDER BY 1;

-- A standard user sees its own rows only.
SET SESSION AUTHORIZATION regress_alice;
SELECT * FROM public.visible_rows();
SELECT right(id::text, 4) AS id, name FROM profiles.profile;
SELECT right(id::text, 4) AS id, role FROM profiles.users;
SELECT plan FROM profiles.subscription ORDER BY plan;
SELECT count(*) AS others_activities FROM profiles.activities
 WHERE actor_id IS DISTINCT FROM :alice AND entity_id IS DISTINCT FROM :alice;
-- Asking for another user's rows explicitly returns nothing.
SELECT count(*) AS bobs_profile FROM profiles.profile WHERE id = :bob;
SELECT count(*) AS bobs_subscriptions FROM profiles.subscription WHERE profile_id = :bob;
SELECT count(*) AS bobs_contacts FROM profiles.contact WHERE profile_id = :bob;
RESET SESSION AUTHORIZATION;

-- A consumer too.
SET SESSION AUTHORIZATION regress_carol;
SELECT * FROM public.visible_rows();
RESET SESSION AUTHORIZATION;

-- An admin (mapped role, not a superuser, no BYPASSRLS) sees everything; the emulation
-- grants are those it holds.
SET SESSION AUTHORIZATION regress_admin;
SELECT * FROM public.visible_rows();
RESET SESSION AUTHORIZATION;

-- No actor: nothing at all.
SET SESSION AUTHORIZATION regress_unmapped;
SELECT * FROM public.visible_rows();
RESET SESSION AUTHORIZATION;

-- The shim's role sees what the actor set with set_actor may see.
SET SESSION AUTHORIZATION regress_shim;
BEGIN;
SELECT profiles.set_actor(:bob, 'rls', 'rls-1');
SELECT right(id::text, 4) AS id, name FROM profiles.profile;
SELECT key, value FROM profiles.contact;
COMMIT;
SELECT count(*) AS profiles_after_commit FROM profiles.profile;
RESET SESSION AUTHORIZATION;

-- Writes of a standard user: its own profile (granted columns) and its own contacts only.
SET SESSION AUTHORIZATION regress_alice;
SELECT label, public.try_sql_rollback(stmt) AS result
  FROM (VALUES
    (1,  'update own profile',          $$UPDATE profiles.profile SET bio = 'mine' WHERE id = '00000000-0000-4000-a000-000000000002' RETURNING 'updated'$$),
    (2,  'update another profile',      $$WITH u AS (UPDATE profiles.profile SET bio = 'yours' WHERE id = '00000000-0000-4000-a000-000000000004' RETURNING 1) SELECT count(*) FROM u$$),
    (3,  'update every profile',        $$WITH u AS (UPDATE profiles.profile SET bio = 'all' RETURNING 1) SELECT count(*) FROM u$$),
    (4,  'delete another profile',      $$WITH d AS (DELETE FROM profiles.profile WHERE id = '00000000-0000-4000-a000-000000000004' RETURNING 1) SELECT count(*) FROM d$$),
    (5,  'delete own profile',          $$WITH d AS (DELETE FROM profiles.profile WHERE id = '00000000-0000-4000-a000-000000000002' RETURNING 1) SELECT count(*) FROM d$$),
    (6,  'insert a profile',            $$INSERT INTO profiles.profile (id) VALUES ('00000000-0000-4000-a000-000000000010') RETURNING 'inserted'$$),
    (7,  'move own profile to an id',   $$UPDATE profiles.profile SET id = '00000000-0000-4000-a000-000000000010' WHERE id = '00000000-0000-4000-a000-000000000002' RETURNING 'moved'$$),
    (8,  'set own version',             $$UPDATE profiles.profile SET version = 1 WHERE id = '00000000-0000-4000-a000-000000000002' RETURNING 'set'$$),
    (9,  'set own created_at',          $$UPDATE profiles.profile SET created_at = now() WHERE id = '00000000-0000-4000-a000-000000000002' RETURNING 'set'$$),
    (10, 'promote itself',              $$UPDATE profiles.users SET role = 'internal_admin' WHERE id = '00000000-0000-4000-a000-000000000002' RETURNING 'promoted'$$),
    (11, 'create a user',               $$INSERT INTO profiles.users (role, db_role) VALUES ('internal_admin', 'regress_nobody') RETURNING 'created'$$),
    (12, 'insert an activity',          $$INSERT INTO profiles.activities (action, entity, actor_id) VALUES ('profile_deleted', 'profile', '00000000-0000-4000-a000-000000000004') RETURNING 'inserted'$$),
    (13, 'update an activity',          $$UPDATE profiles.activities SET actor_id = NULL RETURNING 'updated'$$),
    (14, 'delete activities',           $$DELETE FROM profiles.activities RETURNING 'deleted'$$),
    (15, 'truncate activities',         $$TRUNCATE profiles.activities$$),
    (16, 'add own subscription',        $$INSERT INTO profiles.subscription (profile_id, plan) VALUES ('00000000-0000-4000-a000-000000000002', 'free') RETURNING 'added'$$),
    (17, 'add own contact',             $$INSERT INTO profiles.contact (profile_id, key, value) VALUES ('00000000-0000-4000-a000-000000000002', 'phone', '+14155550133') RETURNING 'added'$$),
    (18, 'add a contact to another',    $$INSERT INTO profiles.contact (profile_id, key, value) VALUES ('00000000-0000-4000-a000-000000000004', 'phone', '+14155550133') RETURNING 'added'$$),
    (19, 'move own contact to another', $$UPDATE profiles.contact SET profile_id = '00000000-0000-4000-a000-000000000004' WHERE id = '00000000-0000-4000-c000-000000000031' RETURNING 'moved'$$),
    (20, 'grant itself an emulation',   $$INSERT INTO profiles.emulation_grant (admin_id, target_id, session_id, depth, expires_at) VALUES ('00000000-0000-4000-a000-000000000002', '00000000-0000-4000-a000-000000000001', 's', 1, now() + interval '1 hour') RETURNING 'granted'$$),
    (21, 'write a country',             $$UPDATE profiles.country SET name = 'X' RETURNING 'renamed'$$),
    (22, 'disable row security',        $$ALTER TABLE profiles.profile DISABLE ROW LEVEL SECURITY$$),
    (23, 'drop a policy',               $$DROP POLICY profile_read ON profiles.profile$$),
    (24, 'add an organization',         $$INSERT INTO profiles.organization (name) VALUES ('Mine') RETURNING 'added'$$)
  ) AS t(ord, label, stmt)
 ORDER BY ord;
RESET SESSION AUTHORIZATION;

-- A consumer cannot write activities either, even about itself.
SET SESSION AUTHORIZATION regress_carol;
SELECT public.try_sql($$INSERT INTO profiles.activities (action, entity, entity_id, actor_id) VALUES ('profile_updated', 'profile', '00000000-0000-4000-a000-000000000003', '00000000-0000-4000-a000-000000000003') RETURNING 'inserted'$$) AS consumer_inserts_activity;
SELECT public.try_sql($$UPDATE profiles.activities SET metadata = '{}' RETURNING 'updated'$$) AS consumer_updates_activity;
SELECT public.try_sql($$DELETE FROM profiles.activities RETURNING 'deleted'$$) AS consumer_deletes_activity;
SELECT public.try_sql($$SELECT nextval('profiles.activities_id_seq')::text$$) AS consumer_uses_sequence;
RESET SESSION AUTHORIZATION;

-- Even an admin mapping cannot write the log: it is written only by the trigger.
SET SESSION AUTHORIZATION regress_admin;
SELECT public.try_sql($$INSERT INTO profiles.activities (action, entity) VALUES ('x', 'y') RETURNING 'inserted'$$) AS admin_inserts_activity;
SELECT public.try_sql($$DELETE FROM profiles.activities RETURNING 'deleted'$$) AS admin_deletes_activity;
-- An admin may write child tables (RLS admin_write policy).
SELECT public.try_sql_rollback($$INSERT INTO profiles.subscription (profile_id, plan) VALUES ('00000000-0000-4000-a000-000000000002', 'free') RETURNING 'added'$$) AS admin_adds_subscription;
RESET SESSION AUTHORIZATION;

-- A role without profiles_user has nothing: no schema, no function, no table.
SET SESSION AUTHORIZATION regress_nobody;
SELECT public.try_sql($$SELECT profiles.api('{"resource":"profiles","action":"get","id":"00000000-0000-4000-a000-000000000002"}')::text$$) AS nobody_api;
SELECT public.try_sql($$SELECT profiles.current_actor()::text$$) AS nobody_current_actor;
SELECT public.try_sql($$SELECT count(*)::text FROM profiles.profile$$) AS nobody_select;
RESET SESSION AUTHORIZATION;
-- With USAGE on the schema, EXECUTE and SELECT are still missing.
GRANT USAGE ON SCHEMA profiles TO regress_nobody;
SET SESSION AUTHORIZATION regress_nobody;
SELECT public.try_sql($$SELECT profiles.api('{"resource":"profiles","action":"get","id":"00000000-0000-4000-a000-000000000002"}')::text$$) AS nobody_api;
SELECT public.try_sql($$SELECT profiles.profile_get('00000000-0000-4000-a000-000000000002')::text$$) AS nobody_get;
SELECT public.try_sql($$SELECT profiles.set_actor('00000000-0000-4000-a000-000000000001')$$) AS nobody_set_actor;
SELECT public.try_sql($$SELECT count(*)::text FROM profiles.profile$$) AS nobody_select;
SELECT public.try_sql($$SELECT count(*)::text FROM profiles.activities$$) AS nobody_activities;
RESET SESSION AUTHORIZATION;
REVOKE USAGE ON SCHEMA profiles FROM regress_nobody;

-- Catalog: no function of the extension is executable by PUBLIC.
SELECT count(*) >= 15 AS functions_checked,
       count(*) FILTER (WHERE has_function_privilege('public', p.oid, 'EXECUTE')) AS executable_by_public,
       count(*) FILTER (WHERE p.proacl IS NULL) AS with_default_acl
  FROM pg_proc p WHERE p.pronamespace = 'profiles'::regnamespace;
SELECT p.oid::regprocedure AS executable_by_public
  FROM pg_proc p
 WHERE p.pronamespace = 'profiles'::regnamespace AND has_function_privilege('public', p.oid, 'EXECUTE');
-- The SQL API of seed 000 and the identity functions are granted to profiles_user.
SELECT f AS function, has_function_privilege('profiles_user', f, 'EXECUTE') AS profiles_user
  FROM unnest(ARRAY['profiles.api(jsonb)', 'profiles.profile_get(uuid)', 'profiles.profile_all()',
                    'profiles.profile_list(integer,integer)', 'profiles.profile_create(jsonb)',
                    'profiles.profile_update(uuid,jsonb,integer)', 'profiles.profile_delete(uuid)',
                    'profiles.current_actor()', 'profiles.real_actor()', 'profiles.is_admin()']) AS f;
-- Functions that set the actor are granted to profiles_authenticator only, never to
-- profiles_user (so not to SQL callers), nor to PUBLIC.
SELECT p.oid::regprocedure AS function,
       has_function_privilege('profiles_user', p.oid, 'EXECUTE') AS profiles_user,
       has_function_privilege('profiles_authenticator', p.oid, 'EXECUTE') AS authenticator,
       has_function_privilege('regress_alice', p.oid, 'EXECUTE') AS alice,
       has_function_privilege('regress_shim', p.oid, 'EXECUTE') AS shim
  FROM pg_proc p
 WHERE p.pronamespace = 'profiles'::regnamespace AND p.proname LIKE 'set\_actor%'
 ORDER BY p.proname;
-- Trigger functions are executable by nobody but the owner.
SELECT count(*) >= 2 AS trigger_functions_checked,
       count(*) FILTER (WHERE has_function_privilege('profiles_user', p.oid, 'EXECUTE')) AS executable_by_profiles_user
  FROM pg_proc p
 WHERE p.pronamespace = 'profiles'::regnamespace AND p.prorettype = 'trigger'::regtype;
-- SECURITY DEFINER functions of the extension (possibly none), each with search_path pinned.
SELECT p.oid::regprocedure AS security_definer_function, p.proconfig
  FROM pg_proc p WHERE p.pronamespace = 'profiles'::regnamespace AND p.prosecdef ORDER BY 1;
SELECT count(*) AS security_definer_without_pinned_search_path
  FROM pg_proc p
 WHERE p.pronamespace = 'profiles'::regnamespace AND p.prosecdef
   AND NOT EXISTS (SELECT 1 FROM unnest(p.proconfig) c WHERE c LIKE 'search\_path=%');
-- No table, view, sequence or schema privilege for PUBLIC.
SELECT count(*) > 0 AS relations_checked,
       count(*) FILTER (WHERE has_table_privilege('public', c.oid, 'SELECT,INSERT,UPDATE,DELETE,TRUNCATE,REFERENCES,TRIGGER')) AS accessible_by_public
  FROM pg_class c
 WHERE c.relnamespace = 'profiles'::regnamespace AND c.relkind IN ('r', 'v', 'm', 'p', 'f');
SELECT c.relname AS sequence_usable_by_public
  FROM pg_class c
 WHERE c.relnamespace = 'profiles'::regnamespace AND c.relkind = 'S'
   AND CASE WHEN c.relkind = 'S' THEN has_sequence_privilege('public', c.oid, 'USAGE,SELECT,UPDATE') END;
SELECT has_schema_privilege('public', 'profiles', 'USAGE') AS public_schema_usage,
       has_schema_privilege('public', 'profiles', 'CREATE') AS public_schema_create,
       has_schema_privilege('profiles_user', 'profiles', 'CREATE') AS profiles_user_schema_create;
-- Row-level security: enabled and forced on every table holding user data.
SELECT t AS tbl, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
       (SELECT count(*) > 0 FROM pg_policy p WHERE p.polrelid = c.oid) AS has_policies
  FROM unnest(ARRAY['users', 'profile', 'subscription', 'call_purchase', 'phone_subscription', 'contact',
                    'organization', 'department', 'emulation_grant', 'activities']) WITH ORDINALITY AS x(t, n)
  JOIN pg_class c ON c.relname = x.t AND c.relnamespace = 'profiles'::regnamespace
 ORDER BY x.n;
-- Tables of the schema without forced RLS: reference data (countries, routes) and the profile
-- tally and its pending changes (counts only, which only the tables' owner reads).
SELECT c.relname AS without_forced_rls FROM pg_class c
 WHERE c.relnamespace = 'profiles'::regnamespace AND c.relkind IN ('r', 'p')
   AND NOT (c.relrowsecurity AND c.relforcerowsecurity)
 ORDER BY 1;
-- Privileges of profiles_user on the activity log: read only.
SELECT privilege, has_table_privilege('profiles_user', 'profiles.activities', privilege) AS granted
  FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) AS privilege;
-- Columns of profile that profiles_user may UPDATE: the writable fields only.
SELECT string_agg(a.attname, ', ' ORDER BY a.attnum) AS not_updatable_by_profiles_user
  FROM pg_attribute a
 WHERE a.attrelid = 'profiles.profile'::regclass AND a.attnum > 0 AND NOT a.attisdropped
   AND NOT has_column_privilege('profiles_user', 'profiles.profile', a.attname, 'UPDATE');
-- User data is kept by pg_dump: the tables of seed 000 are registered.
SELECT t AS tbl, ('profiles.' || t)::regclass = ANY (e.extconfig) AS dumped
  FROM pg_extension e,
       unnest(ARRAY['users', 'profile', 'subscription', 'call_purchase', 'phone_subscription', 'contact',
                    'organization', 'department', 'emulation_grant', 'activities', 'activities_id_seq']) WITH ORDINALITY AS x(t, n)
 WHERE e.extname = 'pg_profiles' ORDER BY x.n;

DROP FUNCTION public.visible_rows();
DROP TABLE activity_expect;
