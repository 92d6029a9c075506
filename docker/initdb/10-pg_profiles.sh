#!/bin/bash
# First start of the database container: the extension and the shim's login role, as
# scripts/cluster.sh sets them up for the local cluster.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
CREATE EXTENSION IF NOT EXISTS pg_profiles CASCADE;
DO \$\$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'profiles_shim') THEN
        CREATE ROLE profiles_shim LOGIN PASSWORD '${PROFILES_SHIM_PASSWORD}' IN ROLE profiles_authenticator;
    END IF;
END \$\$;
SQL
