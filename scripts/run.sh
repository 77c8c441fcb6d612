#!/usr/bin/env bash
# The one run command: installs what is missing, builds the release preset, starts the program.
# Until the desktop visualizer lands this is the headless engine demo: one GC cycle of Go 1.25's
# cleanup queue on real threads, summarised as JSON. Extra arguments go to `cleanupq run`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh engine
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" --target cleanupq
exec build/release/engine/cleanupq run --json "$@"
