#!/usr/bin/env bash
# Validates the desktop entry or the AppStream metainfo with the freedesktop.org tools, as a
# software centre would read them. Exits 77 (skipped) when the tool is not installed (Debian:
# desktop-file-utils, appstream; scripts/install-deps.sh viz installs both).
# Usage: validate_desktop_files.sh desktop|metainfo FILE
set -euo pipefail
kind=$1 file=$2
case "$kind" in
  desktop) tool=(desktop-file-validate "$file") ;;
  metainfo) tool=(appstreamcli validate --no-net --pedantic "$file") ;;
  *) echo "validate_desktop_files: kind '$kind': expected desktop or metainfo" >&2; exit 2 ;;
esac
command -v "${tool[0]}" >/dev/null || { echo "${tool[0]} is not installed: skipped"; exit 77; }
# desktop-file-validate exits 0 on hints; anything it prints is a finding worth fixing.
output=$("${tool[@]}" 2>&1) || { echo "$output" >&2; exit 1; }
echo "$output"
if [ "$kind" = desktop ] && [ -n "$output" ]; then exit 1; fi
