#!/usr/bin/env bash
# Renders the README's pictures (three PNGs and a GIF of a flush) with the app's own headless renderer into assets/pictures/
# (or DIR). Each run is deterministic (the conducted runner with a fixed seed, or a lesson, whose
# runs are seeded), so the same build draws the same pixels: ctest readme_pictures_current renders
# them again and fails when they no longer match what the app draws. Run this after a change to
# what the app shows, and commit the pictures with it.
# Usage: scripts/make-pictures.sh [CLEANUPQ_VIZ] [DIR]
#   (default build/release/viz/cleanupq-viz, built here if missing, and assets/pictures)
set -euo pipefail
cd "$(dirname "$0")/.."
viz=${1:-}
out=${2:-assets/pictures}
if [ -z "$viz" ]; then
  viz=build/release/viz/cleanupq-viz
  if [ ! -x "$viz" ]; then
    cmake --preset release >/dev/null
    cmake --build --preset release -j "$(nproc)" --target cleanupq-viz
  fi
fi
mkdir -p "$out"

# name, then the flags that draw it. Keep in step with README.md's picture links.
pictures=(
  "overview|--runner conducted --seed 42 --run-until flush_end"
  "lesson|--lesson 6 --step 2 --palette light"
  "metrics|--runner conducted --seed 7 --go e46c8e --run-until flush_end --tab metrics --palette okabe-ito"
)
# Settings under a fresh config folder: a developer's own palette or layout cannot leak in.
config=$(mktemp -d)
trap 'rm -rf "$config"' EXIT
for entry in "${pictures[@]}"; do
  name=${entry%%|*}
  read -r -a flags <<<"${entry#*|}"
  XDG_CONFIG_HOME=$config "$viz" --headless --size 1280x800 "${flags[@]}" --screenshot "$out/$name.png" >/dev/null
  echo "make-pictures: $out/$name.png  (cleanupq-viz --headless ${flags[*]})"
done

# The animation: a small run (4 Ps, 300 cleanups each) up to the end of the last sweeper's
# flush, as the app's own GIF export records it (60 frames over the run).
gif_flags=(--runner conducted --seed 42 --gomaxprocs 4 --cleanups 300 --run-until flush_end)
XDG_CONFIG_HOME=$config "$viz" --headless --size 960x600 "${gif_flags[@]}" --gif "$out/flush.gif" >/dev/null
echo "make-pictures: $out/flush.gif  (cleanupq-viz --headless ${gif_flags[*]} --gif)"
