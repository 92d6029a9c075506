#!/usr/bin/env bash
# `make bench`: the workloads of issue 7, each measured as a ratio against a baseline measured in
# the same run on the same data, printed beside its target as it goes; the summary goes to
# bench/RESULTS.md (full runs). Uses database profiles_bench of the embedded cluster, rebuilt on
# every run and dropped at the end; the test database `profiles` is never touched.
#
#   make bench            full run (9-11 minutes on 2 cores): 100k profiles, then 1M
#   make bench QUICK=1    quick run (under 2 minutes): 10k profiles, then 100k, shorter runs
#
# Environment:
#   QUICK=1                   the quick run
#   BENCH_ONLY=w1,w5          only these workloads (w1..w7; data is still loaded as needed;
#                             "big" just loads both data sets, e.g. with BENCH_KEEP=1)
#   BENCH_WRITE_RESULTS=1     write bench/RESULTS.md from a quick or partial run too
#   BENCH_KEEP=1              keep database profiles_bench afterwards
#   BENCH_SHIM_POOL, BENCH_SHIM_THREADS, BENCH_SHIM_LOG_LEVEL, BENCH_WRK_CONNECTIONS
#                             other shim / wrk settings for workloads 1 and 2
#   BENCH_SHIM_BIN=path       another profiles-shim build (default shim/profiles-shim)
#   BENCH_EXTENSION_LIB=path  another build of pg_profiles.so (readable by the postgres user):
#                             profiles_bench's functions are pointed at it, so a candidate
#                             change is measured without installing it for anyone else
#   BENCH_HTTP_SECONDS, BENCH_HTTP_ROUNDS   length and number of the workload 1/2 runs
#   BENCH_FLOOR=0             skip the HTTP floor reference runs of workloads 1 and 2
#   BENCH_FLOOR_THREADS=n     event-loop threads of the event-loop HTTP floor (default 1)
#   BENCH_PIN=1               pin: PostgreSQL backends share both cores, the shim and wrk run on
#                             core 1 only (taskset); default: nothing pinned
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH_DIR")
# shellcheck source=../scripts/lib.sh
source "$ROOT/scripts/lib.sh"
BENCH_T0=$(date +%s)
# shellcheck source=lib.sh
source "$BENCH_DIR/lib.sh"
# shellcheck source=cpu.sh
source "$BENCH_DIR/cpu.sh"
# shellcheck source=workloads.sh
source "$BENCH_DIR/workloads.sh"
cd "$ROOT"

QUICK=${QUICK:-0}
[ "$QUICK" = 0 ] || QUICK=1
OUT=$ROOT/build/bench
RESULTS=$OUT/results.tsv
mkdir -p "$OUT"
rm -f "$OUT"/pgb_* "$OUT"/txlog_* "$OUT"/wrk_* "$OUT"/explain_* "$OUT/facts" "$OUT/cpu_split"
: >"$RESULTS"
: >"$OUT/cpu_split"

CORES=$(nproc)
if [ "$QUICK" = 1 ]; then
    BASE_ROWS=10000   # data set of workloads 1-3, 6 and the small export
    BIG_ROWS=100000   # data set of workloads 5, 7 and the large export
    NUSERS=100        # users whose tokens the HTTP workloads rotate over
    HTTP_SECONDS=3    # each pgbench / wrk run of workloads 1 and 2
    HTTP_ROUNDS=1     # pgbench, wrk alternations
    WARMUP_SECONDS=1
    UPDATE_ROUNDS=1   # workload 3: rounds of (C++, none, PL/pgSQL)
    EXPORT_REPS=1
    BULK_ITEMS=2000
    BULK_REPS=1
    LATENCY_SECONDS=2 # workloads 5 and 7, per query kind
else
    BASE_ROWS=100000
    BIG_ROWS=1000000
    NUSERS=200
    HTTP_SECONDS=10
    HTTP_ROUNDS=2
    WARMUP_SECONDS=2
    UPDATE_ROUNDS=3
    EXPORT_REPS=3
    BULK_ITEMS=10000
    BULK_REPS=2
    LATENCY_SECONDS=10
