#!/usr/bin/env bash
# Writes the installed configuration: conf/rodgate.conf (every setting with
# its default and comment) with the paths of an installed system in place of
# the checkout's. Each key below must occur exactly once in the source, so a
# renamed setting fails the install instead of shipping a checkout path; any
# other value under conf/ (a data file such as the postcode table) is
# installed to SYSCONFDIR/rodgate/ and points there.
# Usage: dist/install-conf.sh SRC SYSCONFDIR DATADIR > rodgate.conf
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 SRC SYSCONFDIR DATADIR" >&2; exit 2; }
src=$1 etc=$2/rodgate data=$3

settings=(
  "tls_cert=$etc/tls/server-chain.pem"
  "tls_key=$etc/tls/server.key"
  "tls_ca=$etc/tls/ca.pem"
  "tls_crl=$etc/tls/crl.pem"
  # Debian's MariaDB; the accounts' passwords in files of their own (mode
  # 0600, owner rodgate), never in this file and never the development ones
  "db_socket=/run/mysqld/mysqld.sock"
  "db_user=rodgate"
  "db_password="
  "db_password_file=$etc/secrets/rodgate.password"
  "job_db_password="
  "job_db_password_file=$etc/secrets/rodgate_job.password"
  "xsd_dir=$data/xsd"
  "wsdl_file=$data/wsdl/rod-v1.wsdl"
  "log_file=/var/log/rodgate/rodgate.log"
  # rodgate-notify: the SMTP server's CA (empty: the system's CAs) and its
  # own account
  "smtp_ca_file="
  "notify_db_password="
  "notify_db_password_file=$etc/secrets/rodgate_notify.password"
)
args=()
for kv in "${settings[@]}"; do
  key=${kv%%=*} value=${kv#*=}
  n=$(grep -c "^$key *=" "$src" || true)
  [ "$n" = 1 ] || { echo "install-conf: $src has $n lines '$key = ...', expected 1" >&2; exit 1; }
  args+=(-e "s|^$key *=.*|$key = $value|")
done
echo "# Installed by make install: the paths below are those of the installed"
echo "# files. The TLS files are the operator's (docs/deployment.md)."
sed "${args[@]}" -e "s|^\([a-z_]*\) *= *conf/|\1 = $etc/|" "$src"
