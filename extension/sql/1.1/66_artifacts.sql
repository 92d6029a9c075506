-- Seed 003: the profile artifact API (context, get, search, bulk writes, duplicate, drafts,
-- emulation, docs, export, refresh).

-- Trigram search over name and e-mail: the expression below is the one search_profiles uses.
DO $trgm$
DECLARE nsp name;
BEGIN
    SELECT n.nspname INTO nsp FROM pg_catalog.pg_extension e
      JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm';
    EXECUTE pg_catalog.format(
        'CREATE INDEX profile_search_idx ON @extschema@.profile USING gin '
        '((pg_catalog.lower(COALESCE(name, '''') || '' '' || COALESCE(email::text, ''''))) %I.gin_trgm_ops)',
        nsp);
END
$trgm$;

-- The denormalized rows of a CSV export (and of a DBA's COPY). security_invoker: row-level
-- security of the underlying tables applies to whoever reads it.
CREATE VIEW @extschema@.export_rows WITH (security_invoker = true) AS
SELECT p.id AS profile_id, p.first_name, p.middle_name, p.last_name, p.name, p.email, p.phone,
       p.enabled, u.role, p.company_name, p.job_title, p.city, c.name AS country_name,
       c.alpha2_code AS country_code, c.region_name, d.name AS department_name,
       (SELECT pg_catalog.string_agg(ct.key || ':' || ct.value, '; ' ORDER BY ct.seq)
          FROM @extschema@.contact ct WHERE ct.profile_id = p.id) AS contacts,
       s.plan AS subscription_plan, s.status AS subscription_status,
       (SELECT COALESCE(pg_catalog.sum(cp.minutes), 0) FROM @extschema@.call_purchase cp
         WHERE cp.profile_id = p.id) AS call_minutes,
       (SELECT pg_catalog.count(*) FROM @extschema@.phone_subscription f
         WHERE f.profile_id = p.id AND f.ended_at IS NULL) AS phone_numbers,
       p.tags, p.created_at, p.updated_at
FROM @extschema@.profile p
JOIN @extschema@.users u ON u.id = p.id
LEFT JOIN @extschema@.country c ON c.numeric_code = p.country_numeric_code
LEFT JOIN @extschema@.department d ON d.id = p.team_id
LEFT JOIN LATERAL (SELECT s.plan, s.status FROM @extschema@.subscription s
                    WHERE s.profile_id = p.id ORDER BY s.created_at DESC, s.id LIMIT 1) s ON true;
COMMENT ON VIEW @extschema@.export_rows IS
    'One denormalized row per profile (country, department, contacts, subscription summary): the content of CSV exports.';

-- Progress of running exports, live (the exporting backend reports it in pg_stat_activity).
CREATE VIEW @extschema@.export_progress AS
SELECT a.pid, (pg_catalog.regexp_match(a.query, '^pg_profiles export ([0-9a-f-]+): ([0-9]+) rows$'))[1]::uuid AS export_id,
       (pg_catalog.regexp_match(a.query, '^pg_profiles export ([0-9a-f-]+): ([0-9]+) rows$'))[2]::bigint AS rows_written,
       a.query_start AS started_at
FROM pg_catalog.pg_stat_activity a WHERE a.query ~ '^pg_profiles export [0-9a-f-]+: [0-9]+ rows$';
COMMENT ON VIEW @extschema@.export_progress IS 'Exports running right now and the rows written so far.';

-- Facet counts over all profiles, for unfiltered admin searches; rebuilt by refresh_views().
CREATE MATERIALIZED VIEW @extschema@.directory_facets AS
SELECT 'department'::text AS kind, d.id::text AS key, d.name AS label, pg_catalog.count(p.id) AS count
FROM @extschema@.department d LEFT JOIN @extschema@.profile p ON p.team_id = d.id
GROUP BY d.id, d.name
UNION ALL
SELECT 'role', u.role, u.role, pg_catalog.count(*)
FROM @extschema@.profile p JOIN @extschema@.users u ON u.id = p.id
GROUP BY u.role;
CREATE UNIQUE INDEX directory_facets_key_idx ON @extschema@.directory_facets (kind, key);
COMMENT ON MATERIALIZED VIEW @extschema@.directory_facets IS
    'Department and role counts of all profiles as of the last refresh (profiles.refresh_views()).';

CREATE FUNCTION @extschema@.profile_context(department_id uuid DEFAULT NULL) RETURNS json
    LANGUAGE c VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'profiles_profile_context';
COMMENT ON FUNCTION @extschema@.profile_context(uuid) IS
    'Identity, permissions and theme of the actor, scoped to a department when given.';

CREATE FUNCTION @extschema@.profile_sections(target_profile_id uuid DEFAULT NULL, draft_id uuid DEFAULT NULL) RETURNS json
    LANGUAGE c VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'profiles_profile_sections';
COMMENT ON FUNCTION @extschema@.profile_sections(uuid, uuid) IS
    'A profile in sections (names, emails, request_limits, flags, departments, roles) with can_edit and disabled_reason; with a draft, the draft''s values over the profile.';

CREATE FUNCTION @extschema@.search_profiles(request jsonb DEFAULT '{}') RETURNS json
    LANGUAGE c VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'profiles_search_profiles';
COMMENT ON FUNCTION @extschema@.search_profiles(jsonb) IS
    'Trigram search over name and e-mail with cohort (tag), department and role filters, facet counts and an exact total. page_size 1..200 (25).';

CREATE FUNCTION @extschema@.bulk_create(request jsonb) RETURNS json
    LANGUAGE c VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'profiles_bulk_create';
COMMENT ON FUNCTION @extschema@.bulk_create(jsonb) IS
    'Creates profiles {profiles: [...]}, each item in its own subtransaction; one result per item. Admins only.';

CREATE FUNCTION @extschema@.bulk_update(request jsonb) RETURNS json
    LANGUAGE c VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'profiles_bulk_update';
COMMENT ON FUNCTION @extschema@.bulk_update(jsonb) IS
    'Updates profiles {profiles: [{profile_id, expected_version?, ...}]}, each item in its own subtransaction.';

CREATE FUNCTION @extschema@.bulk_delete(request jsonb) RETURNS json
    LANGUAGE c VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'profiles_bulk_delete';
COMMENT ON FUNCTION @extschema@.bulk_delete(jsonb) IS
    'Deletes profiles {profile_ids: [...]}, each item in its own subtransaction.';

CREATE FUNCTION @extschema@.duplicate_profile(target_profile_id uuid) RETURNS json
    LANGUAGE c VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'profiles_duplicate_profile';
COMMENT ON FUNCTION @extschema@.duplicate_profile(uuid) IS
    'Copies a profile into a new user (e-mail, phone and external ids cleared, last name marked "(copy)"). Admins only.';

CREATE FUNCTION @extschema@.draft_patch(request jsonb) RETURNS json
    LANGUAGE c VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'profiles_draft_patch';
COMMENT ON FUNCTION @extschema@.draft_patch(jsonb) IS
    'Creates or updates a draft of the actor. Updating needs expected_version = the draft''s version (40001 otherwise, with the current version).';

CREATE FUNCTION @extschema@.drafts() RETURNS json
    LANGUAGE c VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'profiles_drafts';
COMMENT ON FUNCTION @extschema@.drafts() IS 'The actor''s drafts, newest first.';

CREATE FUNCTION @extschema@.emulate(target_profile_id uuid, ttl_minutes integer DEFAULT 15) RETURNS json
    LANGUAGE c VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'profiles_emulate';
COMMENT ON FUNCTION @extschema@.emulate(uuid, integer) IS
    'Admins: act as another user in this session for ttl_minutes (1..240). Nests up to pg_profiles.max_emulation_depth; never as a user with a higher role.';

CREATE FUNCTION @extschema@.unemulate() RETURNS json
    LANGUAGE c VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'profiles_unemulate';
COMMENT ON FUNCTION @extschema@.unemulate() IS 'Ends the innermost emulation layer of this session.';

CREATE FUNCTION @extschema@.profile_docs(entity_id text DEFAULT NULL) RETURNS json
    LANGUAGE c VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'profiles_profile_docs';
COMMENT ON FUNCTION @extschema@.profile_docs(text) IS
    'Documentation of the profile artifact from catalog comments and the route table.';

CREATE FUNCTION @extschema@.export_profiles(profile_export_id text DEFAULT NULL) RETURNS json
    LANGUAGE c VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'profiles_export_profiles';
COMMENT ON FUNCTION @extschema@.export_profiles(text) IS
    'Exports the profiles the actor may see as CSV (RFC 4180, formula cells neutralised), stored in chunks for download; returns {upload_id, file_name, row_count}.';

CREATE FUNCTION @extschema@.export_info(upload_id uuid) RETURNS json
    LANGUAGE c VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'profiles_export_info';
COMMENT ON FUNCTION @extschema@.export_info(uuid) IS
    'An export''s file name and size, for its creator or an admin; read its content from profiles.export_chunk ordered by seq.';

CREATE FUNCTION @extschema@.export_csv() RETURNS SETOF text
    LANGUAGE c VOLATILE PARALLEL UNSAFE ROWS 1000 AS 'MODULE_PATHNAME', 'profiles_export_csv';
COMMENT ON FUNCTION @extschema@.export_csv() IS
    'The export CSV line by line (header first), for SQL callers: SELECT string_agg(l, '''') FROM profiles.export_csv() l.';

CREATE FUNCTION @extschema@.refresh_views() RETURNS json
    LANGUAGE c VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'profiles_refresh_views';
COMMENT ON FUNCTION @extschema@.refresh_views() IS
    'Admins: refreshes the materialized views concurrently and notifies channel pg_profiles_cache.';

-- Drafts belong to their owner; exports to their creator (and admins).
ALTER TABLE @extschema@.draft ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.draft FORCE ROW LEVEL SECURITY;
CREATE POLICY draft_owner ON @extschema@.draft FOR ALL
    USING (owner_id = (SELECT @extschema@.current_actor()))
    WITH CHECK (owner_id = (SELECT @extschema@.current_actor()));
ALTER TABLE @extschema@.export ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.export FORCE ROW LEVEL SECURITY;
CREATE POLICY export_read ON @extschema@.export FOR SELECT
    USING (creator_id = (SELECT @extschema@.real_actor()) OR (SELECT @extschema@.is_admin()));
ALTER TABLE @extschema@.export_chunk ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.export_chunk FORCE ROW LEVEL SECURITY;
CREATE POLICY export_chunk_read ON @extschema@.export_chunk FOR SELECT
    USING (EXISTS (SELECT 1 FROM @extschema@.export e WHERE e.id = export_id
                   AND (e.creator_id = (SELECT @extschema@.real_actor()) OR (SELECT @extschema@.is_admin()))));

GRANT SELECT, INSERT, DELETE ON @extschema@.draft TO profiles_user;
GRANT UPDATE (form_state, version, updated_at) ON @extschema@.draft TO profiles_user;
GRANT SELECT ON @extschema@.export, @extschema@.export_chunk, @extschema@.export_rows,
                @extschema@.export_progress, @extschema@.api_operation TO profiles_user;
GRANT EXECUTE ON FUNCTION
    @extschema@.profile_context(uuid), @extschema@.profile_sections(uuid, uuid),
    @extschema@.search_profiles(jsonb), @extschema@.bulk_create(jsonb), @extschema@.bulk_update(jsonb),
    @extschema@.bulk_delete(jsonb), @extschema@.duplicate_profile(uuid), @extschema@.draft_patch(jsonb),
    @extschema@.drafts(), @extschema@.emulate(uuid, integer), @extschema@.unemulate(),
    @extschema@.profile_docs(text), @extschema@.export_profiles(text), @extschema@.export_info(uuid),
    @extschema@.export_csv(), @extschema@.refresh_views()
    TO profiles_user;
