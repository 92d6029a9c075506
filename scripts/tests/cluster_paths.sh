#!/usr/bin/env bash
# The embedded cluster works from a checkout the `postgres` user cannot enter and whose path
# is too long for a Unix socket: .pgdata becomes a link into /tmp (only into a directory of our
# own), and a later start honours a new PGPORT. Prints GoogleTest-style totals for scripts/test.sh.
set -uo pipefail
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../testlib.sh"


parent=$(mktemp -d /root/pgp-paths.XXXXXX 2>/dev/null || mktemp -d)
chmod 700 "$parent"
long=$parent/$(printf 'a%.0s' {1..60})/$(printf 'b%.0s' {1..40})/checkout
mkdir -p "$long"
cp -r "$ROOT/scripts" "$long/"
port=$((PGPORT + 10))

(cd "$long" && PGPORT=$port DATABASE_URL='' bash scripts/cluster.sh start) >"$parent/start.log" 2>&1
check "cluster starts from a long, private checkout path" test $? = 0
check ".pgdata is a link into /tmp" bash -c "[ -L '$long/.pgdata' ] && readlink '$long/.pgdata' | grep -q '^/tmp/'"
check "socket path fits" bash -c "sock=\$(readlink -f '$long/.pgdata')/sock/.s.PGSQL.$port; [ -S \"\$sock\" ] && [ \${#sock} -le 107 ]"
check "extension installed and reachable" bash -c "source '$long/.pgdata/env' && psql -XtAc \"SELECT extversion FROM pg_extension WHERE extname='pg_profiles'\" | grep -q 1"
check "shim login role exists" bash -c "source '$long/.pgdata/env' && psql \"\$DATABASE_URL\" -XtAc 'SELECT pg_has_role(current_user, '\''profiles_authenticator'\'', '\''MEMBER'\'')' | grep -q t"

# PGPORT is honoured on every start, not only the first one.
(cd "$long" && PGPORT=$port bash scripts/cluster.sh stop && PGPORT=$((port + 1)) DATABASE_URL='' bash scripts/cluster.sh start) >>"$parent/start.log" 2>&1
check "a later start uses the new PGPORT" bash -c "source '$long/.pgdata/env' && [ \"\$PGPORT\" = $((port + 1)) ] && psql -XtAc 'SHOW port' | grep -qx $((port + 1))"
# After /tmp was emptied someone else may take the name: stop and destroy do not follow it.
(cd "$long" && PGPORT=$((port + 1)) bash scripts/cluster.sh stop) >>"$parent/start.log" 2>&1
tmp_dir=$(readlink "$long/.pgdata")
mv "$tmp_dir" "$parent/moved"
mkdir "$parent/victim" && touch "$parent/victim/keep"
ln -s "$parent/victim" "$tmp_dir"
(cd "$long" && PGPORT=$((port + 1)) bash scripts/cluster.sh destroy) >"$parent/planted.log" 2>&1
check "destroy refuses a link planted at the /tmp name" bash -c "[ -e '$parent/victim/keep' ] && grep -q 'symbolic link' '$parent/planted.log'"
rm -f "$tmp_dir"
mv "$parent/moved" "$tmp_dir"
(cd "$long" && PGPORT=$((port + 1)) bash scripts/cluster.sh destroy) >>"$parent/start.log" 2>&1
check "destroy removes the data and the link" bash -c "[ ! -e '$long/.pgdata' ] && [ ! -e '$tmp_dir' ]"

# The /tmp name is predictable: one made by someone else is refused, and nothing follows it.
target=/tmp/pg_profiles-$(printf '%s' "$long" | sha1sum | cut -c1-12)
mkdir "$parent/elsewhere"
ln -s "$parent/elsewhere" "$target"
(cd "$long" && PGPORT=$port DATABASE_URL='' bash scripts/cluster.sh start) >"$parent/link.log" 2>&1
check "a symbolic link at $target is refused" bash -c "grep -q 'symbolic link' '$parent/link.log' && [ ! -e '$long/.pgdata' ] && [ -z \"\$(ls -A '$parent/elsewhere')\" ]"
rm -f "$target"
if [ "$(id -u)" = 0 ]; then
    mkdir "$target"
    chown nobody "$target"
    (cd "$long" && PGPORT=$port DATABASE_URL='' bash scripts/cluster.sh start) >"$parent/owner.log" 2>&1
    check "a directory at $target owned by another user is refused" bash -c "grep -q 'owned by nobody' '$parent/owner.log' && [ ! -e '$long/.pgdata' ]"
    rm -rf "$target"
fi
rm -rf "$parent"

finish
