#!/usr/bin/env bash
# Installs the Debian packages rodgate needs to build, run and test, if missing.
# Runs as root on a fresh Debian (bookworm); does nothing when all are present.
#
# Each package comes with probes: the commands, files or Python modules the
# project uses from it. When every probe finds its thing, the script is done
# without asking dpkg or apt, so `make unit` and `make test` also work where
# everything is installed some other way (a container, another distribution).
# A package without probes, or one whose probes fail, is checked with
# dpkg-query and installed with apt-get. RODGATE_SKIP_DEPS=1 skips all of it.
set -euo pipefail

[ "${RODGATE_SKIP_DEPS:-}" = 1 ] && exit 0

# "package probe..."; a probe is a command name, an absolute path, or
# py:MODULE (importable by /usr/bin/python3)
PKGS=(
  "build-essential gcc make /usr/include/stdio.h"
  "pkg-config pkg-config"
  "make make"
  "gcc gcc"
  "gsoap wsdl2h soapcpp2 /usr/share/gsoap/import/wsa5.h"
  "libgsoap-dev /usr/include/stdsoap2.h"
  "libssl-dev /usr/include/openssl/ssl.h"
  "openssl openssl"
  "zlib1g-dev /usr/include/zlib.h"
  "libxml2-dev xml2-config /usr/include/libxml2/libxml/parser.h"
  "libxml2-utils xmllint"
  "libmariadb-dev mariadb_config /usr/include/mariadb/mysql.h"
  "mariadb-server /usr/sbin/mariadbd mariadb-install-db"
  "mariadb-client mariadb mariadb-admin"
  "libcunit1-dev /usr/include/CUnit/CUnit.h"
  "python3 /usr/bin/python3"
  "python3-zeep py:zeep"
  "curl curl"
  # rodgate-notify (src/notify/): libcurl's SMTP with STARTTLS over OpenSSL;
  # its test suite receives the mail with aiosmtpd
  "libcurl4-openssl-dev curl-config"
  "python3-aiosmtpd py:aiosmtpd"
  "tzdata /usr/share/zoneinfo/Europe/Amsterdam"
  "ca-certificates /etc/ssl/certs/ca-certificates.crt"
  "testssl.sh testssl"
  # the metrics suite scrapes the gateway with a real Prometheus
  "prometheus prometheus"
  "clang-format clang-format"
  # rodctl (src/client/): CSV (libcsv), XLSX writing (libxlsxwriter), XLSX
  # reading (libzip opens the archive, libxml2 reads its sheets); its tests
  # make and read spreadsheets with openpyxl
  "libcsv-dev /usr/include/csv.h"
  "libxlsxwriter-dev /usr/include/xlsxwriter.h"
  "libzip-dev /usr/include/zip.h"
  "python3-openpyxl py:openpyxl"
  # make deb and the suite package (docs/deployment.md): the package build,
  # lintian, logrotate and systemd-analyze for the shipped configuration
  "debhelper dh dh_installsysusers"
  "dpkg-dev dpkg-buildpackage dpkg-architecture"
  "fakeroot fakeroot"
  "lintian lintian"
  "logrotate /usr/sbin/logrotate"
  "systemd systemd-analyze systemd-sysusers systemd-tmpfiles"
  "init-system-helpers deb-systemd-helper"
  # interop suites (tests/interop/): PHP SoapClient, JAX-WS RI, node-soap;
  # php-soap has no probe (its module's path carries PHP's version)
  "php-cli php"
  "php-soap"
  "jaxws wsimport /usr/share/java/jaxws-rt.jar"
  "default-jdk-headless java javac"
  "nodejs node"
  # npm: Debian's package conflicts with a Node.js that ships its own npm,
  # which the probe finds first
  "npm npm"
  # make cluster / make test-cluster: Galera, its SST with mariadb-backup
  # (which streams through socat), and the load balancer
  "galera-4 /usr/lib/galera/libgalera_smm.so"
  "mariadb-backup mariadb-backup"
  "socat socat"
  "haproxy haproxy"
)
if [ "${RODGATE_DEPS_EXTRA:-}" != "" ]; then
  # extra packages (make fuzz: clang and its libFuzzer runtime): no probes
  # shellcheck disable=SC2206
  PKGS+=(${RODGATE_DEPS_EXTRA})
fi

probe() {
  case "$1" in
    /*) [ -e "$1" ] ;;
    py:*) [ -x /usr/bin/python3 ] &&
            /usr/bin/python3 -c "import importlib.util, sys; sys.exit(importlib.util.find_spec('${1#py:}') is None)" \
              2>/dev/null ;;
    *) command -v "$1" >/dev/null 2>&1 ;;
  esac
}

# Packages whose probes do not all succeed, or that have none.
unprobed=() why=()
for entry in "${PKGS[@]}"; do
  read -r -a words <<<"$entry"
  ok=1
  [ ${#words[@]} -gt 1 ] || ok=0
  for p in "${words[@]:1}"; do
    probe "$p" || { ok=0; why+=("$p (${words[0]})"); }
  done
  [ "$ok" = 1 ] || unprobed+=("${words[0]}")
done
[ ${#unprobed[@]} -eq 0 ] && exit 0

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "deps: not found: ${why[*]:-${unprobed[*]}}" >&2
  echo "deps: no dpkg here: install them, or set RODGATE_SKIP_DEPS=1 if they are there after all" >&2
  exit 1
fi
missing=()
for p in "${unprobed[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "deps: missing packages ${missing[*]}; run as root or install them" >&2
  exit 1
fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# policy-rc.d keeps apt from starting the system MariaDB: rodgate runs its own.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod 755 /usr/sbin/policy-rc.d
  trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
apt-get -o DPkg::Lock::Timeout=900 update -qq
apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
