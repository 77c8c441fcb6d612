#!/usr/bin/env bash
# Compares the model with the real Go runtime: runs (or reuses, when fresh) the real-Go conformance
# results of scripts/conform-go.sh, runs cleanupq on the same shapes under --go go1.25 and go1.26,
# and prints one table, property by property, with the distributions and their two-sample tests
# (tests/conformance/conform.py; docs/conformance.md explains the table).
#   scripts/conform.sh [--rerun-go] [--seeds N] [--jobs N] [--summary FILE]
# CLEANUPQ (default build/release/engine/cleanupq) is the model binary; it is built in the release preset
# when missing. Results go to build/conformance.
# Exit status: 0 every exact property holds on both sides of both versions; 1 one does not; 77 with
# "SKIPPED:" when the Go side is skipped (no toolchain could be had): report as skipped, not passed.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cleanupq=${CLEANUPQ:-$here/build/release/engine/cleanupq}
if [ -z "${CLEANUPQ:-}" ]; then
  (cd "$here" && cmake --preset release >/dev/null && cmake --build --preset release --target cleanupq >/dev/null) || {
    echo "conform: building cleanupq in the release preset failed" >&2
    exit 1
  }
fi
exec python3 "$here/tests/conformance/conform.py" --cleanupq "$cleanupq" \
  --go-results "$here/build/conformance" "$@"
