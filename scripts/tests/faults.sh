#!/usr/bin/env bash
# Faults around the shim, with the database up: a backend killed mid-request, the pool
# exhausted by slow requests, a statement timeout, and SIGTERM during traffic. Nothing may
# leak (connections, threads) and every failure must be a clean 503 the client can retry.
# Loopback only; every loop is bounded. Prints GoogleTest-style totals for scripts/test.sh.
set -uo pipefail
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../testlib.sh"
cd "$ROOT"
# shellcheck disable=SC1091
source "$PGDATA_LINK/env"


work=$(mktemp -d)
admin_id=$(cat /proc/sys/kernel/random/uuid)
target=$(cat /proc/sys/kernel/random/uuid)
sql() { psql "$ADMIN_DATABASE_URL" -XqtA -v ON_ERROR_STOP=1 "$@"; }
sql <<SQL
INSERT INTO profiles.users (id, email, role) VALUES ('$admin_id', 'faults-$admin_id@example.com', 'internal_admin'),
                                                    ('$target', 'faults-$target@example.com', 'standard_user');
INSERT INTO profiles.profile (id, first_name) VALUES ('$target', 'Faults');
SQL
token=$(shim/profiles-shim token --sub "$admin_id" --ttl 600)

shim_pid=""
app_name=profiles-shim-faults-$$
sep='?'
[[ "$DATABASE_URL" == *\?* ]] && sep='&'
shim_url="$DATABASE_URL${sep}application_name=$app_name"
start_shim() { # extra env assignments...
    start_shim_logged "$work/shim.log" DATABASE_URL="$shim_url" "$@"
}
stop_shim() {
    kill -TERM "$shim_pid" 2>/dev/null
    wait "$shim_pid"
}
api() { # body, [extra curl args]
    local body=$1
    shift
    curl -s -o /dev/null -D - -w 'STATUS %{http_code}\n' --max-time 15 "$@" "http://127.0.0.1:$port/functions/v1/api" \
        -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$body"
}
get_body="{\"resource\":\"profiles\",\"action\":\"get\",\"id\":\"$target\"}"
update_body() { echo "{\"resource\":\"profiles\",\"action\":\"update\",\"id\":\"$target\",\"data\":{\"job_title\":\"$1\"}}"; }
status_of() { sed -n 's/^STATUS //p' "$1"; }
# Holds the profile's row lock for $1 seconds, so updates of it wait.
lock_pid=""
hold_lock() {
    psql "$ADMIN_DATABASE_URL" -Xq -c "BEGIN; SELECT 1 FROM profiles.profile WHERE id = '$target' FOR UPDATE; SELECT pg_sleep($1); COMMIT;" >/dev/null 2>&1 &
    lock_pid=$!
    sleep 0.3
}
shim_connections() {
    sql -c "SELECT count(*) FROM pg_stat_activity WHERE application_name = '$app_name'"
}
threads_of() { awk '/^Threads:/ {print $2}' "/proc/$1/status"; }

# --- a backend killed mid-request -------------------------------------------------------
start_shim PROFILES_POOL_SIZE=2 PROFILES_POOL_TIMEOUT_MS=1000 PROFILES_STATEMENT_TIMEOUT_MS=10000
check "shim starts (pool 2)" test -n "$shim_pid"
api "$get_body" >/dev/null
hold_lock 3
api "$(update_body killed)" >"$work/killed" &
req=$!
sleep 0.5
sql -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '$app_name' AND wait_event_type = 'Lock'" >/dev/null
wait "$req"
check "the request whose backend died fails cleanly with 503" test "$(status_of "$work/killed")" = 503
ok=0
for i in 1 2 3 4 5; do api "$get_body" >"$work/after" && [ "$(status_of "$work/after")" = 200 ] && ok=$((ok + 1)); done
check "the next requests succeed on replaced connections" test "$ok" = 5
wait "$lock_pid"
stop_shim

# --- pool exhaustion and statement timeout ---------------------------------------------
start_shim PROFILES_POOL_SIZE=2 PROFILES_POOL_TIMEOUT_MS=500 PROFILES_STATEMENT_TIMEOUT_MS=1500 PROFILES_THREADS=16
api "$get_body" >/dev/null
threads_before=$(threads_of "$shim_pid")
hold_lock 4
burst=()
for i in $(seq 1 6); do
    api "$(update_body burst$i)" >"$work/burst$i" &
    burst+=($!)
done
wait "${burst[@]}"
n503=0
retry_after=0
for i in $(seq 1 6); do
    [ "$(status_of "$work/burst$i")" = 503 ] && n503=$((n503 + 1))
    grep -qi '^Retry-After:' "$work/burst$i" && retry_after=$((retry_after + 1))
done
check "more slow requests than pool slots: all answered 503 (timeout or queue)" test "$n503" = 6
check "every 503 carries Retry-After" test "$retry_after" = 6
wait "$lock_pid"
sleep 0.5
check "no connection leak after the burst (<= pool size)" test "$(shim_connections)" -le 2
check "no thread leak after the burst" test "$(threads_of "$shim_pid")" = "$threads_before"
api "$get_body" >"$work/reuse"
check "connections are reused safely after a timeout" test "$(status_of "$work/reuse")" = 200
stop_shim

