#!/usr/bin/env bash
# Postgres restarted under write traffic through the shim: while the database is down the shim
# answers 503 with Retry-After, it heals without being restarted, and every write it
# acknowledged with 2xx is in the database with exactly one activity row.
# Embedded cluster only (it restarts the server). Prints GoogleTest-style totals.
set -uo pipefail
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../testlib.sh"
cd "$ROOT"
# shellcheck disable=SC1091
source "$PGDATA_LINK/env"

if [ -z "${PROFILES_EMBEDDED_CLUSTER:-}" ]; then echo "external database: skipped"; finish; fi

work=$(mktemp -d)
admin=$(cat /proc/sys/kernel/random/uuid)
target=$(cat /proc/sys/kernel/random/uuid)
psql "$ADMIN_DATABASE_URL" -Xq -v ON_ERROR_STOP=1 <<SQL
INSERT INTO profiles.users (id, email, role) VALUES ('$admin', 'restart-admin-$admin@example.com', 'internal_admin'),
                                                    ('$target', 'restart-$target@example.com', 'standard_user');
INSERT INTO profiles.profile (id, first_name) VALUES ('$target', 'Restart');
SQL
token=$(shim/profiles-shim token --sub "$admin" --ttl 600)

start_shim_logged "$work/shim.log" PROFILES_POOL_TIMEOUT_MS=500
check "shim starts" test $? = 0

# One writer: each request sets a distinct job title and carries its own request id.
writer() {
    local i code
    for i in $(seq 1 "$1"); do
        code=$(curl -s -o /dev/null -D "$work/h.$i" -w '%{http_code}' --max-time 5 \
            "http://127.0.0.1:$port/functions/v1/api" -H "Authorization: Bearer $token" \
            -H 'Content-Type: application/json' -H "X-Request-Id: restart-$target-$i" \
            -d "{\"resource\":\"profiles\",\"action\":\"update\",\"id\":\"$target\",\"data\":{\"job_title\":\"t$i\"}}")
        echo "$i $code" >>"$work/codes"
        sleep 0.02
    done
}

writer 150 &
writer_pid=$!
sleep 1
bash scripts/cluster.sh restart fast >/dev/null 2>&1
sleep 1
# Down for a while: the shim must answer 503 with Retry-After, not hang or crash.
as_cluster_owner "$PGBIN/pg_ctl" -D "$(readlink -f "$PGDATA_LINK")/data" -m immediate -w stop >/dev/null 2>&1
sleep 0.5
down_code=$(curl -s -D "$work/down.h" -o "$work/down.body" -w '%{http_code}' --max-time 5 \
    "http://127.0.0.1:$port/functions/v1/api" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -d "{\"resource\":\"profiles\",\"action\":\"get\",\"id\":\"$target\"}")
check "503 while the database is down" test "$down_code" = 503
check "Retry-After while the database is down" grep -qi '^Retry-After:' "$work/down.h"
bash scripts/cluster.sh start >/dev/null 2>&1
wait "$writer_pid"

healed=000
for _ in $(seq 50); do
    healed=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$port/functions/v1/api" \
        -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
        -d "{\"resource\":\"profiles\",\"action\":\"get\",\"id\":\"$target\"}")
    [ "$healed" = 200 ] && break
    sleep 0.2
done
check "shim heals without a restart" test "$healed" = 200
check "shim process still alive" kill -0 "$shim_pid"

acked=$(awk '$2 ~ /^2/ {print $1}' "$work/codes" | sort -n)
check "some writes were acknowledged" test -n "$acked"
missing=0
for i in $acked; do
    n=$(psql "$ADMIN_DATABASE_URL" -XtAc "SELECT count(*) FROM profiles.activities WHERE request_id = 'restart-$target-$i'")
    [ "$n" = 1 ] || { missing=$((missing + 1)); echo "request $i: $n activities"; }
done
check "every acknowledged write has exactly one activity" test "$missing" = 0
last=$(echo "$acked" | tail -1)
final=$(psql "$ADMIN_DATABASE_URL" -XtAc "SELECT job_title FROM profiles.profile WHERE id = '$target'")
# A write whose reply was lost in the crash may be newer than the last acknowledged one.
check "the stored value is the last acknowledged write or newer" test "${final#t}" -ge "$last"
non2xx=$(awk '$2 !~ /^2/ && $2 != 503 && $2 != 000 {print}' "$work/codes" | head -3)
check "failures during the outage are 503, never 500" test -z "$non2xx"

kill -TERM "$shim_pid"
wait "$shim_pid"
check "shim exits 0 on SIGTERM" test $? = 0
rm -rf "$work"
finish
