#!/usr/bin/env bash
# Revokes OUTDIR/NAME.pem with the issuing CA kept in OUTDIR/.ca and rewrites
# OUTDIR/crl.pem (issuing + root CRL) atomically, so a running gateway picks
# the new CRL up without a restart. Usage: certs/revoke.sh OUTDIR NAME
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[ $# -eq 2 ] || { echo "usage: $0 OUTDIR NAME" >&2; exit 2; }
OUT=$(cd "$1" && pwd)
NAME=$2
export PKI_WORK="$OUT/.ca"
CNF="$here/openssl.cnf"
SIGN=(-md sha512 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest)
openssl ca -config "$CNF" -name ca_issuing -batch -revoke "$OUT/$NAME.pem" -crl_reason keyCompromise 2>/dev/null
openssl ca -config "$CNF" -name ca_issuing -batch -gencrl -crldays 30 "${SIGN[@]}" -out "$PKI_WORK/issuing/crl.pem" 2>/dev/null
cat "$PKI_WORK/issuing/crl.pem" "$PKI_WORK/root/crl.pem" >"$OUT/crl.pem.tmp"
chmod 0644 "$OUT/crl.pem.tmp"
mv -f "$OUT/crl.pem.tmp" "$OUT/crl.pem"
echo "revoke: $NAME revoked; $OUT/crl.pem rewritten"
