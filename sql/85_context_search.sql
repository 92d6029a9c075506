--
-- 85_context_search: seed 003 context, get (profile_sections) and search (search_profiles).
-- Context: identity, permissions and theme of the actor, scoped to a department. Sections:
-- own profile or any for admins (42501), can_edit/disabled_reason, role options only for
-- admins. Search: case-insensitive text over name and e-mail with LIKE metacharacters taken
-- literally, cohort (tag), department and role filters, facet counts, an exact total,
-- page_size 1..200 (22023), and non-admins see only themselves.
--
-- Users of this file (created here, removed at the end):
--   ...0501 Ann "100% Real"     tags {seed85}        ann85@example.com
--   ...0502 Bo "Under_Score"    tags {seed85,vip}    bo_85@example.com
--   ...0503 Cy "Plain"          tags {seed85}        cy85@example.com
--   ...0504 Dee "Themed"        a dark theme and a persona
--   ...0505 Eli "Disabledprofile" (profile enabled = false)
--   ...0506 Fil "Lockedout"     (user disabled)
--
\set rep    '''80000000-0000-4000-a000-000000000001'''
\set head   '''80000000-0000-4000-a000-000000000002'''
\set padmin '''80000000-0000-4000-a000-000000000005'''
\set nopro  '''80000000-0000-4000-a000-000000000009'''
\set alpha  '''80000000-0000-4000-d000-000000000001'''
\set beta   '''80000000-0000-4000-d000-000000000002'''
\set gamma  '''80000000-0000-4000-d000-000000000003'''

INSERT INTO profiles.users (id, email, role, disabled, organization_id) VALUES
    ('80000000-0000-4000-a000-000000000501', 'ann85@example.com', 'standard_user', false, NULL),
    ('80000000-0000-4000-a000-000000000502', 'bo_85@example.com', 'consumer', false, NULL),
    ('80000000-0000-4000-a000-000000000503', 'cy85@example.com', 'standard_user', false, NULL),
    ('80000000-0000-4000-a000-000000000504', 'dee85@example.com', 'standard_user', false, '80000000-0000-4000-b000-000000000002'),
    ('80000000-0000-4000-a000-000000000505', 'eli85@example.com', 'standard_user', false, NULL),
    ('80000000-0000-4000-a000-000000000506', 'fil85@example.com', 'standard_user', true, NULL);
INSERT INTO profiles.profile (id, first_name, last_name, email, tags, team_id, enabled, preferences, created_at, updated_at) VALUES
    ('80000000-0000-4000-a000-000000000501', 'Ann', '100% Real', 'ann85@example.com', '{seed85}', NULL, true, '{}', '2022-02-02+00', '2022-02-03+00'),
    ('80000000-0000-4000-a000-000000000502', 'Bo', 'Under_Score', 'bo_85@example.com', '{seed85,vip}', '80000000-0000-4000-d000-000000000002', true, '{}', '2022-02-02+00', '2022-02-03+00'),
    ('80000000-0000-4000-a000-000000000503', 'Cy', 'Plain', 'cy85@example.com', '{seed85}', NULL, true, '{}', '2022-02-02+00', '2022-02-03+00'),
    ('80000000-0000-4000-a000-000000000504', 'Dee', 'Themed', 'dee85@example.com', '{}', '80000000-0000-4000-d000-000000000003', true,
     '{"theme": {"mode": "dark", "primary_color": "#000000"}}', '2022-02-02+00', '2022-02-03+00'),
    ('80000000-0000-4000-a000-000000000505', 'Eli', 'Disabledprofile', 'eli85@example.com', '{}', NULL, false, '{}', '2022-02-02+00', '2022-02-03+00'),
    ('80000000-0000-4000-a000-000000000506', 'Fil', 'Lockedout', 'fil85@example.com', '{}', NULL, true, '{}', '2022-02-02+00', '2022-02-03+00');
INSERT INTO profiles.persona (id, user_id, data) VALUES
    ('80000000-0000-4000-e000-000000000504', '80000000-0000-4000-a000-000000000504', '{"position": "Agent"}');

