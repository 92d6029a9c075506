--
-- 70_forgery: identity cannot be forged from SQL. Settings (GUCs) are not identity, a role
-- switch does not change session_user, only profiles_authenticator may call set_actor, and
-- objects planted on the search_path do not change what the extension resolves.
--
\set admin '''00000000-0000-4000-a000-000000000001'''
\set alice '''00000000-0000-4000-a000-000000000002'''
\set bob   '''00000000-0000-4000-a000-000000000004'''

-- The state every attempt below is compared with: what alice is, sees and may do.
CREATE FUNCTION public.identity_report() RETURNS TABLE (check_name text, result text)
    LANGUAGE sql AS $fn$
    SELECT 'session_user / current_user', session_user || ' / ' || current_user
    UNION ALL SELECT 'profiles.current_actor()', coalesce(right(profiles.current_actor()::text, 4), '<none>')
    UNION ALL SELECT 'profiles.real_actor()', coalesce(right(profiles.real_actor()::text, 4), '<none>')
    UNION ALL SELECT 'profiles.is_admin()', profiles.is_admin()::text
    UNION ALL SELECT 'api all', public.try_sql($q$SELECT public.api_summary(profiles.api('{"resource":"profiles","action":"all"}')::jsonb)$q$)
    UNION ALL SELECT 'api get bob', public.try_sql($q$SELECT public.api_summary(profiles.api('{"resource":"profiles","action":"get","id":"00000000-0000-4000-a000-000000000004"}')::jsonb)$q$)
    UNION ALL SELECT 'profile rows visible', public.try_sql('SELECT count(*) FROM profiles.profile')
    UNION ALL SELECT 'users rows visible', public.try_sql('SELECT count(*) FROM profiles.users')
$fn$;

-- 1. Settings. Whatever a caller SETs, the actor stays the mapped user.
SET SESSION AUTHORIZATION regress_alice;
SELECT * FROM public.identity_report();
SET profiles.actor = '00000000-0000-4000-a000-000000000001';
SET profiles.current_actor = '00000000-0000-4000-a000-000000000001';
SET profiles.actor_id = '00000000-0000-4000-a000-000000000001';
SET profiles.role = 'internal_admin';
SET profiles.is_admin = 'true';
SELECT set_config('request.jwt.claim.sub', '00000000-0000-4000-a000-000000000001', false) IS NOT NULL AS set;
SELECT set_config('request.jwt.claims', '{"sub":"00000000-0000-4000-a000-000000000001","role":"internal_admin"}', false) IS NOT NULL AS set;
SELECT set_config('request.jwt.claim.role', 'internal_admin', false) IS NOT NULL AS set;
SELECT set_config('app.user_id', '00000000-0000-4000-a000-000000000001', false) IS NOT NULL AS set;
SET application_name = 'internal_admin';
SELECT * FROM public.identity_report();
-- The same with SET LOCAL inside one transaction.
BEGIN;
SET LOCAL profiles.actor = '00000000-0000-4000-a000-000000000001';
SELECT set_config('request.jwt.claim.sub', '00000000-0000-4000-a000-000000000001', true) IS NOT NULL AS set;
SELECT * FROM public.identity_report();
COMMIT;
RESET ALL;
RESET SESSION AUTHORIZATION;

-- Without any mapping, settings do not create an actor either.
SET SESSION AUTHORIZATION regress_unmapped;
SET profiles.actor = '00000000-0000-4000-a000-000000000001';
SELECT set_config('request.jwt.claim.sub', '00000000-0000-4000-a000-000000000001', false) IS NOT NULL AS set;
SELECT * FROM public.identity_report();
RESET ALL;
RESET SESSION AUTHORIZATION;

-- Nor for the shim's role when it did not call set_actor.
SET SESSION AUTHORIZATION regress_shim;
SET profiles.actor = '00000000-0000-4000-a000-000000000001';
SELECT * FROM public.identity_report();
RESET ALL;
RESET SESSION AUTHORIZATION;

