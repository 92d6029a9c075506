#!/usr/bin/env bash
# Installs the Debian packages the build, the cluster and the tests need. Idempotent and quiet
# when everything is present.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

PACKAGES=(
    make g++ pkg-config ca-certificates
    postgresql-15 postgresql-contrib postgresql-server-dev-15 libpq-dev
    libcpp-httplib-dev rapidjson-dev libssl-dev libgtest-dev
    curl openssl procps
    python3
    python3-prometheus-client nodejs
)
# npm ships inside some nodejs builds (NodeSource); Debian packages it separately.
command -v npm >/dev/null 2>&1 || PACKAGES+=(npm)

missing=()
for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

say "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
as_root apt-get update -qq
as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