-- A search result in short: total, the names of the page and the non-empty facet options.
CREATE FUNCTION public.search_summary(r jsonb) RETURNS text
    LANGUAGE sql IMMUTABLE AS $fn$
    SELECT format('total=%s page=[%s] departments=[%s]%s roles=[%s]%s',
        r->>'total_count',
        (SELECT string_agg(p->>'name', ', ' ORDER BY n) FROM jsonb_array_elements(r->'profiles') WITH ORDINALITY AS a(p, n)),
        (SELECT string_agg((o->>'name') || ':' || (o->>'count'), ', ' ORDER BY n)
           FROM jsonb_array_elements(r->'department_filter'->'options') WITH ORDINALITY AS a(o, n)),
        CASE WHEN jsonb_array_length(r->'department_filter'->'selected') > 0
             THEN ' selected=' || (r->'department_filter'->'selected')::text ELSE '' END,
        (SELECT string_agg((o->>'name') || ':' || (o->>'count'), ', ' ORDER BY n)
           FROM jsonb_array_elements(r->'role_filter'->'options') WITH ORDINALITY AS a(o, n)),
        CASE WHEN jsonb_array_length(r->'role_filter'->'selected') > 0
             THEN ' selected=' || (r->'role_filter'->'selected')::text ELSE '' END)
$fn$;

SET SESSION AUTHORIZATION regress_shim;

-- Without an actor: 42501.
SELECT public.try_sql($$SELECT profiles.profile_context()::text$$) AS context,
       public.try_sql($$SELECT profiles.profile_sections()::text$$) AS sections,
       public.try_sql($$SELECT profiles.search_profiles('{}')::text$$) AS search;

--
-- profile_context
--
BEGIN;
SELECT profiles.set_actor(:rep, 's85', 'r85-context');
SELECT jsonb_pretty(profiles.profile_context()::jsonb) AS rep_context;
-- Scoped to its own department, then to another one.
SELECT c->'department_ids' AS department_ids, c->>'primary_department_id' AS primary_department,
       c->'scoped_roles' AS scoped_roles
  FROM (SELECT profiles.profile_context(:alpha)::jsonb AS c) s;
SELECT c->'department_ids' AS department_ids, c->>'primary_department_id' AS primary_department,
       c->'scoped_roles' AS scoped_roles
  FROM (SELECT profiles.profile_context(:beta)::jsonb AS c) s;
COMMIT;
BEGIN;
SELECT profiles.set_actor(:padmin, NULL, 'r85-context-admin');
SELECT jsonb_pretty(profiles.profile_context()::jsonb) AS admin_context;
-- Admins are in scope of any department.
SELECT c->'scoped_roles' AS scoped_roles, c->'department_ids' AS department_ids
  FROM (SELECT profiles.profile_context(:gamma)::jsonb AS c) s;
COMMIT;
-- A custom theme and a persona (settings_id); an actor whose profile is disabled is not active;
-- an actor without a profile has a context all the same.
BEGIN;
SELECT profiles.set_actor('80000000-0000-4000-a000-000000000504', 's85', 'r85-context-themed');
SELECT c->>'name' AS name, c->'theme' AS theme, c->>'settings_id' AS settings_id, c->>'active' AS active,
       c->'department_ids' AS department_ids
  FROM (SELECT profiles.profile_context()::jsonb AS c) s;
COMMIT;
BEGIN;
SELECT profiles.set_actor('80000000-0000-4000-a000-000000000505', 's85', 'r85-context-disabled');
SELECT c->>'name' AS name, c->>'active' AS active FROM (SELECT profiles.profile_context()::jsonb AS c) s;
COMMIT;
BEGIN;
SELECT profiles.set_actor(:nopro, 's85', 'r85-context-nopro');
SELECT c->>'name' AS name, c->>'active' AS active, c->'department_ids' AS department_ids
  FROM (SELECT profiles.profile_context()::jsonb AS c) s;