-- 2. set_actor is not callable by SQL callers, however they name it.
SET SESSION AUTHORIZATION regress_alice;
SELECT public.try_sql(format('SELECT profiles.set_actor(%L)', :admin)) AS set_actor;
SELECT public.try_sql(format('SELECT profiles.set_actor(%L, %L, %L)', :admin, 's', 'r')) AS set_actor_3;
SELECT public.try_sql(format('SELECT profiles.set_actor(user_id => %L)', :admin)) AS set_actor_named;
SELECT public.try_sql(format('SELECT profiles.set_actor_by_session(%L)', 'guess')) AS set_actor_by_session;
SELECT public.try_sql(format('SELECT profiles.set_actor_by_api_key(%L)', 'pgp_guess')) AS set_actor_by_api_key;
-- Nor can it be reached by declaring the C symbol again (C is an untrusted language).
SELECT public.try_cmd($$CREATE FUNCTION pg_temp.my_set_actor(uuid, text, text) RETURNS text
    LANGUAGE c AS '$libdir/pg_profiles', 'profiles_set_actor'$$) AS redeclare_c_function;
SELECT * FROM public.identity_report();
RESET SESSION AUTHORIZATION;

-- 3. Role switches. A normal role may not take another role ... (SET SESSION AUTHORIZATION
-- is refused to any session that did not log in as a superuser; this suite's session did, so
-- it is not shown here.)
SET SESSION AUTHORIZATION regress_alice;
SELECT public.try_cmd('SET ROLE regress_admin') AS set_role;
SELECT public.try_cmd('SET ROLE profiles_authenticator') AS set_role_authenticator;
SELECT public.try_sql($$SELECT set_config('role', 'regress_admin', false)$$) AS set_config_role;
SELECT * FROM public.identity_report();
RESET SESSION AUTHORIZATION;
-- ... and even a member of the admin's role who does SET ROLE stays itself: the mapping
-- follows session_user, not current_user.
GRANT regress_admin TO regress_alice;
SET SESSION AUTHORIZATION regress_alice;
SET ROLE regress_admin;
SELECT * FROM public.identity_report();
RESET ROLE;
RESET SESSION AUTHORIZATION;
REVOKE regress_admin FROM regress_alice;

-- 4. search_path hijack: functions and an operator in public that answer "admin", and a
-- temporary table named like the identity table.
CREATE FUNCTION public.current_actor() RETURNS uuid LANGUAGE sql
    AS $$ SELECT '00000000-0000-4000-a000-000000000001'::uuid $$;
CREATE FUNCTION public.real_actor() RETURNS uuid LANGUAGE sql
    AS $$ SELECT '00000000-0000-4000-a000-000000000001'::uuid $$;
CREATE FUNCTION public.is_admin() RETURNS boolean LANGUAGE sql AS $$ SELECT true $$;
CREATE FUNCTION public.set_actor(user_id uuid, session_id text DEFAULT NULL, request_id text DEFAULT NULL)
    RETURNS text LANGUAGE sql AS $$ SELECT 'internal_admin' $$;
CREATE FUNCTION public.always_equal(uuid, uuid) RETURNS boolean LANGUAGE sql AS $$ SELECT true $$;
CREATE OPERATOR public.= (LEFTARG = uuid, RIGHTARG = uuid, FUNCTION = public.always_equal);
CREATE FUNCTION public.always_equal_text(text, text) RETURNS boolean LANGUAGE sql AS $$ SELECT true $$;
CREATE OPERATOR public.= (LEFTARG = text, RIGHTARG = text, FUNCTION = public.always_equal_text);

SET SESSION AUTHORIZATION regress_alice;
SET search_path = public, profiles;
-- The planted objects do answer "admin" when called unqualified ...
SELECT current_actor() = '00000000-0000-4000-a000-000000000001' AS fake_current_actor,
       is_admin() AS fake_is_admin, set_actor('00000000-0000-4000-a000-000000000001') AS fake_set_actor;
