#!/usr/bin/env bash
# Throwaway PostgreSQL and Redis on free loopback ports, for `make test`. Source this file, then:
#   services_start   starts both, exports DATABASE_URL and CELERY_BROKER_URL (and REDIS_URL)
#   services_stop    stops both and removes their data (safe to call twice)
# PostgreSQL refuses to run as root: as root the cluster runs as the postgres user (ENVIRONMENT.md).

SERVICES_DIR=""
PG_BIN=""
REDIS_PID=""

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

as_pg() {
  if [[ $(id -u) -eq 0 ]]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

services_start() {
  SERVICES_DIR=$(mktemp -d /tmp/incluzio-test-services.XXXXXX)
  chmod 755 "$SERVICES_DIR"
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [[ -x $PG_BIN/initdb ]] || { echo "PostgreSQL is not installed (apt-get install postgresql)." >&2; return 1; }
  command -v redis-server >/dev/null || { echo "Redis is not installed (apt-get install redis-server)." >&2; return 1; }

  local pg_port redis_port
  pg_port=$(free_port)
  mkdir -p "$SERVICES_DIR/pg"
  [[ $(id -u) -eq 0 ]] && chown postgres "$SERVICES_DIR/pg"
  as_pg "$PG_BIN/initdb" -D "$SERVICES_DIR/pg/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$SERVICES_DIR/initdb.log" 2>&1 ||
    { cat "$SERVICES_DIR/initdb.log" >&2; return 1; }
  # Durability is not needed for a throwaway test database; these settings make it much faster.
  as_pg "$PG_BIN/pg_ctl" -D "$SERVICES_DIR/pg/data" -l "$SERVICES_DIR/pg/server.log" -w -t 30 start \
    -o "-p $pg_port -h 127.0.0.1 -k $SERVICES_DIR/pg -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >/dev/null ||
    { cat "$SERVICES_DIR/pg/server.log" >&2; return 1; }

  # The database the settings name; pytest-django creates its own test_ database next to it.
  "$PG_BIN/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -q -c "CREATE DATABASE incluzio" >/dev/null

  redis_port=$(free_port)
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$SERVICES_DIR" \
    --daemonize no --loglevel warning >"$SERVICES_DIR/redis.log" 2>&1 &
  REDIS_PID=$!
  for _ in $(seq 1 50); do
    redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  redis-cli -p "$redis_port" ping >/dev/null || { cat "$SERVICES_DIR/redis.log" >&2; return 1; }

  export DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/incluzio"
  export REDIS_URL="redis://127.0.0.1:$redis_port/0"
  export CELERY_BROKER_URL="$REDIS_URL"
  echo "Throwaway PostgreSQL on 127.0.0.1:$pg_port and Redis on 127.0.0.1:$redis_port"
}

services_stop() {
  if [[ -n $REDIS_PID ]]; then
    kill "$REDIS_PID" 2>/dev/null && wait "$REDIS_PID" 2>/dev/null
    REDIS_PID=""
  fi
  if [[ -n $SERVICES_DIR && -d $SERVICES_DIR/pg/data ]]; then
    as_pg "$PG_BIN/pg_ctl" -D "$SERVICES_DIR/pg/data" -m immediate -w stop >/dev/null 2>&1
  fi
  [[ -n $SERVICES_DIR ]] && rm -rf "$SERVICES_DIR"
  SERVICES_DIR=""
}