COMMIT;

--
-- profile_sections
--
BEGIN;
SELECT profiles.set_actor(:rep, 's85', 'r85-sections');
SELECT jsonb_pretty(profiles.profile_sections()::jsonb) AS own_sections;
SELECT profiles.profile_sections(:rep)::jsonb = profiles.profile_sections()::jsonb AS explicit_own_same;
SELECT public.try_sql(format('SELECT profiles.profile_sections(%L)::text', :head)) AS other_profile,
       public.try_sql($$SELECT profiles.profile_sections('80000000-0000-4000-a000-0000000005ff')::text$$) AS unknown_user;
COMMIT;
BEGIN;
SELECT profiles.set_actor(:padmin, 's85', 'r85-sections-admin');
SELECT jsonb_pretty(profiles.profile_sections(:rep)::jsonb) AS admin_sees_rep;
-- A user without a profile: no sections, cannot be edited.
SELECT jsonb_pretty(profiles.profile_sections(:nopro)::jsonb) AS no_profile;
-- A disabled user: cannot be edited either.
SELECT s->>'profile_exists' AS profile_exists, s->>'can_edit' AS can_edit, s->>'disabled_reason' AS disabled_reason,
       s->>'basic_show_ai_generate' AS basic_ai, s->>'general_show_ai_generate' AS general_ai
  FROM (SELECT profiles.profile_sections('80000000-0000-4000-a000-000000000506')::jsonb AS s) t;
-- A profile that is merely disabled (enabled = false) can still be edited.
SELECT s->>'can_edit' AS can_edit, s->'flags' AS flags
  FROM (SELECT profiles.profile_sections('80000000-0000-4000-a000-000000000505')::jsonb AS s) t;
SELECT public.try_sql($$SELECT profiles.profile_sections('80000000-0000-4000-a000-0000000005ff')::text$$) AS unknown_user,
       public.try_sql($$SELECT profiles.profile_sections(NULL, '80000000-0000-4000-f000-0000000005ff')::text$$) AS unknown_draft;
COMMIT;

