#!/usr/bin/env bash
# `make bench`: rodgate's benchmarks next to their anchors, measured in the same
# run on this machine. Starts everything it needs (packages, PKI, the private
# MariaDB, a bench database with a generated register, the gateway, nginx and
# a node-soap peer), runs every scenario, prints one table and writes
# var/bench/results.md and var/bench/results.png. Reports figures; never fails
# on speed (exit status 0 unless the set-up itself fails).
#
# Environment (defaults in brackets):
#   BENCH_SECONDS [10]       measuring window per throughput scenario
#   BENCH_WARMUP [2]         warm-up before each window (not counted)
#   BENCH_CONNS [16]         connections of the keep-alive and handshake scenarios
#   BENCH_PUPILS [100000]    register size of the main scenarios
#   BENCH_BATCH [10000]      items of the AanleverenInschrijving batch
#   BENCH_BATCH_RUNS [3]     batches (each with new pupils), each paired with the
#                            replay of its own statements made after it;
#                            the ratio is the median of the pairs' ratios
#   BENCH_SCALE [1]          0 skips the register-size scenario
#   BENCH_SCALE_SIZES ["10000 1000000"]
#   BENCH_SCALE_CONNS [1]    connections of the register-size scenario (latency)
#   BENCH_LONG [0]           1: also BENCH_LONG_REQUESTS [1000000] overview
#                            requests (at most BENCH_LONG_MAX_SECONDS [3600])
#                            before the gateway's memory is read;
#                            BENCH_LONG_POST: another request template for it
#   BENCH_NODE_WORKERS [1]   processes of the node-soap peer (node:cluster)
#   BENCH_KEEP_DB [0]        1: keep the rodgate_bench database afterwards
#   BENCH_PAIRS [3]          interleaved windows of the overview and nginx, of
#                            MeldenVerzuim and its replay, and of the full and
#                            the resumed handshakes with nginx (each ratio is
#                            the median of the windows' ratios, with its spread)
#   BENCH_MELDEN_SECONDS     window of each MeldenVerzuim side [BENCH_SECONDS,
#                            shortened so that no window is expected to run out
#                            of pupils at BENCH_MELDEN_RATE [1600] meldingen/s]
#   BENCH_ONLY [all]         comma list of scenarios to run: overview, melden,
#                            handshake, batch, node, scale, parse, cluster (the table
#                            shows n/a for the others)
#   BENCH_PARSE_SIZE [20971520] bytes of each hostile shape of the parse scenario
#   RODGATE_BIN [build/rodgate]
#   BENCH_PORT_BASE [10443]  first port (127.0.0.1 only): gateway BASE, nginx
#                            BASE+1, node-soap peer BASE+2, cluster front door
#                            BASE+7 and its gateways BASE+8, BASE+9 (so two
#                            worktrees can run make bench at the same time)
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"

SECONDS_=${BENCH_SECONDS:-10}
WARMUP=${BENCH_WARMUP:-2}
CONNS=${BENCH_CONNS:-16}
PUPILS=${BENCH_PUPILS:-100000}
BATCH=${BENCH_BATCH:-10000}
BATCH_RUNS=${BENCH_BATCH_RUNS:-3}
SCALE=${BENCH_SCALE:-1}
SCALE_SIZES=${BENCH_SCALE_SIZES:-10000 1000000}
SCALE_CONNS=${BENCH_SCALE_CONNS:-1}
LONG=${BENCH_LONG:-0}
LONG_REQUESTS=${BENCH_LONG_REQUESTS:-1000000}
LONG_MAX=${BENCH_LONG_MAX_SECONDS:-3600}
NODE_WORKERS=${BENCH_NODE_WORKERS:-1}
KEEP_DB=${BENCH_KEEP_DB:-0}
ONLY=${BENCH_ONLY:-all}
PAIRS=${BENCH_PAIRS:-3}
BIN=${RODGATE_BIN:-build/rodgate}
PY=/usr/bin/python3