fi
EXPORT_REPS_BIG=1
HTTP_SECONDS=${BENCH_HTTP_SECONDS:-$HTTP_SECONDS}
HTTP_ROUNDS=${BENCH_HTTP_ROUNDS:-$HTTP_ROUNDS}
EXPLAIN_WARM=6

# Shim settings: profiles-shim's defaults (pool 2 x cores, threads = pool + 4). cpp-httplib gives
# each keep-alive connection a worker thread for its lifetime, so wrk opens at most as many
# connections as the shim has threads; pgbench opens as many as the shim's pool.
SHIM_POOL=${BENCH_SHIM_POOL:-$((2 * CORES))}
SHIM_THREADS=${BENCH_SHIM_THREADS:-$((SHIM_POOL + 4))}
SHIM_LOG_LEVEL=${BENCH_SHIM_LOG_LEVEL:-info}
WRK_CONNECTIONS=${BENCH_WRK_CONNECTIONS:-$SHIM_THREADS}
WRK_THREADS=1
PGBENCH_CLIENTS=$SHIM_POOL
[ "$WRK_CONNECTIONS" -le "$SHIM_THREADS" ] || die "BENCH_WRK_CONNECTIONS must not exceed the shim's threads ($SHIM_THREADS)"
SHIM_TASKSET=
WRK_TASKSET=
PINNING="nothing pinned: load generators, shim and PostgreSQL share all $CORES cores"
if [ "${BENCH_PIN:-0}" = 1 ] && [ "$CORES" -ge 2 ]; then
    SHIM_TASKSET="taskset -c $((CORES - 1))"
    WRK_TASKSET="taskset -c $((CORES - 1))"
    PINNING="shim and wrk pinned to core $((CORES - 1)), PostgreSQL on all cores"
fi

ADMIN_ID=00000000-0000-4000-a000-000000000001
uid() { printf '00000000-0000-4000-b000-%012d' "$1"; }

want() { # workload id (w1..w7)
    [ -z "${BENCH_ONLY:-}" ] && return 0
    [[ ",${BENCH_ONLY,,}," == *",$1,"* ]]
}

