--
-- 80_seed_fixtures: organizations, departments, users and profiles shared by the seed-level
-- suites 81..88 (REST profiles, current user, user profile, credentials, search, bulk,
-- drafts, emulation, docs/export/refresh), plus their helper functions. 89_seed_cleanup
-- removes all of it again.
--
-- Every id of these fixtures starts with 80000000- so the suites can scope their checks to
-- their own rows whatever the earlier files left in the database.
--
-- Organizations: ...b...01 Globex (SMS numbers +15550000001/2, no persona override)
--                ...b...02 Initech (SMS number +15550000003, persona override)
-- Departments:   ...d...01 Alpha, ...d...02 Beta (Globex), ...d...03 Gamma (Initech)
-- Users (80000000-0000-4000-a000-0000000000NN):
--   01 rep      standard_user     SALES_REP        Globex / Alpha
--   02 head     standard_user     DEPARTMENT_HEAD  Globex / Alpha
--   03 orgadmin standard_user     ADMIN            Globex / Beta
--   04 persona  standard_user     SALES_REP        Initech / Gamma
--   05 padmin   internal_admin    SALES_REP        Globex (a platform admin)
--   06 taken    standard_user     SALES_REP        Globex (owns the e-mail taken80@example.com)
--   07 cons     consumer          (no organization)
--   08 support  internal_support  (a second platform admin)
--   09 nopro    standard_user     (no profile)
--

-- Helpers (SECURITY INVOKER, dropped by 89_seed_cleanup).
-- Like public.try_sql, with the error's DETAIL appended when it has one.
CREATE FUNCTION public.try_sql_detail(stmt text) RETURNS text
    LANGUAGE plpgsql AS $fn$
DECLARE
    result text;
    detail text;
BEGIN
    EXECUTE stmt INTO result;
    RETURN coalesce(result, '<null>');
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL;
    RETURN 'ERROR ' || SQLSTATE || ': ' || SQLERRM
           || CASE WHEN coalesce(detail, '') <> '' THEN ' (' || detail || ')' ELSE '' END;
END
$fn$;

-- Only the SQLSTATE of a failing statement, or "ok".
CREATE FUNCTION public.sqlstate_of(stmt text) RETURNS text
    LANGUAGE plpgsql AS $fn$
BEGIN
    EXECUTE stmt;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE;
END
$fn$;

-- A short, stable name for a fixture id: its last four hex digits ("0001"), other ids "other".
CREATE FUNCTION public.short_id(id text) RETURNS text
    LANGUAGE sql IMMUTABLE AS $fn$
    SELECT CASE WHEN id IS NULL THEN NULL
                WHEN id LIKE '80000000-%' OR id LIKE '00000000-%' THEN right(id, 4)
                ELSE 'other' END
$fn$;

-- The activity log without volatile values (read it as the superuser).
CREATE VIEW public.seed_activity AS
SELECT a.id, a.activity_type, a.action, a.entity,
       public.short_id(a.entity_id::text) AS entity_id,
       public.short_id(a.actor_id::text) AS actor,
       public.short_id(a.real_actor_id::text) AS real_actor,
       a.request_id, a.session_id, a.metadata
  FROM profiles.activities a;

INSERT INTO profiles.organization (id, name, address, city, region, website, lead_provider,
                                   sms_numbers, persona_override) VALUES
    ('80000000-0000-4000-b000-000000000001', 'Globex', '1 Main St', 'Springfield', 'Oregon',
     'https://globex.example', 'Web Leads', '{+15550000001,+15550000002}', false),
    ('80000000-0000-4000-b000-000000000002', 'Initech', '500 Bay St', 'Toronto', 'Ontario',
     'https://initech.example', NULL, '{+15550000003}', true);
INSERT INTO profiles.department (id, organization_id, name) VALUES
    ('80000000-0000-4000-d000-000000000001', '80000000-0000-4000-b000-000000000001', 'Alpha'),
    ('80000000-0000-4000-d000-000000000002', '80000000-0000-4000-b000-000000000001', 'Beta'),
    ('80000000-0000-4000-d000-000000000003', '80000000-0000-4000-b000-000000000002', 'Gamma');

