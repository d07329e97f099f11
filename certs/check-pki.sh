#!/usr/bin/env bash
# check-pki.sh OUTDIR - verify a PKI made by make-pki.sh (contract section 7).
#
# Checks the chain and revocation behaviour with `openssl verify`, the
# PKIoverheid G4 profile of every certificate and CRL, and a real mutual-TLS
# handshake with `openssl s_server`/`s_client` on a random 127.0.0.1 port.
# Prints "N passed, M failed"; exits 1 when anything failed.
set -euo pipefail

[ $# -eq 1 ] && [ -d "$1" ] || { echo "usage: $0 OUTDIR" >&2; exit 2; }
D=$(cd "$1" && pwd)
command -v openssl >/dev/null || { echo "check-pki: openssl not found" >&2; exit 2; }

TMP=$(mktemp -d)
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$TMP"
}
trap cleanup EXIT

PASSED=0 FAILED=0
pass() { PASSED=$((PASSED + 1)); [ -z "${VERBOSE:-}" ] || echo "ok   $1"; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL $1${2:+: $2}"; }
check() {  # check DESCRIPTION COMMAND...: passes when COMMAND succeeds
  local desc=$1; shift
  if "$@" >/dev/null 2>&1; then pass "$desc"; else fail "$desc"; fi
}

OIN_A=00000001003214345000
declare -A OIN=(
  [school-a]=$OIN_A
  [school-b]=00000001005432101000
  [gemeente-groningen]=00000001001589623000
  [gemeente-amsterdam]=00000001002564440000
  [unknown-org]=00000001009999999000
  [expired]=$OIN_A [revoked]=$OIN_A [untrusted]=$OIN_A [notyetvalid]=$OIN_A
  [noclientauth]=$OIN_A [nooin]="" [badoin]=ABC
)
ORGS=(school-a school-b gemeente-groningen gemeente-amsterdam unknown-org)
NEGATIVE=(expired revoked untrusted notyetvalid noclientauth nooin badoin)
LEAFS=(server "${ORGS[@]}" "${NEGATIVE[@]}")

VERIFY=(openssl verify -x509_strict -CAfile "$D/ca.pem" -crl_check_all -CRLfile "$D/crl.pem")
now=$(date -u +%s)
epoch_of() { date -u -d "$1" +%s; }
has() { grep -q -- "$2" <<<"$1"; }    # has TEXT PATTERN

# --- files -------------------------------------------------------------------
for f in ca.pem crl.pem server-chain.pem "${LEAFS[@]/%/.pem}" "${LEAFS[@]/%/.key}"; do
  if [ -s "$D/$f" ]; then pass "$f exists"; else fail "$f exists"; fi
done
[ -f "$D/.complete" ] && pass ".complete stamp" || fail ".complete stamp"
for n in "${LEAFS[@]}"; do
  [ -f "$D/$n.key" ] || continue
  [ "$(stat -c %a "$D/$n.key")" = 600 ] && pass "$n.key mode 0600" || fail "$n.key mode 0600" "$(stat -c %a "$D/$n.key")"
  if grep -q ENCRYPTED "$D/$n.key"; then fail "$n.key unencrypted"; else pass "$n.key unencrypted"; fi
  if [ "$(openssl pkey -in "$D/$n.key" -pubout 2>/dev/null)" = \
       "$(openssl x509 -in "$D/$n.pem" -noout -pubkey 2>/dev/null)" ]; then
    pass "$n.key matches $n.pem"
  else
    fail "$n.key matches $n.pem"
  fi
done

# Split the bundles: ca.pem -> root, issuing; crl.pem -> one file per CRL.
awk -v dir="$TMP" '/-----BEGIN CERTIFICATE-----/{n++} n{print > (dir "/ca" n ".pem")}' "$D/ca.pem"
awk -v dir="$TMP" '/-----BEGIN X509 CRL-----/{n++} n{print > (dir "/crl" n ".pem")}' "$D/crl.pem"
ROOT="$TMP/ca1.pem" ISSUING="$TMP/ca2.pem"
[ -f "$ROOT" ] && [ -f "$ISSUING" ] && [ ! -f "$TMP/ca3.pem" ] \
  && pass "ca.pem holds exactly 2 certificates" || fail "ca.pem holds exactly 2 certificates"
[ -f "$TMP/crl1.pem" ] && [ -f "$TMP/crl2.pem" ] && [ ! -f "$TMP/crl3.pem" ] \
  && pass "crl.pem holds exactly 2 CRLs" || fail "crl.pem holds exactly 2 CRLs"

# --- profile helpers -------------------------------------------------------------
# PSS with SHA-512, MGF1-SHA-512, salt 64 in the -text output of a cert or CRL.
check_pss() {  # check_pss NAME TEXT
  local sig
  sig=$(grep -A4 -m1 'Signature Algorithm:' <<<"$2")
  if has "$sig" 'rsassaPss' && has "$sig" 'Hash Algorithm: sha512' &&
     has "$sig" 'Mask Algorithm: mgf1 with sha512' && has "$sig" 'Salt Length: 0x40'; then
    pass "$1 signed RSASSA-PSS/SHA-512"
  else
    fail "$1 signed RSASSA-PSS/SHA-512" "$(tr -s ' \n' ' ' <<<"$sig")"
  fi
}
check_bits() {  # check_bits NAME TEXT BITS
  has "$2" "Public Key Algorithm: rsaEncryption" && has "$2" "Public-Key: ($3 bit)" \
    && pass "$1 RSA $3" || fail "$1 RSA $3"
}
check_ext() {  # check_ext NAME TEXT HEADER-LINE VALUE-LINE
  if grep -A1 -F -- "$3" <<<"$2" | grep -q -F -- "$4"; then
    pass "$1 $3 $4"
  else
    fail "$1 $3 $4"
  fi
}
check_serial16() {  # 16-byte positive serial
  local s
  s=$(openssl x509 -in "$2" -noout -serial | cut -d= -f2)
  [ ${#s} -eq 32 ] && [[ $s =~ ^[1-7] ]] && pass "$1 16-byte serial" || fail "$1 16-byte serial" "$s"
}
subject_serialnumber() {
  openssl x509 -in "$1" -noout -subject -nameopt multiline \
    | sed -n 's/^ *serialNumber *= *//p'
}

# --- CA certificates ---------------------------------------------------------------
for ca in root issuing; do
  if [ $ca = root ]; then f=$ROOT cn="Test Staat der Nederlanden Root CA" bits=4096 bc="CA:TRUE"
  else f=$ISSUING cn="Test Domein Organisatie CA" bits=3072 bc="CA:TRUE, pathlen:0"; fi
  [ -f "$f" ] || continue
  t=$(openssl x509 -in "$f" -noout -text)
  has "$(openssl x509 -in "$f" -noout -subject)" "CN = $cn" && pass "$ca CN $cn" || fail "$ca CN $cn"
  check_pss "$ca" "$t"
  check_bits "$ca" "$t" $bits
  check_ext "$ca" "$t" "X509v3 Basic Constraints: critical" "$bc"
  check_ext "$ca" "$t" "X509v3 Key Usage: critical" "Certificate Sign, CRL Sign"
  check_ext "$ca" "$t" "X509v3 Subject Key Identifier:" ":"
  check_ext "$ca" "$t" "X509v3 Authority Key Identifier:" ":"
  check_serial16 "$ca" "$f"
done
check "root is self-signed" openssl verify -x509_strict -CAfile "$ROOT" "$ROOT"
check "issuing CA chains to root" openssl verify -x509_strict -CAfile "$ROOT" "$ISSUING"

# --- CRLs ----------------------------------------------------------------------------
for c in "$TMP"/crl[12].pem; do
  [ -f "$c" ] || continue
  t=$(openssl crl -in "$c" -noout -text)
  issuer=$(sed -n 's/^ *Issuer: .*CN = //p' <<<"$t")
  name="CRL of $issuer"
  check_pss "$name" "$t"
  check "$name signature verifies" openssl crl -in "$c" -CAfile "$D/ca.pem" -noout
  nu=$(openssl crl -in "$c" -noout -nextupdate | cut -d= -f2)
  [ "$(epoch_of "$nu")" -gt "$now" ] && pass "$name nextUpdate in the future" \
    || fail "$name nextUpdate in the future" "$nu"
  check_ext "$name" "$t" "X509v3 Authority Key Identifier:" ":"
  case $issuer in
    "Test Domein Organisatie CA")
      rs=$(openssl x509 -in "$D/revoked.pem" -noout -serial | cut -d= -f2)
      has "$t" "Serial Number: $rs" && pass "$name lists revoked.pem" || fail "$name lists revoked.pem"
      [ "$(grep -c 'Serial Number:' <<<"$t")" -eq 1 ] && pass "$name lists only revoked.pem" \
        || fail "$name lists only revoked.pem" ;;
    "Test Staat der Nederlanden Root CA")
      has "$t" "No Revoked Certificates" && pass "$name is empty" || fail "$name is empty" ;;
    *) fail "unexpected CRL issuer" "$issuer" ;;
  esac
