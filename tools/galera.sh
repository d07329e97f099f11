#!/usr/bin/env bash
# Manages a three-node MariaDB Galera cluster under var/cluster/ (own data
# directories, Unix sockets, Galera and SST ports on 127.0.0.1; no systemd).
# Usage: tools/galera.sh start|stop|status|load|reset|kill N|sql N [ARGS]
#
# start: the first start bootstraps node 1 and lets 2 and 3 join by SST with
# mariadb-backup (the rsync method fails here when run as root). A later start
# bootstraps the node whose grastate.dat says safe_to_bootstrap: 1 (the last
# to leave a clean shutdown) and lets the others rejoin (IST when they can).
# When no node is marked (the whole cluster was killed), the node with the
# highest seqno is marked, as the Galera documentation prescribes.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
VAR=${RODGATE_VAR:-$top/var}
CL=${RODGATE_CLUSTER_DIR:-$VAR/cluster}
DBNAME=${RODGATE_DBNAME:-rodgate}
# innodb_flush_log_at_trx_commit of every node: 2, the redo log written at
# each commit and synced once a second, because a commit is durable by being
# on all three nodes (docs/deployment.md, "The settings a deployment must
# set", with what it costs and saves); RODGATE_GALERA_FLUSH=1 syncs each one
FLUSH=${RODGATE_GALERA_FLUSH:-2}
NODES=(1 2 3)
# ports per node: Galera replication, IST, SST (base 14567, 10 apart)
gport() { echo $((14557 + 10 * $1)); }

dir() { echo "$CL/node$1"; }
sock() { echo "$CL/node$1/mariadb.sock"; }
pidfile() { echo "$CL/node$1/mariadb.pid"; }
client() { local n=$1; shift; mariadb --no-defaults --default-character-set=utf8mb4 --socket="$(sock "$n")" -uroot "$@"; }
is_up() { [ -S "$(sock "$1")" ] && mariadb-admin --no-defaults --socket="$(sock "$1")" -uroot ping >/dev/null 2>&1; }
state_of() { client "$1" -N -e "SHOW STATUS LIKE 'wsrep_local_state_comment'" 2>/dev/null | awk '{print $2}'; }
size_of() { client "$1" -N -e "SHOW STATUS LIKE 'wsrep_cluster_size'" 2>/dev/null | awk '{print $2}'; }

write_cnf() {
  local n=$1 d g addrs=""
  d=$(dir "$n"); g=$(gport "$n")
  for m in "${NODES[@]}"; do addrs+="${addrs:+,}127.0.0.1:$(gport "$m")"; done
  mkdir -p "$d" "$VAR/log"
  cat >"$d/my.cnf" <<EOF
# node $n of the development Galera cluster (written by tools/galera.sh)
[mysqld]
datadir=$d/data
socket=$(sock "$n")
pid-file=$(pidfile "$n")
log-error=$VAR/log/galera-node$n.err
user=root
bind-address=127.0.0.1
port=$((13305 + n))
skip-name-resolve
character-set-server=utf8mb4
collation-server=utf8mb4_uca1400_as_ci
max-allowed-packet=64M
max-connections=400
innodb-log-file-size=32M
innodb-buffer-pool-size=192M
innodb-flush-log-at-trx-commit=$FLUSH
innodb-lock-wait-timeout=10
innodb-autoinc-lock-mode=2
binlog-format=ROW
# the schema's owner (rodgate_admin, not SUPER) creates the triggers and
# procedures; with Galera's binary log that needs this
log-bin-trust-function-creators=1
default-storage-engine=InnoDB
query-cache-type=DEMAND
query-cache-size=64M
wsrep-on=ON
wsrep-provider=/usr/lib/galera/libgalera_smm.so
wsrep-cluster-name=rodgate
wsrep-cluster-address=gcomm://$addrs
wsrep-node-name=node$n
wsrep-node-address=127.0.0.1:$g
wsrep-provider-options="gmcast.listen_addr=tcp://127.0.0.1:$g;ist.recv_addr=127.0.0.1:$((g + 1));gcache.size=256M;evs.suspect_timeout=PT3S;evs.inactive_timeout=PT6S"
wsrep-sst-method=mariabackup
wsrep-sst-receive-address=127.0.0.1:$((g + 2))
# one applier: with two, a trigger created by the schema step and a row applied
# right after it met in "MDL BF-BF conflict" and the node hung (MariaDB 10.11)
wsrep-slave-threads=1
[sst]
sockopt=
[mariabackup]
socket=$(sock "$n")
user=root
EOF
}

