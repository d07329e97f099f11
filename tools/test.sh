#!/usr/bin/env bash
# `make test`: the same set-up as `make run` (PKI, private MariaDB), a fresh
# test database and a gateway on a test port, then every suite: CUnit unit
# tests, the C style (.clang-format), XSD examples, PKI checks, integration
# tests over mTLS and the zeep smoke test, the rodctl client (tests/rodctl/),
# hardening, metrics (a real Prometheus; allocation-failure injection),
# the notification sender against a real SMTP server, the Debian
# package (built, installed into a scratch root and checked), then the
# interop suites (PHP
# SoapClient, JAX-WS RI, zeep, node-soap and gSOAP C running examples/;
# RODGATE_SKIP_INTEROP=1 skips them, as `make test-asan` does). Prints one
# closing line `N passed, M failed`; exit 0 only when
# everything passed.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
BIN=${RODGATE_BIN:-build/rodgate}
PORT=${RODGATE_TEST_PORT:-18443}
DB=rodgate_test
LOG=var/log/test-gateway.log
ERRLOG=var/log/test-gateway.stderr
# RODGATE_WRAP runs the gateway and the unit runner under a tool (make test-valgrind);
# RODGATE_SUITES limits the suites (space-separated names).
WRAP=${RODGATE_WRAP:-}
SUITES=${RODGATE_SUITES:-}
PY=/usr/bin/python3
# rodctl of the same build as the gateway (build/asan/rodctl under make test-asan)
export RODCTL_BIN=${RODCTL_BIN:-$(dirname "$BIN")/rodctl}
export RODGATE_URL="https://127.0.0.1:$PORT/rod/v1" RODGATE_PKI="$top/var/pki" RODGATE_LOG="$top/$LOG" RODGATE_DBNAME=rodgate_test

passed=0 failed=0 broken=()
started_db=0 gw=

cleanup() {
  if [ -n "$gw" ] && kill -0 "$gw" 2>/dev/null; then
    kill -TERM "$gw"; wait "$gw" 2>/dev/null
  fi
  [ "$started_db" = 1 ] && tools/mariadb.sh stop >/dev/null
}
trap cleanup EXIT

# Stops the test gateway and checks it went down cleanly: exit 0 on SIGTERM
# and no sanitizer or valgrind report from it or the hardening gateways.
check_gateway_exit() {
  echo "=== gateway-exit"
  kill -TERM "$gw" 2>/dev/null
  local rc=0
  wait "$gw" || rc=$?
  gw=
  local reports
  reports=$(grep -lE 'AddressSanitizer|LeakSanitizer|runtime error:|ERROR SUMMARY: [1-9]' \
            "$ERRLOG" var/log/hardening-*.stderr 2>/dev/null)
  if [ "$rc" != 0 ] || [ -n "$reports" ]; then
    echo "gateway exit $rc; reports in: ${reports:-none}"
    [ -n "$reports" ] && grep -hE -A12 'AddressSanitizer|LeakSanitizer|runtime error:' $reports | head -60
    echo "0 passed, 1 failed"; failed=$((failed + 1)); broken+=(gateway-exit)
  else
    echo "clean shutdown, no sanitizer reports"; passed=$((passed + 1))
  fi
}

# Runs one suite, echoes its output, and adds its closing `N passed, M failed`.
suite() {
  local name=$1; shift
  if [ -n "$SUITES" ] && ! [[ " $SUITES " == *" $name "* ]]; then return; fi
  echo "=== $name"
  local out rc
  out=$("$@" 2>&1); rc=$?
  echo "$out"
  local line
  line=$(echo "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -1)
  if [ -z "$line" ]; then
    echo "--- $name: no result line (exit $rc)"
    failed=$((failed + 1)); broken+=("$name"); return
  fi
  local p f
  p=$(echo "$line" | awk '{print $1}'); f=$(echo "$line" | awk '{print $3}')
  passed=$((passed + p)); failed=$((failed + f))
  if [ "$rc" != 0 ] || [ "$f" != 0 ]; then broken+=("$name"); fi
}

set -e
certs/make-pki.sh var/pki
if ! tools/mariadb.sh status >/dev/null 2>&1; then started_db=1; fi
tools/mariadb.sh start
RODGATE_DBNAME=$DB tools/mariadb.sh reset
RODGATE_DBNAME=rodgate_hardening tools/mariadb.sh reset   # private gateways of the hardening suite
mkdir -p var/log
: > "$LOG"
rm -f var/log/hardening-*.stderr
set +e

$WRAP "$BIN" --config conf/rodgate.conf --set "listen=127.0.0.1:$PORT" --set "db_name=$DB" --set "log_file=$LOG" \
  --set "metrics_listen=" 2>"$ERRLOG" &
gw=$!
for _ in $(seq 1 600); do
  (exec 3<>/dev/tcp/127.0.0.1/"$PORT") 2>/dev/null && break
  kill -0 "$gw" 2>/dev/null || { echo "gateway did not start"; cat "$LOG"; exit 1; }
  sleep 0.1
done

suite layering tools/check-layering.sh
suite docs "$PY" tests/docs/check_interface.py
suite unit $WRAP "${RODGATE_UNIT:-build/run_unit}"
suite format tools/check-format.sh
suite xsd-examples tests/xsd/check-examples.sh
suite pki certs/check-pki.sh var/pki
suite integration "$PY" tests/integration/run.py
suite zeep "$PY" tests/integration/zeep_smoke.py
suite soapui "$PY" tools/soapui-replay --repeat 2 soapui/rodgate-soapui-project.xml
suite rodctl "$PY" tests/rodctl/run.py
suite hardening "$PY" tests/hardening/run.py
suite metrics "$PY" tests/metrics/run.py
# rodgate-notify against aiosmtpd (STARTTLS) on its own database and gateway
suite notify "$PY" tests/notify/run.py
# the package suite builds its own tree: not again in the sanitizer pass
if [ "${RODGATE_SKIP_INTEROP:-0}" != 1 ]; then
  suite package "$PY" tests/package/run.py
fi
if [ -x tools/fuzz/run.sh ]; then
  suite fuzz-regressions tools/fuzz/run.sh --regress
fi
if [ "${RODGATE_SKIP_INTEROP:-0}" != 1 ]; then
  for client in php java zeep node c; do
    suite "interop-$client" tests/interop/run.sh "$client"
  done
fi
check_gateway_exit

echo
if [ ${#broken[@]} -gt 0 ]; then echo "failing suites: ${broken[*]}"; fi
echo "$passed passed, $failed failed"
[ ${#broken[@]} -eq 0 ] && [ "$failed" = 0 ]