--
-- search_profiles
--
BEGIN;
SELECT profiles.set_actor(:padmin, 's85', 'r85-search');
SELECT jsonb_pretty(profiles.search_profiles('{"cohort_ids": ["seed85"], "page_size": 1}')::jsonb) AS first_of_cohort;
SELECT label, public.search_summary(profiles.search_profiles(req)::jsonb) AS result
  FROM (VALUES
    (1,  'cohort seed80',                 '{"cohort_ids": ["seed80"]}'::jsonb),
    (2,  'cohort seed85',                 '{"cohort_ids": ["seed85"]}'),
    (3,  'cohorts are any-of',            '{"cohort_ids": ["reps", "vip"]}'),
    (4,  'unknown cohort',                '{"cohort_ids": ["no-such-tag"]}'),
    (5,  'name, any case',                '{"search": "rITA", "cohort_ids": ["seed80"]}'),
    (6,  'e-mail part',                   '{"search": "HEAD80@EXAMPLE", "cohort_ids": ["seed80"]}'),
    (7,  'name then e-mail',              '{"search": "rep rep80", "cohort_ids": ["seed80"]}'),
    (8,  'substring of several',          '{"search": "80@example.com", "cohort_ids": ["seed80"]}'),
    (9,  '% is literal',                  '{"search": "%", "cohort_ids": ["seed85"]}'),
    (10, '0% is literal',                 '{"search": "0%", "cohort_ids": ["seed85"]}'),
    (11, '_ is literal',                  '{"search": "_", "cohort_ids": ["seed85"]}'),
    (12, '_ in e-mail, any case',         '{"search": "O_8", "cohort_ids": ["seed85"]}'),
    (13, 'backslash',                     '{"search": "\\", "cohort_ids": ["seed85"]}'),
    (14, 'quote',                         '{"search": "''", "cohort_ids": ["seed85"]}'),
    (15, 'empty search = no filter',      '{"search": "", "cohort_ids": ["seed85"]}'),
    (16, 'department Alpha',              '{"filter_department_ids": ["80000000-0000-4000-d000-000000000001"], "cohort_ids": ["seed80"]}'),
    (17, 'departments Beta or Gamma',     '{"filter_department_ids": ["80000000-0000-4000-d000-000000000002", "80000000-0000-4000-d000-000000000003"], "cohort_ids": ["seed80", "seed85"]}'),
    (18, 'role consumer',                 '{"role_filter": "consumer", "cohort_ids": ["seed80", "seed85"]}'),
    (19, 'role internal_support',         '{"role_filter": "internal_support", "cohort_ids": ["seed80"]}'),
    (20, 'empty role = no filter',        '{"role_filter": "", "cohort_ids": ["seed85"]}'),
    (21, 'cohort_search',                 '{"cohort_search": "HEA", "cohort_ids": ["seed80"]}'),
    (22, 'department_search narrows',     '{"department_search": "alp", "cohort_ids": ["seed80"]}'),
    (23, 'role_search narrows',           '{"role_search": "internal", "cohort_ids": ["seed80"]}'),
    (24, 'all filters',                   '{"search": "a", "cohort_ids": ["seed80"], "filter_department_ids": ["80000000-0000-4000-d000-000000000001"], "role_filter": "standard_user"}'),
    (25, 'page 2 of size 3',              '{"cohort_ids": ["seed80"], "page_size": 3, "page_offset": 3}'),
    (26, 'last page',                     '{"cohort_ids": ["seed80"], "page_size": 3, "page_offset": 6}'),
    (27, 'past the end',                  '{"cohort_ids": ["seed80"], "page_size": 3, "page_offset": 9}'),
    (28, 'page_size 200',                 '{"cohort_ids": ["seed85"], "page_size": 200}'),
    (29, 'page_size null = default',      '{"cohort_ids": ["seed85"], "page_size": null}')
  ) AS t(ord, label, req)
 ORDER BY ord;
-- The default page size is 25 and total_count is exact (up to 1000 matches, see below).
SELECT jsonb_array_length(r->'profiles') = least(25, (SELECT count(*) FROM profiles.profile)) AS default_page_25,
       (r->>'total_count')::bigint = (SELECT count(*) FROM profiles.profile) AS total_is_exact
  FROM (SELECT profiles.search_profiles('{}')::jsonb AS r) s;
SELECT (profiles.search_profiles('{"page_size": 1}')::jsonb->>'total_count')::bigint = (SELECT count(*) FROM profiles.profile) AS total_independent_of_page;
-- Invalid requests.
SELECT label, public.try_sql(format('SELECT profiles.search_profiles(%L)::text', req)) AS result
  FROM (VALUES
    (1,  'page_size 0',                '{"page_size": 0}'::jsonb),
    (2,  'page_size 201',              '{"page_size": 201}'),
    (3,  'page_size -1',               '{"page_size": -1}'),
    (4,  'page_size a string',         '{"page_size": "ten"}'),
    (5,  'page_size 2.5',              '{"page_size": 2.5}'),
    (6,  'page_offset -1',             '{"page_offset": -1}'),
    (7,  'unknown field',              '{"query": "rita"}'),
    (8,  'search 256 chars',           jsonb_build_object('search', repeat('s', 256))),
    (9,  'search not a string',        '{"search": 5}'),
    (10, 'cohort_ids not an array',    '{"cohort_ids": "seed80"}'),
    (11, 'cohort_ids with a number',   '{"cohort_ids": ["seed80", 80]}'),
    (12, 'department id malformed',    '{"filter_department_ids": ["alpha"]}'),
    (13, 'not an object',              '["rita"]')
  ) AS t(ord, label, req)
 ORDER BY ord;
COMMIT;

