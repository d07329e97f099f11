#!/usr/bin/env bash
# `make test-cluster`: the cluster of `make cluster` (three Galera nodes, two
# gateways, HAProxy) with a fresh test database, then every integration test
# of `make test` unchanged through the cluster's front door, then the
# cluster's own tests (tests/cluster/: invariants across nodes and faults).
# The SQL checks of the tests read from node 1, the node the gateways write
# to (so a check of the gateway's own sessions finds them), with
# wsrep_sync_wait; the cluster tests also compare the nodes. Prints `N passed, M failed`; exit 0 only when everything passed.
# RODGATE_CLUSTER_SUITES limits the suites (integration cluster).
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
export RODGATE_CLUSTER_PORT=${RODGATE_CLUSTER_PORT:-18443}
export RODGATE_CLUSTER_GW_PORTS=${RODGATE_CLUSTER_GW_PORTS:-18444 18445}
export RODGATE_DBNAME=rodgate_test
SUITES=${RODGATE_CLUSTER_SUITES:-integration cluster}
PY=/usr/bin/python3
export RODGATE_URL="https://127.0.0.1:$RODGATE_CLUSTER_PORT/rod/v1" RODGATE_PKI="$top/var/pki"
export RODGATE_LOG="$top/var/log/cluster-gw1.log"
export RODGATE_SOCKET="$top/var/cluster/node1/mariadb.sock" RODGATE_SQL_SYNC=1
nodes=""
for n in 1 2 3; do nodes+="${nodes:+,}$top/var/cluster/node$n/mariadb.sock"; done
export RODGATE_DB_SET="db_nodes=$nodes"

passed=0 failed=0 broken=()
cleanup() { tools/cluster.sh stop >/dev/null 2>&1; }
trap cleanup EXIT

suite() {
  local name=$1; shift
  [[ " $SUITES " == *" $name "* ]] || return 0
  echo "=== cluster-$name"
  local out rc line
  out=$("$@" 2>&1); rc=$?
  echo "$out"
  line=$(echo "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -1)
  if [ -z "$line" ]; then
    echo "--- $name: no result line (exit $rc)"; failed=$((failed + 1)); broken+=("$name"); return
  fi
  passed=$((passed + $(echo "$line" | awk '{print $1}'))); failed=$((failed + $(echo "$line" | awk '{print $3}')))
  if [ "$rc" != 0 ] || [ "$(echo "$line" | awk '{print $3}')" != 0 ]; then broken+=("$name"); fi
}

set -e
certs/make-pki.sh var/pki
tools/galera.sh start
tools/galera.sh reset
: >var/log/cluster-gw1.log
: >var/log/cluster-gw2.log
tools/cluster.sh start
set +e

suite integration "$PY" tests/integration/run.py
suite cluster "$PY" tests/cluster/run.py

echo
if [ ${#broken[@]} -gt 0 ]; then echo "failing cluster suites: ${broken[*]}"; fi
echo "$passed passed, $failed failed"
[ ${#broken[@]} -eq 0 ] && [ "$failed" = 0 ]
