#!/usr/bin/env bash
# The embedded PostgreSQL cluster used when DATABASE_URL is not set (see README, "Operator
# contract"): data in .pgdata/data, socket in .pgdata/sock, TCP 127.0.0.1:$PGPORT, database
# `profiles`, superuser `postgres`. With DATABASE_URL set, only the extension is installed there.
#   cluster.sh start    create if needed, start, install or update the extension, write .pgdata/env
#   cluster.sh stop     stop the cluster
#   cluster.sh restart  [fast|immediate]
#   cluster.sh destroy  stop and delete all data
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

SOCKET_MAX=100 # bytes; Unix socket paths are limited to 107
PORT_WAIT=70   # seconds; TIME_WAIT keeps a closed connection's local port taken for 60

# A shell that sourced .pgdata/env has the embedded cluster's URLs in DATABASE_URL and
# ADMIN_DATABASE_URL: that is still the embedded cluster. Any other DATABASE_URL names an
# external database, which the embedded cluster's libpq variables must not redirect. (An env
# file without PROFILES_EMBEDDED_DATABASE_URL is older; its DATABASE_URL is the embedded one.)
if [ -n "${PROFILES_EMBEDDED_CLUSTER:-}" ]; then
    if [ "${DATABASE_URL:-}" = "${PROFILES_EMBEDDED_DATABASE_URL-${DATABASE_URL:-}}" ]; then
        unset DATABASE_URL ADMIN_DATABASE_URL
    else
        if [ "${ADMIN_DATABASE_URL:-}" = "${PROFILES_EMBEDDED_ADMIN_DATABASE_URL:-}" ]; then
            unset ADMIN_DATABASE_URL
        fi
        if [ -n "${DATABASE_URL:-}" ]; then
            say "DATABASE_URL is not the embedded cluster's (from .pgdata/env): using that database"
            unset PGHOST PGUSER PGDATABASE
            export -n PGPORT
        fi
    fi
fi

# A single-quoted word for sh, whatever the text holds.
sh_quote() { printf "'%s'" "${1//\'/\'\\\'\'}"; }

