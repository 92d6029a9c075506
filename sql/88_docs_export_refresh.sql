--
-- 88_docs_export_refresh: seed 003 docs, export and refresh.
-- Docs: entries from the catalog comments of the functions, resources from those of the
-- tables and views, api_operations from the route table profiles.api_operation.
-- Export: a CSV of the profiles the actor may see, stored in chunks that reassemble to
-- profiles.export_csv() for the same actor; RFC 4180 quoting and formula neutralisation;
-- export_info for the creator or an admin (42501 otherwise, P0002 when unknown).
-- Refresh: admins only; the facet counts of unfiltered admin searches follow the data after
-- a refresh.
--
-- Users of this file (created here, removed at the end):
--   ...0801 a profile whose values need CSV quoting and neutralisation
--   ...0802 a user with a role of its own (seed88_role) in the department Delta88
--
\set rep    '''80000000-0000-4000-a000-000000000001'''
\set head   '''80000000-0000-4000-a000-000000000002'''
\set padmin '''80000000-0000-4000-a000-000000000005'''
\set tricky '''80000000-0000-4000-a000-000000000801'''

INSERT INTO profiles.users (id, email, role) VALUES
    ('80000000-0000-4000-a000-000000000801', 'tricky88@example.com', 'consumer');
-- One transaction: the contact does not make a new version of a profile nobody has seen yet.
BEGIN;
INSERT INTO profiles.profile (id, first_name, middle_name, last_name, email, company_name, job_title,
                              city, tags, created_at, updated_at) VALUES
    ('80000000-0000-4000-a000-000000000801', '=1+1', '-2', 'Say "hi"', 'tricky88@example.com',
     'Acme, Inc.', '@SUM(A1)', E'Line 1\nLine 2', '{"a,b",c}', '2021-01-01 00:00:00+00', '2021-01-02 03:04:05.678+00');
INSERT INTO profiles.contact (profile_id, key, value, created_at) VALUES
    ('80000000-0000-4000-a000-000000000801', 'phone', '+14155550801', '2021-01-01 00:00:00+00');
COMMIT;

SET SESSION AUTHORIZATION regress_shim;

-- Without an actor: 42501.
SELECT public.try_sql($$SELECT profiles.profile_docs()::text$$) AS docs,
       public.try_sql($$SELECT profiles.export_profiles()::text$$) AS export,
       public.try_sql($$SELECT profiles.refresh_views()::text$$) AS refresh;

--
-- Docs
--
BEGIN;
SELECT profiles.set_actor(:rep, 's88', 'r88-docs');
SELECT d->>'name' AS name, d->>'type' AS type, d->'artifact'->>'name' AS artifact,
       d->'artifact'->>'version' = (SELECT extversion FROM pg_extension WHERE extname = 'pg_profiles') AS artifact_version,
       d->>'description' = obj_description((SELECT oid FROM pg_extension WHERE extname = 'pg_profiles'), 'pg_extension') AS description_is_comment,
       d->'page_metadata' AS page_metadata
  FROM (SELECT profiles.profile_docs()::jsonb AS d) s;
-- One entry per function of the schema (trigger functions aside), each with its comment; one
-- resource per table and view, each with its comment; every route of the route table.
SELECT (SELECT count(*) FROM jsonb_array_elements(d->'entries')) =
       (SELECT count(*) FROM pg_proc p WHERE p.pronamespace = 'profiles'::regnamespace
           AND p.prorettype <> 'trigger'::regtype) AS entry_per_function,
       (SELECT bool_and(e->>'description' = coalesce(
                  (SELECT obj_description(p.oid, 'pg_proc') FROM pg_proc p
                    WHERE p.pronamespace = 'profiles'::regnamespace AND p.proname = e->>'name'
                      AND pg_get_function_identity_arguments(p.oid) = e->>'arguments'), '#'))
          FROM jsonb_array_elements(d->'entries') e) AS entries_are_comments,
       (SELECT count(*) FROM jsonb_array_elements(d->'resources')) =
       (SELECT count(*) FROM pg_class c WHERE c.relnamespace = 'profiles'::regnamespace AND c.relkind IN ('r', 'v', 'm')) AS resource_per_relation,
       (SELECT count(*) FROM jsonb_array_elements(d->'api_operations')) = (SELECT count(*) FROM profiles.api_operation) AS every_operation,
       (SELECT count(*) FROM jsonb_array_elements(d->'permissions')) = (SELECT count(*) FROM profiles.api_operation) AS every_permission
  FROM (SELECT profiles.profile_docs()::jsonb AS d) s;
