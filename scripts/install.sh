#!/usr/bin/env bash
# Installs the built extension into the PostgreSQL found by pg_config.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
as_root make -s install >/dev/null