start_node() {
  local n=$1 extra=${2:-}
  local d; d=$(dir "$n")
  write_cnf "$n"
  if [ ! -d "$d/data/mysql" ] && [ -z "$extra" ]; then
    # a joiner gets its data by SST; it needs only an empty directory
    mkdir -p "$d/data"
  elif [ ! -d "$d/data/mysql" ]; then
    mariadb-install-db --defaults-file="$d/my.cnf" --user=root --auth-root-authentication-method=socket \
      --skip-test-db --wsrep-on=OFF >"$VAR/log/galera-install$n.log" 2>&1
  fi
  rm -f "$(sock "$n")"
  setsid /usr/sbin/mariadbd --defaults-file="$d/my.cnf" $extra </dev/null >/dev/null 2>&1 &
}

wait_synced() {
  local n=$1 limit=${2:-600}
  for _ in $(seq 1 "$limit"); do
    if is_up "$n" && [ "$(state_of "$n")" = Synced ]; then return 0; fi
    sleep 0.2
  done
  echo "galera: node $n not synced; see $VAR/log/galera-node$n.err" >&2
  tail -20 "$VAR/log/galera-node$n.err" >&2 || true
  return 1
}

seqno_of() { awk '/^seqno:/ {print $2}' "$(dir "$1")/data/grastate.dat" 2>/dev/null || echo -1; }
safe_of() { awk '/^safe_to_bootstrap:/ {print $2}' "$(dir "$1")/data/grastate.dat" 2>/dev/null || echo 0; }

# The node to bootstrap: the one marked safe_to_bootstrap, else (all were
# killed) the one with the highest seqno, after recovering each position.
bootstrap_node() {
  for n in "${NODES[@]}"; do [ "$(safe_of "$n")" = 1 ] && { echo "$n"; return; }; done
  local best=1 bestseq=-2
  for n in "${NODES[@]}"; do
    [ -f "$(dir "$n")/data/grastate.dat" ] || continue
    local s; s=$(seqno_of "$n")
    if [ "$s" = -1 ]; then
      write_cnf "$n"
      s=$(/usr/sbin/mariadbd --defaults-file="$(dir "$n")/my.cnf" --wsrep-recover --log-error="$VAR/log/galera-recover$n.err" >/dev/null 2>&1;
          grep -o 'Recovered position: [^ ]*' "$VAR/log/galera-recover$n.err" | tail -1 | sed 's/.*://')
      s=${s:--1}
    fi
    if [ "$s" -gt "$bestseq" ]; then best=$n; bestseq=$s; fi
  done
  sed -i 's/^safe_to_bootstrap: 0/safe_to_bootstrap: 1/' "$(dir "$best")/data/grastate.dat"
  echo "$best"
}

start() {
  mkdir -p "$CL" "$VAR/log"
  local up=0
  for n in "${NODES[@]}"; do is_up "$n" && up=$((up + 1)); done
  if [ "$up" = 3 ]; then echo "galera: already running"; return 0; fi
  local first
  if [ ! -d "$(dir 1)/data/mysql" ]; then
    first=1
    echo "galera: initialising node 1 and bootstrapping a new cluster"
    start_node 1 --wsrep-new-cluster
  else
    first=$(bootstrap_node)
    echo "galera: bootstrapping from node $first (safe_to_bootstrap)"
    is_up "$first" || start_node "$first" --wsrep-new-cluster
  fi
  wait_synced "$first"
  for n in "${NODES[@]}"; do
    [ "$n" = "$first" ] && continue
    is_up "$n" || start_node "$n"
    wait_synced "$n"
  done
  echo "galera: 3 nodes synced (cluster size $(size_of "$first"))"
}

stop_node() {
  local n=$1 f pid
  f=$(pidfile "$n")
  [ -f "$f" ] || return 0
  pid=$(cat "$f")
  mariadb-admin --no-defaults --socket="$(sock "$n")" -uroot shutdown >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
  rm -f "$f"
}

# Stops the nodes one after the other: the last one left is marked
# safe_to_bootstrap, and the next start begins with it.
stop() {
  for n in 3 2 1; do stop_node "$n"; done
  echo "galera: stopped"
}

# Applies the schema and the fixtures once, on one node (Galera replicates).
load() {
  local n=1
  for m in "${NODES[@]}"; do is_up "$m" && { n=$m; break; }; done
  RODGATE_SOCKET=$(sock "$n") RODGATE_DBNAME=$DBNAME "$top/tools/mariadb.sh" "${1:-load}"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) for n in "${NODES[@]}"; do echo "node $n: $(is_up "$n" && state_of "$n" || echo down)"; done ;;
  load) load load ;;
  reset) load reset ;;
  sock) sock "$2" ;;
  pid) cat "$(pidfile "$2")" ;;
  start-node) start_node "$2"; wait_synced "$2" ;;
  stop-node) stop_node "$2" ;;
  sql) n=$2; shift 2; client "$n" "$@" ;;
  *) echo "usage: $0 start|stop|status|load|reset|sock N|pid N|start-node N|stop-node N|sql N [ARGS]" >&2; exit 2 ;;
esac
