#!/usr/bin/env bash
# The one run command: installs what is missing, builds the release preset, starts the desktop
# app. Extra arguments go to cleanupq-viz (the scenario flags are those of `cleanupq run`, e.g.
# scripts/run.sh --gomaxprocs 16 --protocol oneshot). Without a display, the app says so and
# how to run it headless or under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh viz
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)" --target cleanupq-viz cleanupq
exec build/release/viz/cleanupq-viz "$@"
