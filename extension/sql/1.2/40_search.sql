-- Seed 003 search: the page order of a search (name, then id) as an index that also holds the
-- searched text (the expression of profile_search_idx, stored, not recomputed) and what the
-- department filter reads, so a search with many matches reads its page from a prefix of this
-- index (an index-only scan) instead of sorting every match. email is there only so that the
-- scan can be index-only.
CREATE INDEX profile_name_order_idx ON @extschema@.profile
    (name, id, (pg_catalog.lower(COALESCE(name, '') || ' ' || COALESCE(email::text, ''))))
    INCLUDE (email, team_id);

COMMENT ON FUNCTION @extschema@.search_profiles(jsonb) IS
    'Trigram search over name and e-mail with cohort (tag), department and role filters, facet counts and a total. page_size 1..200 (25). Counts are exact up to 1000 matching profiles: past that, total_count is 1000 with total_count_capped true (at least that many match), and facet_counts_capped is true when the facet counts were counted over a sample of 1000 matches (each count is then a lower bound, and options may be missing). The page is always exact.';
