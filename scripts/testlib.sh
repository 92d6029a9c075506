# Helpers of the shell test suites in scripts/tests/. Source it after lib.sh.
# Each suite reports GoogleTest-style lines, which scripts/test.sh counts:
#   [       OK ] what   /   [  FAILED  ] what   and at the end   [  PASSED  ] N tests.
passed=0
failed=0

check() { # description command...
    local what=$1
    shift
    if "$@"; then
        passed=$((passed + 1))
        echo "[       OK ] $what"
    else
        failed=$((failed + 1))
        echo "[  FAILED  ] $what"
    fi
}

# Prints the totals and exits with the suite's status.
finish() {
    echo "[  PASSED  ] $passed tests."
    [ "$failed" = 0 ] || echo "[  FAILED  ] $failed tests, listed above."
    [ "$failed" = 0 ]
    exit
}

# The superuser URL of another database on the same server as ADMIN_DATABASE_URL.
url_for() {
    local base=${ADMIN_DATABASE_URL%%\?*} query=${ADMIN_DATABASE_URL#*\?}
    [ "$query" = "$ADMIN_DATABASE_URL" ] && query=""
    echo "${base%/*}/$1${query:+?$query}"
}

# Starts the shim in the background on a free port (PORT=0) with extra `env` assignments,
# logging to $1; sets shim_pid and port, and waits until it answers /live.
start_shim_logged() { # log-file [VAR=value ...]
    local log=$1
    shift
    env PORT=0 "$@" "$ROOT/shim/profiles-shim" >>"$log" 2>&1 &
    shim_pid=$!
    port=""
    for _ in $(seq 200); do
        port=$(sed -n 's|^profiles-shim listening on http://[^:]*:\([0-9]*\)$|\1|p' "$log" | tail -1)
        [ -n "$port" ] && curl -sf "http://127.0.0.1:$port/live" >/dev/null && return 0
        kill -0 "$shim_pid" 2>/dev/null || break
        sleep 0.05
    done
    echo "the shim did not start:" >&2
    tail -20 "$log" >&2
    return 1
}
