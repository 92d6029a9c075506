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
