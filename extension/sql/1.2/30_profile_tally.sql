-- The number of profiles without counting them. Statement triggers add each statement's
-- inserted and deleted rows to one of 16 slots; the total is their sum (with profile_tally_pending),
-- exact in every snapshot.
CREATE TABLE @extschema@.profile_tally (
    slot integer PRIMARY KEY CHECK (slot >= 0 AND slot < 16),
    n    bigint NOT NULL
);
COMMENT ON TABLE @extschema@.profile_tally IS
    'Profile count in 16 slots (sum(n) = count(*) of profile), kept by statement triggers; refresh_views() recounts.';
INSERT INTO @extschema@.profile_tally (slot, n)
SELECT s, CASE WHEN s = 0 THEN (SELECT pg_catalog.count(*) FROM @extschema@.profile) ELSE 0 END
FROM pg_catalog.generate_series(0, 15) s;
-- A transaction that reads one snapshot (REPEATABLE READ, SERIALIZABLE) cannot update a slot
-- that another transaction changed after that snapshot (it would fail with 40001): it adds a
-- row here instead, which the next READ COMMITTED writer folds into its slot.
CREATE TABLE @extschema@.profile_tally_pending (
    n bigint NOT NULL
);
COMMENT ON TABLE @extschema@.profile_tally_pending IS
    'Profile count changes of REPEATABLE READ / SERIALIZABLE writers, not yet folded into profile_tally (the total is the sum of both).';

CREATE FUNCTION @extschema@.tally_profiles() RETURNS trigger
    LANGUAGE c AS 'MODULE_PATHNAME', 'profiles_tally_profiles';
COMMENT ON FUNCTION @extschema@.tally_profiles() IS
    'AFTER INSERT/DELETE/TRUNCATE FOR EACH STATEMENT on profile: keeps profile_tally.';
CREATE TRIGGER profile_tally_insert AFTER INSERT ON @extschema@.profile
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.tally_profiles();
CREATE TRIGGER profile_tally_delete AFTER DELETE ON @extschema@.profile
    REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.tally_profiles();
CREATE TRIGGER profile_tally_truncate AFTER TRUNCATE ON @extschema@.profile
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.tally_profiles();

CREATE FUNCTION @extschema@.recount_profiles() RETURNS bigint
    LANGUAGE c VOLATILE PARALLEL UNSAFE AS 'MODULE_PATHNAME', 'profiles_recount_profiles';
COMMENT ON FUNCTION @extschema@.recount_profiles() IS
    'Maintenance (superuser): rebuilds profile_tally from count(*) after a load or restore with triggers off (session_replication_role = replica); returns the count.';

COMMENT ON FUNCTION @extschema@.refresh_views() IS
    'Admins: refreshes the materialized views concurrently, recounts profile_tally and notifies channel pg_profiles_cache.';