-- Every function and relation of the API is documented (no empty comment).
SELECT e->>'type' AS type, e->>'name' AS undocumented
  FROM (SELECT profiles.profile_docs()::jsonb AS d) s,
       jsonb_array_elements(d->'entries' || d->'resources') e
 WHERE coalesce(e->>'description', '') = '' ORDER BY 1, 2;
-- The function of each route exists and is documented.
SELECT o->>'function' AS route_function_without_entry
  FROM (SELECT profiles.profile_docs()::jsonb AS d) s, jsonb_array_elements(d->'api_operations') o
 WHERE NOT EXISTS (SELECT 1 FROM jsonb_array_elements(d->'entries') e WHERE e->>'name' = o->>'function');
-- Narrowed to one function, one route, one view, and to something unknown.
SELECT e - 'description' AS entry,
       e->>'description' = obj_description('profiles.me_update(jsonb)'::regprocedure, 'pg_proc') AS description_is_comment,
       jsonb_array_length(d->'entries') AS entries, jsonb_array_length(d->'resources') AS resources
  FROM (SELECT profiles.profile_docs('me_update')::jsonb AS d) s, jsonb_array_elements(d->'entries') e;
SELECT jsonb_pretty(profiles.profile_docs('me_update')::jsonb->'api_operations') AS api_operations;
SELECT jsonb_array_length(d->'entries') AS entries,
       (SELECT string_agg((o->>'method') || ' ' || (o->>'function'), ', ' ORDER BY o->>'method') FROM jsonb_array_elements(d->'api_operations') o) AS operations
  FROM (SELECT profiles.profile_docs('/profiles/{profileId}')::jsonb AS d) s;
SELECT d->'resources' AS resources
  FROM (SELECT profiles.profile_docs('export_rows')::jsonb AS d) s;
SELECT jsonb_array_length(d->'entries') AS entries, jsonb_array_length(d->'resources') AS resources,
       jsonb_array_length(d->'api_operations') AS api_operations,
       jsonb_array_length(d->'permissions') = (SELECT count(*) FROM profiles.api_operation) AS permissions_unfiltered
  FROM (SELECT profiles.profile_docs('no_such_thing')::jsonb AS d) s;
COMMIT;

--
-- Export
--
-- Small chunks (as the superuser, whose setting this is), so that an export spans several.
RESET SESSION AUTHORIZATION;
SET pg_profiles.export_chunk_rows = 10;
SET SESSION AUTHORIZATION regress_shim;
BEGIN;
SELECT profiles.set_actor(:padmin, 's88', 'r88-export-admin');
SELECT profiles.export_profiles('weekly-88')::jsonb AS admin_export \gset
SELECT :'admin_export'::jsonb->>'upload_id' AS admin_upload \gset
SELECT array(SELECT jsonb_object_keys(:'admin_export'::jsonb) ORDER BY 1) AS keys,
       (:'admin_export'::jsonb->>'file_name') ~ '^profiles-[0-9]{14}\.csv$' AS file_name_format,
       (:'admin_export'::jsonb->>'row_count')::bigint = (SELECT count(*) FROM profiles.profile) AS all_rows;
-- The chunks reassemble to the CSV that export_csv() gives the same actor; several chunks.
SELECT (SELECT string_agg(c.data, '' ORDER BY c.seq) FROM profiles.export_chunk c WHERE c.export_id = :'admin_upload')
       = (SELECT string_agg(l, '') FROM profiles.export_csv() l) AS chunks_equal_export_csv,
       (SELECT count(*) > 1 FROM profiles.export_chunk c WHERE c.export_id = :'admin_upload') AS several_chunks,
       (SELECT min(c.seq) = 0 AND max(c.seq) = count(*) - 1
          FROM profiles.export_chunk c WHERE c.export_id = :'admin_upload') AS seq_from_0;
-- Header, then one line per profile (CRLF line ends); the number of records is row_count.
SELECT l AS header FROM profiles.export_csv() l LIMIT 1;
SELECT count(*) - 1 = (:'admin_export'::jsonb->>'row_count')::bigint AS records_match_row_count
  FROM profiles.export_csv() l;
-- Quoting and formula neutralisation: quotes doubled, cells with a comma, quote or line break
-- quoted, cells starting with = + - @ prefixed with an apostrophe.
SELECT l AS tricky_record FROM profiles.export_csv() l WHERE l LIKE '80000000-0000-4000-a000-000000000801,%';
-- export_info: the creator (an admin) reads it.
SELECT i - 'upload_id' - 'file_name' - 'row_count' AS info, i->>'upload_id' = :'admin_upload' AS same_id,
       i->>'file_name' = :'admin_export'::jsonb->>'file_name' AS same_file_name,
       i->>'row_count' = :'admin_export'::jsonb->>'row_count' AS same_row_count,
       (i->>'byte_count')::bigint = (SELECT sum(octet_length(c.data)) FROM profiles.export_chunk c WHERE c.export_id = :'admin_upload') AS byte_count_is_size
  FROM (SELECT profiles.export_info(:'admin_upload')::jsonb AS i) s;
