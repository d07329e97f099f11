#!/usr/bin/env bash
# Manages rodgate's private MariaDB under var/db: its own datadir and Unix
# socket, no TCP, no systemd. Usage: tools/mariadb.sh start|stop|status|sql
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
VAR=${RODGATE_VAR:-$top/var}
DATA=$VAR/db/data
RUN=$VAR/run
SOCK=${RODGATE_SOCKET:-$RUN/mariadb.sock}
PID=$RUN/mariadb.pid
LOG=$VAR/log/mariadb.err
DBNAME=${RODGATE_DBNAME:-rodgate}

# RODGATE_SOCKET points the commands at another server (a node of the Galera
# cluster, tools/galera.sh); RODGATE_SQL_SYNC=1 makes reads there wait for
# every write the cluster acknowledged (wsrep_sync_wait).
SYNC=()
[ "${RODGATE_SQL_SYNC:-}" = 1 ] && SYNC=(--init-command="SET SESSION wsrep_sync_wait = 1")
client() { mariadb --no-defaults --default-character-set=utf8mb4 --socket="$SOCK" -uroot "${SYNC[@]}" "$@"; }

is_up() { [ -S "$SOCK" ] && mariadb-admin --no-defaults --socket="$SOCK" -uroot ping >/dev/null 2>&1; }

start() {
  mkdir -p "$VAR/db" "$RUN" "$VAR/log"
  if is_up; then echo "mariadb: already running ($SOCK)"; return 0; fi
  if [ ! -d "$DATA/mysql" ]; then
    echo "mariadb: initialising $DATA"
    rm -rf "$DATA"
    mariadb-install-db --no-defaults --datadir="$DATA" --user=root \
      --auth-root-authentication-method=socket --skip-test-db \
      --innodb-log-file-size=32M >"$VAR/log/mariadb-install.log" 2>&1
  fi
  rm -f "$SOCK"
  # Started in its own session so Ctrl-C in the foreground gateway does not hit
  # it directly; tools/run.sh stops it in order after the gateway.
  setsid /usr/sbin/mariadbd --no-defaults --datadir="$DATA" --socket="$SOCK" \
    --skip-networking --user=root --pid-file="$PID" --log-error="$LOG" \
    --innodb-log-file-size=32M --innodb-buffer-pool-size=256M \
    --innodb-flush-log-at-trx-commit=1 --max-allowed-packet=64M \
    --max-connections=400 --character-set-server=utf8mb4 \
    --collation-server=utf8mb4_uca1400_as_ci --skip-name-resolve \
    --innodb-lock-wait-timeout=10 \
    --query-cache-type=DEMAND --query-cache-size=64M </dev/null >/dev/null 2>&1 &
  for _ in $(seq 1 300); do
    if is_up; then echo "mariadb: up ($SOCK)"; return 0; fi
    sleep 0.1
  done
  echo "mariadb: did not start; see $LOG" >&2
  tail -20 "$LOG" >&2 || true
  return 1
}

stop() {
  if [ -f "$PID" ]; then
    pid=$(cat "$PID")
    mariadb-admin --no-defaults --socket="$SOCK" -uroot shutdown >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
    echo "mariadb: stopped"
  fi
  rm -f "$PID"
}

# Applies the schema (idempotent) and the development fixtures of spec 7.
load() {
  client -e "CREATE DATABASE IF NOT EXISTS \`$DBNAME\` CHARACTER SET utf8mb4 COLLATE utf8mb4_uca1400_as_ci"
  # schema.sql first, then the schema-*.sql of each area, in name order
  client "$DBNAME" < "$top/sql/schema.sql"
  for f in "$top"/sql/schema-*.sql; do
    [ -e "$f" ] && client "$DBNAME" < "$f"
  done
  if [ "${1:-fixtures}" = fixtures ]; then
    client "$DBNAME" < "$top/sql/fixtures.sql"
  fi
}

# Drops the database and loads it afresh (the test suite's clean start).
reset() {
  client -e "DROP DATABASE IF EXISTS \`$DBNAME\`"
  load fixtures
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) is_up && echo up || { echo down; exit 1; } ;;
  load) load "${2:-fixtures}" ;;
  reset) reset ;;
  sql) shift; client "$DBNAME" "$@" ;;
  *) echo "usage: $0 start|stop|status|load [fixtures|schema]|reset|sql [args]" >&2; exit 2 ;;
esac