-- A non-admin finds only itself, whatever it asks for; facets count only what it may see.
BEGIN;
SELECT profiles.set_actor(:rep, 's85', 'r85-search-rep');
SELECT label, public.search_summary(profiles.search_profiles(req)::jsonb) AS result
  FROM (VALUES
    (1, 'everything',          '{}'::jsonb),
    (2, 'cohort seed80',       '{"cohort_ids": ["seed80"]}'),
    (3, 'another name',        '{"search": "hank"}'),
    (4, 'own name',            '{"search": "RITA"}'),
    (5, 'another department',  '{"filter_department_ids": ["80000000-0000-4000-d000-000000000002"]}'),
    (6, 'another role',        '{"role_filter": "consumer"}')
  ) AS t(ord, label, req)
 ORDER BY ord;
SELECT r->>'actor_name' AS actor_name, r->'profiles'->0->>'profile_id' = :rep AS only_self
  FROM (SELECT profiles.search_profiles('{}')::jsonb AS r) s;
COMMIT;

-- Broad searches: past 1000 matches, total_count is 1000 with total_count_capped, the facets
-- are counted over a sample (facet_counts_capped, each count a lower bound), and the page is
-- still exact, whichever way it is read (the names that begin with the term as one index range,
-- then a prefix of the order of the rest; every match sorted, with a cohort filter). 1100 "Capx"
-- profiles: 1000 tagged seed85cap, 100 seed85cap2; every 3rd in Alpha, every 10th a consumer; 4
-- without a name (sorted last). 30 "Bo Capx<n>" consumers tagged seed85cap3: their names sort
-- before "Capx", but they do not begin with the term, so they come after every "Capx".
RESET SESSION AUTHORIZATION;
INSERT INTO profiles.users (id, email, role)
SELECT ('80000000-0000-4000-c000-' || lpad(n::text, 12, '0'))::uuid, 'capx' || n || '@example.com',
       CASE WHEN n % 10 = 0 THEN 'consumer' ELSE 'standard_user' END
  FROM generate_series(1, 1100) n;
INSERT INTO profiles.profile (id, first_name, last_name, email, tags, team_id, preferences)
SELECT ('80000000-0000-4000-c000-' || lpad(n::text, 12, '0'))::uuid,
       CASE WHEN n % 275 <> 0 THEN 'Capx' END, CASE WHEN n % 275 <> 0 THEN 'N' || (n * 7919 % 1100) END,
       'capx' || n || '@example.com', CASE WHEN n <= 1000 THEN '{seed85cap}'::text[] ELSE '{seed85cap2}' END,
       CASE WHEN n % 3 = 0 THEN :alpha::uuid END, '{}'
  FROM generate_series(1, 1100) n;
INSERT INTO profiles.users (id, email, role)
SELECT ('80000000-0000-4000-c000-' || lpad((2000 + n)::text, 12, '0'))::uuid, 'capxz' || n || '@example.com', 'consumer'
  FROM generate_series(1, 30) n;
INSERT INTO profiles.profile (id, first_name, last_name, email, tags, preferences)
SELECT ('80000000-0000-4000-c000-' || lpad((2000 + n)::text, 12, '0'))::uuid, 'Bo', 'Capx' || n,
       'capxz' || n || '@example.com', '{seed85cap3}', '{}'
  FROM generate_series(1, 30) n;
-- The ids of a page as computed here: term, cohort, department, role, page size, offset.
CREATE FUNCTION public.capx_ids(text, text, uuid, text, int, int) RETURNS text[]
    LANGUAGE sql STABLE AS $fn$
    SELECT array(SELECT p.id::text FROM profiles.profile p JOIN profiles.users u ON u.id = p.id
                  WHERE lower(COALESCE(p.name, '') || ' ' || COALESCE(p.email::text, '')) LIKE '%' || $1 || '%'
                    AND ($2 IS NULL OR p.tags && ARRAY[$2]) AND ($3 IS NULL OR p.team_id = $3)
                    AND ($4 IS NULL OR u.role = $4)
                  ORDER BY starts_with(lower(p.name), $1) IS NOT TRUE, lower(p.name) COLLATE "C", p.id
                  LIMIT $5 OFFSET $6)