# .pgdata is a directory in the checkout when the cluster owner can reach it and the socket
# path is short enough; otherwise a link to a directory under /tmp.
prepare_dir() {
    if [ -L "$PGDATA_LINK" ]; then
        local target
        target=$(readlink "$PGDATA_LINK")
        case $target in
        /tmp/pg_profiles-*) claim_tmp_dir "$target" ;; # /tmp may have been emptied, the name taken
        *) mkdir -p "$target" ;;
        esac
        return 0
    fi
    [ -e "$PGDATA_LINK" ] && return 0
    local sock="$PGDATA_LINK/sock/.s.PGSQL.$PGPORT"
    local reachable=yes
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- test -x "$ROOT" 2>/dev/null || reachable=no
    fi
    if [ "$reachable" = yes ] && [ ${#sock} -le $SOCKET_MAX ]; then
        mkdir -p "$PGDATA_LINK"
    else
        local target
        target=/tmp/pg_profiles-$(printf '%s' "$ROOT" | sha1sum | cut -c1-12)
        claim_tmp_dir "$target"
        ln -s "$target" "$PGDATA_LINK"
        say ".pgdata -> $target (checkout not reachable by the cluster owner, or path too long)"
    fi
}

# The name under /tmp is predictable, so another local user may have made it first: a link
# elsewhere (the chown, chmod and `rm -rf` done on .pgdata would follow it) or a directory of
# their own (with a jwt_secret of their choosing). Only our own directory is used.
claim_tmp_dir() { # dir
    mkdir -m 755 "$1" 2>/dev/null && return 0
    ours_or_die "$1"
}

# Dies unless `dir` is a real directory of ours. One the cluster owner holds (earlier versions
# of this script gave it the directory) is taken back when we are root.
ours_or_die() { # dir
    [ ! -L "$1" ] || die "$1 is a symbolic link: refusing to keep the cluster there (remove it)"
    [ -d "$1" ] || die "$1 exists and is not a directory: refusing to keep the cluster there"
    [ -O "$1" ] && return 0
    if [ "$(id -u)" = 0 ] && [ "$(stat -c %U "$1")" = postgres ]; then
        chown root: "$1"
        return 0
    fi
    die "$1 is owned by $(stat -c %U "$1"), not $(id -un): refusing to keep the cluster there (remove it)"
}

# stop, restart and destroy act on .pgdata's directory only while it is still ours: after /tmp
# was emptied, its name may have been taken by someone else (a link for `rm -rf` to follow, a
# postmaster.pid naming a process for pg_ctl to signal). Prints the directory, or nothing when
# the link's target is gone.
checked_dir() {
    local target
    if [ -L "$PGDATA_LINK" ]; then
        target=$(readlink "$PGDATA_LINK")
        [ -e "$target" ] || [ -L "$target" ] || return 0
        ours_or_die "$target"
        printf '%s' "$target"
    elif [ -d "$PGDATA_LINK" ]; then
        printf '%s' "$PGDATA_LINK"
    fi
}

D() { readlink -f "$PGDATA_LINK"; }

owned_dirs() {
    local d
    d=$(D)
    mkdir -p "$d/sock" "$d/log"
    # .pgdata itself stays ours: the cluster owner needs only to pass through it, and must not
    # be able to replace the env file we and our shells source. Earlier versions of this script
    # gave it to the cluster owner: take it back, with the files it holds for us.
    if [ "$(id -u)" = 0 ]; then
        if [ "$(stat -c %U "$d")" != root ]; then
            chown root: "$d"
            for f in env jwt_secret extension.sha1; do
                if [ -e "$d/$f" ]; then chown -h root: "$d/$f"; fi
            done
        fi
        chown postgres:postgres "$d/sock" "$d/log"
        if [ -d "$d/data" ]; then chown postgres:postgres "$d/data"; fi
    fi
    chmod 755 "$d"
    chmod 700 "$d/sock"
}

init_cluster() {
    local d
    d=$(D)
    [ -f "$d/data/PG_VERSION" ] && return
    say "creating cluster in $d/data"
    mkdir -p "$d/data"
    if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$d/data"; fi
    as_cluster_owner "$PGBIN/initdb" -D "$d/data" -U postgres -E UTF8 --locale=C.UTF-8 \
        --auth-local=trust --auth-host=scram-sha-256 >"$d/log/initdb.log" 2>&1 ||
        { cat "$d/log/initdb.log" >&2; die "initdb failed"; }
    cat >>"$d/data/postgresql.conf" <<CONF
# pg_profiles embedded cluster (scripts/cluster.sh starts it with the current PGPORT and
# socket directory, which override port and unix_socket_directories below)
listen_addresses = '127.0.0.1'
port = $PGPORT
unix_socket_directories = '$d/sock'
unix_socket_permissions = 0700
max_connections = 200
shared_buffers = 256MB
log_line_prefix = '%m [%p] %q%u@%d '
log_min_messages = warning
CONF
}

is_running() { as_cluster_owner "$PGBIN/pg_ctl" -D "$(D)/data" status >/dev/null 2>&1; }

is_ready() { "$PGBIN/pg_isready" -q -h "$(D)/sock" -p "$PGPORT"; }

# The server outlives this script: it must not keep the caller's descriptors open (a lock
# file held by `flock`, a pipe a CI runner waits on to reach end of file).
close_inherited_fds() {
    local fd
    for fd in /proc/$BASHPID/fd/*; do
        fd=${fd##*/}
        [ "$fd" -gt 2 ] && eval "exec $fd>&-"
    done
    return 0
}

# postgresql.conf holds the port and socket directory of initdb time; every start passes the
# current ones (PGPORT may have changed, the checkout may have moved). pg_ctl runs -o's text
# through /bin/sh.
server_options() { printf '%s' "-p $PGPORT -k $(sh_quote "$(D)/sock")"; }

running_port() { sed -n 4p "$(D)/data/postmaster.pid" 2>/dev/null; }

pg_ctl_start() {
    (close_inherited_fds && as_cluster_owner "$PGBIN/pg_ctl" -D "$(D)/data" -l "$(D)/log/server.log" \
        -o "$(server_options)" -w -t 60 start >/dev/null)
}

# Right after a crash or an immediate stop the old postmaster may still be exiting; try a few
# times before giving up. A client connection that used $PGPORT as its local port (54329 lies in
# Linux's ephemeral range) keeps it taken for 60 s after it closed (TIME_WAIT): wait that out.
start_server() {
    local attempt=0 log offset since=$SECONDS waiting=""
    log="$(D)/log/server.log"
    if is_running && [ "$(running_port)" != "$PGPORT" ]; then
        die "PostgreSQL in $(D)/data is running on port $(running_port), not $PGPORT: make stop first (or use PGPORT=$(running_port))"
    fi
    while :; do
        if is_running; then
            for _ in $(seq 100); do is_ready && return 0; sleep 0.1; done
        else
            offset=$(stat -c %s "$log" 2>/dev/null || echo 0)
            if [ -z "$waiting" ]; then
                say "starting PostgreSQL on 127.0.0.1:$PGPORT (socket $(D)/sock)"
                pg_ctl_start && is_ready && return 0
            else
                pg_ctl_start 2>/dev/null && is_ready && return 0 # said once already
            fi
            if tail -c +"$((offset + 1))" "$log" 2>/dev/null | grep -q 'could not bind .*Address already in use'; then
                if (exec 3<>"/dev/tcp/127.0.0.1/$PGPORT") 2>/dev/null; then
                    die "another server listens on 127.0.0.1:$PGPORT: stop it, or choose another PGPORT"
                fi
                if [ $((SECONDS - since)) -ge $PORT_WAIT ]; then
                    die "127.0.0.1:$PGPORT was still in use after $PORT_WAIT s (see $log): choose another PGPORT"
                fi
                if [ -z "$waiting" ]; then
                    say "127.0.0.1:$PGPORT is the local port of a client connection (or of one closed less than 60 s ago); waiting up to $PORT_WAIT s for it"
                    waiting=yes
                fi
                sleep 2
                continue
            fi
        fi
        attempt=$((attempt + 1))
        [ "$attempt" -lt 5 ] || break
        sleep "$attempt"
    done
    tail -20 "$log" >&2
    die "PostgreSQL did not start"
}