-- ... but the identity, the API and row-level security are unchanged.
SELECT * FROM public.identity_report();
SELECT public.try_sql($$SELECT api_summary(api('{"resource":"profiles","action":"list"}')::jsonb)$$) AS unqualified_api_list;
SELECT public.try_sql($$SELECT profile_get('00000000-0000-4000-a000-000000000004')::text$$) AS unqualified_get_bob;
SELECT public.try_sql($$SELECT count(*) FROM profile$$) AS unqualified_profile_rows;
-- With pg_catalog searched after public, the planted "=" wins for the caller's own queries,
-- and still changes nothing for the extension or for the policies.
SET search_path = public, pg_catalog, profiles;
SELECT '00000000-0000-4000-a000-000000000001'::uuid = '00000000-0000-4000-a000-000000000002'::uuid AS planted_equal_used;
SELECT * FROM public.identity_report();
SELECT public.try_sql($$SELECT count(*) FROM profiles.profile WHERE id = '00000000-0000-4000-a000-000000000004'$$) AS bob_rows_with_planted_equal;
-- A temporary table shadowing profiles.users (pg_temp first on the path).
CREATE TEMP TABLE users (id uuid, role text, db_role name, disabled boolean, deleted_at timestamptz);
INSERT INTO pg_temp.users VALUES ('00000000-0000-4000-a000-000000000001', 'internal_admin', 'regress_alice', false, NULL);
SET search_path = pg_temp, public, pg_catalog, profiles;
SELECT * FROM public.identity_report();
-- A write under the hijacked path is logged with the real actor and the real changes.
SELECT (profiles.profile_update('00000000-0000-4000-a000-000000000002', '{"bio":"written under a hijacked search_path"}')::jsonb)->>'bio' AS bio;
DROP TABLE pg_temp.users;
RESET search_path;
RESET SESSION AUTHORIZATION;
SELECT right(actor_id::text, 4) AS actor, right(real_actor_id::text, 4) AS real_actor,
       right(entity_id::text, 4) AS entity, metadata
  FROM profiles.activities ORDER BY id DESC LIMIT 1;

-- The shim under the same hijacked path: set_actor (qualified) and the API still work as
-- designed, and the unqualified fake set_actor sets nothing.
SET SESSION AUTHORIZATION regress_shim;
SET search_path = public, pg_catalog, profiles;
BEGIN;
SELECT set_actor('00000000-0000-4000-a000-000000000001') AS fake_set_actor;
SELECT profiles.current_actor() IS NULL AS still_no_actor;
SELECT public.try_sql($$SELECT api_summary(profiles.api('{"resource":"profiles","action":"all"}')::jsonb)$$) AS api_all;
COMMIT;
BEGIN;
SELECT profiles.set_actor('00000000-0000-4000-a000-000000000002', 'hijack', 'req-hijack') AS real_set_actor;
SELECT public.try_sql($$SELECT api_summary(profiles.api('{"resource":"profiles","action":"get","id":"00000000-0000-4000-a000-000000000004"}')::jsonb)$$) AS get_bob;
SELECT public.try_sql($$SELECT api_summary(profiles.api('{"resource":"profiles","action":"get","id":"00000000-0000-4000-a000-000000000002"}')::jsonb)$$) AS get_own;
COMMIT;
RESET search_path;
RESET SESSION AUTHORIZATION;

DROP OPERATOR public.= (uuid, uuid);
DROP OPERATOR public.= (text, text);
DROP FUNCTION public.always_equal(uuid, uuid), public.always_equal_text(text, text),
              public.current_actor(), public.real_actor(), public.is_admin(),
              public.set_actor(uuid, text, text);

-- 5. The identity table cannot be edited by the user it describes.
SET SESSION AUTHORIZATION regress_alice;
SELECT public.try_sql($$UPDATE profiles.users SET db_role = 'regress_alice' WHERE id = '00000000-0000-4000-a000-000000000001' RETURNING 'remapped'$$) AS remap_admin;
SELECT public.try_sql($$UPDATE profiles.users SET role = 'internal_admin' WHERE id = '00000000-0000-4000-a000-000000000002' RETURNING 'promoted'$$) AS promote_self;
SELECT public.try_sql($$UPDATE profiles.users SET db_role = NULL WHERE id = '00000000-0000-4000-a000-000000000002' RETURNING 'unmapped'$$) AS unmap_self;
RESET SESSION AUTHORIZATION;
SELECT right(id::text, 4) AS id, role, db_role FROM profiles.users WHERE db_role IS NOT NULL ORDER BY id;

DROP FUNCTION public.identity_report();