$fn$;
CREATE FUNCTION public.page_ids(r jsonb) RETURNS text[]
    LANGUAGE sql IMMUTABLE AS $fn$
    SELECT array(SELECT p->>'profile_id' FROM jsonb_array_elements(r->'profiles') WITH ORDINALITY AS a(p, n) ORDER BY n)
$fn$;
SET SESSION AUTHORIZATION regress_shim;
BEGIN;
SELECT profiles.set_actor(:padmin, 's85', 'r85-search-broad');
SELECT label, r->>'total_count' AS total, r->>'total_count_capped' AS total_capped,
       r->>'facet_counts_capped' AS facets_capped, jsonb_array_length(r->'profiles') AS page_rows,
       public.page_ids(r) = public.capx_ids(lower(req->>'search'), cohort, department, role, lim, off) AS page_exact
  FROM (VALUES
    (1,  'broad',                           '{"search": "capx"}'::jsonb, NULL, NULL::uuid, NULL, 25, 0),
    (2,  'broad, page 3 of 100',            '{"search": "CAPX", "page_size": 100, "page_offset": 200}', NULL, NULL, NULL, 100, 200),
    (3,  'broad, last page (nameless last)', '{"search": "capx", "page_size": 10, "page_offset": 1095}', NULL, NULL, NULL, 10, 1095),
    (4,  'broad, cohort: all matches sorted', '{"search": "capx", "cohort_search": "seed85cap", "page_offset": 990}', NULL, NULL, NULL, 25, 990),
    (5,  'exactly 1000 is exact',           '{"search": "capx", "cohort_ids": ["seed85cap"]}', 'seed85cap', NULL, NULL, 25, 0),
    (6,  'department narrows below the cap', '{"search": "capx", "filter_department_ids": ["80000000-0000-4000-d000-000000000001"], "page_offset": 350}', NULL, :alpha::uuid, NULL, 25, 350),
    (7,  'role narrows below the cap',      '{"search": "capx", "role_filter": "consumer"}', NULL, NULL, 'consumer', 25, 0),
    (8,  'role filter: 990, exact',         '{"search": "capx", "role_filter": "standard_user", "page_offset": 40}', NULL, NULL, 'standard_user', 25, 40),
    (9,  'narrow term: exact',              '{"search": "capx11"}', NULL, NULL, NULL, 25, 0),
    (10, 'broad, page across both groups',  '{"search": "capx", "page_size": 50, "page_offset": 1080}', NULL, NULL, NULL, 50, 1080),
    (11, 'broad, page in the second group', '{"search": "capx", "page_size": 10, "page_offset": 1100}', NULL, NULL, NULL, 10, 1100),
    (12, 'broad, consumers across groups',  '{"search": "capx", "role_filter": "consumer", "page_size": 20, "page_offset": 100}', NULL, NULL, 'consumer', 20, 100),
    (13, 'broad, cohort: across groups',    '{"search": "capx", "cohort_search": "seed85cap", "page_size": 50, "page_offset": 1080}', NULL, NULL, NULL, 50, 1080),
    (14, 'term with a space, first group',  '{"search": "CAPX N1", "page_size": 5}', NULL, NULL, NULL, 5, 0),
    (15, 'past the end',                    '{"search": "capx", "page_offset": 5000}', NULL, NULL, NULL, 25, 5000)
  ) AS t(ord, label, req, cohort, department, role, lim, off),
  LATERAL (SELECT profiles.search_profiles(req)::jsonb AS r) s
 ORDER BY ord;
