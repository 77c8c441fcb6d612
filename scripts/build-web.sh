#!/usr/bin/env bash
# Builds the browser version into dist/, ready for any static host:
#   dist/index.html   the page: picks mt/ when cross-origin isolated, st/ otherwise
#   dist/mt/          the threaded build (preset web: pthreads, threaded and conducted runners)
#   dist/st/          the single-threaded build (preset web-st: the inline runner)
#   FILE.br, FILE.gz  precompressed copies of the page's files (web/precompress.mjs)
#   dist/favicon.svg, icon-192.png, icon-512.png, manifest.webmanifest  (assets/; the page's
#                     favicons are written into index.html itself: web/inline-icons.mjs)
#   dist/sw.js        the service worker that keeps the page offline (web/sw.js, filled in by
#                     web/write-sw.mjs with every file above and a version: written last)
# Then: node web/serve.mjs  (http://127.0.0.1:8080/, with the isolation headers).
# --release also writes dist/README.md (for whoever hosts it: assets/web/dist-README.md) and
# dist/VERSION, and packs dist/ into out/cleanupq-lab-web-VERSION.tar.gz for any static host.
# Usage: scripts/build-web.sh [--release] [DIST]   (default dist)
set -euo pipefail
cd "$(dirname "$0")/.."
release=false
if [ "${1:-}" = --release ]; then
  release=true
  shift
fi
case "${1:-}" in
  -*) echo "build-web: unknown option '$1' (expected --release, then an optional DIST folder)" >&2; exit 2 ;;
esac
dist=${1:-dist}
version=$(sed -n 's/^project(CleanupQueueLab VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
[ -n "$version" ] || { echo "build-web: no project VERSION in CMakeLists.txt" >&2; exit 1; }

scripts/install-deps.sh web
for preset in web web-st; do
  echo "=== $preset: configure and build the page"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$(nproc)" --target cleanupq-web cq_web_icons
done

rm -rf "$dist"
mkdir -p "$dist/mt" "$dist/st"
cp web/index.html "$dist/"
# The favicons go into the page itself (why: web/inline-icons.mjs).
node web/inline-icons.mjs "$dist/index.html" favicon.svg=assets/cleanupq-viz.svg \
  favicon-32.png=build/web/assets/web/favicon-32.png
cp build/web/web/cleanupq-lab.{js,wasm,data,worker.js} "$dist/mt/"
cp build/web-st/web/cleanupq-lab.{js,wasm,data} "$dist/st/"
cp assets/cleanupq-viz.svg "$dist/favicon.svg"  # the manifest's scalable icon
cp build/web/assets/web/{icon-192,icon-512}.png assets/web/manifest.webmanifest "$dist/"
# FILE.br and FILE.gz beside the page's files, sent by web/serve.mjs (or a host's own
# precompressed-file support) to browsers that accept them.
node web/precompress.mjs "$dist"
for build in mt st; do
  wasm="$dist/$build/cleanupq-lab.wasm"
  printf '%s: wasm %d bytes (%d brotli, %d gzip), js %d bytes, data %d bytes\n' "$build" \
    "$(stat -c %s "$wasm")" "$(stat -c %s "$wasm.br")" "$(stat -c %s "$wasm.gz")" \
    "$(stat -c %s "$dist/$build/cleanupq-lab.js")" "$(stat -c %s "$dist/$build/cleanupq-lab.data")"
done
if $release; then
  commit=$(git rev-parse --short=7 HEAD 2>/dev/null || echo unknown)
  cp assets/web/dist-README.md "$dist/README.md"
  echo "cleanupq-lab web $version (commit $commit)" >"$dist/VERSION"
fi
# Last: the service worker lists every file now in dist/ (web/tests/offline.test.mjs fails on
# a file it does not list), and its version changes with any of them.
node web/write-sw.mjs "$dist" "$version"
echo "dist: $dist/ (serve it: node web/serve.mjs --root $dist)"

if $release; then
  name=cleanupq-lab-web-$version
  mkdir -p out
  # Reproducible: sorted names, no owners, every file dated at the commit.
  stamp=$(git log -1 --format=%ct 2>/dev/null || date +%s)
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$stamp" \
    --transform="s,^$(basename "$dist"),$name," -C "$(dirname "$dist")" -cf - "$(basename "$dist")" |
    gzip -9n >"out/$name.tar.gz"
  echo "release: out/$name.tar.gz ($(stat -c %s "out/$name.tar.gz") bytes; unpack and copy $name/ to any static host)"
fi