done

# --- leaf certificates ------------------------------------------------------------------
expect_verify() {  # expect_verify NAME EXPECTED-ERROR-TEXT ("" = must verify)
  local out rc=0
  out=$("${VERIFY[@]}" "$D/$1.pem" 2>&1) || rc=$?
  if [ -z "$2" ]; then
    [ $rc -eq 0 ] && pass "$1 verifies (x509_strict, crl_check_all)" \
      || fail "$1 verifies (x509_strict, crl_check_all)" "$(tail -n 2 <<<"$out" | tr '\n' ' ')"
  else
    [ $rc -ne 0 ] && has "$out" "$2" && pass "$1 rejected: $2" \
      || fail "$1 rejected: $2" "$(tail -n 2 <<<"$out" | tr '\n' ' ')"
  fi
}
for n in server "${ORGS[@]}" noclientauth nooin badoin; do expect_verify "$n" ""; done
expect_verify revoked "certificate revoked"
expect_verify expired "certificate has expired"
expect_verify notyetvalid "certificate is not yet valid"
expect_verify untrusted "unable to get local issuer certificate"
check "untrusted.pem is not issued by the trusted issuing CA" \
  bash -c "! openssl verify -partial_chain -CAfile '$ISSUING' '$D/untrusted.pem'"

for n in "${LEAFS[@]}"; do
  f="$D/$n.pem"
  [ -s "$f" ] || continue
  t=$(openssl x509 -in "$f" -noout -text)
  check_pss "$n" "$t"
  check_bits "$n" "$t" 3072
  check_serial16 "$n" "$f"
  check_ext "$n" "$t" "X509v3 Basic Constraints:" "CA:FALSE"
  check_ext "$n" "$t" "X509v3 Key Usage: critical" "Digital Signature, Key Encipherment"
  check_ext "$n" "$t" "X509v3 Subject Key Identifier:" ":"
  check_ext "$n" "$t" "X509v3 Authority Key Identifier:" ":"
  check_ext "$n" "$t" "X509v3 CRL Distribution Points:" "Full Name:"
  has "$t" "URI:http://" && pass "$n CRL distribution point URI" || fail "$n CRL distribution point URI"
  case $n in
    server) eku="TLS Web Server Authentication, TLS Web Client Authentication" ;;
    noclientauth) eku="TLS Web Server Authentication" ;;
    *) eku="TLS Web Client Authentication" ;;
  esac
  got=$(openssl x509 -in "$f" -noout -ext extendedKeyUsage | sed -n '2s/^ *//p')
  [ "$got" = "$eku" ] && pass "$n EKU $eku" || fail "$n EKU $eku" "$got"
  nb=$(openssl x509 -in "$f" -noout -startdate | cut -d= -f2)
  na=$(openssl x509 -in "$f" -noout -enddate | cut -d= -f2)
  days=$(( ($(epoch_of "$na") - $(epoch_of "$nb")) / 86400 ))
  [ "$days" -le 397 ] && pass "$n valid $days <= 397 days" || fail "$n valid <= 397 days" "$days"
  [ "$n" = server ] && continue
  sn=$(subject_serialnumber "$f")
  [ "$sn" = "${OIN[$n]}" ] && pass "$n subject serialNumber '${OIN[$n]}'" \
    || fail "$n subject serialNumber '${OIN[$n]}'" "'$sn'"
  subj=$(openssl x509 -in "$f" -noout -subject -nameopt multiline)
  has "$subj" "countryName *= NL" && has "$subj" "organizationName *= ." && has "$subj" "commonName *= ." \
    && pass "$n subject has C=NL, O, CN" || fail "$n subject has C=NL, O, CN"
