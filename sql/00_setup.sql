--
-- 00_setup: the extension, test roles, identities, profiles and helper functions shared by
-- the later files (they run in one database, in file-name order).
--
-- Fixed identities (profiles.users.id):
--   ...0001 admin     internal_admin  db_role regress_admin
--   ...0002 alice     standard_user   db_role regress_alice
--   ...0003 carol     consumer        db_role regress_carol
--   ...0004 bob       standard_user   db_role regress_bob
--   ...0005 internalx internalx       (not an admin: no "internal_" prefix)
--   ...0006 Internal  Internal_admin  (not an admin: the prefix is case-sensitive)
--   ...0007 support   internal_support (an admin)
--   ...0008 disabled  standard_user   disabled, db_role regress_disabled
--   ...0009 deleted   standard_user   deleted_at set
--   ...0010 newbie    standard_user   no profile
--   ...0011 fresh     consumer        no profile (target of "create")
--
CREATE EXTENSION pg_profiles CASCADE;
SELECT extname, extversion, extnamespace::regnamespace AS schema
  FROM pg_extension WHERE extname = 'pg_profiles';

-- Roles are cluster-wide: create them and their memberships only when missing, so the suite
-- can run repeatedly (99_cleanup drops them again). SQL callers of the API are members of
-- profiles_user; the shim's role is a member of profiles_authenticator; regress_nobody gets
-- nothing.
DO $roles$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT * FROM (VALUES
            ('regress_admin', 'profiles_user'), ('regress_alice', 'profiles_user'),
            ('regress_bob', 'profiles_user'), ('regress_carol', 'profiles_user'),
            ('regress_disabled', 'profiles_user'), ('regress_unmapped', 'profiles_user'),
            ('regress_nobody', NULL), ('regress_shim', 'profiles_authenticator')) AS v(name, grp) LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r.name) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', r.name);
        END IF;
        IF r.grp IS NOT NULL AND NOT EXISTS (
                SELECT 1 FROM pg_auth_members m
                 WHERE m.member = r.name::regrole AND m.roleid = r.grp::regrole) THEN
            EXECUTE format('GRANT %I TO %I', r.grp, r.name);
        END IF;
    END LOOP;
END
$roles$;

SELECT r.rolname,
       pg_has_role(r.oid, 'profiles_user', 'MEMBER') AS profiles_user,
       pg_has_role(r.oid, 'profiles_authenticator', 'MEMBER') AS authenticator,
       r.rolsuper, r.rolbypassrls
  FROM pg_roles r WHERE r.rolname LIKE 'regress\_%' ORDER BY r.rolname;

-- Identities: a DBA creates them with plain SQL (as the superuser, RLS does not apply).
INSERT INTO profiles.users (id, email, role, db_role, disabled, deleted_at) VALUES
    ('00000000-0000-4000-a000-000000000001', 'admin@example.com',    'internal_admin',   'regress_admin',    false, NULL),
    ('00000000-0000-4000-a000-000000000002', 'alice@example.com',    'standard_user',    'regress_alice',    false, NULL),
    ('00000000-0000-4000-a000-000000000003', 'carol@example.com',    'consumer',         'regress_carol',    false, NULL),
    ('00000000-0000-4000-a000-000000000004', 'bob@example.com',      'standard_user',    'regress_bob',      false, NULL),
    ('00000000-0000-4000-a000-000000000005', 'internalx@example.com', 'internalx',       NULL,               false, NULL),
    ('00000000-0000-4000-a000-000000000006', 'iadmin@example.com',   'Internal_admin',   NULL,               false, NULL),
    ('00000000-0000-4000-a000-000000000007', 'support@example.com',  'internal_support', NULL,               false, NULL),
    ('00000000-0000-4000-a000-000000000008', 'disabled@example.com', 'standard_user',    'regress_disabled', true,  NULL),
    ('00000000-0000-4000-a000-000000000009', 'deleted@example.com',  'standard_user',    NULL,               false, '2024-01-01 00:00:00+00'),
    ('00000000-0000-4000-a000-000000000010', 'newbie@example.com',   'standard_user',    NULL,               false, NULL),
    ('00000000-0000-4000-a000-000000000011', 'fresh@example.com',    'consumer',         NULL,               false, NULL);

