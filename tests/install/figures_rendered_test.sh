#!/usr/bin/env bash
# The lesson figures render: every assets/figures/*.svg goes through rsvg-convert (exit 0) to a
# PNG of the size its <svg width height> declares, and the build tree holds that very PNG (what
# the app loads: assets/CMakeLists.txt). Fails on an SVG that rsvg-convert refuses, a figure
# drawn at another size, or a build that did not render one.
# Usage: figures_rendered_test.sh RSVG_CONVERT SOURCE_DIR BUILD_DIR
set -euo pipefail
rsvg=$1 source=$2 build=$3
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
fail() { echo "figures_rendered: $*" >&2; exit 1; }

png_size() {  # width x height from a PNG's IHDR chunk
  od -An -tu1 -j16 -N8 "$1" | awk '{ printf "%dx%d", $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8 }'
}
count=0
for svg in "$source"/assets/figures/*.svg; do
  name=$(basename "$svg" .svg)
  # The root element's own size: the first width="N" and height="N" after "<svg".
  declared=$(tr '\n' ' ' <"$svg" | sed -n 's/.*<svg[^>]* width="\([0-9]*\)" height="\([0-9]*\)".*/\1x\2/p')
  [ -n "$declared" ] || fail "$svg: no width=\"N\" height=\"N\" on <svg>"
  "$rsvg" --format=png --output="$scratch/$name.png" "$svg" 2>"$scratch/err" ||
    fail "rsvg-convert failed on $svg: $(cat "$scratch/err")"
  [ "$(png_size "$scratch/$name.png")" = "$declared" ] ||
    fail "$svg renders at $(png_size "$scratch/$name.png"), declared $declared"
  built=$build/assets/figures/$name.png
  [ -f "$built" ] || fail "$built is missing: the build did not render $svg"
  cmp -s "$built" "$scratch/$name.png" || fail "$built differs from a fresh rendering of $svg"
  echo "ok: $name $declared"
  count=$((count + 1))
done
[ "$count" -gt 0 ] || fail "no SVG in $source/assets/figures"
