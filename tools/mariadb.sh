#!/usr/bin/env bash
# Manages rodgate's private MariaDB under var/db: its own datadir and Unix
# socket, no TCP, no systemd. Usage: tools/mariadb.sh start|stop|status|sql
#
# Accounts (least privilege, docs/privacy.md): root (socket authentication)
# only sets up: the accounts, the databases, the administrator's rights.
# rodgate_admin owns the schema and applies it (sql/schema*.sql) and the
# rights of the others (sql/grants.sql); rodgate is the gateway's account,
# rodgate_job the retention jobs', rodgate_notify the notification sender's. Their passwords are generated once into
# var/secrets/ACCOUNT.password (mode 0600), which conf/rodgate.conf names.
# `sql` stays root: it is the operator's and the tests' inspection tool.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
VAR=${RODGATE_VAR:-$top/var}
DATA=$VAR/db/data
RUN=$VAR/run
SOCK=${RODGATE_SOCKET:-$RUN/mariadb.sock}
PID=$RUN/mariadb.pid
LOG=$VAR/log/mariadb.err
DBNAME=${RODGATE_DBNAME:-rodgate}
SECRETS=$VAR/secrets
ACCOUNTS="rodgate_admin rodgate rodgate_job rodgate_notify"

# RODGATE_SOCKET points the commands at another server (a node of the Galera
# cluster, tools/galera.sh); RODGATE_SQL_SYNC=1 makes reads there wait for
# every write the cluster acknowledged (wsrep_sync_wait).
SYNC=()
[ "${RODGATE_SQL_SYNC:-}" = 1 ] && SYNC=(--init-command="SET SESSION wsrep_sync_wait = 1")
client() { mariadb --no-defaults --default-character-set=utf8mb4 --socket="$SOCK" -uroot "${SYNC[@]}" "$@"; }
# the schema's owner; the password goes through the environment, not argv
admin() {
  MYSQL_PWD=$(cat "$SECRETS/rodgate_admin.password") \
    mariadb --no-defaults --default-character-set=utf8mb4 --socket="$SOCK" -urodgate_admin "$@"
}

# Each account's password, generated once (48 hex digits from the kernel's
# random source); the account is created or given that password again.
accounts() {
  (umask 077 && mkdir -p "$SECRETS")
  chmod 700 "$SECRETS"
  local a sql=""
  for a in $ACCOUNTS; do
    if [ ! -s "$SECRETS/$a.password" ]; then
      (umask 077 && od -An -N24 -tx1 /dev/urandom | tr -d ' \n' >"$SECRETS/$a.password")
    fi
    chmod 600 "$SECRETS/$a.password"
    local pw
    pw=$(cat "$SECRETS/$a.password")
    sql+="CREATE USER IF NOT EXISTS '$a'@'localhost' IDENTIFIED BY '$pw';"
    sql+="ALTER USER '$a'@'localhost' IDENTIFIED BY '$pw';"
  done
  # on standard input, not the command line: argv is visible to every user
  client <<<"$sql"
}

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

# Applies the schema (idempotent), the accounts' rights and the development
# fixtures of spec 7: root creates the database and makes rodgate_admin its
# owner; rodgate_admin applies the rest.
load() {
  accounts
  client -e "CREATE DATABASE IF NOT EXISTS \`$DBNAME\` CHARACTER SET utf8mb4 COLLATE utf8mb4_uca1400_as_ci;
             GRANT ALL PRIVILEGES ON \`$DBNAME\`.* TO 'rodgate_admin'@'localhost' WITH GRANT OPTION"
  # schema.sql first, then the schema-*.sql of each area, in name order
  admin "$DBNAME" < "$top/sql/schema.sql"
  for f in "$top"/sql/schema-*.sql; do
    [ -e "$f" ] && admin "$DBNAME" < "$f"
  done
  admin "$DBNAME" < "$top/sql/grants.sql"
  if [ "${1:-fixtures}" = fixtures ]; then
    admin "$DBNAME" < "$top/sql/fixtures.sql"
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
  accounts) accounts ;;
  sql) shift; client "$DBNAME" "$@" ;;
  *) echo "usage: $0 start|stop|status|accounts|load [fixtures|schema]|reset|sql [args]" >&2; exit 2 ;;
esac
