-- Workload 7's candidate indexes, created in profiles_bench only when the list misses its target
-- without them (see RESULTS.md for the measured effect; the schema owns the decision).
-- lastName filter (lower(last_name) = lower($3)) with the lastName sort (last_name NULLS FIRST,
-- id): one index gives the matching rows already in page order, and serves the count.
CREATE INDEX IF NOT EXISTS bench_profile_last_name_idx
    ON profiles.profile (lower(last_name), last_name NULLS FIRST, id);
-- The default sort (created_at ASC NULLS FIRST, id): the schema's profile_created_at_idx is
-- (created_at, id), i.e. NULLS LAST, which an ascending NULLS FIRST scan cannot use.
CREATE INDEX IF NOT EXISTS bench_profile_created_at_nulls_first_idx
    ON profiles.profile (created_at NULLS FIRST, id);
ANALYZE profiles.profile;