OUT=var/bench
RES=$OUT/results
REQ=$OUT/req
DATA=$OUT/data
BB=build/bench
DB=rodgate_bench
PORT_BASE=${BENCH_PORT_BASE:-10443}
PORT_GW=$PORT_BASE PORT_NGINX=$((PORT_BASE + 1)) PORT_NODE=$((PORT_BASE + 2))
PORT_CL=$((PORT_BASE + 7)) PORT_CL1=$((PORT_BASE + 8)) PORT_CL2=$((PORT_BASE + 9))
PKI=var/pki
SOCK=var/run/mariadb.sock

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
want() { [ "$ONLY" = all ] || [[ ",$ONLY," == *",$1,"* ]]; }

# ---- clean-up: everything this script started, and only that ---------------
gw_pid='' nginx_pid='' node_pid='' started_db=0 db_made=0 cluster_started=0
stop_pid() { # pid signal
  local p=$1 sig=${2:-TERM}
  [ -n "$p" ] || return 0
  kill -0 "$p" 2>/dev/null || return 0
  kill "-$sig" "$p" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$p" 2>/dev/null || true
}
stop_gateway() { stop_pid "$gw_pid"; gw_pid=; }
cleanup() {
  local rc=$?
  stop_gateway
  stop_pid "$nginx_pid"; nginx_pid=
  stop_pid "$node_pid"; node_pid=
  if [ "$db_made" = 1 ] && [ "$KEEP_DB" != 1 ]; then
    RODGATE_DBNAME=$DB tools/mariadb.sh sql -e "DROP DATABASE IF EXISTS \`$DB\`" >/dev/null 2>&1 || true
  fi
  if [ "$started_db" = 1 ]; then tools/mariadb.sh stop >/dev/null 2>&1 || true; fi
  if [ "$cluster_started" = 1 ]; then tools/cluster.sh stop >/dev/null 2>&1 || true; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_port() { # port pid name
  for _ in $(seq 1 150); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || { log "$3 did not start"; return 1; }
    sleep 0.1
  done
  log "$3 did not open port $1"; return 1
}
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# ---- 1. packages, tools, PKI, database -----------------------------------------
extra="nginx gnuplot-nox"
# npm: Debian's package conflicts with a Node.js that ships its own npm
command -v npm >/dev/null 2>&1 || extra="$extra npm"
RODGATE_DEPS_EXTRA="$extra" tools/deps.sh
command -v node >/dev/null || { log "node (nodejs) is missing"; exit 1; }

mkdir -p "$BB" "$RES" "$REQ" "$DATA" "$OUT/nginx/www" "$OUT/nginx/tmp"
rm -f "$RES"/*.json
log "building the load generator and helpers"
cc -O2 -g -Wall -Wextra -Werror -std=c11 -D_GNU_SOURCE -pthread -o "$BB/loadgen" tools/loadgen/loadgen.c -lssl -lcrypto -lm
cc -O2 -Wall -Wextra -Werror -std=c11 -D_GNU_SOURCE -o "$BB/genregister" tools/bench/genregister.c
# shellcheck disable=SC2046
cc -O2 -Wall -Wextra -Werror -std=c11 -D_GNU_SOURCE -Isrc $(mariadb_config --cflags) -o "$BB/bulkinsert" \
  tools/bench/bulkinsert.c $(mariadb_config --libs)
# shellcheck disable=SC2046
cc -O2 -Wall -Wextra -Werror -std=c11 -D_GNU_SOURCE -pthread $(mariadb_config --cflags) -o "$BB/meldreplay" \
  tools/bench/meldreplay.c $(mariadb_config --libs)
if [ ! -d tools/bench/node-peer/node_modules/soap ] || [ ! -d tools/bench/node-peer/node_modules/mariadb ]; then
  log "npm install (node-soap peer)"
  (cd tools/bench/node-peer && npm install --no-audit --no-fund --no-package-lock --loglevel=error >/dev/null)
fi

for p in $PORT_GW $PORT_NGINX $PORT_NODE; do
  port_free "$p" || { log "port $p on 127.0.0.1 is in use; stop what holds it"; exit 1; }
done

certs/make-pki.sh "$PKI" >/dev/null
if ! tools/mariadb.sh status >/dev/null 2>&1; then started_db=1; fi
tools/mariadb.sh start >/dev/null
db_pid=$(cat var/run/mariadb.pid)

year=$(date +%Y)
# A verzuim period in the recent past: begindatum 49 days ago, einddatum 24.
begin=$(date -d '49 days ago' +%F) eind=$(date -d '24 days ago' +%F) dag2=$(date -d '42 days ago' +%F)

load_register() { # size
  local n=$1 d=$DATA/register-$1
  mkdir -p "$d"
  if [ ! -s "$d/persoon-gegevens.tsv" ] || [ "$(cat "$d/year" 2>/dev/null)" != "$year" ]; then
    "$BB/genregister" register "$n" "$year" "$d"
    echo "$year" > "$d/year"
  fi
  RODGATE_DBNAME=$DB tools/mariadb.sh reset >/dev/null
  db_made=1
  local t0; t0=$(date +%s.%N)
  local cols="(instellingscode, pgn, inschrijfdatum, uitschrijfdatum, achternaam, laatst_gewijzigd)"
  RODGATE_DBNAME=$DB tools/mariadb.sh sql --local-infile=1 -e "
    SET foreign_key_checks = 0, unique_checks = 0;
    LOAD DATA LOCAL INFILE '$top/$d/persoon-gegevens.tsv' INTO TABLE persoon CHARACTER SET utf8mb4
      FIELDS TERMINATED BY '\t' (pgn, pgn_soort, @x, @x, @x, @x, @x, @x, @x, @x, @x, @x, @x);
    SET @a = (SELECT organisatie_id FROM instelling WHERE code = '31XU'),
        @b = (SELECT organisatie_id FROM instelling WHERE code = '24GP');
    LOAD DATA LOCAL INFILE '$top/$d/persoon-gegevens.tsv' INTO TABLE persoon_gegevens CHARACTER SET utf8mb4
      FIELDS TERMINATED BY '\t' (pgn, @x, geslacht, geboortedatum, achternaam, voorvoegsels, voornamen,
      adres_soort, postcode, huisnummer, straatnaam, plaatsnaam, @inst)
      SET organisatie_id = IF(@inst = '24GP', @b, @a);
    LOAD DATA LOCAL INFILE '$top/$d/inschrijving-24GP.tsv' INTO TABLE inschrijving CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\t' $cols;
    LOAD DATA LOCAL INFILE '$top/$d/inschrijving-31XU.tsv' INTO TABLE inschrijving CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\t' $cols;
    LOAD DATA LOCAL INFILE '$top/$d/inschrijving-31XV.tsv' INTO TABLE inschrijving CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\t' $cols;
    ANALYZE TABLE persoon, persoon_gegevens, inschrijving;" >/dev/null
  local t1; t1=$(date +%s.%N)
  local secs; secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
  log "register of $n pupils loaded in $secs s"
  echo "{\"label\":\"load-$n\",\"rows\":$n,\"seconds\":$secs}" > "$RES/load-$n.json"
  wait_flushed
}

# A fresh load leaves the buffer pool full of dirty pages, which InnoDB
# writes out in the background long after the load (at innodb_io_capacity);
# a timed run after a load of 1,000,000 pupils would pay for that and a run
# after 10,000 would not. So before any timed run the load's pages are
# written (max dirty pages 0 for the wait, at most 60 s; the setting is
# restored).
wait_flushed() {
  local pct dirty t0 t1
  t0=$(date +%s.%N)
  pct=$(RODGATE_DBNAME=$DB tools/mariadb.sh sql -N -e "SELECT @@GLOBAL.innodb_max_dirty_pages_pct")
  RODGATE_DBNAME=$DB tools/mariadb.sh sql -e "SET GLOBAL innodb_max_dirty_pages_pct = 0"
  for _ in $(seq 1 300); do
    dirty=$(RODGATE_DBNAME=$DB tools/mariadb.sh sql -N -e "SHOW GLOBAL STATUS LIKE 'Innodb_buffer_pool_pages_dirty'" | awk '{print $2}')
    [ "${dirty:-0}" -lt 100 ] && break
    sleep 0.2
  done
  RODGATE_DBNAME=$DB tools/mariadb.sh sql -e "SET GLOBAL innodb_max_dirty_pages_pct = $pct"
  t1=$(date +%s.%N)
  log "dirty pages written in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s (${dirty:-0} left)"
}

start_gateway() {
  "$BIN" --config conf/rodgate.conf --set "listen=127.0.0.1:$PORT_GW" --set "db_name=$DB" \
    --set "metrics_listen=" --set "log_file=$OUT/gateway.log" >>"$OUT/gateway.out" 2>&1 &
  gw_pid=$!
  wait_port "$PORT_GW" "$gw_pid" gateway
}

# ---- machine state ------------------------------------------------------------
cpu_busy() { # percentage of CPU time used (by anything) over one second
  local a b
  read -r _ u1 n1 s1 i1 w1 q1 sq1 st1 _ < /proc/stat
  sleep 1
  read -r _ u2 n2 s2 i2 w2 q2 sq2 st2 _ < /proc/stat
  a=$(( (u2+n2+s2+q2+sq2+st2) - (u1+n1+s1+q1+sq1+st1) )); b=$(( a + (i2+w2) - (i1+w1) ))
  echo $(( b > 0 ? 100 * a / b : 0 ))
}
busy_before=$(cpu_busy)
[ "$busy_before" -gt 15 ] && log "warning: the machine is already ${busy_before}% busy before the benchmark; figures will be lower"

# ---- 2. register, gateway, anchors ------------------------------------------------
load_register "$PUPILS"
: > "$OUT/gateway.log"; : > "$OUT/gateway.out"
start_gateway
log "gateway up (pid $gw_pid) on 127.0.0.1:$PORT_GW"

sed "s/@BEGIN@/$begin/g; s/@EIND@/$eind/g; s/@DAG2@/$dag2/g" tools/bench/requests/MeldenVerzuim.xml > "$REQ/MeldenVerzuim.xml"
cp tools/bench/requests/OpvragenOverzicht.xml "$REQ/OpvragenOverzicht.xml"

LG=("$BB/loadgen" --port "$PORT_GW" --cert "$PKI/school-a.pem" --key "$PKI/school-a.key" --ca "$PKI/ca.pem")
# one request each: rodgate's answers become nginx's static files (same bytes)
"${LG[@]}" --post "$REQ/OpvragenOverzicht.xml" -c 1 -n 1 --quiet --dump "$OUT/nginx/www/overzicht.xml" >/dev/null
"${LG[@]}" --get '/rod/v1?wsdl' -c 1 -n 1 --quiet --dump "$OUT/nginx/www/rod-v1.wsdl" >/dev/null
grep -q 'OpvragenOverzichtResponse' "$OUT/nginx/www/overzicht.xml" || { log "the gateway did not answer OpvragenOverzicht"; head -c 600 "$OUT/nginx/www/overzicht.xml" >&2; exit 1; }

# nginx keeps sessions as long as the gateway's tickets are valid
RESUME_LIFETIME=$(awk -F' *= *' '$1 == "tls_session_lifetime" { print $2 }' conf/rodgate.conf)
RESUME_LIFETIME=${RESUME_LIFETIME:-300}
cat > "$OUT/nginx/nginx.conf" <<EOF
# Generated by tools/bench/run.sh: the static anchor of the benchmarks.
daemon off;
master_process on;
user root;
worker_processes $(nproc);
pid $top/$OUT/nginx/nginx.pid;
error_log $top/$OUT/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  server_tokens off;
  sendfile on;
  tcp_nodelay on;
  keepalive_timeout 60s;
  keepalive_requests 100000000;
  client_body_temp_path $top/$OUT/nginx/tmp/body;
  proxy_temp_path $top/$OUT/nginx/tmp/proxy;
  fastcgi_temp_path $top/$OUT/nginx/tmp/fastcgi;
  uwsgi_temp_path $top/$OUT/nginx/tmp/uwsgi;
  scgi_temp_path $top/$OUT/nginx/tmp/scgi;
  types { }
  default_type "text/xml; charset=utf-8";
  server {
    listen 127.0.0.1:$PORT_NGINX ssl;
    ssl_certificate $top/$PKI/server-chain.pem;
    ssl_certificate_key $top/$PKI/server.key;
    ssl_client_certificate $top/$PKI/ca.pem;
    ssl_crl $top/$PKI/crl.pem;
    ssl_verify_client on;
    ssl_verify_depth 3;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_ciphers ECDHE+AESGCM:ECDHE+CHACHA20;
    ssl_prefer_server_ciphers on;
    # resumption as the gateway offers it (handshake scenario, --resume):
    # tickets, and a session cache besides, for the same lifetime; only the
    # resumed windows offer a session
    ssl_session_tickets on;
    ssl_session_cache shared:bench:10m;
    ssl_session_timeout ${RESUME_LIFETIME}s;
    location = /rod/v1 {
      if (\$args = "wsdl") { rewrite ^ /static/rod-v1.wsdl last; }
      # POST to a static file is 405 in nginx: answer it as 200 with the file
      alias $top/$OUT/nginx/www/overzicht.xml;
      error_page 405 =200 \$uri;
    }
    location = /static/rod-v1.wsdl { internal; alias $top/$OUT/nginx/www/rod-v1.wsdl; }
  }
}
EOF
nginx -p "$top/$OUT/nginx" -c "$top/$OUT/nginx/nginx.conf" -t >/dev/null 2>"$OUT/nginx/check.log" || { cat "$OUT/nginx/check.log" >&2; exit 1; }
nginx -p "$top/$OUT/nginx" -c "$top/$OUT/nginx/nginx.conf" >"$OUT/nginx/stdout.log" 2>&1 &
nginx_pid=$!
wait_port "$PORT_NGINX" "$nginx_pid" nginx
sleep 0.3
nginx_pids() { local kids; kids=$(pgrep -P "$nginx_pid" | paste -sd, -); echo "$nginx_pid${kids:+,$kids}"; }
# nginx must answer the POST with 200 and exactly the file
NG=("$BB/loadgen" --port "$PORT_NGINX" --cert "$PKI/school-a.pem" --key "$PKI/school-a.key" --ca "$PKI/ca.pem")
check=$("${NG[@]}" --post "$REQ/OpvragenOverzicht.xml" -c 1 -n 1 --quiet --dump "$OUT/nginx/check.xml")
case "$check" in *'"ok":1,'*) ;; *) log "nginx did not answer 200: $check"; exit 1 ;; esac
cmp -s "$OUT/nginx/check.xml" "$OUT/nginx/www/overzicht.xml" || { log "nginx answered another body"; exit 1; }
"${NG[@]}" --get '/rod/v1?wsdl' -c 1 -n 1 --quiet --dump "$OUT/nginx/check.wsdl" >/dev/null
cmp -s "$OUT/nginx/check.wsdl" "$OUT/nginx/www/rod-v1.wsdl" || { log "nginx answered another WSDL"; exit 1; }
log "nginx up (pid $nginx_pid) on 127.0.0.1:$PORT_NGINX, verified: 200 and the same $(wc -c < "$OUT/nginx/check.xml") bytes"

if want node; then
  PEER_LISTEN=127.0.0.1:$PORT_NODE PEER_DB_NAME=$DB PEER_WORKERS=$NODE_WORKERS \
    node tools/bench/node-peer/server.js >"$OUT/node-peer.log" 2>&1 &
  node_pid=$!
  wait_port "$PORT_NODE" "$node_pid" node-peer
  sleep 0.5
  node_pids() { local kids; kids=$(pgrep -P "$node_pid" | paste -sd, -); echo "$node_pid${kids:+,$kids}"; }
  NP=("$BB/loadgen" --port "$PORT_NODE" --cert "$PKI/school-a.pem" --key "$PKI/school-a.key" --ca "$PKI/ca.pem")
  "${NP[@]}" --post "$REQ/OpvragenOverzicht.xml" -c 1 -n 1 --quiet --dump "$OUT/node-check.xml" >/dev/null
  grep -q 'OpvragenOverzichtResponse' "$OUT/node-check.xml" || { log "node-soap peer did not answer"; head -c 600 "$OUT/node-check.xml" >&2; exit 1; }
  log "node-soap peer up (pid $node_pid) on 127.0.0.1:$PORT_NODE"
fi

run() { # name loadgen-args...
  local name=$1; shift
  log "scenario $name"
  "$@" --label "$name" > "$RES/$name.out"
  head -1 "$RES/$name.out" >&2
  tail -1 "$RES/$name.out" > "$RES/$name.json"
}
TP=(-c "$CONNS" -d "$SECONDS_" -w "$WARMUP" --db-pid "$db_pid")

# ---- 3. scenarios ----------------------------------------------------------------
# OpvragenOverzicht and nginx in turns, BENCH_PAIRS windows each: the ratio
# is the median of the windows' ratios, with its spread (tools/bench/pairs.py)
# NAME, then loadgen's request arguments: NAME-rodgate-wK and NAME-nginx-wK
# in turns, BENCH_PAIRS windows each, then their median ratio
pairs_with_nginx() {
  local name=$1 k; shift
  for k in $(seq 1 "$PAIRS"); do
    run "$name-rodgate-w$k" "${LG[@]}" "$@" "${TP[@]}" --server-pid "$gw_pid"
    run "$name-nginx-w$k" "${NG[@]}" "$@" "${TP[@]}" --server-pid "$(nginx_pids)"
  done
  "$PY" tools/bench/pairs.py "$RES" "$name-rodgate" "$name-nginx" "$PAIRS"
}
if want overview; then
  pairs_with_nginx overview --post "$REQ/OpvragenOverzicht.xml"
fi
if want melden; then
  # MeldenVerzuim and its replay in turns, BENCH_PAIRS windows each. Every
  # melding needs a pupil never used before (a second one for the same pupil
  # would meet the overlap rule), so the pupil list (school-a's pupils, both
  # instellingen) is cut into 2 x BENCH_PAIRS slices of equal size, one per
  # window (slice 2K-2 for rodgate's window K, 2K-1 for the replay's), and
  # the windows are as long as the slices allow at BENCH_MELDEN_RATE.
  plist=$DATA/register-$PUPILS/pupils.txt slices=$OUT/melden-pupils
  rm -rf "$slices"; mkdir -p "$slices"
  per=$(( $(wc -l < "$plist") / (2 * PAIRS) ))
  awk -v s="$per" -v n="$((2 * PAIRS))" -v dir="$slices" 'NR <= s * n {
    i = int((NR - 1) / s); print > (dir "/" (i % 2 ? "replay" : "rodgate") "-w" (int(i / 2) + 1) ".txt") }' "$plist"
  MSECONDS=${BENCH_MELDEN_SECONDS:-$(awk -v p="$per" -v r="${BENCH_MELDEN_RATE:-1600}" -v w="$WARMUP" -v d="$SECONDS_" \
    'BEGIN { m = int(p / r - w); if (m > d) m = d; if (m < 1) m = 1; print m }')}
  log "MeldenVerzuim: $PAIRS windows each side of $MSECONDS s after $WARMUP s warm-up, $per pupils each"
  MTP=(-c "$CONNS" -d "$MSECONDS" -w "$WARMUP" --db-pid "$db_pid")
  for k in $(seq 1 "$PAIRS"); do
    # every request a pupil of its own, all rules
    run "melden-rodgate-w$k" "${LG[@]}" --post "$REQ/MeldenVerzuim.xml" --pupils "$slices/rodgate-w$k.txt" "${MTP[@]}" \
      --server-pid "$gw_pid"
    # its storage limit: the gateway's statements per melding replayed from C on
    # as many connections, into the same MariaDB
    log "scenario melden-replay-w$k"
    "$BB/meldreplay" --socket "$SOCK" --db "$DB" --pupils "$slices/replay-w$k.txt" --begin "$begin" \
      --eind "$eind" --dag2 "$dag2" -c "$CONNS" -d "$MSECONDS" -w "$WARMUP" --db-pid "$db_pid" \
      --label "melden-replay-w$k" > "$RES/melden-replay-w$k.out"
    head -1 "$RES/melden-replay-w$k.out" >&2
    tail -1 "$RES/melden-replay-w$k.out" > "$RES/melden-replay-w$k.json"
  done
  "$PY" tools/bench/pairs.py "$RES" melden-rodgate melden-replay "$PAIRS" --anchor-field rps
fi
# Handshakes, full and resumed, each in BENCH_PAIRS interleaved windows with
# nginx: a new connection per GET ?wsdl; --resume offers the ticket of the
# slot's previous connection (loadgen counts resumed and resume_missed)
if want handshake; then
  pairs_with_nginx handshake --get '/rod/v1?wsdl' --new-conn
  pairs_with_nginx resumed --get '/rod/v1?wsdl' --new-conn --resume
fi
if want node; then
  run overview-node "${NP[@]}" --post "$REQ/OpvragenOverzicht.xml" "${TP[@]}" --server-pid "$(node_pids)"
fi
# Each timed batch or bulk insert starts after InnoDB has purged the rows the
# previous one deleted (history list length 0, at most 10 s): that clean-up
# runs in the background and would otherwise be charged to the next run.
wait_purged() {
  local h
  for _ in $(seq 1 100); do
    h=$(RODGATE_DBNAME=$DB tools/mariadb.sh sql -N -e "SHOW GLOBAL STATUS LIKE 'Innodb_history_list_length'" | awk '{print $2}')
    [ "${h:-0}" -eq 0 ] && return 0
    sleep 0.1
  done
}
if want batch; then
  for r in $(seq 0 $((BATCH_RUNS - 1))); do
    "$BB/genregister" batch "$BATCH" "$year" "$r" "$DATA/batch-$r.xml" "$DATA/batch-$r.tsv"
    del="DELETE FROM inschrijving WHERE pgn LIKE '3%'; DELETE FROM persoon_gegevens WHERE pgn LIKE '3%';
         DELETE FROM persoon WHERE pgn LIKE '3%';"
    RODGATE_DBNAME=$DB tools/mariadb.sh sql -e "$del"
    wait_purged
    run "batch-rodgate-$r" "${LG[@]}" --post "$DATA/batch-$r.xml" -c 1 -n 1 --timeout 300 --server-pid "$gw_pid" \
      --db-pid "$db_pid" --dump "$OUT/batch-response.xml"
    RODGATE_DBNAME=$DB tools/mariadb.sh sql -e "$del"
    wait_purged
    log "scenario bulkinsert-raw-$r"
    "$BB/bulkinsert" --socket "$SOCK" --db "$DB" --mode raw "$DATA/batch-$r.tsv" | tail -1 > "$RES/bulkinsert-raw-$r.json"
    RODGATE_DBNAME=$DB tools/mariadb.sh sql -e "$del"
    wait_purged
    "$BB/bulkinsert" --socket "$SOCK" --db "$DB" --mode gateway "$DATA/batch-$r.tsv" | tail -1 > "$RES/bulkinsert-gateway-$r.json"
    RODGATE_DBNAME=$DB tools/mariadb.sh sql -e "$del"
    log "  rodgate $(grep -o '"max_ms":[0-9.e+]*' "$RES/batch-rodgate-$r.json"), raw bulk insert $(grep -o '"seconds":[0-9.]*' "$RES/bulkinsert-raw-$r.json"), gateway's SQL alone $(grep -o '"seconds":[0-9.]*' "$RES/bulkinsert-gateway-$r.json")"
  done
  # each batch paired with the replay of its own statements after it (the raw
  # bulk insert between them):
  # the ratio (seconds over seconds) is the median of the pairs' ratios
  "$PY" tools/bench/pairs.py "$RES" batch-rodgate bulkinsert-gateway "$BATCH_RUNS" --gw-field max_ms --gw-scale 0.001 \
    --anchor-field seconds --window '%s-%d' --first 0 --no-copy
fi
if [ "$LONG" = 1 ]; then
  run long-rodgate "${LG[@]}" --post "${BENCH_LONG_POST:-$REQ/OpvragenOverzicht.xml}" -c "$CONNS" -n "$LONG_REQUESTS" -d "$LONG_MAX" \
    --server-pid "$gw_pid" --db-pid "$db_pid"
fi
# the gateway's memory after everything above
rss=$(awk '/^VmRSS/{print $2}' "/proc/$gw_pid/status") hwm=$(awk '/^VmHWM/{print $2}' "/proc/$gw_pid/status")
echo "{\"label\":\"memory\",\"vmrss_kib\":$rss,\"vmhwm_kib\":$hwm,\"long\":$LONG}" > "$RES/memory.json"
log "gateway VmRSS $((rss / 1024)) MiB, VmHWM $((hwm / 1024)) MiB"
crashed=0
kill -0 "$gw_pid" 2>/dev/null || crashed=1
# hostile XML shapes, a burst of them and a normal client meanwhile (after the
# memory reading above, which it would disturb): var/bench/parse.out
if want parse; then
  log "scenario parse"
  "$PY" tools/bench/parse_cost.py --url "https://127.0.0.1:$PORT_GW/rod/v1" --pid "$gw_pid" \
    --size "${BENCH_PARSE_SIZE:-20971520}" > "$OUT/parse.out"
  grep '^parse' "$OUT/parse.out" >&2
  tail -1 "$OUT/parse.out" > "$OUT/parse.json"
  kill -0 "$gw_pid" 2>/dev/null || crashed=1
fi

# ---- 4. register size ----------------------------------------------------------------
stop_pid "$node_pid"; node_pid=
stop_pid "$nginx_pid"; nginx_pid=
if want scale && [ "$SCALE" = 1 ]; then
  for n in $SCALE_SIZES; do
    stop_gateway
    load_register "$n"
    start_gateway
    run "scale-$n" "${LG[@]}" --post "$REQ/OpvragenOverzicht.xml" -c "$SCALE_CONNS" -d "$SECONDS_" -w "$WARMUP" \
      --server-pid "$gw_pid" --db-pid "$db_pid" --drain 60
  done
fi
stop_gateway

# ---- 4b. the cluster: two gateways behind HAProxy on three Galera nodes ----------
# The same register and requests as the single gateway above, through the
# cluster's front door, in the same run (ratios); then the failover time from
# kill -9 of the writer node to the first acknowledged write.
if want cluster; then
  export RODGATE_CLUSTER_PORT=$PORT_CL RODGATE_CLUSTER_GW_PORTS="$PORT_CL1 $PORT_CL2"
  tools/galera.sh start >&2
  cluster_started=1
  cl_db_pid=$(tools/galera.sh pid 1)
  cl_db_pids="$cl_db_pid,$(tools/galera.sh pid 2),$(tools/galera.sh pid 3)"
  (export RODGATE_SOCKET; RODGATE_SOCKET=$top/var/cluster/node1/mariadb.sock; load_register "$PUPILS")
  RODGATE_DBNAME=$DB tools/cluster.sh start >&2
  CL=("$BB/loadgen" --port "$PORT_CL" --cert "$PKI/school-a.pem" --key "$PKI/school-a.key" --ca "$PKI/ca.pem")
  cl_gw_pids="$(cat var/cluster/run/gw1.pid),$(cat var/cluster/run/gw2.pid)"
  CTP=(-c "$CONNS" -d "$SECONDS_" -w "$WARMUP" --db-pid "$cl_db_pids")
  run overview-cluster "${CL[@]}" --post "$REQ/OpvragenOverzicht.xml" "${CTP[@]}" --server-pid "$cl_gw_pids"
  run melden-cluster "${CL[@]}" --post "$REQ/MeldenVerzuim.xml" --pupils "$DATA/register-$PUPILS/pupils.txt" \
    "${CTP[@]}" --server-pid "$cl_gw_pids"
  log "scenario cluster-failover"
  "$PY" tools/bench/failover.py --url "https://127.0.0.1:$PORT_CL/rod/v1" --node-pid "$cl_db_pid" \
    > "$RES/cluster-failover.json"
  cat "$RES/cluster-failover.json" >&2
  tools/cluster.sh stop >&2
  tools/galera.sh start >&2   # node 1 back, so the next run finds a whole cluster
  RODGATE_DBNAME=$DB tools/galera.sh sql 1 -e "DROP DATABASE IF EXISTS \`$DB\`" >/dev/null 2>&1 || true
  tools/galera.sh stop >&2
  cluster_started=0
fi

# ---- 5. the table -----------------------------------------------------------------
cat > "$RES/meta.json" <<EOF
{"label":"meta","nproc":$(nproc),"cpu":"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//; s/"/\\"/g')",
 "mem_kib":$(awk '/^MemTotal/{print $2}' /proc/meminfo),"kernel":"$(uname -r)","date":"$(date -u +%FT%TZ)",
 "busy_before_pct":$busy_before,"seconds":$SECONDS_,"warmup":$WARMUP,"conns":$CONNS,"pupils":$PUPILS,
 "batch":$BATCH,"batch_runs":$BATCH_RUNS,"pairs":$PAIRS,"melden_seconds":${MSECONDS:-null},"scale_conns":$SCALE_CONNS,"node_workers":$NODE_WORKERS,
 "gateway_crashed":$crashed,"openssl":"$(openssl version | sed 's/"//g')","nginx":"$(nginx -v 2>&1 | sed 's/.*\///')",
 "mariadb":"$(mariadb --no-defaults --version | sed 's/"//g')","node":"$(node --version)",
 "commit":"$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- src 2>/dev/null || echo '+changes')"}
EOF
"$PY" tools/bench/report.py "$RES" "$OUT"
