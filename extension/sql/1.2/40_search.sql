-- Seed 003 search: the page order of a search (the lower-cased name in code-point order, then
-- id) as an index that also holds the searched text (the expression of profile_search_idx) and
-- what the department filter reads. A search with many matches reads its page from it instead
-- of sorting every match: the names that begin with the search text (which come first) are one
-- range of it, and the other matches are most often within a short prefix of it. name and email
-- are there so that the scans can be index-only.
CREATE INDEX profile_name_order_idx ON @extschema@.profile
    ((pg_catalog.lower(name)) COLLATE "C", id,
     (pg_catalog.lower(COALESCE(name, '') || ' ' || COALESCE(email::text, ''))))
    INCLUDE (name, email, team_id);

-- The profiles whose last name begins with the search text, as one range of this index (in
-- code-point order, like the first group above). A search for the start of a common last name
-- (most names are "First Last") has thousands of matches that do not begin the name; when that
-- range alone holds more than 1000 profiles, the sample a capped search counts its facets over is
-- read from it, index-only (last_name is there because the planner reads an expression's column
-- from the index to scan it index-only), instead of collecting every match through the trigram
-- index first.
CREATE INDEX profile_last_name_prefix_idx ON @extschema@.profile
    ((pg_catalog.lower(last_name)) COLLATE "C", id) INCLUDE (last_name, name, email, team_id);

-- The role of a profile as search reads it (its facet, its filter): users with a role other
-- than the default. Most users have the default role, so this index is small, and a search that
-- looks up the role of each of its sampled matches probes it instead of the primary key of
-- every user; a user it does not hold has the default role.
CREATE INDEX users_other_role_idx ON @extschema@.users (id) INCLUDE (role)
    WHERE role <> 'standard_user';

COMMENT ON FUNCTION @extschema@.search_profiles(jsonb) IS
    'Trigram search over name and e-mail with cohort (tag), department and role filters, facet counts and a total. page_size 1..200 (25). Counts are exact up to 1000 matching profiles: past that, total_count is 1000 with total_count_capped true (at least that many match), and facet_counts_capped is true when the facet counts were counted over a sample of 1000 matches (each count is then a lower bound, and options may be missing). The page is always exact: profiles whose name begins with the search text first, then the other matches, each group by lower-cased name (code-point order) and id, nameless profiles last.';