INSERT INTO profiles.profile (id, first_name, last_name, email) VALUES
    ('00000000-0000-4000-a000-000000000001', 'Ada',   'Admin',    'admin@example.com'),
    ('00000000-0000-4000-a000-000000000002', 'Alice', 'Anderson', 'alice@example.com'),
    ('00000000-0000-4000-a000-000000000003', 'Carol', 'Consumer', 'carol@example.com'),
    ('00000000-0000-4000-a000-000000000004', 'Bob',   'Baker',    'bob@example.com'),
    ('00000000-0000-4000-a000-000000000005', 'Xavier', NULL,      NULL),
    ('00000000-0000-4000-a000-000000000006', 'Ivan',  NULL,       NULL),
    ('00000000-0000-4000-a000-000000000007', 'Sue',   'Support',  NULL);

SELECT count(*) AS users FROM profiles.users;
SELECT id, name, version FROM profiles.profile ORDER BY id;

-- Helper functions used by the later files. They are SECURITY INVOKER (the default): they run
-- with the privileges and the identity of whoever calls them.

-- Runs a statement and returns the first column of its first row as text, or the error as
-- "ERROR <SQLSTATE>: <message>" (SQLSTATEs are what the HTTP layer maps to status codes).
CREATE FUNCTION public.try_sql(stmt text) RETURNS text
    LANGUAGE plpgsql AS $fn$
DECLARE
    result text;
BEGIN
    EXECUTE stmt INTO result;
    RETURN coalesce(result, '<null>');
EXCEPTION WHEN OTHERS THEN
    RETURN 'ERROR ' || SQLSTATE || ': ' || SQLERRM;
END
$fn$;

-- Runs a command that returns no rows (SET, DDL, ...): "ok" or "ERROR <SQLSTATE>: <message>".
CREATE FUNCTION public.try_cmd(stmt text) RETURNS text
    LANGUAGE plpgsql AS $fn$
BEGIN
    EXECUTE stmt;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    RETURN 'ERROR ' || SQLSTATE || ': ' || SQLERRM;
END
$fn$;

-- Like try_sql, then rolls the statement's effects back, so a call leaves nothing behind.
CREATE FUNCTION public.try_sql_rollback(stmt text) RETURNS text
    LANGUAGE plpgsql AS $fn$
DECLARE
    result text;
BEGIN
    BEGIN
        EXECUTE stmt INTO result;
        result := coalesce(result, '<null>');
        RAISE EXCEPTION 'regress: roll back' USING ERRCODE = 'RGRSS';
    EXCEPTION WHEN OTHERS THEN
        IF SQLSTATE <> 'RGRSS' THEN
            result := 'ERROR ' || SQLSTATE || ': ' || SQLERRM;
        END IF;
    END;
    RETURN result;
END
$fn$;

-- A short, deterministic summary of a profiles.api() response.
CREATE FUNCTION public.api_summary(r jsonb) RETURNS text
    LANGUAGE sql IMMUTABLE AS $fn$
    SELECT CASE
        WHEN r ? 'limit' THEN format('OK list count=%s rows=%s limit=%s offset=%s',
                                     r->>'count', jsonb_array_length(r->'data'),
                                     r->>'limit', r->>'offset')
        WHEN r ? 'count' THEN format('OK all count=%s rows=%s',
                                     r->>'count', jsonb_array_length(r->'data'))
        WHEN (r->'data') ? 'deleted' THEN format('OK deleted=%s id=%s',
                                                 r->'data'->>'deleted', r->'data'->>'id')
        ELSE format('OK id=%s version=%s', r->'data'->>'id', r->'data'->>'version')
    END
$fn$;

-- As the shim does it: set_actor (when actor is not NULL), then one profiles.api() call; the
-- call's effects are rolled back. Returns the summary, or "ERROR <SQLSTATE>".
CREATE FUNCTION public.api_as(actor uuid, request jsonb) RETURNS text
    LANGUAGE plpgsql AS $fn$
DECLARE
    result text;
BEGIN
    BEGIN
        IF actor IS NOT NULL THEN
            PERFORM profiles.set_actor(actor, 'regress-session', 'regress-request');
        END IF;
        result := public.api_summary(profiles.api(request)::jsonb);
        RAISE EXCEPTION 'regress: roll back' USING ERRCODE = 'RGRSS';
    EXCEPTION WHEN OTHERS THEN
        IF SQLSTATE <> 'RGRSS' THEN
            result := 'ERROR ' || SQLSTATE;
        END IF;
    END;
    RETURN result;
END
$fn$;

SELECT public.try_sql('SELECT 1/0');
SELECT public.try_sql('SELECT 42');
SELECT public.try_cmd('SET ROLE regress_no_such_role');
SELECT public.try_cmd('SET work_mem = ''4MB''');
RESET work_mem;
SELECT public.try_sql_rollback($$INSERT INTO profiles.organization (name) VALUES ('x') RETURNING name$$);
SELECT count(*) AS organizations_left FROM profiles.organization;
