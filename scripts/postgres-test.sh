#!/usr/bin/env bash
# Start (or stop) a throwaway PostgreSQL cluster on 127.0.0.1 for the test suite.
# Usage: scripts/postgres-test.sh start|stop   → prints the SQLAlchemy URL on start.
set -euo pipefail
DIR=${DATARIGHTS_PG_DIR:-/tmp/datarights-pg}
PORT=${DATARIGHTS_PG_PORT:-55432}
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
as_postgres() { if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "${1:-start}" in
  start)
    [ -n "$BIN" ] || { echo "PostgreSQL server binaries not found" >&2; exit 1; }
    as_postgres "$BIN/pg_ctl" -D "$DIR/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$DIR"; mkdir -p "$DIR"
    [ "$(id -u)" = "0" ] && chown postgres: "$DIR"
    as_postgres "$BIN/initdb" -D "$DIR/data" -A trust -U app --no-sync >/dev/null
    as_postgres "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w \
      -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
    as_postgres "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U app datarights_test
    echo "postgresql+psycopg://app@127.0.0.1:$PORT/datarights_test"
    ;;
  stop)
    as_postgres "$BIN/pg_ctl" -D "$DIR/data" -m fast stop >/dev/null 2>&1 || true
    ;;
esac
