#!/usr/bin/env bash
# Runs every test suite against the cluster prepared by `make cluster` and ends with one line
# "N passed, M failed" summing them all. Exit status is non-zero when anything failed.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
# shellcheck disable=SC1091
source "$PGDATA_LINK/env"

LOGS=$ROOT/build/test-logs
mkdir -p "$LOGS"
PASSED=0
FAILED=0

record() { # suite passed failed
    PASSED=$((PASSED + $2))
    FAILED=$((FAILED + $3))
    printf '  %-22s %4d passed, %d failed\n' "$1" "$2" "$3"
}

# pg_regress and pg_isolation_regress print one "... ok" / "... FAILED" line per test.
count_regress() { # suite log exit_status
    local ok bad
    ok=$(grep -cE '\.\.\. ok' "$2")
    bad=$(grep -cE '\.\.\. FAILED' "$2")
    if [ "$3" != 0 ] && [ "$bad" = 0 ]; then bad=1; fi
    record "$1" "$ok" "$bad"
    if [ "$bad" != 0 ]; then
        tail -n 40 "$2" >&2
        find build -name regression.diffs -newer "$2" -exec head -n 80 {} \; >&2 2>/dev/null
    fi
}

# GoogleTest prints "[  PASSED  ] N tests." and "[  FAILED  ] N tests, listed below:".
count_gtest() { # suite log exit_status
    local ok bad
    ok=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$2" | tail -1)
    bad=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$2" | tail -1)
    ok=${ok:-0}
    bad=${bad:-0}
    if [ "$3" != 0 ] && [ "$bad" = 0 ]; then bad=1; fi
    record "$1" "$ok" "$bad"
    if [ "$bad" != 0 ]; then grep -E '^\[  FAILED  \]|Failure|error' "$2" | head -n 60 >&2; fi
}

SERVER_LOG=""
LOG_OFFSET=0
if [ -n "${PROFILES_EMBEDDED_CLUSTER:-}" ]; then
    SERVER_LOG=$(readlink -f "$PGDATA_LINK")/log/server.log
    LOG_OFFSET=$(stat -c %s "$SERVER_LOG" 2>/dev/null || echo 0)
fi

echo "Running test suites (logs in build/test-logs/)"

mkdir -p build/regress build/isolation
make -s installcheck >"$LOGS/regress.log" 2>&1
count_regress "pg_regress" "$LOGS/regress.log" $?

ISOLATION=$(pg_config --pkglibdir)/pgxs/src/test/isolation/pg_isolation_regress
specs=$(cd sql-tests/specs 2>/dev/null && ls *.spec 2>/dev/null | sed 's/\.spec$//')
if [ -n "$specs" ]; then
    # shellcheck disable=SC2086
    "$ISOLATION" --inputdir=sql-tests --outputdir=build/isolation --dbname=isolation_regression \
        --load-extension=pg_trgm --load-extension=pg_profiles $specs >"$LOGS/isolation.log" 2>&1
    count_regress "isolation" "$LOGS/isolation.log" $?
fi

build/ext_unit_tests >"$LOGS/ext-unit.log" 2>&1
count_gtest "extension unit" "$LOGS/ext-unit.log" $?

shim/tests/unit_tests >"$LOGS/shim-unit.log" 2>&1
count_gtest "shim unit" "$LOGS/shim-unit.log" $?

SHIM_BIN=$ROOT/shim/profiles-shim shim/tests/e2e_tests >"$LOGS/shim-e2e.log" 2>&1
count_gtest "shim http e2e" "$LOGS/shim-e2e.log" $?

for t in scripts/tests/*.sh; do
    [ -f "$t" ] || continue
    name=$(basename "$t" .sh)
    bash "$t" >"$LOGS/$name.log" 2>&1
    count_gtest "$name" "$LOGS/$name.log" $?
done

# A crashed or panicking backend fails the run even when every assertion passed.
if [ -n "$SERVER_LOG" ]; then
    if tail -c +"$((LOG_OFFSET + 1))" "$SERVER_LOG" |
        grep -E 'terminated by signal|PANIC|leaked|was terminated by exception' >"$LOGS/server-log-findings.txt"; then
        record "server log clean" 0 1
        cat "$LOGS/server-log-findings.txt" >&2
    else
        record "server log clean" 1 0
    fi
fi

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
