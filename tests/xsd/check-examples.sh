#!/bin/sh
# check-examples.sh: validates the example request bodies against the published XSD.
#
# Every file in tests/data/valid/ must validate against xsd/rod-v1.xsd; every file in
# tests/data/invalid/ must be well-formed XML that fails schema validation (xmllint
# exit status 3; a parse error or a broken schema does not count as "fails").
# Prints one line per failure, then "N passed, M failed"; exits 1 on any failure.
#
# Usage: tests/xsd/check-examples.sh   (from anywhere; XMLLINT overrides the binary)

set -u

root=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
xsd="$root/xsd/rod-v1.xsd"
xmllint=${XMLLINT:-xmllint}

if ! command -v "$xmllint" >/dev/null 2>&1; then
    echo "check-examples: $xmllint not found (install libxml2-utils)" >&2
    exit 2
fi
# The schema itself must compile, or every invalid example would "fail" for nothing.
if ! "$xmllint" --noout --nonet "$xsd" >/dev/null 2>&1; then
    echo "check-examples: $xsd is not well-formed" >&2
    exit 2
fi
if echo '<probe/>' | "$xmllint" --noout --nonet --schema "$xsd" - 2>&1 \
        | grep -q 'failed to compile\|Schemas parser error'; then
    echo "check-examples: $xsd does not compile as a schema" >&2
    exit 2
fi

passed=0
failed=0

for f in "$root"/tests/data/valid/*.xml; do
    [ -e "$f" ] || continue
    if out=$("$xmllint" --noout --nonet --schema "$xsd" "$f" 2>&1); then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL (valid example rejected): ${f#"$root"/}"
        echo "$out" | grep -v 'fails to validate$' | sed 's/^/    /'
    fi
done

for f in "$root"/tests/data/invalid/*.xml; do
    [ -e "$f" ] || continue
    "$xmllint" --noout --nonet --schema "$xsd" "$f" >/dev/null 2>&1
    rc=$?
    if [ "$rc" -eq 3 ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        if [ "$rc" -eq 0 ]; then
            echo "FAIL (invalid example accepted): ${f#"$root"/}"
        else
            echo "FAIL (invalid example not a schema failure, xmllint exit $rc): ${f#"$root"/}"
        fi
    fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
