#!/usr/bin/env bash
# ALTER EXTENSION pg_profiles UPDATE from 1.0 (the kept 1.0 script) through every later version
# to the newest keeps the data and ends with exactly the catalog objects and behaviour of a
# fresh install of the newest.
# Prints GoogleTest-style totals for scripts/test.sh.
set -uo pipefail
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../testlib.sh"
cd "$ROOT"
# shellcheck disable=SC1091
source "$PGDATA_LINK/env"


LATEST=$(sed -n "s/^default_version = '\(.*\)'$/\1/p" extension/pg_profiles.control)
OLD=profiles_upgrade_old
NEW=profiles_upgrade_new
admin() { psql "$(url_for postgres)" -XqtA -v ON_ERROR_STOP=1 "$@"; }
admin -c "DROP DATABASE IF EXISTS $OLD" -c "DROP DATABASE IF EXISTS $NEW" -c "CREATE DATABASE $OLD" -c "CREATE DATABASE $NEW" 2>/dev/null
work=$(mktemp -d)
old() { psql "$(url_for $OLD)" -XqtA -v ON_ERROR_STOP=1 "$@"; }
new() { psql "$(url_for $NEW)" -XqtA -v ON_ERROR_STOP=1 "$@"; }

old -c "CREATE EXTENSION pg_profiles VERSION '1.0' CASCADE" >/dev/null 2>&1
check "1.0 installs from its kept script" test "$(old -c "SELECT extversion FROM pg_extension WHERE extname = 'pg_profiles'")" = 1.0
# Data as a 1.0 deployment has it: users, profiles (logged by the 1.0 trigger), contacts,
# subscriptions. Columns that 1.1 adds (request_limit, seq) are left out of the comparison.
old >/dev/null <<'SQL'
INSERT INTO profiles.users (id, email, role) VALUES ('00000000-0000-4000-d000-000000000001', 'up-admin@example.com', 'internal_admin');
INSERT INTO profiles.users (id, email, role)
SELECT ('00000000-0000-4000-d100-' || lpad(g::text, 12, '0'))::uuid, 'up' || g || '@example.com', 'standard_user' FROM generate_series(1, 40) g;
INSERT INTO profiles.profile (id, first_name, last_name, email, tags, country_numeric_code)
SELECT id, 'Up', 'Grade ' || email, email, '{x}', '840' FROM profiles.users;
UPDATE profiles.profile SET job_title = 'Engineer' WHERE email LIKE 'up1%';
INSERT INTO profiles.contact (profile_id, key, value) SELECT id, 'email', 'alt-' || email FROM profiles.profile LIMIT 10;
INSERT INTO profiles.subscription (profile_id, plan) SELECT id, 'pro' FROM profiles.profile LIMIT 5;
SQL
digest() { # database, table; a failure never equals anything
    psql "$(url_for "$1")" -XqtA -v ON_ERROR_STOP=1 -c "SELECT count(*) || ':' || COALESCE(md5(string_agg((to_jsonb(x) - 'request_limit' - 'seq')::text, '|' ORDER BY (to_jsonb(x) - 'request_limit' - 'seq')::text)), '') FROM profiles.$2 x" || echo "error $RANDOM$RANDOM"
}
declare -A before
for t in users profile contact subscription activities; do before[$t]=$(digest $OLD $t); done

old -c "CREATE EXTENSION IF NOT EXISTS pg_trgm" -c "ALTER EXTENSION pg_profiles UPDATE" >"$work/update.log" 2>&1
check "ALTER EXTENSION pg_profiles UPDATE succeeds" test $? = 0
check "the extension is at $LATEST" test "$(old -c "SELECT extversion FROM pg_extension WHERE extname = 'pg_profiles'")" = "$LATEST"
for t in users profile contact subscription activities; do
    check "rows of $t unchanged (${before[$t]%%:*})" test "$(digest $OLD $t)" = "${before[$t]}"
done

