#!/usr/bin/env bash
# Read replicas: a real streaming replica of the embedded cluster on loopback (pg_basebackup -R
# over the Unix socket, its own port and data directory under /tmp), a shim with
# PROFILES_READ_URLS pointing at it. Reads are served by the replica (X-Served-By, the replica's
# own statistics, /metrics), writes by the primary, a writer reads its own writes, and when the
# replica stops reads keep working from the primary; a health check brings it back.
# The primary is only read from: no configuration change, no restart, no replication slot.
# Embedded cluster only. Everything created here is removed at the end. Prints GoogleTest-style
# totals.
set -uo pipefail
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../testlib.sh"
cd "$ROOT" || exit 1
# shellcheck disable=SC1091
source "$PGDATA_LINK/env"

# The replica is a base backup of the embedded cluster, taken over its Unix socket.
if [ -z "${PROFILES_EMBEDDED_CLUSTER:-}" ]; then echo "external database: skipped"; finish; fi

rport=$((PGPORT + 20))
rdir=$(mktemp -d /tmp/profiles-replica.XXXXXX)
work=$(mktemp -d)
shim_pid=""
admin_id=$(cat /proc/sys/kernel/random/uuid)
user_id=$(cat /proc/sys/kernel/random/uuid)
sql() { psql "$ADMIN_DATABASE_URL" -XqtA -v ON_ERROR_STOP=1 "$@"; }
replica_sql() { psql "postgresql://postgres@/profiles?host=$rdir/sock&port=$rport" -XqtA "$@"; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
replica_ctl() { as_pg "$PGBIN/pg_ctl" -D "$rdir/data" -l "$rdir/server.log" -w -t 60 "$@" >/dev/null 2>&1; }

cleanup() {
    [ -n "$shim_pid" ] && kill -TERM "$shim_pid" 2>/dev/null && wait "$shim_pid" 2>/dev/null
    [ -f "$rdir/data/postmaster.pid" ] && as_pg "$PGBIN/pg_ctl" -D "$rdir/data" -m immediate -w stop >/dev/null 2>&1
    rm -rf "$rdir" "$work"
    sql -c "DELETE FROM profiles.profile WHERE id IN ('$admin_id', '$user_id');
            DELETE FROM profiles.users WHERE id IN ('$admin_id', '$user_id');" >/dev/null 2>&1
}
trap cleanup EXIT

# --- a streaming replica of the embedded cluster ------------------------------------------
chown postgres: "$rdir" 2>/dev/null
chmod 700 "$rdir"
as_pg mkdir -p "$rdir/sock"
as_pg "$PGBIN/pg_basebackup" -D "$rdir/data" -R -X stream -c fast -h "$PGHOST" -p "$PGPORT" -U postgres \
    >"$work/basebackup.log" 2>&1
check "pg_basebackup -R copies the primary" test -f "$rdir/data/standby.signal"
as_pg tee -a "$rdir/data/postgresql.auto.conf" >/dev/null <<CONF
port = $rport
unix_socket_directories = '$rdir/sock'
listen_addresses = '127.0.0.1'
shared_buffers = 32MB
hot_standby = on
log_statement = 'all'
CONF
check "the replica starts on port $rport" replica_ctl start
[ "$failed" = 0 ] || { cat "$work/basebackup.log" "$rdir/server.log" 2>/dev/null | tail -20; finish; }
check "it is a standby (pg_is_in_recovery)" test "$(replica_sql -c 'SELECT pg_is_in_recovery()')" = t

# The test's identities, then wait until the replica has replayed them.
sql <<SQL
INSERT INTO profiles.users (id, email, role) VALUES
    ('$admin_id', 'replica-$admin_id@example.com', 'internal_admin'),
    ('$user_id', 'replica-$user_id@example.com', 'standard_user');
INSERT INTO profiles.profile (id, first_name, last_name, email) VALUES
    ('$user_id', 'Replica', 'Reader', 'replica-$user_id@example.com');
SQL
caught_up() {
    local lsn
    lsn=$(sql -c 'SELECT pg_current_wal_lsn()')
    for _ in $(seq 200); do
        [ "$(replica_sql -c "SELECT pg_last_wal_replay_lsn() >= '$lsn'::pg_lsn" 2>/dev/null)" = t ] && return 0
        sleep 0.05
    done
    return 1
}
check "the replica replays the primary's writes" caught_up
check "the test user is visible on the replica" \
    test "$(replica_sql -c "SELECT count(*) FROM profiles.users WHERE id = '$user_id'")" = 1

# --- a shim reading from it -----------------------------------------------------------------
read_url="postgresql://profiles_shim@/profiles?host=$rdir/sock&port=$rport"
env PORT=0 PROFILES_READ_URLS="$read_url" PROFILES_READ_YOUR_WRITES_MS=1500 \
    PROFILES_REPLICA_CHECK_MS=200 PROFILES_POOL_TIMEOUT_MS=1000 shim/profiles-shim >"$work/shim.log" 2>&1 &
shim_pid=$!
port=""
started() { # PORT=0: the shim picks a free port and prints it
    for _ in $(seq 200); do
        port=$(sed -n 's|^profiles-shim listening on http://127.0.0.1:\([0-9]*\)$|\1|p' "$work/shim.log")
        [ -n "$port" ] && curl -sf "http://127.0.0.1:$port/live" >/dev/null && return 0
        sleep 0.05
    done
    return 1
}
check "the shim starts with PROFILES_READ_URLS" started

user_token=$(shim/profiles-shim token --sub "$user_id" --ttl 600)
admin_token=$(shim/profiles-shim token --sub "$admin_id" --ttl 600)
base=http://127.0.0.1:$port
# call METHOD PATH TOKEN [BODY] -> "STATUS SERVED-BY", body in $work/body
call() {
    local args=(-s -o "$work/body" -D "$work/headers" -w '%{http_code}' -X "$1" "$base$2" -H "Authorization: Bearer $3")
    [ $# -ge 4 ] && args+=(-H 'Content-Type: application/json' -d "$4")
    local status
    status=$(curl "${args[@]}")
    echo "$status $(tr -d '\r' <"$work/headers" | sed -n 's/^X-Served-By: //Ip')"
}
metric() { curl -s "$base/metrics" | awk -v m="$1" '$1 == m {print $2}'; }

# Every read-only route, as the owner or an admin.
reads=(
    "GET /profiles/$user_id user"
    "GET /profiles user"
    "GET /profiles/$user_id/contacts user"
    "GET /api/user/profile user"
    "GET /manage/api/users/$user_id/profile user"
    "POST /api/v5/artifacts/profiles/context user {}"
    "POST /api/v5/artifacts/profiles/get user {}"
    "POST /api/v5/artifacts/profiles/search admin {\"search\":\"Replica\"}"
    "POST /api/v5/artifacts/profiles/drafts user {}"
    "POST /api/v5/artifacts/profiles/docs user {}"
    "POST /functions/v1/api user {\"resource\":\"profiles\",\"action\":\"get\",\"id\":\"$user_id\"}"
    "POST /functions/v1/api admin {\"resource\":\"profiles\",\"action\":\"list\",\"limit\":2}"
)
for entry in "${reads[@]}"; do
    read -r method path who body <<<"$entry"
    token=$user_token
    [ "$who" = admin ] && token=$admin_token
    if [ -n "${body:-}" ]; then got=$(call "$method" "$path" "$token" "$body"); else got=$(call "$method" "$path" "$token"); fi
    # A 404 is fine for reads of rows the user has none of (e.g. seed 004's profile attributes).
    check "$method $path is answered by the replica ($got)" bash -c "[[ '$got' =~ ^(200|404)\ replica$ ]]"
done
# The replica's own view (it logs every statement): the shim's sessions there ran them.
replica_ran() { grep -c "profiles_shim@profiles LOG:  execute $1:" "$rdir/server.log"; }
for statement in rest_profile_get rest_profile_list rest_contact_list current_user_get \
    user_profile_get artifacts_context artifacts_get artifacts_search artifacts_drafts \
    artifacts_docs api; do
    check "the replica's log shows it ran $statement" test "$(replica_ran "$statement")" -ge 1
done
check "/metrics counts statements served by the replica" \
    test "$(metric 'profiles_read_replica_statements_total{replica="replica1"}')" -ge "${#reads[@]}"
check "/metrics: no read had to leave the replica" \
    test "$(metric 'profiles_read_primary_statements_total{reason="replica_failed"}')" = 0
check "/metrics reports the replica's pool" test -n "$(metric 'profiles_pool_size{pool="replica1"}')"

# --- writes, and reading one's own writes -----------------------------------------------------
got=$(call PATCH "/profiles/$user_id" "$user_token" '{"firstName":"Patched"}')
check "PATCH /profiles/{id} runs on the primary and says so ($got)" test "$got" = "200 primary"
got=$(call PUT "/profiles/$user_id" "$user_token" '{"firstName":"Written"}')
check "PUT /profiles/{id} runs on the primary and says so ($got)" test "$got" = "200 primary"
got=$(call GET "/profiles/$user_id" "$user_token")
check "the writer's next read stays on the primary ($got)" test "$got" = "200 primary"
check "... and sees the write" grep -q '"firstName":"Written"' "$work/body"
got=$(call GET "/profiles/$user_id" "$admin_token")
check "another caller's read still goes to the replica ($got)" test "$got" = "200 replica"
sleep 1.7
got=$(call GET "/profiles/$user_id" "$user_token")
check "after the window the writer reads from the replica again ($got)" test "$got" = "200 replica"
check "... which has replayed the write" grep -q '"firstName":"Written"' "$work/body"
got=$(call POST /functions/v1/api "$admin_token" "{\"resource\":\"profiles\",\"action\":\"update\",\"id\":\"$user_id\",\"data\":{\"job_title\":\"x\"}}")
check "an envelope update goes to the primary ($got)" test "$got" = "200 primary"

# --- the replica stops: reads keep working from the primary ------------------------------------
sleep 1.7
replica_ctl -m fast stop
check "the replica is stopped" bash -c "! test -f '$rdir/data/postmaster.pid'"
all_ok=1
served=""
for _ in $(seq 1 10); do
    got=$(call GET "/profiles/$user_id" "$admin_token")
    [ "${got%% *}" = 200 ] || all_ok=0
    served+="${got#* } "
done
check "every read right after the stop still answers 200" test "$all_ok" = 1
check "they are served by the primary ($served)" bash -c "[[ ! '$served' =~ replica ]]"
sleep 0.5
check "/metrics shows the replica unhealthy" \
    test "$(metric 'profiles_read_replica_healthy{replica="replica1"}')" = 0
check "/ready is still 200 (the primary is up)" \
    test "$(curl -s -o /dev/null -w '%{http_code}' "$base/ready")" = 200

# --- it comes back ------------------------------------------------------------------------------
check "the replica starts again" replica_ctl start
back() {
    for _ in $(seq 100); do
        [ "$(call GET "/profiles/$user_id" "$admin_token")" = "200 replica" ] && return 0
        sleep 0.1
    done
    return 1
}
check "the health check returns it to rotation" back
grep -Eq '"read replica (unhealthy|failed a call)' "$work/shim.log"
check "the shim logged the replica going down" test $? = 0
check "the replica never ran a write" test "$(replica_ran rest_profile_update)" = 0

kill -TERM "$shim_pid" && wait "$shim_pid"
check "the shim exits 0" test $? = 0
shim_pid=""
finish
