#!/usr/bin/env bash
# Issues a new gateway certificate with a new key from the issuing CA kept in
# OUTDIR/.ca and replaces OUTDIR/server.pem, server.key and server-chain.pem
# (each by rename, so a reader never sees half a file); a running gateway
# takes them on SIGHUP. STARTDATE and ENDDATE (YYYYMMDDHHMMSSZ) give another
# validity than the usual 397 days from now (the tests issue an expired one).
# Usage: certs/reissue-server.sh OUTDIR [STARTDATE ENDDATE]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[ $# -eq 1 ] || [ $# -eq 3 ] || { echo "usage: $0 OUTDIR [STARTDATE ENDDATE]" >&2; exit 2; }
OUT=$(cd "$1" && pwd)
export PKI_WORK="$OUT/.ca"
CNF="$here/openssl.cnf"
SIGN=(-md sha512 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest)
validity=(-days 397)
[ $# -eq 3 ] && validity=(-startdate "$2" -enddate "$3")
work=$(mktemp -d "$PKI_WORK/reissue.XXXXXX")
trap 'rm -rf "$work"' EXIT
(umask 077 && openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out "$work/server.key" 2>/dev/null)
openssl req -config "$CNF" -new -key "$work/server.key" -subj "/C=NL/O=rodgate development/CN=localhost" \
  -out "$work/server.csr" 2>/dev/null
# a random positive 16-byte serial, as certs/make-pki.sh gives every certificate
hex=$(openssl rand -hex 16)
printf '%x%s\n' $(( (16#${hex:0:1} % 7) + 1 )) "${hex:1}" >"$PKI_WORK/issuing/serial"
openssl ca -config "$CNF" -name ca_issuing -batch -notext -extensions ext_server "${SIGN[@]}" \
  "${validity[@]}" -in "$work/server.csr" -out "$work/server.pem" 2>/dev/null
cat "$work/server.pem" "$PKI_WORK/issuing/ca.pem" >"$work/server-chain.pem"
chmod 0644 "$work/server.pem" "$work/server-chain.pem"
mv -f "$work/server.key" "$OUT/server.key"
mv -f "$work/server.pem" "$OUT/server.pem"
mv -f "$work/server-chain.pem" "$OUT/server-chain.pem"
echo "reissue-server: new gateway certificate in $OUT/server-chain.pem"
