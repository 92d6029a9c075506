#!/usr/bin/env bash
# `make run`: the cluster is up and the extension installed (make cluster); seed the demo
# identities, print how to call the API, then serve in the foreground until Ctrl-C/SIGTERM.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
# shellcheck disable=SC1091
source "$PGDATA_LINK/env"

export HOST=${HOST:-127.0.0.1} PORT=${PORT:-8080}
SHIM=$ROOT/shim/profiles-shim
ADMIN_ID=00000000-0000-4000-8000-000000000001
USER_ID=00000000-0000-4000-8000-000000000002

psql "$ADMIN_DATABASE_URL" -X -q -v ON_ERROR_STOP=1 -f scripts/demo_identities.sql
if [ "${DEMO:-0}" = 1 ]; then
    say "seeding demo data (DEMO=1)"
    psql "$ADMIN_DATABASE_URL" -X -q -v ON_ERROR_STOP=1 -f scripts/demo_data.sql
fi

ADMIN_TOKEN=$("$SHIM" token --sub "$ADMIN_ID" --ttl 86400)
USER_TOKEN=$("$SHIM" token --sub "$USER_ID" --ttl 86400)
URL="http://$HOST:$PORT"

cat <<INFO

  pg_profiles is serving on $URL
  database: ${DATABASE_URL}

  admin token (internal_admin, 24 h):
    $ADMIN_TOKEN
  standard-user token (standard_user, 24 h):
    $USER_TOKEN

  try:
    curl -s $URL/functions/v1/api \\
      -H "Authorization: Bearer $ADMIN_TOKEN" \\
      -H 'Content-Type: application/json' \\
      -d '{"resource":"profiles","action":"get","id":"$USER_ID"}'

  Ctrl-C stops the server; the database keeps running (make stop stops it).

INFO
exec "$SHIM"
