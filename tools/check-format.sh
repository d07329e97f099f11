#!/usr/bin/env bash
# The tree's one C style (.clang-format) holds: one check per file over
# src/, tests/unit/, tests/fuzz/ and tools/ (*.c and *.h), printing each file
# that differs with the start of its diff, then `N passed, M failed`.
#
#   tools/check-format.sh           check (the `format` suite of make test)
#   tools/check-format.sh --apply   format the files in place (make format)
#
# CLANG_FORMAT overrides the binary (default clang-format; the style is
# written for the version of Debian bookworm, 14).
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
cf=${CLANG_FORMAT:-clang-format}

if ! command -v "$cf" >/dev/null 2>&1; then
  echo "check-format: $cf not found (Debian package clang-format)"
  echo "0 passed, 1 failed"
  exit 1
fi
# node_modules: the bench's node-soap peer may bring C sources of its own
mapfile -t files < <(find src tests/unit tests/fuzz tools examples/c -name node_modules -prune -o \
                       -type f \( -name '*.c' -o -name '*.h' \) -print | sort)

if [ "${1:-}" = --apply ]; then
  "$cf" -i --style=file "${files[@]}"
  echo "format: ${#files[@]} files formatted"
  exit 0
fi

passed=0 failed=0
for f in "${files[@]}"; do
  if "$cf" --style=file --dry-run -Werror "$f" >/dev/null 2>&1; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL $f (make format fixes it):"
    "$cf" --style=file "$f" | diff -u "$f" - | sed -n '3,12s/^/    /p'
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
