--
-- 89_seed_cleanup: removes what 80_seed_fixtures and the suites 81..88 created (users,
-- organizations, departments, their activities, the helper functions), so that the files
-- after them see the database as before, and checks that nothing of it is left.
--
DELETE FROM profiles.users WHERE id::text LIKE '80000000-%';
DELETE FROM profiles.department WHERE id::text LIKE '80000000-%';
DELETE FROM profiles.organization WHERE id::text LIKE '80000000-%';
-- Last, as deleting the users logged their profiles' deletion.
DELETE FROM profiles.activities
 WHERE entity_id::text LIKE '80000000-%' OR actor_id::text LIKE '80000000-%'
    OR real_actor_id::text LIKE '80000000-%' OR metadata->>'profile_id' LIKE '80000000-%'
    OR request_id ~ '^r8[0-9]-';
-- The cached facet counts no longer show the fixtures' departments.
REFRESH MATERIALIZED VIEW CONCURRENTLY profiles.directory_facets;

DROP VIEW public.seed_activity;
DROP FUNCTION public.try_sql_detail(text), public.sqlstate_of(text), public.short_id(text);

-- Nothing of the fixtures is left, in any table.
SELECT 'users' AS tbl, count(*) FROM profiles.users WHERE id::text LIKE '80000000-%' OR email::text LIKE 'bulk%-86@example.com'
UNION ALL SELECT 'profile', count(*) FROM profiles.profile WHERE id::text LIKE '80000000-%' OR tags && '{seed80,seed85,seed86}' OR last_name = 'Listy'
UNION ALL SELECT 'organization', count(*) FROM profiles.organization WHERE id::text LIKE '80000000-%'
UNION ALL SELECT 'department', count(*) FROM profiles.department WHERE id::text LIKE '80000000-%'
UNION ALL SELECT 'contact', count(*) FROM profiles.contact WHERE profile_id::text LIKE '80000000-%' OR id::text LIKE '80000000-%'
UNION ALL SELECT 'persona', count(*) FROM profiles.persona WHERE user_id::text LIKE '80000000-%'
UNION ALL SELECT 'draft', count(*) FROM profiles.draft WHERE owner_id::text LIKE '80000000-%'
UNION ALL SELECT 'emulation_grant', count(*) FROM profiles.emulation_grant WHERE admin_id::text LIKE '80000000-%' OR session_id LIKE 's8_-%'
UNION ALL SELECT 'session', count(*) FROM profiles.session WHERE user_id::text LIKE '80000000-%'
UNION ALL SELECT 'api_key', count(*) FROM profiles.api_key WHERE user_id::text LIKE '80000000-%'
UNION ALL SELECT 'export', count(*) FROM profiles.export WHERE creator_id::text LIKE '80000000-%' OR profile_export_id LIKE '%-88'
UNION ALL SELECT 'activities', count(*) FROM profiles.activities
    WHERE entity_id::text LIKE '80000000-%' OR actor_id::text LIKE '80000000-%' OR request_id ~ '^r8[0-9]-'
UNION ALL SELECT 'directory_facets', count(*) FROM profiles.directory_facets WHERE key LIKE '80000000-%' OR key = 'seed88_role';
-- No helper of these files is left in public.
SELECT p.proname AS leftover_function FROM pg_proc p
 WHERE p.pronamespace = 'public'::regnamespace
   AND p.proname IN ('try_sql_detail', 'sqlstate_of', 'short_id', 'rest_doc', 'rest_page', 'me_view',
                     'search_summary', 'bulk_summary', 'who', 'emulate_result');
SELECT c.relname AS leftover_relation FROM pg_class c
 WHERE c.relnamespace = 'public'::regnamespace AND c.relname IN ('seed_activity', 'rest_canary');