COMMIT;
RESET SESSION AUTHORIZATION;
RESET pg_profiles.export_chunk_rows;
SET SESSION AUTHORIZATION regress_shim;

-- A non-admin exports what it may see: its own profile.
BEGIN;
SELECT profiles.set_actor(:rep, 's88', 'r88-export-rep');
SELECT profiles.export_profiles()::jsonb AS rep_export \gset
SELECT :'rep_export'::jsonb->>'upload_id' AS rep_upload \gset
SELECT (:'rep_export'::jsonb->>'row_count')::int AS row_count;
SELECT (SELECT string_agg(c.data, '' ORDER BY c.seq) FROM profiles.export_chunk c WHERE c.export_id = :'rep_upload')
       = (SELECT string_agg(l, '') FROM profiles.export_csv() l) AS chunks_equal_export_csv;
SELECT split_part(l, ',', 1) = :rep AS own_profile_only FROM profiles.export_csv() l OFFSET 1;
SELECT profiles.export_info(:'rep_upload')::jsonb->>'status' AS own_export_status,
       profiles.export_info(:'rep_upload')::jsonb->>'row_count' AS own_export_rows;
-- Another user's export: 42501, and its rows are not visible.
SELECT public.try_sql(format('SELECT profiles.export_info(%L)::text', :'admin_upload')) AS admin_export_info;
SELECT count(*) AS visible_admin_export_rows FROM profiles.export WHERE id = :'admin_upload';
SELECT count(*) AS visible_admin_export_chunks FROM profiles.export_chunk WHERE export_id = :'admin_upload';
SELECT public.try_sql($$SELECT profiles.export_info('80000000-0000-4000-f000-0000000008ff')::text$$) AS unknown_export,
       public.try_sql($$SELECT profiles.export_info(NULL)::text$$) AS null_id,
       public.try_sql(format('SELECT profiles.export_profiles(%L)::text', repeat('x', 256))) AS label_too_long;
COMMIT;
BEGIN;
SELECT profiles.set_actor(:head, 's88', 'r88-export-head');
SELECT public.try_sql(format('SELECT profiles.export_info(%L)::text', :'rep_upload')) AS other_users_export;
SELECT count(*) AS visible_rep_chunks FROM profiles.export_chunk WHERE export_id = :'rep_upload';
COMMIT;
-- A user without a profile sees no rows: the export is the header alone, in the chunks and
-- in export_csv() alike.
BEGIN;
SELECT profiles.set_actor('80000000-0000-4000-a000-000000000009', 's88', 'r88-export-empty');
SELECT profiles.export_profiles()::jsonb AS empty_export \gset
SELECT :'empty_export'::jsonb->>'upload_id' AS empty_upload \gset
SELECT (:'empty_export'::jsonb->>'row_count')::int AS row_count;
SELECT (SELECT string_agg(c.data, '' ORDER BY c.seq) FROM profiles.export_chunk c WHERE c.export_id = :'empty_upload')
       LIKE 'profile_id,first_name,%' AS chunks_hold_the_header,
       coalesce((SELECT string_agg(l, '') FROM profiles.export_csv() l), '<no lines>')
       = (SELECT string_agg(c.data, '' ORDER BY c.seq) FROM profiles.export_chunk c WHERE c.export_id = :'empty_upload')
       AS chunks_equal_export_csv;
COMMIT;
-- Admins may read any export.
BEGIN;
SELECT profiles.set_actor(:padmin, 's88', 'r88-export-admin-reads');
SELECT profiles.export_info(:'rep_upload')::jsonb->>'row_count' AS admin_reads_rep_export;
SELECT (SELECT string_agg(c.data, '' ORDER BY c.seq) FROM profiles.export_chunk c WHERE c.export_id = :'rep_upload')
       LIKE 'profile_id,%' AS admin_reads_rep_chunks;
COMMIT;
RESET SESSION AUTHORIZATION;
SELECT e.profile_export_id, public.short_id(e.creator_id::text) AS creator, e.status, e.finished_at IS NOT NULL AS finished,
       e.row_count > 0 AS has_rows
  FROM profiles.export e WHERE e.id IN (:'admin_upload', :'rep_upload', :'empty_upload')
 ORDER BY e.profile_export_id NULLS LAST, e.row_count DESC;
