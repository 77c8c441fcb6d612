#!/usr/bin/env bash
# Builds the Debian package with CPack, checks its dependencies (dpkg-shlibdeps found the
# graphics libraries the app links) and its layout, unpacks it into a scratch root and runs the
# unpacked cleanupq and cleanupq-viz from there with the source-tree fallback off.
# Exits 77 (skipped) where cpack's DEB generator cannot run (no dpkg-deb or dpkg-shlibdeps).
# Usage: package_deb_test.sh CPACK BUILD_DIR VERSION
set -euo pipefail
cpack=$1 build=$2 version=$3
for tool in dpkg-deb dpkg-shlibdeps; do
  command -v "$tool" >/dev/null || { echo "package_deb_test: $tool missing (package dpkg-dev): skipped"; exit 77; }
done
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
fail() { echo "package_deb_test: $*" >&2; exit 1; }

"$cpack" -G DEB --config "$build/CPackConfig.cmake" -B "$scratch/out" >"$scratch/cpack.log" 2>&1 || {
  cat "$scratch/cpack.log" >&2
  fail "cpack -G DEB failed"
}
deb=$(find "$scratch/out" -maxdepth 1 -name 'cleanupq-lab_*.deb' | head -n 1)
[ -n "$deb" ] || fail "cpack wrote no cleanupq-lab_*.deb into $scratch/out"
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "$deb has version $(dpkg-deb -f "$deb" Version), expected $version"
depends=$(dpkg-deb -f "$deb" Depends)
# The shared libraries cleanupq-viz links (ldd build/release/viz/cleanupq-viz), by package.
for pkg in libc6 libstdc++6 libglfw3 libsdl2-2.0-0 libgif7 libopengl0 libstb0; do
  [[ ", $depends," == *", $pkg "* || ", $depends," == *", $pkg,"* ]] ||
    fail "Depends of $deb lacks $pkg: $depends"
done
echo "ok: $(basename "$deb"): Depends: $depends"

root=$scratch/root
dpkg-deb -x "$deb" "$root"
for f in usr/bin/cleanupq usr/bin/cleanupq-viz usr/share/cleanupq/palettes.toml \
  usr/share/cleanupq/go-traces/go1.25.cqgo usr/share/cleanupq/go-traces/go1.26.cqgo \
  usr/share/applications/cleanupq-viz.desktop \
  usr/share/metainfo/io.github.cleanupqlab.CleanupQueueLab.metainfo.xml \
  usr/share/icons/hicolor/48x48/apps/cleanupq-viz.png usr/share/cleanupq/lessons/06-coalescing.toml; do
  [ -e "$root/$f" ] || fail "$deb has no /$f"
done

unset CQ_LESSONS_DIR CQ_ASSETS_DIR
export CQ_NO_SOURCE_TREE=1
cd "$scratch"
"$root/usr/bin/cleanupq" --version | grep -qx "cleanupq $version (commit \([0-9a-f]\{7\}\|unknown\))" ||
  fail "unpacked cleanupq --version: $("$root/usr/bin/cleanupq" --version)"
"$root/usr/bin/cleanupq" lesson list --no-play | grep -q "($root/usr/share/cleanupq/lessons/06-coalescing.toml)" ||
  fail "unpacked cleanupq does not list its own lessons"
"$root/usr/bin/cleanupq-viz" --headless --runner conducted --seed 42 --run-until flush_end \
  --size 640x400 --screenshot "$scratch/shot.png" >/dev/null || fail "unpacked cleanupq-viz --headless failed"
[ -s "$scratch/shot.png" ] || fail "unpacked cleanupq-viz wrote no screenshot"
echo "ok: the unpacked package runs from its own files"