done

# Validity windows of the date cases.
nb=$(epoch_of "$(openssl x509 -in "$D/expired.pem" -noout -startdate | cut -d= -f2)")
na=$(epoch_of "$(openssl x509 -in "$D/expired.pem" -noout -enddate | cut -d= -f2)")
[ "$nb" -lt "$now" ] && [ "$na" -lt "$now" ] && pass "expired.pem validity entirely in the past" \
  || fail "expired.pem validity entirely in the past"
nb=$(epoch_of "$(openssl x509 -in "$D/notyetvalid.pem" -noout -startdate | cut -d= -f2)")
[ "$nb" -gt "$now" ] && pass "notyetvalid.pem starts in the future" \
  || fail "notyetvalid.pem starts in the future"
for n in server "${ORGS[@]}" revoked; do
  check "$n.pem valid for 30 more days" openssl x509 -in "$D/$n.pem" -noout -checkend 2592000
done

# Server certificate specifics.
t=$(openssl x509 -in "$D/server.pem" -noout -ext subjectAltName)
for san in "DNS:localhost" "IP Address:127.0.0.1" "IP Address:0:0:0:0:0:0:0:1"; do
  has "$t" "$san" && pass "server SAN $san" || fail "server SAN $san"
done
has "$(openssl x509 -in "$D/server.pem" -noout -subject)" "CN = localhost" \
  && pass "server CN localhost" || fail "server CN localhost"
