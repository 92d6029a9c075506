#!/usr/bin/env bash
# pg_dump / restore keeps every row of the extension's tables, every activity and the
# ownership rules. Restore is run as documented in the README: with triggers off
# (session_replication_role = replica), so restored rows are not logged a second time.
# Prints GoogleTest-style totals for scripts/test.sh.
set -uo pipefail
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../testlib.sh"
cd "$ROOT"
# shellcheck disable=SC1091
source "$PGDATA_LINK/env"


SRC=profiles_dump_src
DST=profiles_dump_dst
admin() { psql "$(url_for postgres)" -XqtA -v ON_ERROR_STOP=1 "$@"; }
admin -c "DROP DATABASE IF EXISTS $SRC" -c "DROP DATABASE IF EXISTS $DST" -c "CREATE DATABASE $SRC" 2>/dev/null -c "CREATE DATABASE $DST"
work=$(mktemp -d)

psql "$(url_for $SRC)" -Xq -v ON_ERROR_STOP=1 >"$work/load.log" 2>&1 <<'SQL'
CREATE EXTENSION pg_profiles CASCADE;
INSERT INTO profiles.organization (id, name, sms_numbers) VALUES ('00000000-0000-4000-c000-000000000001', 'Dump Org', '{+14165550100}');
INSERT INTO profiles.department (id, organization_id, name) VALUES ('00000000-0000-4000-c100-000000000001', '00000000-0000-4000-c000-000000000001', 'Sales');
INSERT INTO profiles.users (id, email, role, organization_id) VALUES
  ('00000000-0000-4000-c200-000000000001', 'dump-admin@example.com', 'internal_admin', NULL),
  ('00000000-0000-4000-c200-000000000002', 'dump-user@example.com', 'standard_user', '00000000-0000-4000-c000-000000000001');
INSERT INTO profiles.users (id, email, role)
SELECT ('00000000-0000-4000-c300-' || lpad(g::text, 12, '0'))::uuid, 'dump' || g || '@example.com', 'consumer'
FROM generate_series(1, 50) g;
BEGIN;
SELECT profiles.set_actor('00000000-0000-4000-c200-000000000001', 'dump-session', 'dump-load');
SELECT profiles.profile_create(jsonb_build_object('id', u.id, 'first_name', 'Dump', 'last_name', 'User ' || u.email,
        'email', u.email, 'team_id', '00000000-0000-4000-c100-000000000001', 'tags', jsonb_build_array('a', 'b')))
FROM profiles.users u WHERE u.email LIKE 'dump%';
SELECT profiles.profile_update(u.id, '{"job_title": "Tester", "country_numeric_code": "250"}') FROM profiles.users u WHERE u.email LIKE 'dump1%';
SELECT profiles.rest_contact_create(u.id, '{"key":"email","value":"alt@example.com"}') FROM profiles.users u WHERE u.email LIKE 'dump2%';
INSERT INTO profiles.subscription (profile_id, plan) SELECT id, 'pro' FROM profiles.profile LIMIT 10;
INSERT INTO profiles.call_purchase (profile_id, minutes, amount_cents) SELECT id, 30, 500 FROM profiles.profile LIMIT 5;
SELECT profiles.draft_patch('{"name":"Draft"}');
SELECT profiles.export_profiles('dump export');
COMMIT;
BEGIN;
SELECT profiles.set_actor('00000000-0000-4000-c200-000000000002', 'dump-session-2', 'dump-load-2');
SELECT profiles.me_update('{"fullName":"Dumped User","persona":{"position":"Tester"}}');
COMMIT;
SELECT profiles.create_session('00000000-0000-4000-c200-000000000002');
SELECT profiles.create_api_key('00000000-0000-4000-c200-000000000002', 'dump key');
SQL
check "source database loaded through the API" test $? = 0

