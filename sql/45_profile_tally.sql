--
-- 45_profile_tally: the profile count kept by statement triggers equals count(*) after every
-- kind of write, rollback and recount; an unfiltered admin list reports it as its total.
--
CREATE FUNCTION pg_temp.tally_ok() RETURNS boolean LANGUAGE sql AS
$$ SELECT (SELECT sum(n) FROM profiles.profile_tally)
          + (SELECT COALESCE(sum(n), 0) FROM profiles.profile_tally_pending)
          = (SELECT count(*) FROM profiles.profile) $$;
SELECT count(*) AS slots, pg_temp.tally_ok() AS tally_ok FROM profiles.profile_tally;

-- Inserts of one and of several rows, deletes, and a statement that changes nothing.
INSERT INTO profiles.users (id, role)
SELECT ('00000000-0000-4000-c045-' || lpad(n::text, 12, '0'))::uuid, 'consumer'
FROM generate_series(1, 5) n;
INSERT INTO profiles.profile (id, first_name)
VALUES ('00000000-0000-4000-c045-000000000001', 'Tally');
SELECT pg_temp.tally_ok() AS after_one_insert;
INSERT INTO profiles.profile (id, first_name)
SELECT ('00000000-0000-4000-c045-' || lpad(n::text, 12, '0'))::uuid, 'Tally'
FROM generate_series(2, 5) n;
SELECT pg_temp.tally_ok() AS after_multi_insert;
DELETE FROM profiles.profile WHERE id = '00000000-0000-4000-c045-000000000005';
DELETE FROM profiles.profile WHERE false;
SELECT pg_temp.tally_ok() AS after_delete;
-- A cascade from users deletes profiles through the foreign key.
DELETE FROM profiles.users WHERE id = '00000000-0000-4000-c045-000000000004';
SELECT pg_temp.tally_ok() AS after_cascade;

-- Rolled back work leaves no trace, also in a savepoint.
BEGIN;
DELETE FROM profiles.profile WHERE id = '00000000-0000-4000-c045-000000000003';
SAVEPOINT s;
DELETE FROM profiles.profile WHERE id = '00000000-0000-4000-c045-000000000002';
ROLLBACK TO SAVEPOINT s;
SELECT pg_temp.tally_ok() AS inside_transaction;
ROLLBACK;
SELECT pg_temp.tally_ok() AS after_rollback;
BEGIN;
TRUNCATE profiles.profile CASCADE;
SELECT sum(n) AS after_truncate FROM profiles.profile_tally;
ROLLBACK;
SELECT pg_temp.tally_ok() AS truncate_rolled_back;

-- A REPEATABLE READ (or SERIALIZABLE) writer leaves a pending row instead of updating a slot;
-- the next READ COMMITTED writer folds it into its own (sql-tests/specs/tally_snapshot_isolation
-- shows why: a slot changed after the snapshot cannot be updated).
BEGIN ISOLATION LEVEL REPEATABLE READ;
DELETE FROM profiles.profile WHERE id = '00000000-0000-4000-c045-000000000003';
SELECT count(*) AS pending_rows, sum(n) AS pending FROM profiles.profile_tally_pending;
SELECT pg_temp.tally_ok() AS repeatable_read;
COMMIT;
INSERT INTO profiles.profile (id, first_name)
VALUES ('00000000-0000-4000-c045-000000000003', 'Tally');
SELECT count(*) AS pending_rows_after_fold FROM profiles.profile_tally_pending;
SELECT pg_temp.tally_ok() AS folded;
-- TRUNCATE cannot reset the tally from such a snapshot: pending rows committed after it are
-- invisible there.
BEGIN ISOLATION LEVEL REPEATABLE READ;
TRUNCATE profiles.profile CASCADE;
ROLLBACK;
SELECT pg_temp.tally_ok() AS after_refused_truncate;

-- An unfiltered admin list reports the tally; a filtered one counts.
BEGIN;
SELECT profiles.set_actor('00000000-0000-4000-a000-000000000001', 's45', 'r45-list');
SELECT l.total = (SELECT count(*) FROM profiles.profile) AS list_total_ok,
       json_array_length(l.body) AS page
  FROM profiles.rest_profile_list(2, 0, 'createTime', 'desc', NULL) l;
SELECT l.total AS filtered_total
  FROM profiles.rest_profile_list(2, 0, 'createTime', 'asc', '{"firstName": "tally"}') l;
COMMIT;
-- A load with triggers off leaves the tally behind; refresh_views() recounts it.
SET session_replication_role = replica;
DELETE FROM profiles.profile WHERE id = '00000000-0000-4000-c045-000000000003';
RESET session_replication_role;
SELECT pg_temp.tally_ok() AS stale_after_replica_load;
BEGIN;
SELECT profiles.set_actor('00000000-0000-4000-a000-000000000001', 's45', 'r45-refresh');
SELECT (profiles.refresh_views())->>'success' AS refreshed;
COMMIT;
SELECT pg_temp.tally_ok() AS recounted;
-- The superuser's maintenance function after a restore does the same, without an actor.
SET session_replication_role = replica;
DELETE FROM profiles.profile WHERE id = '00000000-0000-4000-c045-000000000002';
RESET session_replication_role;
SELECT pg_temp.tally_ok() AS stale_again;
SELECT profiles.recount_profiles() = (SELECT count(*) FROM profiles.profile) AS recount_returns_count;
SELECT pg_temp.tally_ok() AS recounted_again;

-- Nobody but the tables' owner reads or writes the tally.
SET ROLE regress_alice;
SELECT n FROM profiles.profile_tally LIMIT 1;
UPDATE profiles.profile_tally SET n = n + 1;
INSERT INTO profiles.profile_tally_pending (n) VALUES (1);
SELECT profiles.recount_profiles();
RESET ROLE;

-- The tally trigger function refuses to be misused.
CREATE TEMP TABLE tally_misuse (x int);
CREATE TRIGGER misuse AFTER INSERT ON tally_misuse FOR EACH ROW
    EXECUTE FUNCTION profiles.tally_profiles();
INSERT INTO tally_misuse VALUES (1);
DROP TABLE tally_misuse;

DELETE FROM profiles.users WHERE id::text LIKE '00000000-0000-4000-c045-%';
SELECT pg_temp.tally_ok() AS tally_ok_at_end;
