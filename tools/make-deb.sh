#!/usr/bin/env bash
# make deb: builds the Debian package of this tree (debian/) in a copy under
# var/deb/src, so that neither build/ nor var/ of the checkout is touched
# (dh_auto_clean would run `make clean`), then runs lintian on it. Leaves
# var/deb/rodgate_VERSION_ARCH.deb, the .changes and lintian.txt. Exit 1 when
# the build fails or lintian reports an error; warnings are printed (the
# ones accepted are listed in docs/deployment.md).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/var/deb
version=$(dpkg-parsechangelog -l "$top/debian/changelog" -S Version)
arch=$(dpkg-architecture -qDEB_HOST_ARCH)
src=$out/src/rodgate-$version
rm -rf "$out"
mkdir -p "$src"
start=$(date +%s)

# The files of the checkout as they are now (committed or not), without what
# git ignores (build/, var/); a plain tree without git: all but those two.
if git -C "$top" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  (cd "$top" && git ls-files -z -co --exclude-standard |
     while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
     tar --null -T - -cf -) | tar -xf - -C "$src"
else
  tar -C "$top" --exclude=./build --exclude=./var --exclude=./.git -cf - . | tar -xf - -C "$src"
fi

echo "deb: building rodgate $version in $src"
if ! (cd "$src" && DEB_BUILD_OPTIONS="nocheck parallel=2" dpkg-buildpackage -b -us -uc) >"$out/build.log" 2>&1; then
  tail -40 "$out/build.log"
  echo "deb: the package build failed (all of it in $out/build.log)" >&2
  exit 1
fi
mv "$out/src"/rodgate*_"$version"_* "$out/"
deb=$out/rodgate_${version}_$arch.deb
echo "deb: $deb ($(( $(date +%s) - start )) s)"

# lintian as root warns about itself; the package is what matters
rc=0
lintian --fail-on error --display-info "$out/rodgate_${version}_$arch.changes" >"$out/lintian.txt" 2>&1 || rc=$?
cat "$out/lintian.txt"
errors=$(grep -c '^E: ' "$out/lintian.txt" || true)
warnings=$(grep -c '^W: ' "$out/lintian.txt" || true)
echo "deb: lintian: $errors errors, $warnings warnings"
[ "$rc" = 0 ] && [ "$errors" = 0 ]
