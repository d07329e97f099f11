#!/usr/bin/env bash
# make-pki.sh OUTDIR - create the rodgate development PKI (contract section 7).
#
# Writes into OUTDIR (normally var/pki): ca.pem, crl.pem, server.pem/.key,
# server-chain.pem, one NAME.pem/.key per development organisation and the
# negative cases (expired, revoked, untrusted, notyetvalid, noclientauth,
# nooin, badoin). The CA keys and databases live in OUTDIR/.ca. See
# certs/README.md.
#
# Idempotent: when OUTDIR/.complete exists, all files are there and
# server.pem is valid for at least 30 more days, nothing is regenerated (the
# CRLs are re-signed when they expire within 7 days). Otherwise everything is
# created from scratch. Needs only bash, coreutils and openssl (3.0).
set -euo pipefail

usage() { echo "usage: $0 OUTDIR" >&2; exit 2; }
[ $# -eq 1 ] && [ -n "$1" ] || usage

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CNF="$SCRIPT_DIR/openssl.cnf"
[ -r "$CNF" ] || { echo "make-pki: missing $CNF" >&2; exit 1; }
command -v openssl >/dev/null || { echo "make-pki: openssl not found" >&2; exit 1; }

mkdir -p "$1"
OUTDIR=$(cd "$1" && pwd)

# --- profile --------------------------------------------------------------
LEAF_DAYS=397          # PKIoverheid maximum for end-entity certificates
ROOT_DAYS=3650
ISSUING_DAYS=1825
CRL_DAYS=30
# RSASSA-PSS, SHA-512, MGF1-SHA-512, salt length = digest length (64).
SIGN=(-md sha512 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest)

OIN_SCHOOL_A=00000001003214345000
O_SCHOOL_A="Stichting Japanese School Amsterdam"

# NAME|organisation|OIN for the organisations of the development register.
ORGS=(
  "school-a|$O_SCHOOL_A|$OIN_SCHOOL_A"
  "school-b|Stichting International School Groningen|00000001005432101000"
  "gemeente-groningen|Gemeente Groningen|00000001001589623000"
  "gemeente-amsterdam|Gemeente Amsterdam|00000001002564440000"
  "unknown-org|Onbekende Organisatie B.V.|00000001009999999000"
  # the load balancer's health check (make cluster): chains to the CA, no organisation
  "healthcheck|Rodgate Gezondheidscontrole|00000001000000001000"
)
NEGATIVE=(expired revoked untrusted notyetvalid noclientauth nooin badoin)

ALL_FILES=(ca.pem crl.pem server.pem server.key server-chain.pem)
for o in "${ORGS[@]}"; do ALL_FILES+=("${o%%|*}.pem" "${o%%|*}.key"); done
for n in "${NEGATIVE[@]}"; do ALL_FILES+=("$n.pem" "$n.key"); done

export PKI_WORK="$OUTDIR/.ca"

# One run at a time per OUTDIR (make run and the tests may start together).
if command -v flock >/dev/null; then
  exec 9>"$OUTDIR/.lock"
  flock -w 300 9 || { echo "make-pki: $OUTDIR is locked by another run" >&2; exit 1; }
fi

# --- helpers ----------------------------------------------------------------
LOG=""
run() {  # run a command quietly; on failure show its output and stop
  if ! "$@" >>"$LOG" 2>&1; then
    echo "make-pki: failed: $*" >&2
    tail -n 30 "$LOG" >&2
    exit 1
  fi
}

epoch_of() { date -u -d "$1" +%s; }                       # GNU date
asn1_time() { date -u -d "$1" +%Y%m%d%H%M%SZ; }

# Seconds until the nextUpdate of the (first) CRL in file $1.
crl_seconds_left() {
  local nu
  nu=$(openssl crl -in "$1" -noout -nextupdate 2>/dev/null) || { echo -1; return; }
  echo $(( $(epoch_of "${nu#nextUpdate=}") - $(date -u +%s) ))
}

# Next serial for CA $1: 16 random bytes, positive, first byte 0x10..0x7f so
# the DER encoding is exactly 16 bytes.
set_serial() {
  local hex
  hex=$(openssl rand -hex 16)
  printf '%x%s\n' $(( (16#${hex:0:1} % 7) + 1 )) "${hex:1}" >"$PKI_WORK/$1/serial"
}

init_ca_dir() {
  mkdir -p "$PKI_WORK/$1/newcerts"
  : >"$PKI_WORK/$1/index.txt"
  echo "unique_subject = no" >"$PKI_WORK/$1/index.txt.attr"
  echo 01 >"$PKI_WORK/$1/crlnumber"
}

# sign CA NAME EXT SUBJECT KEY OUT [extra openssl ca options...]
sign() {
  local ca=$1 ext=$2 subj=$3 key=$4 out=$5 csr; shift 5
  csr="$PKI_WORK/req/$(basename "$out" .pem).csr"
  run openssl req -config "$CNF" -new -key "$key" -subj "$subj" -out "$csr"
  set_serial "$ca"
  run openssl ca -config "$CNF" -name "ca_$ca" -batch -notext \
      -extensions "$ext" "${SIGN[@]}" -in "$csr" -out "$out" "$@"
}

gen_crl() {  # gen_crl CA
  run openssl ca -config "$CNF" -name "ca_$1" -batch -gencrl \
      -crldays "$CRL_DAYS" "${SIGN[@]}" -out "$PKI_WORK/$1/crl.pem"
}

write_crl_bundle() {  # $1: target directory
  cat "$PKI_WORK/issuing/crl.pem" "$PKI_WORK/root/crl.pem" >"$1/crl.pem.tmp"
  chmod 0644 "$1/crl.pem.tmp"
  mv -f "$1/crl.pem.tmp" "$1/crl.pem"
}

# --- already complete? ------------------------------------------------------
complete=yes
[ -f "$OUTDIR/.complete" ] || complete=no
for f in "${ALL_FILES[@]}"; do [ -s "$OUTDIR/$f" ] || complete=no; done
for f in root/ca.key root/crl.pem issuing/ca.key issuing/crl.pem; do
  [ -s "$PKI_WORK/$f" ] || complete=no
done
if [ $complete = yes ]; then
  # server.pem valid for >= 30 days, notyetvalid.pem still in the future
  openssl x509 -in "$OUTDIR/server.pem" -noout -checkend 2592000 >/dev/null 2>&1 \
    || complete=no
  nb=$(openssl x509 -in "$OUTDIR/notyetvalid.pem" -noout -startdate 2>/dev/null) \
    && [ "$(epoch_of "${nb#notBefore=}")" -gt $(( $(date -u +%s) + 86400 )) ] \
    || complete=no
fi
if [ $complete = yes ]; then
  if [ "$(crl_seconds_left "$PKI_WORK/issuing/crl.pem")" -lt 604800 ] ||
     [ "$(crl_seconds_left "$PKI_WORK/root/crl.pem")" -lt 604800 ]; then
    LOG="$PKI_WORK/make-pki.log"; : >"$LOG"
    gen_crl issuing
    gen_crl root
    write_crl_bundle "$OUTDIR"
    echo "make-pki: PKI in $OUTDIR is current; re-signed the CRLs (nextUpdate in $CRL_DAYS days)"
  else
    echo "make-pki: PKI in $OUTDIR is complete and current; nothing to do"
  fi
  exit 0
fi

# --- build from scratch in a staging directory -------------------------------
start=$(date +%s)
rm -rf "$OUTDIR"/.stage.*          # left over from an interrupted run
STAGE=$(mktemp -d "$OUTDIR/.stage.XXXXXX")
trap 'rm -rf "$STAGE"' EXIT
export PKI_WORK="$STAGE/.ca"
mkdir -p "$PKI_WORK/req"
LOG="$PKI_WORK/make-pki.log"; : >"$LOG"
for ca in root issuing untrusted; do init_ca_dir "$ca"; done

# Keys: generated in parallel (RSA key generation is the whole cost).
umask 077
declare -A KEY
KEY[root]="$PKI_WORK/root/ca.key"
KEY[issuing]="$PKI_WORK/issuing/ca.key"
KEY[untrusted-ca]="$PKI_WORK/untrusted/ca.key"
KEY[server]="$STAGE/server.key"
for o in "${ORGS[@]}"; do KEY[${o%%|*}]="$STAGE/${o%%|*}.key"; done
for n in "${NEGATIVE[@]}"; do KEY[$n]="$STAGE/$n.key"; done
pids=()
for k in "${!KEY[@]}"; do
  case $k in root|untrusted-ca) bits=4096 ;; *) bits=3072 ;; esac
  openssl genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:$bits" \
      -out "${KEY[$k]}" 2>>"$LOG" &
  pids+=($!)
done
for p in "${pids[@]}"; do
  wait "$p" || { echo "make-pki: key generation failed" >&2; cat "$LOG" >&2; exit 1; }
done
umask 022
chmod 0600 "${KEY[@]}"

# Trust anchor and issuing CA.
sign root ext_root_ca "/C=NL/O=Staat der Nederlanden/CN=Test Staat der Nederlanden Root CA" \
     "${KEY[root]}" "$PKI_WORK/root/ca.pem" -selfsign -keyfile "${KEY[root]}" -days "$ROOT_DAYS"
sign root ext_issuing_ca "/C=NL/O=Staat der Nederlanden/CN=Test Domein Organisatie CA" \
     "${KEY[issuing]}" "$PKI_WORK/issuing/ca.pem" -days "$ISSUING_DAYS"
# The unrelated CA (its root is deliberately not in ca.pem).
sign untrusted ext_root_ca "/C=NL/O=Untrusted Test Organisatie/CN=Untrusted Test Root CA" \
     "${KEY[untrusted-ca]}" "$PKI_WORK/untrusted/ca.pem" -selfsign \
     -keyfile "${KEY[untrusted-ca]}" -days "$ROOT_DAYS"

# Gateway certificate.
sign issuing ext_server "/C=NL/O=rodgate development/CN=localhost" \
     "${KEY[server]}" "$STAGE/server.pem" -days "$LEAF_DAYS"

# Organisation certificates.
for o in "${ORGS[@]}"; do
  IFS='|' read -r name org oin <<<"$o"
  sign issuing ext_client "/C=NL/O=$org/serialNumber=$oin/CN=$name" \
       "${KEY[$name]}" "$STAGE/$name.pem" -days "$LEAF_DAYS"
done

# Negative cases, all for school-a's organisation.
subj_a() { echo "/C=NL/O=$O_SCHOOL_A/serialNumber=$1/CN=$2"; }
sign issuing ext_client "$(subj_a $OIN_SCHOOL_A school-a-expired)" "${KEY[expired]}" \
     "$STAGE/expired.pem" -startdate "$(asn1_time '-400 days')" -enddate "$(asn1_time '-3 days')"
sign issuing ext_client "$(subj_a $OIN_SCHOOL_A school-a-revoked)" "${KEY[revoked]}" \
     "$STAGE/revoked.pem" -days "$LEAF_DAYS"
# Starts after the latest moment this set is regenerated (server.pem has
# < 30 days left, i.e. after 367 days), so it stays "not yet valid".
nyv_start=$(date -u +%s); nyv_start=$(( nyv_start + 400 * 86400 ))
sign issuing ext_client "$(subj_a $OIN_SCHOOL_A school-a-notyetvalid)" "${KEY[notyetvalid]}" \
     "$STAGE/notyetvalid.pem" -startdate "$(asn1_time "@$nyv_start")" \
     -enddate "$(asn1_time "@$(( nyv_start + LEAF_DAYS * 86400 ))")"
sign issuing ext_noclientauth "$(subj_a $OIN_SCHOOL_A school-a-noclientauth)" \
     "${KEY[noclientauth]}" "$STAGE/noclientauth.pem" -days "$LEAF_DAYS"
sign issuing ext_client "/C=NL/O=$O_SCHOOL_A/CN=school-a-nooin" "${KEY[nooin]}" \
     "$STAGE/nooin.pem" -days "$LEAF_DAYS"
sign issuing ext_client "$(subj_a ABC school-a-badoin)" "${KEY[badoin]}" \
     "$STAGE/badoin.pem" -days "$LEAF_DAYS"
sign untrusted ext_untrusted_client "$(subj_a $OIN_SCHOOL_A school-a-untrusted)" \
     "${KEY[untrusted]}" "$STAGE/untrusted.pem" -days "$LEAF_DAYS"

# Revocation and CRLs (one per CA level of ca.pem).
run openssl ca -config "$CNF" -name ca_issuing -batch -revoke "$STAGE/revoked.pem" \
    -crl_reason keyCompromise
gen_crl issuing
gen_crl root

# Bundles.
cat "$PKI_WORK/root/ca.pem" "$PKI_WORK/issuing/ca.pem" >"$STAGE/ca.pem"
cat "$STAGE/server.pem" "$PKI_WORK/issuing/ca.pem" >"$STAGE/server-chain.pem"
write_crl_bundle "$STAGE"
chmod 0644 "$STAGE"/*.pem

# --- install: replace the old set -------------------------------------------
rm -f "$OUTDIR/.complete"
for f in "${ALL_FILES[@]}"; do rm -f "$OUTDIR/$f"; done
rm -rf "$OUTDIR/.ca"
for f in "${ALL_FILES[@]}"; do mv "$STAGE/$f" "$OUTDIR/$f"; done
mv "$STAGE/.ca" "$OUTDIR/.ca"
chmod 0700 "$OUTDIR/.ca"
date -u +%Y-%m-%dT%H:%M:%SZ >"$OUTDIR/.complete"
echo "make-pki: created a new PKI in $OUTDIR ($(( $(date +%s) - start )) s)"
