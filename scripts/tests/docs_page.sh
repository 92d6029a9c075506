#!/usr/bin/env bash
# The /docs page in a real headless Chromium (Debian's `chromium`, installed here when missing):
# it loads, Redoc renders every operation of /openapi.json, nothing is fetched from another
# origin and the console shows no error. Driven by playwright-core from shim/docs/node_modules
# (installed by `make -C shim`). Prints GoogleTest-style totals for scripts/test.sh.
set -uo pipefail
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../testlib.sh"
cd "$ROOT" || exit 1
# shellcheck disable=SC1091
source "$PGDATA_LINK/env"

CHROMIUM=/usr/bin/chromium
if [ ! -x "$CHROMIUM" ]; then
    echo "installing chromium (Debian package) for the docs page test"
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update -qq >/dev/null 2>&1
    as_root apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1
fi
check "Debian's chromium is installed" test -x "$CHROMIUM"
check "shim/docs has its npm packages (make -C shim)" test -d shim/docs/node_modules/playwright-core
check "the Redoc bundle is installed" test -f shim/docs/node_modules/redoc/bundles/redoc.standalone.js
[ "$failed" = 0 ] || finish

work=$(mktemp -d)
profile_dir=$(mktemp -d)
shim_pid=""
cleanup() {
    [ -n "$shim_pid" ] && kill -TERM "$shim_pid" 2>/dev/null && wait "$shim_pid" 2>/dev/null
    rm -rf "$work" "$profile_dir"
}
trap cleanup EXIT

start_shim() { # extra env assignments... (PORT=0: the shim picks a free port and prints it)
    : >"$work/shim.log"
    env PORT=0 "$@" shim/profiles-shim >"$work/shim.log" 2>&1 &
    shim_pid=$!
    for _ in $(seq 200); do
        port=$(sed -n 's|^profiles-shim listening on http://127.0.0.1:\([0-9]*\)$|\1|p' "$work/shim.log")
        [ -n "$port" ] && curl -sf "http://127.0.0.1:$port/live" >/dev/null && return 0
        sleep 0.05
    done
    return 1
}
stop_shim() {
    kill -TERM "$shim_pid" 2>/dev/null
    wait "$shim_pid" 2>/dev/null
    shim_pid=""
}
content_type() { curl -s -o /dev/null -w '%{content_type}' "http://127.0.0.1:$port$1"; }
status() { curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port$1"; }

check "the shim starts" start_shim
check "GET /docs is HTML" test "$(content_type /docs)" = "text/html; charset=utf-8"
check "GET /docs/redoc.standalone.js is served by the shim" \
    test "$(content_type /docs/redoc.standalone.js)" = "application/javascript; charset=utf-8"
curl -s "http://127.0.0.1:$port/docs" >"$work/docs.html"
check "the page loads no script from a CDN" bash -c "! grep -Eq '(src|href)=\"(https?:)?//' '$work/docs.html'"

(cd shim/docs && node check_page.mjs "http://127.0.0.1:$port" "$CHROMIUM" "$profile_dir") >"$work/page.json" 2>"$work/page.err"
page_status=$?
cat "$work/page.json" "$work/page.err"
field() { node -e "const r = JSON.parse(require('fs').readFileSync('$work/page.json', 'utf8')); console.log($1)" 2>/dev/null; }
check "Chromium loaded the page (title pg_profiles HTTP API)" test "$(field r.title)" = "pg_profiles HTTP API"
check "Redoc lists every operation of /openapi.json" \
    test -n "$(field r.expected)" -a "$(field r.operations)" = "$(field r.expected)" -a "$(field r.missing.length)" = 0
check "no console errors, page errors, failed or foreign requests" test "$(field r.errors.length)" = 0
check "the page check passed as a whole" test "$page_status" = 0
stop_shim

# Without the bundle the page still answers and points at the document.
empty=$(mktemp -d -p "$work")
check "the shim starts without the Redoc bundle" start_shim PROFILES_DOCS_DIR="$empty"
check "without the bundle, /docs still answers 200" test "$(status /docs)" = 200
check "without the bundle, its URL answers 404" test "$(status /docs/redoc.standalone.js)" = 404
check "without the bundle, /openapi.json is still served" test "$(status /openapi.json)" = 200
no_bundle_page() {
    ! (cd shim/docs && node check_page.mjs "http://127.0.0.1:$port" "$CHROMIUM" "$profile_dir" 5000) >"$work/bare.json" 2>&1
}
check "the browser check fails a page that does not render (its own control)" no_bundle_page
stop_shim

finish