admin_psql() { psql "$ADMIN_URL" -v ON_ERROR_STOP=1 -X -q "$@"; }

# Ends the database's other sessions: a running shim's pool holds the old library and plans
# cached against the old objects.
end_other_sessions() {
    admin_psql -c "SELECT count(pg_catalog.pg_terminate_backend(pid)) FROM pg_catalog.pg_stat_activity WHERE datname = current_database() AND pid <> pg_catalog.pg_backend_pid()" >/dev/null
}

# The embedded cluster's stamp keeps one hash of the installed SQL scripts and one of the
# library: a rebuilt library alone keeps the data, a changed script at the same version cannot.
install_extension() {
    local scripts lib sql_hash lib_hash stamp old_sql="" old_lib="" installed latest path
    scripts=("$(pg_config --sharedir)"/extension/pg_profiles--*.sql)
    lib="$(pg_config --pkglibdir)/pg_profiles.so"
    sql_hash=$(cat "${scripts[@]}" | sha1sum | cut -c1-40)
    lib_hash=$(sha1sum <"$lib" | cut -c1-40)
    stamp="$(D)/extension.sha1"
    if [ -f "$stamp" ]; then
        old_sql=$(sed -n 's/^sql //p' "$stamp")
        old_lib=$(sed -n 's/^lib //p' "$stamp")
        # Older versions of this script stamped one hash over both: equal means nothing changed.
        if [ "$(cat "$stamp")" = "$(cat "${scripts[@]}" "$lib" | sha1sum | cut -c1-40)" ]; then
            old_sql=$sql_hash old_lib=$lib_hash
        fi
    fi
    installed=$(admin_psql -tAc "SELECT extversion FROM pg_extension WHERE extname = 'pg_profiles'")
    latest=$(admin_psql -tAc "SELECT default_version FROM pg_available_extensions WHERE name = 'pg_profiles'")
    path=yes
    if [ -n "$installed" ] && [ "$installed" != "$latest" ]; then
        path=$(admin_psql -tAc "SELECT 'yes' FROM pg_extension_update_paths('pg_profiles') WHERE source = '$installed' AND target = '$latest' AND path IS NOT NULL")
    fi
    if [ -z "$installed" ]; then
        say "installing extension pg_profiles"
        admin_psql -c "CREATE EXTENSION pg_profiles CASCADE"
    elif [ -z "${DATABASE_URL:-}" ] && { { [ "$installed" = "$latest" ] && [ "$old_sql" != "$sql_hash" ]; } || [ -z "$path" ]; }; then
        # Embedded development cluster only: version $installed was rebuilt with other SQL (or
        # an older checkout has no update from it), which no update script can apply.
        say "reinstalling extension pg_profiles $latest (its SQL changed; embedded cluster data is reset)"
        end_other_sessions
        admin_psql -c "DROP EXTENSION pg_profiles CASCADE" -c "CREATE EXTENSION pg_profiles CASCADE"
    else
        if [ -z "${DATABASE_URL:-}" ] && { [ "$old_lib" != "$lib_hash" ] || [ "$old_sql" != "$sql_hash" ]; }; then
            say "pg_profiles rebuilt: ending the other sessions of the database so none keeps the old library (data kept)"
            end_other_sessions
        fi
        # Upgrades need what the new version requires (pg_trgm since 1.1).
        admin_psql -c "CREATE EXTENSION IF NOT EXISTS pg_trgm" -c "ALTER EXTENSION pg_profiles UPDATE"
    fi
    if [ -z "${DATABASE_URL:-}" ]; then printf 'sql %s\nlib %s\n' "$sql_hash" "$lib_hash" >"$stamp"; fi
    # The shim's login role: a member of profiles_authenticator, nothing else.
    admin_psql <<'SQL'
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'profiles_shim') THEN
        CREATE ROLE profiles_shim LOGIN IN ROLE profiles_authenticator;
    END IF;