SELECT a.request_id, a.action, a.entity, public.short_id(a.actor_id::text) AS actor,
       a.metadata->>'row_count' = (SELECT e.row_count::text FROM profiles.export e WHERE e.id = a.entity_id) AS row_count_logged,
       a.metadata->>'file_name' = (SELECT e.file_name FROM profiles.export e WHERE e.id = a.entity_id) AS file_name_logged
  FROM profiles.activities a WHERE a.request_id LIKE 'r88-export-%' ORDER BY a.id;
SET SESSION AUTHORIZATION regress_shim;

--
-- Refresh
--
BEGIN;
SELECT profiles.set_actor(:rep, 's88', 'r88-refresh-rep');
SELECT public.try_sql($$SELECT profiles.refresh_views()::text$$) AS non_admin_refresh;
COMMIT;
-- A role and a department that only exist after the last refresh.
RESET SESSION AUTHORIZATION;
INSERT INTO profiles.department (id, organization_id, name) VALUES
    ('80000000-0000-4000-d000-000000000088', '80000000-0000-4000-b000-000000000001', 'Delta88');
INSERT INTO profiles.users (id, email, role) VALUES ('80000000-0000-4000-a000-000000000802', 'role88@example.com', 'seed88_role');
INSERT INTO profiles.profile (id, first_name, team_id) VALUES
    ('80000000-0000-4000-a000-000000000802', 'Roly', '80000000-0000-4000-d000-000000000088');
SET SESSION AUTHORIZATION regress_shim;
-- Facets of an unfiltered admin search come from the materialized view: not there yet.
BEGIN;
SELECT profiles.set_actor(:padmin, 's88', 'r88-refresh');
SELECT (SELECT count(*) FROM jsonb_array_elements(r->'role_filter'->'options') o WHERE o->>'id' = 'seed88_role') AS role_option_before,
       (SELECT count(*) FROM jsonb_array_elements(r->'department_filter'->'options') o WHERE o->>'name' = 'Delta88') AS department_option_before
  FROM (SELECT profiles.search_profiles('{"role_search": "seed88", "department_search": "delta88"}')::jsonb AS r) s;
-- A filtered search counts live.
SELECT profiles.search_profiles('{"role_filter": "seed88_role"}')::jsonb->'role_filter'->'options' @> '[{"id": "seed88_role", "count": 1}]' AS live_count;
SELECT profiles.refresh_views()::jsonb AS refreshed;
SELECT r->'role_filter'->'options' AS role_options_after, r->'department_filter'->'options' AS department_options_after
  FROM (SELECT profiles.search_profiles('{"role_search": "seed88", "department_search": "delta88"}')::jsonb AS r) s;
COMMIT;
-- After the data changes, the cached counts stay until the next refresh.
RESET SESSION AUTHORIZATION;
DELETE FROM profiles.users WHERE id = '80000000-0000-4000-a000-000000000802';
SET SESSION AUTHORIZATION regress_shim;
BEGIN;
SELECT profiles.set_actor(:padmin, 's88', 'r88-refresh-2');
SELECT r->'role_filter'->'options' AS stale_role_options
  FROM (SELECT profiles.search_profiles('{"role_search": "seed88"}')::jsonb AS r) s;
SELECT profiles.refresh_views()::jsonb->>'success' AS refreshed_again;
SELECT r->'role_filter'->'options' AS role_options, r->'department_filter'->'options' AS department_options
  FROM (SELECT profiles.search_profiles('{"role_search": "seed88", "department_search": "delta88"}')::jsonb AS r) s;
COMMIT;
RESET SESSION AUTHORIZATION;
SELECT kind, key, label, count FROM profiles.directory_facets WHERE label IN ('seed88_role', 'Delta88') ORDER BY kind;
SELECT request_id, action, entity, entity_id, actor, metadata FROM public.seed_activity
 WHERE request_id LIKE 'r88-refresh%' ORDER BY id;

-- Clean up.
DELETE FROM profiles.export WHERE id IN (:'admin_upload', :'rep_upload', :'empty_upload');
DELETE FROM profiles.department WHERE id = '80000000-0000-4000-d000-000000000088';
REFRESH MATERIALIZED VIEW CONCURRENTLY profiles.directory_facets;
DELETE FROM profiles.users WHERE id = :tricky;
DELETE FROM profiles.activities WHERE request_id LIKE 'r88-%'
    OR entity_id::text LIKE '80000000-0000-4000-a000-0000000008%';