pg_dump -Fc "$(url_for $SRC)" -f "$work/dump" 2>"$work/dump.log"
check "pg_dump succeeds" test $? = 0
PGOPTIONS='-c session_replication_role=replica' pg_restore -d "$(url_for $DST)" --no-owner "$work/dump" 2>"$work/restore.log"
check "pg_restore succeeds without errors" test $? = 0
[ -s "$work/restore.log" ] && head -20 "$work/restore.log"
# The restore ran with triggers off: the documented follow-up rebuilds what they maintain.
psql "$(url_for $DST)" -XqtA -v ON_ERROR_STOP=1 -c 'REFRESH MATERIALIZED VIEW profiles.directory_facets' \
    -c 'SELECT profiles.recount_profiles()' >/dev/null
check "the documented after-restore maintenance runs" test $? = 0

tables=$(psql "$(url_for $SRC)" -XqtA -c "SELECT c.relname FROM pg_extension e, unnest(e.extconfig) AS cfg(relid) JOIN pg_class c ON c.oid = cfg.relid WHERE e.extname = 'pg_profiles' AND c.relkind = 'r' ORDER BY 1")
for t in $tables; do
    digest="SELECT count(*) || ':' || COALESCE(md5(string_agg(x::text, '|' ORDER BY x::text)), '') FROM profiles.$t x"
    a=$(psql "$(url_for $SRC)" -XqtA -c "$digest")
    b=$(psql "$(url_for $DST)" -XqtA -c "$digest")
    check "table $t restored identically (${a%%:*} rows)" test "$a" = "$b"
done
tally="SELECT (SELECT sum(n) FROM profiles.profile_tally) || '/' || (SELECT count(*) FROM profiles.profile)"
a=$(psql "$(url_for $DST)" -XqtA -c "$tally")
check "the profile tally matches the restored profiles ($a)" test "${a%%/*}" = "${a##*/}"
n=$(psql "$(url_for $DST)" -XqtA -c "SELECT count(*) FROM profiles.activities")
check "activities survive ($n rows, none added by the restore)" test "$n" -gt 50
next_src=$(psql "$(url_for $SRC)" -XqtA -c "SELECT last_value FROM profiles.activities_id_seq")
next_dst=$(psql "$(url_for $DST)" -XqtA -c "SELECT last_value FROM profiles.activities_id_seq")
check "the activity id sequence is restored" test "$next_src" = "$next_dst"
check "row-level security is still forced" test "$(psql "$(url_for $DST)" -XqtA -c "SELECT bool_and(relrowsecurity AND relforcerowsecurity) FROM pg_class WHERE relnamespace = 'profiles'::regnamespace AND relname IN ('profile','users','activities','contact')")" = t
owned=$(psql "$(url_for $DST)" -XqtA -v ON_ERROR_STOP=1 <<'SQL' 2>&1 | tail -1
BEGIN;
SELECT profiles.set_actor('00000000-0000-4000-c200-000000000002') \g /dev/null
SET LOCAL ROLE profiles_authenticator;
SELECT count(*) FROM profiles.profile;
ROLLBACK;
SQL
)
check "a restored standard user sees only its own profile" test "$owned" = 1
session_ok=$(psql "$(url_for $DST)" -XqtA -c "SELECT count(*) FROM profiles.session")
check "credentials (hashed) survive" test "$session_ok" = 1
psql "$(url_for $DST)" -XqtA -c "BEGIN; SELECT profiles.set_actor('00000000-0000-4000-c200-000000000001'); SELECT profiles.profile_update('00000000-0000-4000-c200-000000000002', '{\"bio\":\"after restore\"}'); COMMIT;" >/dev/null 2>&1
after=$(psql "$(url_for $DST)" -XqtA -c "SELECT count(*) FROM profiles.activities WHERE metadata->'updated_fields' ? 'bio'")
check "the restored database logs new changes" test "$after" = 1

admin -c "DROP DATABASE IF EXISTS $SRC" -c "DROP DATABASE IF EXISTS $DST"
rm -rf "$work"
finish
