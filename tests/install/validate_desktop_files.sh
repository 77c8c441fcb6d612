#!/usr/bin/env bash
# Validates the desktop entry or the AppStream metainfo with the freedesktop.org tools, as a
# software centre would read them, or loads the scalable icon with gdk-pixbuf, as launchers and
# file managers do (an SVG whose <svg> came after a long comment was not recognised, and showed
# no icon). Exits 77 (skipped) when the tool is not installed (Debian: desktop-file-utils,
# appstream, libgdk-pixbuf2.0-bin with librsvg2-common; scripts/install-deps.sh viz installs them).
# Usage: validate_desktop_files.sh desktop|metainfo|icon FILE
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: validate_desktop_files.sh desktop|metainfo|icon FILE" >&2
  exit 2
fi
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
if [ "$kind" = icon ]; then
  # Without an SVG loader (librsvg2-common) gdk-pixbuf reads no SVG at all: that is this machine,
  # not the icon. The smallest SVG tells the two apart.
  printf '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>' >"$scratch/probe.svg"
  if ! gdk-pixbuf-thumbnailer -s 4 "$scratch/probe.svg" "$scratch/probe.png" >/dev/null 2>&1 ||
    [ ! -s "$scratch/probe.png" ]; then
    echo "gdk-pixbuf has no SVG loader (librsvg2-common): skipped"
    exit 77
  fi
fi
# desktop-file-validate exits 0 on hints; anything it prints is a finding worth fixing.
output=$("${tool[@]}" 2>&1) || { echo "$output" >&2; exit 1; }
echo "$output"
if [ "$kind" = desktop ] && [ -n "$output" ]; then exit 1; fi
# The thumbnailer prints a warning and writes nothing when it cannot read the file.
if [ "$kind" = icon ] && { [ -n "$output" ] || [ ! -s "$scratch/icon.png" ]; }; then exit 1; fi
