#!/usr/bin/env bash
# Many shims, one database: the HTTP end-to-end suite runs twice at the same time (each run
# starts its own shim on its own port), and both runs must pass; then two shims share a cache
# invalidation (a refresh through one drops the docs cache of the other, via LISTEN/NOTIFY).
# Shims keep no state that would need sharing beyond the database. Prints GoogleTest-style
# totals for scripts/test.sh; KEEP_LOGS=<dir> keeps the two runs' logs there.
set -uo pipefail
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../testlib.sh"
cd "$ROOT" || exit 1
# shellcheck disable=SC1091
source "$PGDATA_LINK/env"

work=$(mktemp -d)
pids=()
admin_id=$(cat /proc/sys/kernel/random/uuid)
sql() { psql "$ADMIN_DATABASE_URL" -XqtA -v ON_ERROR_STOP=1 "$@"; }
cleanup() {
    for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
    [ -n "${KEEP_LOGS:-}" ] && cp "$work"/run-*.log "$KEEP_LOGS"/ 2>/dev/null; rm -rf "$work"
    sql -c "DELETE FROM profiles.users WHERE id = '$admin_id'" >/dev/null 2>&1
}
trap cleanup EXIT

# --- the end-to-end suite, twice at once ------------------------------------------------------
export SHIM_BIN=$ROOT/shim/profiles-shim
# Left out of the concurrent runs: tests that assert a cache HIT after changing what is cached,
# which any other shim's refresh or NOTIFY on pg_profiles_cache (the other run does both, and
# kills every cache listener) rightly turns into a miss. They run alone in the main e2e run;
# the cross-shim invalidation itself is checked below.
exclude='Seed003DocsCache.*'
# Both runs export every profile (tens of thousands of rows) at the same moment on a small
# machine: give statements more than the default 5 s, under the tests' 15 s client timeout.
# These runs check correctness with two shims, not latency.
export PROFILES_STATEMENT_TIMEOUT_MS=12000
echo "left out of the concurrent runs: $exclude"
shim/tests/e2e_tests --gtest_filter="-$exclude" >"$work/run-a.log" 2>&1 &
run_a=$!
shim/tests/e2e_tests --gtest_filter="-$exclude" >"$work/run-b.log" 2>&1 &
run_b=$!
wait "$run_a"
status_a=$?
wait "$run_b"
status_b=$?
for run in a b; do
    total=$(sed -n 's/^\[==========\] \([0-9]*\) tests from .* ran\..*/\1/p' "$work/run-$run.log")
    echo "run $run: ${total:-?} tests; $(grep -c '^\[  FAILED  \] .*(' "$work/run-$run.log") failed"
    # Tests that failed only because another run was going on are named here.
    grep '^\[  FAILED  \] .*(' "$work/run-$run.log" | sed "s/^/  run $run: /"
done
check "e2e run A passes while run B runs" test "$status_a" = 0
check "e2e run B passes while run A runs" test "$status_b" = 0

# --- one cache, invalidated across shims ------------------------------------------------------
sql -c "INSERT INTO profiles.users (id, email, role) VALUES ('$admin_id', 'two-shims-$admin_id@example.com', 'internal_admin')"
token=$(shim/profiles-shim token --sub "$admin_id" --ttl 600)
start_shim() { # -> sets $port_out (PORT=0: the shim picks a free port and prints it)
    local log=$work/shim-$((${#pids[@]} + 1)).log
    PORT=0 shim/profiles-shim >"$log" 2>&1 &
    pids+=($!)
    port_out=""
    for _ in $(seq 200); do
        port_out=$(sed -n 's|^profiles-shim listening on http://127.0.0.1:\([0-9]*\)$|\1|p' "$log")
        [ -n "$port_out" ] && curl -sf "http://127.0.0.1:$port_out/live" >/dev/null && return 0
        sleep 0.05
    done
    return 1
}
start_shim && port_a=$port_out
start_shim && port_b=$port_out
check "two shims run side by side on ports ${port_a:-?} and ${port_b:-?}" test -n "${port_a:-}" -a -n "${port_b:-}"
x_cache() { # port -> the X-Cache header of POST .../docs
    curl -s -o /dev/null -D - "http://127.0.0.1:$1/api/v5/artifacts/profiles/docs" \
        -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d '{}' |
        tr -d '\r' | sed -n 's/^X-Cache: //Ip'
}
# Wait until both listeners are subscribed (their caches are enabled), then warm A's cache.
warm() { for _ in $(seq 100); do x_cache "$port_a" >/dev/null; [ "$(x_cache "$port_a")" = hit ] && return 0; sleep 0.1; done; return 1; }
check "shim A caches the docs answer" warm
for _ in $(seq 50); do [ "$(x_cache "$port_b")" = hit ] && break; sleep 0.1; done
refresh=$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$port_b/api/v5/artifacts/profiles/refresh" \
    -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d '{}')
check "a refresh through shim B succeeds" test "$refresh" = 200
dropped() { for _ in $(seq 50); do [ "$(x_cache "$port_a")" = miss ] && return 0; sleep 0.1; done; return 1; }
check "shim A's cache was dropped by B's refresh (LISTEN/NOTIFY)" dropped

finish