END $$;
SQL
}

write_env() {
    local d secret_file admin shim host="" port="" user="" dbname=""
    d=$(D)
    secret_file="$d/jwt_secret"
    if [ ! -s "$secret_file" ]; then
        (umask 077 && openssl rand -base64 48 | tr -d '\n/+=' >"$secret_file")
    fi
    if [ -n "${DATABASE_URL:-}" ]; then
        # pg_regress and pg_isolation_regress (make test) connect with libpq's variables only.
        { read -r host && read -r port && read -r user && read -r dbname; } < <(
            admin_psql -At -c '\echo :HOST' -c '\echo :PORT' -c '\echo :USER' -c '\echo :DBNAME') ||
            die "could not read the host, port and user of ADMIN_DATABASE_URL"
    fi
    # It may hold an external database's URLs with passwords; only we need to read it.
    rm -f "$d/env.new"
    (
        umask 077
        exec >"$d/env.new"
        echo "# generated by scripts/cluster.sh"
        if [ -z "${DATABASE_URL:-}" ]; then
            admin="postgresql://postgres@/profiles?host=$d/sock&port=$PGPORT"
            shim="postgresql://profiles_shim@/profiles?host=$d/sock&port=$PGPORT"
            echo "export PGHOST=$(sh_quote "$d/sock") PGPORT='$PGPORT' PGUSER=postgres PGDATABASE=profiles"
            echo "export ADMIN_DATABASE_URL=$(sh_quote "$admin")"
            echo "export DATABASE_URL=$(sh_quote "$shim")"
            echo "export PROFILES_EMBEDDED_CLUSTER=1"
            # cluster.sh tells these apart from a DATABASE_URL set after sourcing this file.
            echo "export PROFILES_EMBEDDED_ADMIN_DATABASE_URL=$(sh_quote "$admin")"
            echo "export PROFILES_EMBEDDED_DATABASE_URL=$(sh_quote "$shim")"
        else
            # A shell that sourced the embedded cluster's file before is now on this database.
            echo "unset PROFILES_EMBEDDED_CLUSTER PROFILES_EMBEDDED_ADMIN_DATABASE_URL PROFILES_EMBEDDED_DATABASE_URL"
            echo "export ADMIN_DATABASE_URL=$(sh_quote "${ADMIN_DATABASE_URL:-$DATABASE_URL}")"
            echo "export DATABASE_URL=$(sh_quote "$DATABASE_URL")"
            # From ADMIN_DATABASE_URL as libpq resolved it; a password stays out (~/.pgpass).
            echo "export PGHOST=$(sh_quote "$host") PGPORT=$(sh_quote "$port") PGUSER=$(sh_quote "$user") PGDATABASE=$(sh_quote "$dbname")"
        fi
        # A PROFILES_JWT_SECRET from the environment wins over the generated one.
        echo "export PROFILES_JWT_SECRET=\"\${PROFILES_JWT_SECRET:-\$(cat $(sh_quote "$secret_file"))}\""
    )
    mv -f "$d/env.new" "$d/env"
}

case "${1:-start}" in
start)
    prepare_dir
    if [ -z "${DATABASE_URL:-}" ]; then
        owned_dirs
        init_cluster
        start_server
        ADMIN_URL="postgresql://postgres@/postgres?host=$(D)/sock&port=$PGPORT"
        if [ -z "$(admin_psql -tAc "SELECT 1 FROM pg_database WHERE datname = 'profiles'")" ]; then
            admin_psql -c "CREATE DATABASE profiles"
        fi
        ADMIN_URL="postgresql://postgres@/profiles?host=$(D)/sock&port=$PGPORT"
    else
        ADMIN_URL=${ADMIN_DATABASE_URL:-$DATABASE_URL}
    fi
    install_extension
    write_env
    ;;
stop)
    dir=$(checked_dir)
    if [ -n "$dir" ] && [ -d "$dir/data" ] && is_running; then
        as_cluster_owner "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    fi
    ;;
restart)
    # Stop, then start as `start` does: the current PGPORT and socket directory, the same retries.
    [ -n "$(checked_dir)" ] || die "no cluster in $PGDATA_LINK"
    if is_running; then
        as_cluster_owner "$PGBIN/pg_ctl" -D "$(D)/data" -m "${2:-fast}" -w -t 60 stop >/dev/null
    fi
    start_server
    ;;
destroy)
    dir=$(checked_dir)
    "$0" stop
    if [ -L "$PGDATA_LINK" ]; then
        if [ -n "$dir" ]; then rm -rf -- "$dir"; fi
        rm -f -- "$PGDATA_LINK"
    else
        rm -rf -- "$PGDATA_LINK"
    fi
    ;;
*)
    die "usage: $0 start|stop|restart [fast|immediate]|destroy"
    ;;
esac
