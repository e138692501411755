#!/usr/bin/env bash
# A private PostgreSQL cluster for one run: a temp directory, loopback only, its own port, a random password.
#   scripts/postgres-cluster.sh start DIR   -> initdb + start in DIR/data; prints the connection string (also DIR/connection)
#   scripts/postgres-cluster.sh stop DIR    -> stops it and removes DIR
# Used by test.sh, the bench and the tests (when HRP_TEST_POSTGRES is not set). Installs nothing: test.sh installs
# Debian's postgresql when it is absent. initdb refuses to run as root, so as root the cluster runs as `nobody`.
# For the tests it runs without fsync (a throw-away cluster); HRP_PG_DURABLE=1 keeps PostgreSQL's crash-safe defaults
# (fsync, full-page writes), as the bench wants: it measures a server as one would run it.
set -euo pipefail
umask 077
command="${1:?start|stop}"; dir="${2:?directory}"

bin=""
if command -v pg_ctl >/dev/null 2>&1; then bin="$(dirname "$(readlink -f "$(command -v pg_ctl)")")"; fi
if [ -z "$bin" ]; then bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"; fi
[ -x "$bin/pg_ctl" ] || { echo "PostgreSQL not found (no pg_ctl on PATH or in /usr/lib/postgresql/*/bin)" >&2; exit 1; }

as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi; }

case "$command" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown nobody "$dir"
    chmod 700 "$dir"
    password="$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
    as_owner bash -c "umask 077; printf '%s\n' '$password' > '$dir/pwfile'"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pwfile" --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || as_owner "$bin/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pwfile" --auth=scram-sha-256 -E UTF8 --locale=C >"$dir/initdb.log" 2>&1
    durability="-c fsync=off -c full_page_writes=off"
    [ "${HRP_PG_DURABLE:-}" = "1" ] && durability=""
    for _ in $(seq 1 20); do
      port=$((20000 + RANDOM % 30000))
      (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue   # taken
      if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
          -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='$dir' -c max_connections=200 $durability" start >/dev/null; then
        connection="Host=127.0.0.1;Port=$port;Username=postgres;Password=$password;Database=postgres"
        echo "$connection" > "$dir/connection"
        echo "$connection"
        exit 0
      fi
    done
    echo "PostgreSQL did not start; see $dir/server.log" >&2
    exit 1
    ;;
  stop)
    if [ -d "$dir/data" ]; then as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true; fi
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
