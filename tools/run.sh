#!/usr/bin/env bash
# `make run`: development PKI, private MariaDB with schema and fixtures, and
# the gateway in the foreground. Ctrl-C or SIGTERM stops the gateway and then
# the MariaDB this script started.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
BIN=${RODGATE_BIN:-build/rodgate}

certs/make-pki.sh var/pki
tools/mariadb.sh start
tools/mariadb.sh load
mkdir -p var/log

"$BIN" --config conf/rodgate.conf "$@" &
gw=$!
stop() { kill -TERM "$gw" 2>/dev/null || true; }
trap stop INT TERM
echo "rodgate: https://localhost:8443/rod/v1 (WSDL: https://localhost:8443/rod/v1?wsdl); Ctrl-C stops"
rc=0
wait "$gw" || rc=$?
# a trapped signal interrupts `wait`; wait again for the gateway to finish
while kill -0 "$gw" 2>/dev/null; do wait "$gw" || rc=$?; done
tools/mariadb.sh stop
exit "$rc"
