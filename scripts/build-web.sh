#!/usr/bin/env bash
# Builds the browser version into dist/, ready for any static host:
#   dist/index.html   the page: picks mt/ when cross-origin isolated, st/ otherwise
#   dist/mt/          the threaded build (preset web: pthreads, threaded and conducted runners)
#   dist/st/          the single-threaded build (preset web-st: the inline runner)
#   FILE.br, FILE.gz  precompressed copies of the page's files (web/precompress.mjs)
# Then: node web/serve.mjs  (http://127.0.0.1:8080/, with the isolation headers).
# Usage: scripts/build-web.sh [DIST]   (default dist)
set -euo pipefail
cd "$(dirname "$0")/.."
dist=${1:-dist}

scripts/install-deps.sh web
for preset in web web-st; do
  echo "=== $preset: configure and build the page"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$(nproc)" --target cleanupq-web
done

rm -rf "$dist"
mkdir -p "$dist/mt" "$dist/st"
cp web/index.html "$dist/"
cp build/web/web/cleanupq-lab.{js,wasm,data,worker.js} "$dist/mt/"
cp build/web-st/web/cleanupq-lab.{js,wasm,data} "$dist/st/"
# FILE.br and FILE.gz beside the page's files, sent by web/serve.mjs (or a host's own
# precompressed-file support) to browsers that accept them.
node web/precompress.mjs "$dist"
for build in mt st; do
  wasm="$dist/$build/cleanupq-lab.wasm"
  printf '%s: wasm %d bytes (%d brotli, %d gzip), js %d bytes, data %d bytes\n' "$build" \
    "$(stat -c %s "$wasm")" "$(stat -c %s "$wasm.br")" "$(stat -c %s "$wasm.gz")" \
    "$(stat -c %s "$dist/$build/cleanupq-lab.js")" "$(stat -c %s "$dist/$build/cleanupq-lab.data")"
done
echo "dist: $dist/ (serve it: node web/serve.mjs --root $dist)"