-- Capped facet counts are lower bounds; uncapped ones are exact.
SELECT label, bool_and((o->>'count')::bigint <= t.true_count) AS lower_bounds,
       bool_and((o->>'count')::bigint = t.true_count) AS exact
  FROM (VALUES (1, 'capped', '{"search": "capx"}'::jsonb), (2, 'exact', '{"search": "capx", "cohort_ids": ["seed85cap"]}')) AS q(ord, label, req),
  LATERAL jsonb_array_elements(profiles.search_profiles(q.req)::jsonb->'role_filter'->'options') o,
  LATERAL (SELECT count(*) AS true_count FROM profiles.profile p JOIN profiles.users u ON u.id = p.id
            WHERE p.email::text LIKE 'capx%' AND u.role = o->>'id'
              AND (q.ord = 1 OR p.tags && '{seed85cap}')) t
 GROUP BY q.ord, label ORDER BY q.ord;
COMMIT;

-- A term that begins many last names and few first names (the start of a common last name):
-- 1010 "<first> Zlq<n>" profiles, 2 "Zlqfirst X" (the first group) and 5 "Ab Azlq<n>" that only
-- contain it (they sort before every "Al Zlq<n>"). Past 1000 matches the facets are counted over
-- the profiles whose last name begins with the term, and the total and the page are as for any
-- capped search: capped, and exact.
RESET SESSION AUTHORIZATION;
INSERT INTO profiles.users (id, email, role)
SELECT ('80000000-0000-4000-c000-' || lpad((4000 + n)::text, 12, '0'))::uuid, 'zlq' || n || '@example.com',
       CASE WHEN n % 10 = 0 THEN 'consumer' ELSE 'standard_user' END
  FROM generate_series(1, 1017) n;
INSERT INTO profiles.profile (id, first_name, last_name, email, tags, team_id, preferences)
SELECT ('80000000-0000-4000-c000-' || lpad((4000 + n)::text, 12, '0'))::uuid,
       CASE WHEN n <= 1010 THEN (ARRAY['Al', 'Bea', 'Cy'])[n % 3 + 1] WHEN n <= 1012 THEN 'Zlqfirst' ELSE 'Ab' END,
       CASE WHEN n <= 1010 THEN 'Zlq' || (n * 7919 % 1010) WHEN n <= 1012 THEN 'X' ELSE 'Azlq' || n END,
       'zlq' || n || '@example.com', '{seed85zlq}', CASE WHEN n % 4 = 0 THEN :alpha::uuid END, '{}'
  FROM generate_series(1, 1017) n;
SET SESSION AUTHORIZATION regress_shim;
BEGIN;
SELECT profiles.set_actor(:padmin, 's85', 'r85-search-last-name');
SELECT label, r->>'total_count' AS total, r->>'total_count_capped' AS total_capped,
       r->>'facet_counts_capped' AS facets_capped, jsonb_array_length(r->'profiles') AS page_rows,
       public.page_ids(r) = public.capx_ids('zlq', NULL, NULL, NULL, lim, off) AS page_exact
  FROM (VALUES
    (1, 'last-name start',              '{"search": "zlq"}'::jsonb, 25, 0),
    (2, 'any case, across the groups',  '{"search": "ZLQ", "page_size": 10}', 10, 0),
    (3, 'a later page',                 '{"search": "zlq", "page_size": 50, "page_offset": 500}', 50, 500)
  ) AS t(ord, label, req, lim, off),
  LATERAL (SELECT profiles.search_profiles(req)::jsonb AS r) s
 ORDER BY ord;
-- Its facet counts are lower bounds, and each option is one the matches have.
SELECT f.kind, bool_and((o->>'count')::bigint BETWEEN 1 AND t.true_count) AS lower_bounds,
       count(*) AS options
  FROM (SELECT profiles.search_profiles('{"search": "zlq"}')::jsonb AS r) s,
  LATERAL (VALUES ('department_filter'), ('role_filter')) AS f(kind),
  LATERAL jsonb_array_elements(s.r->f.kind->'options') o,
  LATERAL (SELECT count(*) AS true_count FROM profiles.profile p JOIN profiles.users u ON u.id = p.id
            WHERE p.tags && '{seed85zlq}'
              AND CASE f.kind WHEN 'role_filter' THEN u.role = o->>'id' ELSE p.team_id::text = o->>'id' END) t
 GROUP BY f.kind ORDER BY f.kind;