check "server.pem matches host localhost" openssl verify -CAfile "$D/ca.pem" -verify_hostname localhost "$D/server.pem"
check "server.pem matches IP 127.0.0.1" openssl verify -CAfile "$D/ca.pem" -verify_ip 127.0.0.1 "$D/server.pem"
awk -v dir="$TMP" '/-----BEGIN CERTIFICATE-----/{n++} n{print > (dir "/chain" n ".pem")}' "$D/server-chain.pem"
cmp -s "$TMP/chain1.pem" "$D/server.pem" && cmp -s "$TMP/chain2.pem" "$ISSUING" && [ ! -f "$TMP/chain3.pem" ] \
  && pass "server-chain.pem = server.pem + issuing CA" || fail "server-chain.pem = server.pem + issuing CA"

# --- mutual TLS with s_server / s_client -----------------------------------------------
# s_server's -CRL reads only the first CRL of a file, but -CAfile loads every
# certificate and CRL of its file into the store: hand it ca.pem + crl.pem so
# both levels have a CRL (-crl_check_all), like the gateway's X509_load_crl_file.
cat "$D/ca.pem" "$D/crl.pem" >"$TMP/ca-crl.pem"
start_server() {
  local _try
  for _try in 1 2 3 4 5 6 7 8 9 10; do
    PORT=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
    : >"$TMP/server.log"
    openssl s_server -accept "127.0.0.1:$PORT" -naccept 100 -www \
      -cert "$D/server.pem" -key "$D/server.key" -cert_chain "$D/server-chain.pem" \
      -CAfile "$TMP/ca-crl.pem" -CRL "$D/crl.pem" -crl_check_all \
      -verify_return_error -Verify 1 -no_tls1 -no_tls1_1 \
      >"$TMP/server.log" 2>&1 </dev/null &
    SERVER_PID=$!
    for _ in $(seq 50); do
      grep -q '^ACCEPT' "$TMP/server.log" && return 0
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
  done
  return 1
}
handshake() {  # handshake NAME TLSFLAG -> prints s_client output
  printf 'GET / HTTP/1.0\r\n\r\n' | timeout 10 openssl s_client -connect "127.0.0.1:$PORT" \
    -servername localhost -verify_hostname localhost -CAfile "$D/ca.pem" -verify_return_error \
    -cert "$D/$1.pem" -key "$D/$1.key" "$2" -ign_eof 2>&1 || true
}
if start_server; then
  pass "s_server listening on 127.0.0.1:$PORT"
  # In TLS 1.3 the client reports the handshake done before the server has
  # checked its certificate: success is the HTTP answer of s_server -www.
  for v in tls1_3 tls1_2; do
    out=$(handshake school-a "-$v")
    ver=${v/tls1_/TLSv1.}
    has "$out" "HTTP/1.0 200 ok" && has "$out" "Protocol *: $ver" \
      && pass "$ver mutual TLS with school-a succeeds" \
      || fail "$ver mutual TLS with school-a succeeds" "$(grep -m2 -iE 'error|alert' <<<"$out" | tr '\n' ' ')"
  done
  for c in "revoked:certificate revoked" "expired:certificate expired" "untrusted:unknown ca" \
           "notyetvalid:bad certificate" "noclientauth:unsupported certificate"; do
    n=${c%%:*} alert=${c#*:}
    out=$(handshake "$n" -tls1_3)
    ! has "$out" "HTTP/1.0 200" && has "$out" "alert $alert" \
      && pass "TLSv1.3 mutual TLS with $n fails (alert $alert)" \
      || fail "TLSv1.3 mutual TLS with $n fails (alert $alert)" "$(grep -m2 -iE 'HTTP/|alert' <<<"$out" | tr '\n' ' ')"
  done
  has "$(cat "$TMP/server.log")" "verify error:num=23:certificate revoked" \
    && pass "s_server logged 'certificate revoked'" || fail "s_server logged 'certificate revoked'"
else
  fail "s_server listening on 127.0.0.1" "$(tail -n 3 "$TMP/server.log" | tr '\n' ' ')"
fi

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
