#!/usr/bin/env bash
# Helpers of bench/run.sh: progress lines, results, psql wrappers, the shim, latency figures.
# Sourced, never run.

BENCH_T0=${BENCH_T0:-$(date +%s)}

# "[mm:ss] message" on stdout, so a long run shows where it is.
progress() {
    local s=$(($(date +%s) - BENCH_T0))
    printf '[%02d:%02d] %s\n' $((s / 60)) $((s % 60)) "$*"
}

# Arithmetic on decimals (bash has integers only).
calc() { awk "BEGIN { printf \"%.${2:-1}f\", $1 }"; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Percentile (0-100) of the numbers on stdin, nearest-rank.
percentile() {
    sort -g | awk -v p="$1" '{ v[NR] = $1 } END { if (NR == 0) { print "nan"; exit } i = int(p / 100 * NR + 0.999999); if (i < 1) i = 1; if (i > NR) i = NR; print v[i] }'
}

# One results row: id, workload, measured, compared with, ratio (a number, or "-"), target
# (">= 70 %", "< 20 ms", ...), met (yes/no/-). Kept in $RESULTS (tab-separated) for the summary.
result() {
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$RESULTS"
}

# A named figure for the report (bench/report.sh reads $OUT/facts).
fact() { printf '%s\t%s\n' "$1" "$2" >>"$OUT/facts"; }

# Whether a figure meets its target, and the word printed beside it.
verdict() { # value target -> yes/no (value >= target)
    awk -v v="$1" -v t="$2" 'BEGIN { print (v + 0 >= t + 0) ? "yes" : "no" }'
}
verdict_below() { # value limit -> yes/no (value < limit)
    awk -v v="$1" -v t="$2" 'BEGIN { print (v + 0 < t + 0) ? "yes" : "no" }'
}
met_word() { if [ "$1" = yes ]; then echo "met"; else echo "MISSED"; fi; }

# psql wrappers: as the superuser, and as the shim's login role (row-level security applies).
psql_admin() { psql "$BENCH_ADMIN_URL" -X -q -v ON_ERROR_STOP=1 "$@"; }
psql_shim() { psql "$BENCH_SHIM_URL" -X -q -v ON_ERROR_STOP=1 "$@"; }
psql_admin_value() { psql "$BENCH_ADMIN_URL" -X -q -v ON_ERROR_STOP=1 -tA "$@"; }

# ---------------------------------------------------------------------------------------------
# The shim: started on a free loopback port for the HTTP workloads, stopped at the end.
SHIM_PID=
SHIM_URL=
shim_start() { # extra environment assignments...
    local log=$OUT/shim.log
    : >"$log"
    env DATABASE_URL="$BENCH_SHIM_URL" HOST=127.0.0.1 PORT=0 \
        PROFILES_POOL_SIZE="$SHIM_POOL" PROFILES_THREADS="$SHIM_THREADS" \
        PROFILES_LOG_LEVEL="$SHIM_LOG_LEVEL" "$@" \
        $SHIM_TASKSET "$SHIM_BIN" >"$log" 2>"$OUT/shim.err" &
    SHIM_PID=$!
    local i
    for i in $(seq 100); do
        SHIM_URL=$(sed -n 's/^profiles-shim listening on \(http:[^ ]*\).*/\1/p' "$log")
        [ -n "$SHIM_URL" ] && break
        kill -0 "$SHIM_PID" 2>/dev/null || break
        sleep 0.1
    done
    if [ -z "$SHIM_URL" ]; then
        cat "$OUT/shim.err" >&2
        die "the shim did not start"
    fi
    # The pool opens its connections at start; wait until it answers.
    for i in $(seq 50); do
        curl -fsS "$SHIM_URL/ready" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    die "the shim is not ready"
}
shim_stop() {
    if [ -n "$SHIM_PID" ]; then
        kill -TERM "$SHIM_PID" 2>/dev/null || true
        wait "$SHIM_PID" 2>/dev/null || true
        SHIM_PID=
    fi
}
# The HTTP floor (bench/floor/http_floor.cpp): built into build/ when missing or older than its
# source, started beside the shim for workloads 1 and 2 on as many database connections, once
# per mode: "events" (one event loop), "threads" (the shim's model: a thread per connection) and
# "shared" (the shim's threads waiting together on one epoll set).
FLOOR_MODES=()
declare -A FLOOR_PIDS=() FLOOR_URLS=()
floor_start() { # mode
    local src=$ROOT/bench/floor/http_floor.cpp b64=$ROOT/shim/src/base64url.cpp
    local bin=$ROOT/build/http_floor log=$OUT/floor_$1.log i pid url
    if [ ! -x "$bin" ] || [ "$src" -nt "$bin" ] || [ "$b64" -nt "$bin" ]; then
        g++ -O2 -std=c++17 -Wall -Wextra -Werror -I"$(pg_config --includedir)" -I"$ROOT/shim/src" \
            "$src" "$b64" -o "$bin" -lpq -pthread || die "cannot build $bin"
    fi
    env DATABASE_URL="$BENCH_SHIM_URL" FLOOR_DB_CONNECTIONS="$SHIM_POOL" FLOOR_MODE="$1" \
        FLOOR_WORKERS="$SHIM_THREADS" \
        FLOOR_THREADS="${BENCH_FLOOR_THREADS:-1}" $SHIM_TASKSET "$bin" >"$log" 2>&1 &
    pid=$!
    for i in $(seq 50); do
        url=$(sed -n 's/^listening on \(http:[^ ]*\).*/\1/p' "$log")
        if [ -n "$url" ]; then
            FLOOR_MODES+=("$1")
            FLOOR_PIDS[$1]=$pid
            FLOOR_URLS[$1]=$url
            return 0
        fi
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    cat "$log" >&2
    die "the HTTP floor ($1) did not start"
}
floor_stop() {
    local mode
    for mode in "${FLOOR_MODES[@]}"; do
        kill -TERM "${FLOOR_PIDS[$mode]}" 2>/dev/null || true
        wait "${FLOOR_PIDS[$mode]}" 2>/dev/null || true
    done
    FLOOR_MODES=()
}
shim_has_route() { # METHOD PATH -> true unless the shim answers 404 (no such route)
    local code
    code=$(curl -s -o /dev/null -w '%{http_code}' -X "$1" "$SHIM_URL$2" \
        -H 'Content-Type: application/json' -d '{}')
    [ "$code" != 404 ] && [ "$code" != 000 ]
}

# Peak memory of a process while it runs: samples /proc/PID/status every 50 ms until the
# process is gone or STOPFILE exists; writes "VmHWM_kB RssAnon_peak_kB" to OUTFILE.
rss_watch() { # PID OUTFILE STOPFILE
    (
        local hwm=0 anon=0 line key value
        while [ -e "/proc/$1/status" ] && [ ! -e "$3" ]; do
            while read -r key value _; do
                case $key in
                VmHWM:) [ "$value" -gt "$hwm" ] && hwm=$value ;;
                RssAnon:) [ "$value" -gt "$anon" ] && anon=$value ;;
                esac
            done <"/proc/$1/status" 2>/dev/null || true
            echo "$hwm $anon" >"$2"
            sleep 0.05
        done
    ) &
}

# Latency percentiles (ms) from pgbench per-transaction logs (3rd field: latency in µs).
pgbench_log_percentile() { # PREFIX PERCENT
    cat "$1".* | awk '{ print $3 / 1000 }' | percentile "$2"
}
