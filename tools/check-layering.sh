#!/usr/bin/env bash
# The layering of src/, checked over the #include lines: each folder may
# include only the folders (and libraries) its row of the table names, so
# that the dependencies point one way (README.md, "Source layout"). One
# check per source file; prints `N passed, M failed` and exits 1 on any
# failure. Run by tools/test.sh as the suite `layering`.
set -uo pipefail
cd "$(dirname "$0")/.."

# folder -> what it may include (besides system headers). Libraries:
# mysql (mysql.h, errmsg.h, mysqld_error.h), openssl (openssl/*),
# libxml2 (libxml/*), gsoap (stdsoap2.h and the generated soapH.h,
# soapStub.h, *.nsmap), curl (curl/*: libcurl, rodgate-notify's SMTP).
declare -A MAY=(
  [core]="core"
  [config]="config core"
  [http]="http core"
  [rules]="rules core"
  [xml]="xml config core libxml2"
  [tls]="tls config core openssl"
  [store]="store config core rules mysql"
  [net]="net config core http tls openssl"
  [soap]="soap config core net rules store tls xml gsoap"
  [service]="service soap core rules store gsoap"
  [client]="client core rules tls openssl libxml2 gsoap"
  [notify]="notify config core store curl"
  [metrics]="metrics config core http net store tls"
  [main.c]="config core metrics net soap store tls xml"
)

# what an #include line names ("<x>" or "\"x\""): a folder of src/ or a
# library; "" for a system header
target_of() {
  local inc=$1 name=${1:1}
  case "$name" in
    mysql.h|errmsg.h|mysqld_error.h|mysql/*|mariadb/*) echo mysql ;;
    openssl/*) echo openssl ;;
    curl/*) echo curl ;;
    libxml/*) echo libxml2 ;;
    stdsoap2.h|soapH.h|soapStub.h|*.nsmap) echo gsoap ;;
    *)
      if [ "${inc:0:1}" = '"' ]; then
        case "$name" in */*) echo "${name%%/*}" ;; *) echo "?$name" ;; esac
      fi ;;
  esac
}

passed=0 failed=0
for f in $(find src -name '*.[ch]' | sort); do
  rel=${f#src/}
  case "$rel" in */*) layer=${rel%%/*} ;; *) layer=$rel ;; esac
  allowed=${MAY[$layer]:-}
  if [ -z "$allowed" ]; then
    echo "FAIL $f: folder '$layer' has no row in the table of tools/check-layering.sh"
    failed=$((failed + 1)); continue
  fi
  bad=()
  while IFS= read -r inc; do
    t=$(target_of "$inc")
    [ -z "$t" ] && continue
    [[ " $allowed " == *" $t "* ]] || bad+=("${inc:1} ($t)")
  done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*\([<"][^>"]*\)[>"].*/\1/p' "$f")
  if [ ${#bad[@]} -gt 0 ]; then
    echo "FAIL $f: includes ${bad[*]}; $layer may include: $allowed"
    failed=$((failed + 1))
  else
    passed=$((passed + 1))
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