# ---------------------------------------------------------------------------------------------
# Tools (installed when missing, like scripts/deps.sh), cluster, shim binary, database.
install_tools() {
    local missing=()
    command -v wrk >/dev/null 2>&1 || missing+=(wrk)
    command -v curl >/dev/null 2>&1 || missing+=(curl)
    command -v taskset >/dev/null 2>&1 || missing+=(util-linux)
    command -v python3 >/dev/null 2>&1 || missing+=(python3)
    [ -x "$(pg_config --bindir 2>/dev/null)/pgbench" ] || missing+=(postgresql-15)
    [ ${#missing[@]} -eq 0 ] && return 0
    say "installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update -qq
    as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

cleanup() {
    set +e
    backend_sampler_stop
    shim_stop
    floor_stop
    if [ "${BENCH_KEEP:-0}" != 1 ] && [ -n "${BENCH_DBA_URL:-}" ]; then
        psql "$BENCH_DBA_URL" -X -q -c "DROP DATABASE IF EXISTS profiles_bench" >/dev/null 2>&1
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

install_tools
PGBENCH=$(pg_config --bindir)/pgbench
# `make bench` depends on `make cluster`; run directly, start the cluster only when it is not
# up (starting it again would reinstall a rebuilt extension in the test database).
if [ ! -f "$PGDATA_LINK/env" ] || ! "$PGBIN/pg_isready" -q -h "$(readlink -f "$PGDATA_LINK")/sock" -p "$PGPORT"; then
    bash scripts/cluster.sh start >/dev/null
fi
# shellcheck disable=SC1091
source "$PGDATA_LINK/env"
[ -n "${PROFILES_EMBEDDED_CLUSTER:-}" ] ||
    die "make bench measures the embedded cluster (it reads /proc of the backends): unset DATABASE_URL"
SHIM_BIN=${BENCH_SHIM_BIN:-$ROOT/shim/profiles-shim}
[ -x "$SHIM_BIN" ] || [ -n "${BENCH_SHIM_BIN:-}" ] || make -s -C shim >/dev/null
[ -x "$SHIM_BIN" ] || die "no shim binary at $SHIM_BIN (make shim)"

# Same cluster, database profiles_bench: as the superuser, as the shim's login role, and the
# maintenance database for CREATE/DROP DATABASE.
BENCH_ADMIN_URL=${ADMIN_DATABASE_URL/\/profiles\?/\/profiles_bench?}
BENCH_SHIM_URL=${DATABASE_URL/\/profiles\?/\/profiles_bench?}
BENCH_DBA_URL=${ADMIN_DATABASE_URL/\/profiles\?/\/postgres?}
[ "$BENCH_ADMIN_URL" != "$ADMIN_DATABASE_URL" ] || die "cannot derive the profiles_bench URL from $ADMIN_DATABASE_URL"

fact date "$(date -u '+%Y-%m-%d %H:%M UTC')"
fact machine "$(lscpu | sed -n 's/^Model name: *//p' | head -1), $CORES cores, $(free -g | awk '/^Mem:/ { print $2 }') GB RAM, Linux $(uname -r)"
fact pg_version "$(psql "$ADMIN_DATABASE_URL" -X -tAc 'SHOW server_version'), shared_buffers $(psql "$ADMIN_DATABASE_URL" -X -tAc 'SHOW shared_buffers')"
fact commit "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git status --porcelain -- extension shim 2>/dev/null | grep -q . && echo ' with uncommitted changes in extension/ or shim/')"
fact command "$([ -n "${BENCH_ONLY:-}" ] && echo "BENCH_ONLY=$BENCH_ONLY ")make bench$([ "$QUICK" = 1 ] && echo ' QUICK=1')"
fact quick "$QUICK"
fact base_rows "$BASE_ROWS"
fact big_rows "$BIG_ROWS"
fact settings "shim pool $SHIM_POOL connections, $SHIM_THREADS threads, log level $SHIM_LOG_LEVEL; wrk $WRK_THREADS thread, $WRK_CONNECTIONS keep-alive connections; pgbench -M prepared, $PGBENCH_CLIENTS clients, 1 thread; $HTTP_SECONDS s per run, $HTTP_ROUNDS rounds alternating pgbench and wrk (medians), $NUSERS users; $PINNING."

progress "pg_profiles bench ($([ "$QUICK" = 1 ] && echo quick || echo full)): $CORES cores, $BASE_ROWS then $BIG_ROWS profiles"
progress "shim: pool $SHIM_POOL, threads $SHIM_THREADS, log level $SHIM_LOG_LEVEL; wrk: $WRK_THREADS thread, $WRK_CONNECTIONS connections; pgbench: $PGBENCH_CLIENTS clients; $PINNING"
progress "creating database profiles_bench"
psql "$BENCH_DBA_URL" -X -q -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS profiles_bench" >/dev/null 2>&1
psql "$BENCH_DBA_URL" -X -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE profiles_bench" >/dev/null
psql_admin -c "SET client_min_messages = warning" -c "CREATE EXTENSION pg_profiles CASCADE" \
    -f bench/sql/setup.sql >/dev/null
if [ -n "${BENCH_EXTENSION_LIB:-}" ]; then
    # pg_proc is per database: only profiles_bench's backends load the other library.
    runuser -u postgres -- test -r "$BENCH_EXTENSION_LIB" 2>/dev/null || [ "$(id -u)" != 0 ] ||
        die "the postgres user cannot read $BENCH_EXTENSION_LIB"
    psql_admin -c "UPDATE pg_catalog.pg_proc SET probin = '$BENCH_EXTENSION_LIB' WHERE probin = '\$libdir/pg_profiles'" >/dev/null
    progress "profiles_bench uses the extension library $BENCH_EXTENSION_LIB"
    fact extension_lib "$BENCH_EXTENSION_LIB"
fi

progress "loading $BASE_ROWS profiles"
load_to "$BASE_ROWS"

ADMIN_TOKEN=$("$SHIM_BIN" token --sub "$ADMIN_ID" --ttl 3600)

# ---------------------------------------------------------------------------------------------
if want w1 || want w2; then
    progress "minting $NUSERS tokens (profiles-shim token)"
    USERS_FILE=$OUT/users.txt
    for n in $(seq 1 "$NUSERS"); do
        id=$(uid "$n")
        echo "$id $("$SHIM_BIN" token --sub "$id" --ttl 3600)"
    done >"$USERS_FILE"
    shim_start
    progress "shim $SHIM_URL (pid $SHIM_PID)"
    if [ "${BENCH_FLOOR:-1}" = 1 ]; then
        floor_start events
        floor_start threads
        floor_start shared
        progress "HTTP floors (references for W1/W2, see bench/floor/http_floor.cpp): event loop ${FLOOR_URLS[events]}, thread per connection ${FLOOR_URLS[threads]}, shared epoll ${FLOOR_URLS[shared]}"
    fi
    if want w1; then
        progress "W1 GET own profile: shim (wrk) vs pgbench, $BASE_ROWS profiles, $NUSERS users"
        workload_http W1 "GET own profile (seed 000 get)" get
    fi
    if want w2; then
        progress "W2 seed 000 update: shim (wrk) vs pgbench"
        # The updates of one run leave dead row versions and new activities behind; an autovacuum
        # they set off would run beside the next run (the shim's, after pgbench's) and be counted
        # against it. Both tables are vacuumed after W2 instead.
        psql_admin -c "ALTER TABLE profiles.profile SET (autovacuum_enabled = off)" \
            -c "ALTER TABLE profiles.activities SET (autovacuum_enabled = off)" >/dev/null
        workload_http W2 "seed 000 update" update
    fi
    shim_stop
    floor_stop
    psql_admin -c "ALTER TABLE profiles.profile RESET (autovacuum_enabled)" \
        -c "ALTER TABLE profiles.activities RESET (autovacuum_enabled)" \
        -c "VACUUM ANALYZE profiles.profile" -c "TRUNCATE profiles.activities" >/dev/null
fi

if want w3; then
    progress "W3 UPDATE of $BASE_ROWS profiles: C++ trigger vs no trigger vs PL/pgSQL trigger ($UPDATE_ROUNDS rounds)"
    workload_trigger
fi

if want w4; then
    progress "W4 CSV export of $BASE_ROWS profiles vs COPY ($EXPORT_REPS reps)"
    workload_export "$BASE_ROWS" small
fi

if want w6; then
    progress "W6 bulk create of $BULK_ITEMS profiles vs INSERT ... SELECT ($BULK_REPS reps)"
    workload_bulk
fi

if want w4 || want w5 || want w7 || want big; then
    progress "growing the data set to $BIG_ROWS profiles"
    load_to "$BIG_ROWS"
fi

if want w4; then
    progress "W4 CSV export of $BIG_ROWS profiles vs COPY ($EXPORT_REPS_BIG rep)"
    workload_export "$BIG_ROWS" big
    workload_export_memory
fi

if want w5; then
    progress "W5 search at $BIG_ROWS profiles: latency of search_profiles (page_size 25)"
    workload_search
fi

if want w7; then
    progress "W7 list at $BIG_ROWS profiles: latency of rest_profile_list"
    workload_list
fi

# ---------------------------------------------------------------------------------------------
fact duration "$(($(date +%s) - BENCH_T0))"
progress "done in $(($(date +%s) - BENCH_T0)) s"
BENCH_PARTIAL=$([ -n "${BENCH_ONLY:-}" ] && echo 1 || echo 0) bash "$BENCH_DIR/report.sh"
