#!/usr/bin/env bash
# Builds the browser version into dist/, ready for any static host:
#   dist/index.html   the page: picks mt/ when cross-origin isolated, st/ otherwise
#   dist/mt/          the threaded build (preset web: pthreads, threaded and conducted runners)
#   dist/st/          the single-threaded build (preset web-st: the inline runner)
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
for build in mt st; do
  wasm="$dist/$build/cleanupq-lab.wasm"
  printf '%s: wasm %d bytes (%d gzipped), js %d bytes, data %d bytes\n' "$build" \
    "$(stat -c %s "$wasm")" "$(gzip -9c "$wasm" | wc -c)" \
    "$(stat -c %s "$dist/$build/cleanupq-lab.js")" "$(stat -c %s "$dist/$build/cleanupq-lab.data")"
done
echo "dist: $dist/ (serve it: node web/serve.mjs --root $dist)"
