#!/usr/bin/env bash
# The README's pictures (assets/pictures/) are what the app draws today: renders them again with
# scripts/make-pictures.sh and compares byte for byte (the headless renderer is deterministic:
# the same flags give the same PNG, run after run and build type after build type). On a
# difference it says how many pixels differ (ImageMagick's compare, where installed) and keeps
# the new pictures in CQ_KEEP_SHOTS if set. Fix: run scripts/make-pictures.sh and commit.
# Exits 77 (skipped) when the build did not find the fonts the pictures were drawn with.
# Usage: readme_pictures_test.sh CLEANUPQ_VIZ SOURCE_DIR FONTS_FOUND(yes|no)
set -euo pipefail
viz=$1 source=$2 fonts=$3
if [ "$fonts" != yes ]; then
  echo "the build uses ImGui's built-in font (fonts-inter, fonts-jetbrains-mono missing): skipped"
  exit 77
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
"$source/scripts/make-pictures.sh" "$viz" "$scratch" >/dev/null
status=0
count=0
for committed in "$source"/assets/pictures/*.png "$source"/assets/pictures/*.gif; do
  name=$(basename "$committed")
  count=$((count + 1))
  if [ ! -f "$scratch/$name" ]; then
    echo "readme_pictures: assets/pictures/$name is no longer made by scripts/make-pictures.sh" >&2
    status=1
  elif ! cmp -s "$committed" "$scratch/$name"; then
    differ=""
    if command -v compare >/dev/null; then
      differ=" ($(compare -metric AE "$committed[0]" "$scratch/$name[0]" null: 2>&1 || true) pixels of the first frame differ)"
    fi
    echo "readme_pictures: assets/pictures/$name no longer matches what the app draws$differ;" \
      "run scripts/make-pictures.sh and commit the pictures" >&2
    status=1
    if [ -n "${CQ_KEEP_SHOTS:-}" ]; then mkdir -p "$CQ_KEEP_SHOTS" && cp "$scratch/$name" "$CQ_KEEP_SHOTS/"; fi
  else
    echo "ok: $name"
  fi
done
made=$(find "$scratch" -name '*.png' -o -name '*.gif' | wc -l)
if [ "$made" -ne "$count" ]; then
  echo "readme_pictures: make-pictures.sh makes $made pictures, assets/pictures/ holds $count" >&2
  status=1
fi
exit $status
