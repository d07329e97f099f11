#!/usr/bin/env bash
# `make cluster`: the development PKI, a three-node Galera cluster under
# var/cluster/ (tools/galera.sh), the schema and fixtures of `make run` loaded
# once, two gateways on their own ports, and HAProxy in TCP mode in front of
# them on https://localhost:8443/rod/v1. TLS passes through HAProxy
# untouched: each gateway verifies the client certificate itself. HAProxy
# checks each gateway over mutual TLS (GET ?wsdl with the healthcheck
# certificate) and sends new connections only to the healthy ones.
#
# Usage: tools/cluster.sh run|start|stop|status
#   run    everything in the foreground; Ctrl-C or SIGTERM stops all of it
#   start  the same in the background (make test-cluster); stop ends it
#   start-gateway N  gateway N (1 or 2) again, after a fault test killed it
# Environment: RODGATE_CLUSTER_PORT (8443), RODGATE_CLUSTER_GW_PORTS
# ("8444 8445"), RODGATE_BIN (build/rodgate), RODGATE_DBNAME (rodgate).
# Each gateway's metrics listener is on its port + 1000 (9444, 9445).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
BIN=${RODGATE_BIN:-build/rodgate}
FRONT=${RODGATE_CLUSTER_PORT:-8443}
read -r -a GW_PORTS <<<"${RODGATE_CLUSTER_GW_PORTS:-8444 8445}"
DBNAME=${RODGATE_DBNAME:-rodgate}
CL=var/cluster
RUN=$CL/run
mkdir -p "$RUN" var/log

nodes() {
  local list=""
  for n in 1 2 3; do list+="${list:+,}$top/$CL/node$n/mariadb.sock"; done
  echo "$list"
}

start_gateway() {
  local i=$1 port=${GW_PORTS[$1]}
  # its own log; db_timeout short enough that a node that stops answering
  # (SIGSTOP, out of the primary component) is given up within seconds
  setsid "$BIN" --config conf/rodgate.conf --set "listen=127.0.0.1:$port" --set "db_nodes=$(nodes)" \
    --set "db_name=$DBNAME" --set db_timeout=8 --set "log_file=var/log/cluster-gw$((i + 1)).log" \
    --set "metrics_listen=127.0.0.1:$((port + 1000))" \
    </dev/null >>"var/log/cluster-gw$((i + 1)).stderr" 2>&1 &
  echo $! >"$RUN/gw$((i + 1)).pid"
}

wait_port() {
  for _ in $(seq 1 300); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "cluster: nothing listens on port $1" >&2
  return 1
}

write_haproxy() {
  local pki=$top/var/pki
  # the check's client certificate and key in one file, as HAProxy wants it
  cat "$pki/healthcheck.pem" "$pki/healthcheck.key" >"$RUN/healthcheck.pem"
  chmod 600 "$RUN/healthcheck.pem"
  {
    cat <<EOF
# written by tools/cluster.sh
global
    log stderr format short local0 notice
    maxconn 4096
    pidfile $top/$RUN/haproxy.pid

defaults
    mode tcp
    log global
    option tcplog
    timeout connect 2s
    timeout client 120s
    timeout server 120s
    # the check is answered by a worker: while the database fails over every
    # worker may wait up to db_timeout, so a slow check is no dead gateway.
    # A gateway that fails three checks gets no new connections; the
    # connections it has are left alone (they end with their requests).
    timeout check 3s
    default-server inter 1s fall 3 rise 2

frontend rodgate
    bind 127.0.0.1:$FRONT
    default_backend gateways

backend gateways
    balance leastconn
    option httpchk
    http-check send meth GET uri /rod/v1?wsdl ver HTTP/1.1 hdr Host localhost
    http-check expect status 200
EOF
    for i in "${!GW_PORTS[@]}"; do
      echo "    server gw$((i + 1)) 127.0.0.1:${GW_PORTS[$i]} check check-ssl verify required ca-file $pki/ca.pem crt $top/$RUN/healthcheck.pem"
    done
  } >"$RUN/haproxy.cfg"
}

start() {
  certs/make-pki.sh var/pki
  tools/galera.sh start
  # schema and fixtures are idempotent; loaded on one node, Galera copies them
  RODGATE_DBNAME=$DBNAME tools/galera.sh load
  for i in "${!GW_PORTS[@]}"; do start_gateway "$i"; done
  for p in "${GW_PORTS[@]}"; do wait_port "$p"; done
  write_haproxy
  haproxy -c -q -f "$RUN/haproxy.cfg"
  setsid haproxy -f "$RUN/haproxy.cfg" -db </dev/null >>var/log/cluster-haproxy.log 2>&1 &
  echo $! >"$RUN/haproxy.pid.run"
  wait_port "$FRONT"
  echo "cluster: https://localhost:$FRONT/rod/v1 through HAProxy to gateways on ${GW_PORTS[*]}, Galera nodes $(nodes)"
}

stop_pid() {
  local f=$1 pid
  [ -f "$f" ] || return 0
  pid=$(cat "$f")
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$f"
}

stop() {
  stop_pid "$RUN/haproxy.pid.run"
  for i in "${!GW_PORTS[@]}"; do stop_pid "$RUN/gw$((i + 1)).pid"; done
  tools/galera.sh stop
}

case "${1:-run}" in
  start) start ;;
  # one gateway again (after a test killed it): N is 1 or 2
  start-gateway) start_gateway $(($2 - 1)); wait_port "${GW_PORTS[$(($2 - 1))]}" ;;
  stop) stop ;;
  status) tools/galera.sh status
          for i in "${!GW_PORTS[@]}"; do
            f=$RUN/gw$((i + 1)).pid
            echo "gateway $((i + 1)) (port ${GW_PORTS[$i]}): $([ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null && echo up || echo down)"
          done ;;
  run)
    trap 'stop; exit 0' INT TERM
    start
    echo "cluster: Ctrl-C stops the load balancer, the gateways and the three nodes"
    # foreground until a signal; a gateway or HAProxy that dies is reported
    while sleep 1; do
      for f in "$RUN"/gw*.pid "$RUN/haproxy.pid.run"; do
        [ -f "$f" ] && ! kill -0 "$(cat "$f")" 2>/dev/null && { echo "cluster: $(basename "$f" .pid) stopped" >&2; rm -f "$f"; }
      done
    done ;;
  *) echo "usage: $0 run|start|stop|status" >&2; exit 2 ;;
esac