# --- SIGTERM during traffic --------------------------------------------------------------
start_shim PROFILES_POOL_SIZE=4 PROFILES_STATEMENT_TIMEOUT_MS=10000
hold_lock 2
term=()
for i in 1 2 3; do
    api "$(update_body term$i)" >"$work/term$i" &
    term+=($!)
done
sleep 0.5
kill -TERM "$shim_pid"
sleep 0.3
refused=0
curl -s --max-time 2 "http://127.0.0.1:$port/live" >/dev/null || refused=1
check "new connections are refused after SIGTERM" test "$refused" = 1
wait "$shim_pid"
code=$?
wait "${term[@]}" "$lock_pid"
done200=0
for i in 1 2 3; do [ "$(status_of "$work/term$i")" = 200 ] && done200=$((done200 + 1)); done
check "in-flight requests finish after SIGTERM" test "$done200" = 3
check "the shim exits 0" test "$code" = 0

# --- statement timeouts: the connection's, and the CSV export's own ------------------------
# Pool of 2: the export's connection serves the next requests too, which must be back on the
# short default (the export's timeout is local to its transaction).
start_shim PROFILES_POOL_SIZE=2 PROFILES_STATEMENT_TIMEOUT_MS=1000 PROFILES_EXPORT_STATEMENT_TIMEOUT_MS=30000
export_call() {
    curl -s -o /dev/null -w 'STATUS %{http_code}\n' --max-time 15 "http://127.0.0.1:$port/api/v5/artifacts/profiles/export" \
        -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d '{}'
}
# New exports wait for this lock, and updates of the profile for its row lock, for 2.5 s.
psql "$ADMIN_DATABASE_URL" -Xq -c "BEGIN; LOCK TABLE profiles.export IN EXCLUSIVE MODE; SELECT 1 FROM profiles.profile WHERE id = '$target' FOR UPDATE; SELECT pg_sleep(2.5); COMMIT;" >/dev/null 2>&1 &
lock_pid=$!
sleep 0.3
export_call >"$work/export" &
exporting=$!
api "$(update_body short)" >"$work/short"
wait "$exporting" "$lock_pid"
check "a statement waiting past PROFILES_STATEMENT_TIMEOUT_MS is cancelled (503)" test "$(status_of "$work/short")" = 503
check "the export runs under PROFILES_EXPORT_STATEMENT_TIMEOUT_MS: it waits and succeeds (201)" \
    test "$(status_of "$work/export")" = 201
hold_lock 2.5
api "$(update_body after1)" >"$work/after1" &
after=$!
api "$(update_body after2)" >"$work/after2"
wait "$after" "$lock_pid"
check "after the export, both pooled connections are back on the default timeout (503, 503)" \
    test "$(status_of "$work/after1") $(status_of "$work/after2")" = "503 503"
stop_shim

# --- SIGTERM during a streamed download ------------------------------------------------------
# An export of many small chunks streams for seconds (one short transaction per chunk), long
# after its handler returned. The shim must wait for it (PROFILES_DRAIN_TIMEOUT_MS) before exiting.
upload_id=$(cat /proc/sys/kernel/random/uuid)
sql <<SQL
INSERT INTO profiles.export (id, creator_id, file_name, row_count, status)
    VALUES ('$upload_id', '$admin_id', 'drain.csv', 8000, 'done');
INSERT INTO profiles.export_chunk (export_id, seq, data)
    SELECT '$upload_id', i, lpad(i::text, 127, 'x') || E'\n' FROM generate_series(0, 7999) i;
UPDATE profiles.export SET byte_count = (SELECT sum(octet_length(data)) FROM profiles.export_chunk
    WHERE export_id = '$upload_id') WHERE id = '$upload_id';
SQL
byte_count=$(sql -c "SELECT byte_count FROM profiles.export WHERE id = '$upload_id'")
start_shim PROFILES_DRAIN_TIMEOUT_MS=60000
curl -s --max-time 60 -o "$work/download.csv" -w '%{http_code}' \
    "http://127.0.0.1:$port/api/v5/artifacts/profiles/export/$upload_id" -H "Authorization: Bearer $token" >"$work/download.status" &
downloading=$!
sleep 0.3
check "the download is still streaming when SIGTERM comes ($(stat -c %s "$work/download.csv" 2>/dev/null || echo 0) of $byte_count bytes)" \
    test "$(stat -c %s "$work/download.csv" 2>/dev/null || echo 0)" -lt "$byte_count"
kill -TERM "$shim_pid"
wait "$shim_pid"
code=$?
wait "$downloading"
curl_code=$?
check "the download in flight at SIGTERM completes (curl $curl_code, HTTP $(cat "$work/download.status"))" \
    test "$curl_code $(cat "$work/download.status")" = "0 200"
check "... with every byte of the export" test "$(stat -c %s "$work/download.csv")" = "$byte_count"
check "the shim exits 0 after the download" test "$code" = 0
check "... and says it stopped cleanly" grep -q '"stopped"' "$work/shim.log"
sql -c "DELETE FROM profiles.export WHERE id = '$upload_id'" >/dev/null

rm -rf "$work"
finish
