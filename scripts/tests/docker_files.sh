#!/usr/bin/env bash
# The container files mirror the Makefile's build: every file they copy exists, their build
# packages are the ones `make deps` installs, their runtime packages exist in Debian, and the
# compose file points at them. (No container engine runs here, so nothing is built.)
# Prints GoogleTest-style totals for scripts/test.sh.
set -uo pipefail
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../testlib.sh"
cd "$ROOT"


deps=$(sed -n '/^PACKAGES=(/,/^)/p' scripts/deps.sh | tr -s ' \n' '\n' | grep -v -e '^PACKAGES=(' -e '^)' -e '^$')

for df in docker/Dockerfile.*; do
    name=$(basename "$df")
    # Files copied from the build context (not --from another stage).
    while read -r src; do
        check "$name copies $src, which exists" test -e "$src"
    done < <(grep -E '^COPY ' "$df" | grep -v -- '--from=' | awk '{for (i = 2; i < NF; i++) print $i}')
    # Packages of each stage: a build stage's must come from make deps, a runtime stage's
    # must exist in Debian.
    pkgs_build=$(awk '/ AS /{s="build"} /^FROM/ && !/ AS /{s="runtime"} {print s "\t" $0}' "$df" |
        awk -F'\t' '$1=="build"{print $2}' | sed -n '/apt-get install/,/rm -rf/p' |
        tr ' \\' '\n\n' | grep -E '^[a-z0-9][a-z0-9.+-]+$' | grep -v -E '^(apt-get|install|rm|update|y|no-install-recommends|var|lib|apt|lists)$')
    pkgs_run=$(awk '/ AS /{s="build"} /^FROM/ && !/ AS /{s="runtime"} {print s "\t" $0}' "$df" |
        awk -F'\t' '$1=="runtime"{print $2}' | sed -n '/apt-get install/,/rm -rf/p' |
        tr ' \\' '\n\n' | grep -E '^[a-z0-9][a-z0-9.+-]+$' | grep -v -E '^(apt-get|install|rm|update|y|no-install-recommends|var|lib|apt|lists|useradd|system|no-create-home|shell|profiles)$')
    for p in $pkgs_build; do
        check "$name build package $p is installed by make deps" grep -qx "$p" <<<"$deps"
    done
    for p in $pkgs_run; do
        check "$name runtime package $p exists in Debian" bash -c "apt-cache show '$p' >/dev/null 2>&1"
    done
done

for f in $(grep -E 'dockerfile:' docker/compose.yaml | awk '{print $2}'); do
    check "compose builds $f, which exists" test -f "$f"
done
check "compose has a database health check" grep -q 'pg_isready' docker/compose.yaml
check "the shim image runs as a non-root user" grep -qE '^USER [a-z]' docker/Dockerfile.shim
check "the init script creates the extension" grep -q 'CREATE EXTENSION IF NOT EXISTS pg_profiles' docker/initdb/10-pg_profiles.sh

finish