COMMIT;
-- A non-admin still finds only itself, on every path.
BEGIN;
SELECT profiles.set_actor(:rep, 's85', 'r85-search-broad-rep');
SELECT label, public.search_summary(profiles.search_profiles(req)::jsonb) AS result
  FROM (VALUES
    (1, 'broad',              '{"search": "capx"}'::jsonb),
    (2, 'broad, role filter', '{"search": "capx", "role_filter": "standard_user"}'),
    (4, 'last-name start',    '{"search": "zlq"}'),
    (3, 'everything',         '{"page_size": 1}')
  ) AS t(ord, label, req)
 ORDER BY ord;
COMMIT;

-- The page order: names that begin with the term first, then the other matches, each group by
-- lower-cased name in code-point order, nameless last. The term is lower-cased as lower() does,
-- beyond ASCII too.
RESET SESSION AUTHORIZATION;
INSERT INTO profiles.users (id, email, role)
SELECT ('80000000-0000-4000-c000-' || lpad((3000 + n)::text, 12, '0'))::uuid, 'rank' || n || '@example.com', 'standard_user'
  FROM generate_series(1, 8) n;
INSERT INTO profiles.profile (id, first_name, last_name, email, tags, preferences)
SELECT ('80000000-0000-4000-c000-' || lpad((3000 + n)::text, 12, '0'))::uuid, f, l, e, '{seed85rank}', '{}'
  FROM (VALUES (1, 'Aaron', 'Mann', 'rank1@example.com'), (2, 'ann', 'Zed', 'rank2@example.com'),
               (3, 'Anna', 'Bell', 'rank3@example.com'), (4, 'ANN', 'Lower', 'rank4@example.com'),
               (5, 'Bob', 'Annis', 'rank5@example.com'), (6, 'Joanne', 'Ann', 'rank6@example.com'),
               (7, NULL, NULL, 'ann7@example.com'), (8, 'Émile', 'Annot', 'rank8@example.com')) AS t(n, f, l, e);
SET SESSION AUTHORIZATION regress_shim;
BEGIN;
SELECT profiles.set_actor(:padmin, 's85', 'r85-search-order');
SELECT label, r->>'total_count' AS total,
       (SELECT string_agg(COALESCE(p->>'name', '(' || (p->>'email') || ')'), ', ' ORDER BY n)
          FROM jsonb_array_elements(r->'profiles') WITH ORDINALITY AS a(p, n)) AS page
  FROM (VALUES
    (1, 'begins with the term first',  '{"search": "ANN", "cohort_ids": ["seed85rank"]}'::jsonb),
    (2, 'a page across the groups',    '{"search": "ann", "cohort_ids": ["seed85rank"], "page_size": 2, "page_offset": 2}'),
    (3, 'no term: one group',          '{"cohort_ids": ["seed85rank"]}'),
    (4, 'non-ASCII term, any case',    '{"search": "ÉMI", "cohort_ids": ["seed85rank"]}'),
    (5, 'term in the e-mail only',     '{"search": "ann7", "cohort_ids": ["seed85rank"]}')
  ) AS t(ord, label, req),
  LATERAL (SELECT profiles.search_profiles(req)::jsonb AS r) s
 ORDER BY ord;
COMMIT;

-- Clean up.
RESET SESSION AUTHORIZATION;
DROP FUNCTION public.capx_ids(text, text, uuid, text, int, int);
DROP FUNCTION public.page_ids(jsonb);
DELETE FROM profiles.users WHERE id::text LIKE '80000000-0000-4000-c000-%';
DELETE FROM profiles.activities WHERE entity_id::text LIKE '80000000-0000-4000-c000-%';
DROP FUNCTION public.search_summary(jsonb);
DELETE FROM profiles.users WHERE id::text LIKE '80000000-0000-4000-a000-0000000005%';
DELETE FROM profiles.activities WHERE entity_id::text LIKE '80000000-0000-4000-a000-0000000005%';
