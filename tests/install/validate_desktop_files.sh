#!/usr/bin/env bash
# Validates the desktop entry or the AppStream metainfo with the freedesktop.org tools, as a
# software centre would read them, or loads the scalable icon with gdk-pixbuf, as launchers and
# file managers do (an SVG whose <svg> came after a long comment was not recognised, and showed
# no icon). Exits 77 (skipped) when the tool is not installed (Debian: desktop-file-utils,
# appstream, libgdk-pixbuf2.0-bin with librsvg2-common; scripts/install-deps.sh viz installs them).
# Usage: validate_desktop_files.sh desktop|metainfo|icon FILE
set -euo pipefail
kind=$1 file=$2
case "$kind" in
  desktop) tool=(desktop-file-validate "$file") ;;
  metainfo) tool=(appstreamcli validate --no-net --pedantic "$file") ;;
  icon)
    scratch=$(mktemp -d)
    trap 'rm -rf "$scratch"' EXIT
    tool=(gdk-pixbuf-thumbnailer -s 64 "$file" "$scratch/icon.png") ;;
  *) echo "validate_desktop_files: kind '$kind': expected desktop, metainfo or icon" >&2; exit 2 ;;
esac
command -v "${tool[0]}" >/dev/null || { echo "${tool[0]} is not installed: skipped"; exit 77; }
# desktop-file-validate exits 0 on hints; anything it prints is a finding worth fixing.
output=$("${tool[@]}" 2>&1) || { echo "$output" >&2; exit 1; }
echo "$output"
if [ "$kind" = desktop ] && [ -n "$output" ]; then exit 1; fi
# The thumbnailer prints a warning and writes nothing when it cannot read the file.
if [ "$kind" = icon ] && { [ -n "$output" ] || [ ! -s "$scratch/icon.png" ]; }; then exit 1; fi
