-- The case-insensitive name filters of the REST list (seed 002); the trailing columns give a
-- filtered list sorted by the same name its order (ORDER BY x NULLS FIRST, id) without a sort.
DROP INDEX @extschema@.profile_lower_last_name_idx;
DROP INDEX @extschema@.profile_lower_first_name_idx;
DROP INDEX @extschema@.profile_lower_name_idx;
CREATE INDEX profile_lower_last_name_idx ON @extschema@.profile (pg_catalog.lower(last_name), last_name NULLS FIRST, id);
CREATE INDEX profile_lower_first_name_idx ON @extschema@.profile (pg_catalog.lower(first_name), first_name NULLS FIRST, id);
CREATE INDEX profile_lower_name_idx ON @extschema@.profile (pg_catalog.lower(name), name NULLS FIRST, id);