new -c "CREATE EXTENSION pg_profiles CASCADE" >/dev/null 2>&1
# Every object of the extension, described canonically; both databases must say the same.
catalog() {
    psql "$(url_for "$1")" -XqtA -v ON_ERROR_STOP=1 <<'SQL'
SELECT 'function ' || p.oid::regprocedure || ' -> ' || pg_get_function_result(p.oid) || ' ' || p.provolatile::text ||
       p.proparallel::text || p.prosecdef || ' ' || COALESCE(p.proconfig::text, '') || ' ' || COALESCE(p.proacl::text, '') ||
       ' ' || COALESCE(obj_description(p.oid, 'pg_proc'), '') || ' ' || md5(COALESCE(p.prosrc, ''))
  FROM pg_proc p WHERE p.pronamespace = 'profiles'::regnamespace
UNION ALL
SELECT 'relation ' || c.relname || ' ' || c.relkind::text || ' rls=' || c.relrowsecurity || c.relforcerowsecurity || ' ' ||
       COALESCE(c.relacl::text, '') || ' ' || COALESCE(obj_description(c.oid, 'pg_class'), '')
  FROM pg_class c WHERE c.relnamespace = 'profiles'::regnamespace
UNION ALL
SELECT 'column ' || c.relname || '.' || a.attname || ' #' || a.attnum || ' ' || format_type(a.atttypid, a.atttypmod) ||
       ' ' || COALESCE(NULLIF(a.attcompression::text, ''), '-') ||
       ' ' || a.attnotnull || ' ' || COALESCE(pg_get_expr(d.adbin, d.adrelid), '') || ' ' || a.attgenerated::text ||
       ' ' || COALESCE(a.attacl::text, '') || ' ' || COALESCE(col_description(c.oid, a.attnum), '')
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
 WHERE c.relnamespace = 'profiles'::regnamespace AND a.attnum > 0 AND NOT a.attisdropped
UNION ALL
SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
  FROM pg_constraint WHERE connamespace = 'profiles'::regnamespace
UNION ALL
SELECT 'index ' || pg_get_indexdef(indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
 WHERE c.relnamespace = 'profiles'::regnamespace
UNION ALL
SELECT 'policy ' || tablename || ' ' || policyname || ' ' || cmd::text || ' ' || roles::text || ' ' ||
       COALESCE(qual, '') || ' ' || COALESCE(with_check, '')
  FROM pg_policies WHERE schemaname = 'profiles'
UNION ALL
SELECT 'trigger ' || pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
 WHERE c.relnamespace = 'profiles'::regnamespace AND NOT t.tgisinternal
UNION ALL
SELECT 'view ' || c.relname || ' ' || pg_get_viewdef(c.oid) FROM pg_class c
 WHERE c.relnamespace = 'profiles'::regnamespace AND c.relkind IN ('v', 'm')
UNION ALL
SELECT 'type ' || t.typname || ' ' || COALESCE(pg_get_constraintdef(k.oid), '') FROM pg_type t
  LEFT JOIN pg_constraint k ON k.contypid = t.oid
 WHERE t.typnamespace = 'profiles'::regnamespace AND t.typtype = 'd'
UNION ALL
SELECT 'config ' || (SELECT string_agg(x::regclass::text, ',' ORDER BY x::regclass::text) FROM unnest(extconfig) x)
  FROM pg_extension WHERE extname = 'pg_profiles'
UNION ALL
SELECT 'member ' || pg_describe_object(classid, objid, objsubid) FROM pg_depend
 WHERE refclassid = 'pg_extension'::regclass AND deptype = 'e'
   AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'pg_profiles')
ORDER BY 1;
SQL
}
catalog $OLD >"$work/old.catalog"
catalog $NEW >"$work/new.catalog"
check "catalog descriptions were produced ($(wc -l <"$work/new.catalog") objects)" test -s "$work/new.catalog"
check "upgraded catalog objects equal a fresh $LATEST install" diff -u "$work/new.catalog" "$work/old.catalog"
check "country reference data equal" test "$(old -c "SELECT md5(string_agg((to_jsonb(c) - 'created_at' - 'updated_at')::text, '|' ORDER BY numeric_code)) FROM profiles.country c")" = \
    "$(new -c "SELECT md5(string_agg((to_jsonb(c) - 'created_at' - 'updated_at')::text, '|' ORDER BY numeric_code)) FROM profiles.country c")"

# Behaviour: the API works on the upgraded data (the unfiltered total comes from the profile
# tally, which the upgrade initialised from the existing rows).
out=$(old <<'SQL' 2>&1
BEGIN;
SELECT profiles.set_actor('00000000-0000-4000-d000-000000000001', 'up-session', 'up-request') \g /dev/null
SELECT (profiles.profile_get('00000000-0000-4000-d100-000000000001')::jsonb) ->> 'job_title';
SELECT total FROM profiles.rest_profile_list(5, 0, 'lastName', 'asc', '{"firstName":"up"}');
SELECT total FROM profiles.rest_profile_list(5, 0, 'createTime', 'asc', NULL);
SELECT (profiles.profile_update('00000000-0000-4000-d100-000000000002', '{"request_limit": 5}')::jsonb -> 'data') IS NULL;
SELECT (profiles.search_profiles('{"search":"grade up2"}')::jsonb) ->> 'total_count';
COMMIT;
SELECT count(*) FROM profiles.activities WHERE request_id = 'up-request' AND metadata->'updated_fields' ? 'request_limit';
SQL
)
check "$LATEST functions work on upgraded data" test "$(echo "$out" | tr '\n' ' ')" = "Engineer 41 41 t 11 1 "
[ "$(echo "$out" | tr '\n' ' ')" = "Engineer 41 41 t 11 1 " ] || echo "$out"

admin -c "DROP DATABASE IF EXISTS $OLD" -c "DROP DATABASE IF EXISTS $NEW"
rm -rf "$work"
finish
