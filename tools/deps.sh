#!/usr/bin/env bash
# Installs the Debian packages rodgate needs to build, run and test, if missing.
# Runs as root on a fresh Debian (bookworm); does nothing when all are present.
set -euo pipefail

PKGS=(
  build-essential pkg-config make gcc
  gsoap libgsoap-dev libssl-dev openssl zlib1g-dev
  libxml2-dev libxml2-utils
  libmariadb-dev mariadb-server mariadb-client
  libcunit1-dev
  python3 python3-zeep curl tzdata ca-certificates testssl.sh
)
if [ "${RODGATE_DEPS_EXTRA:-}" != "" ]; then
  # shellcheck disable=SC2206
  PKGS+=(${RODGATE_DEPS_EXTRA})
fi

missing=()
for p in "${PKGS[@]}"; do
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
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