INSERT INTO profiles.users (id, email, role, organization_id, department_id, full_name,
                            phone_number, access_role) VALUES
    ('80000000-0000-4000-a000-000000000001', 'rep80@example.com', 'standard_user',
     '80000000-0000-4000-b000-000000000001', '80000000-0000-4000-d000-000000000001', 'Rita Rep', '+14155550101', 'SALES_REP'),
    ('80000000-0000-4000-a000-000000000002', 'head80@example.com', 'standard_user',
     '80000000-0000-4000-b000-000000000001', '80000000-0000-4000-d000-000000000001', 'Hank Head', NULL, 'DEPARTMENT_HEAD'),
    ('80000000-0000-4000-a000-000000000003', 'orgadmin80@example.com', 'standard_user',
     '80000000-0000-4000-b000-000000000001', '80000000-0000-4000-d000-000000000002', 'Olga Orgadmin', NULL, 'ADMIN'),
    ('80000000-0000-4000-a000-000000000004', 'persona80@example.com', 'standard_user',
     '80000000-0000-4000-b000-000000000002', '80000000-0000-4000-d000-000000000003', 'Pete Persona', NULL, 'SALES_REP'),
    ('80000000-0000-4000-a000-000000000005', 'padmin80@example.com', 'internal_admin',
     '80000000-0000-4000-b000-000000000001', NULL, 'Paula Padmin', NULL, 'SALES_REP'),
    ('80000000-0000-4000-a000-000000000006', 'taken80@example.com', 'standard_user',
     '80000000-0000-4000-b000-000000000001', NULL, 'Tom Taken', '+14155550106', 'SALES_REP'),
    ('80000000-0000-4000-a000-000000000007', 'cons80@example.com', 'consumer',
     NULL, NULL, 'Connie Consumer', NULL, 'SALES_REP'),
    ('80000000-0000-4000-a000-000000000008', 'support80@example.com', 'internal_support',
     NULL, NULL, 'Stan Support', NULL, 'SALES_REP'),
    ('80000000-0000-4000-a000-000000000009', 'nopro80@example.com', 'standard_user',
     NULL, NULL, 'Nora Noprofile', NULL, 'SALES_REP');

INSERT INTO profiles.profile (id, first_name, last_name, email, team_id, tags) VALUES
    ('80000000-0000-4000-a000-000000000001', 'Rita', 'Rep', 'rep80@example.com',
     '80000000-0000-4000-d000-000000000001', '{seed80,reps}'),
    ('80000000-0000-4000-a000-000000000002', 'Hank', 'Head', 'head80@example.com',
     '80000000-0000-4000-d000-000000000001', '{seed80,heads}'),
    ('80000000-0000-4000-a000-000000000003', 'Olga', 'Orgadmin', 'orgadmin80@example.com',
     '80000000-0000-4000-d000-000000000002', '{seed80}'),
    ('80000000-0000-4000-a000-000000000004', 'Pete', 'Persona', 'persona80@example.com',
     '80000000-0000-4000-d000-000000000003', '{seed80}'),
    ('80000000-0000-4000-a000-000000000005', 'Paula', 'Padmin', 'padmin80@example.com', NULL, '{seed80}'),
    ('80000000-0000-4000-a000-000000000006', 'Tom', 'Taken', 'taken80@example.com', NULL, '{seed80}'),
    ('80000000-0000-4000-a000-000000000007', 'Connie', 'Consumer', 'cons80@example.com', NULL, '{seed80}'),
    ('80000000-0000-4000-a000-000000000008', 'Stan', 'Support', 'support80@example.com', NULL, '{seed80}');

SELECT right(u.id::text, 4) AS id, u.role, u.access_role, o.name AS organization, d.name AS department,
       p.name AS profile_name, p.tags
  FROM profiles.users u
  LEFT JOIN profiles.organization o ON o.id = u.organization_id
  LEFT JOIN profiles.department d ON d.id = u.department_id
  LEFT JOIN profiles.profile p ON p.id = u.id
 WHERE u.id::text LIKE '80000000-%' ORDER BY u.id;

-- The helpers themselves.
SELECT public.try_sql_detail($$SELECT 1/0$$) AS no_detail;
SELECT public.try_sql_detail($q$DO $x$ BEGIN RAISE EXCEPTION 'boom' USING DETAIL = 'why: this', ERRCODE = '40001'; END $x$$q$) AS with_detail;
SELECT public.sqlstate_of('SELECT 1') AS ok, public.sqlstate_of('SELECT 1/0') AS failing;
SELECT public.short_id('80000000-0000-4000-a000-000000000005') AS fixture,
       public.short_id(gen_random_uuid()::text) AS generated, public.short_id(NULL) AS none;
