#!/usr/bin/env bash
# Runs one interop client against the gateway of tools/test.sh: php (PHP
# SoapClient), java (JAX-WS RI), zeep (python3-zeep), node (node-soap) or c
# (gSOAP client stubs, examples/c/, built by make).
# Each is the program under examples/ and prints `N passed, M failed`.
# Prepares what the client needs first: PKCS#12 key stores for Java (made
# here, never committed), node-soap from tests/interop/node/package-lock.json,
# and the wsimport+javac output, cached under build/interop/java/ by the hash
# of the WSDL, the XSD and the Java source.
# Environment: RODGATE_URL, RODGATE_PKI (set by tools/test.sh).
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
client=${1:?usage: tests/interop/run.sh php|java|zeep|node|c}
: "${RODGATE_URL:?RODGATE_URL not set}" "${RODGATE_PKI:?RODGATE_PKI not set}"
export RODGATE_URL RODGATE_PKI

# A set-up failure still ends with the closing line the test driver counts.
fail() {
  echo "FAIL $client set-up: $*"
  echo "0 passed, 1 failed"
  exit 1
}

JARS=/usr/share/java/jaxws-rt.jar # its manifest's Class-Path brings the rest of the RI

java_client() {
  local key dir
  key=$(cat wsdl/rod-v1.wsdl xsd/*.xsd examples/java/RodInterop.java | sha256sum | cut -c1-16)
  dir=build/interop/java/$key
  if [ ! -f "$dir/classes/RodInterop.class" ]; then
    rm -rf build/interop/java
    mkdir -p "$dir/wsdl" "$dir/src" "$dir/classes"
    # the WSDL's schemaLocation="rod-v1.xsd" resolves beside it
    cp wsdl/rod-v1.wsdl xsd/*.xsd "$dir/wsdl/"
    WSIMPORT_OPTS=-Djdk.xml.maxOccurLimit=0 wsimport -quiet -Xnocompile -s "$dir/src" -p nl.rodgate.rod.v1 \
      "$dir/wsdl/rod-v1.wsdl" >"$dir/wsimport.log" 2>&1 || { cat "$dir/wsimport.log"; return 1; }
    { find "$dir/src" -name '*.java'; echo examples/java/RodInterop.java; } >"$dir/sources.txt"
    javac -nowarn -encoding UTF-8 -cp "$JARS" -d "$dir/classes" @"$dir/sources.txt" >"$dir/javac.log" 2>&1 ||
      { cat "$dir/javac.log"; rm -rf "$dir/classes"; return 1; }
  fi
  echo "$dir/classes"
}

case "$client" in
  zeep)
    exec /usr/bin/python3 examples/python/rod_interop.py
    ;;
  php)
    command -v php >/dev/null || fail "php is missing (tools/deps.sh installs php-cli php-soap)"
    php -r 'exit(extension_loaded("soap") ? 0 : 1);' || fail "PHP's soap extension is missing (php-soap)"
    exec php examples/php/rod_interop.php
    ;;
  node)
    mods=tests/interop/node/node_modules
    # npm ci again whenever the lock file changed since the last install
    if ! cmp -s tests/interop/node/package-lock.json "$mods/.rodgate-lock"; then
      (cd tests/interop/node && npm ci --no-audit --no-fund --loglevel=error >/dev/null) || fail "npm ci"
      cp tests/interop/node/package-lock.json "$mods/.rodgate-lock"
    fi
    NODE_PATH=$top/$mods exec node examples/node/rod_interop.js
    ;;
  java)
    command -v wsimport >/dev/null || fail "wsimport is missing (tools/deps.sh installs jaxws)"
    classes=$(java_client) || fail "wsimport/javac: $classes"
    p12=var/interop/p12
    mkdir -p "$p12"
    for org in school-a gemeente-groningen; do
      openssl pkcs12 -export -in "$RODGATE_PKI/$org.pem" -inkey "$RODGATE_PKI/$org.key" \
        -certfile "$RODGATE_PKI/ca.pem" -name "$org" -passout pass:changeit -out "$p12/$org.p12" ||
        fail "PKCS#12 key store for $org"
    done
    # maxOccurLimit: SchemaValidationFeature compiles the XSD (maxOccurs="10000");
    # SAAJMetaFactory: the non-deprecated name, so SAAJ does not warn on every call
    RODGATE_P12=$top/$p12 RODGATE_P12_PASSWORD=changeit exec java -Djdk.xml.maxOccurLimit=0 \
      -Djavax.xml.soap.SAAJMetaFactory=com.sun.xml.messaging.saaj.soap.SAAJMetaFactoryImpl \
      -cp "$classes:$JARS" RodInterop
    ;;
  c)
    bin=${RODGATE_BUILD:-build}/examples/rod_interop_c
    [ -x "$bin" ] || fail "$bin is missing (make builds it from examples/c/rod_interop.c)"
    exec "$bin"
    ;;
  *)
    fail "unknown client $client (php, java, zeep, node, c)"
    ;;
esac
