#!/usr/bin/env bash
# clang-format over every tracked C++ file, with the root .clang-format.
#   scripts/check-format.sh          check only: lists each file that differs, exits 1 if any does
#   scripts/check-format.sh --fix    rewrite those files in place (clang-format -i)
# Only files git tracks are read, so build folders and fetched third-party sources never count.
# CLANG_FORMAT=<binary> picks another clang-format (default: clang-format-14, else clang-format):
# the output of different major versions differs, so CI and authors must use the same one.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=check
case "${1:-}" in
  "") ;;
  --fix) mode=fix ;;
  -h | --help) sed -n '2,6p' "$0"; exit 0 ;;
  *) echo "check-format.sh: unknown argument '$1' (allowed: --fix, --help)" >&2; exit 2 ;;
esac

tool=${CLANG_FORMAT:-}
if [ -z "$tool" ]; then
  for candidate in clang-format-14 clang-format; do
    if command -v "$candidate" >/dev/null; then tool=$candidate; break; fi
  done
fi
if [ -z "$tool" ] || ! command -v "$tool" >/dev/null; then
  echo "check-format.sh: clang-format not found (install clang-format-14)" >&2
  exit 2
fi

mapfile -t files < <(git ls-files -- '*.cpp' '*.hpp' '*.h' '*.cc')
if [ ${#files[@]} -eq 0 ]; then
  echo "check-format.sh: no tracked C++ file found (is this a git checkout?)" >&2
  exit 2
fi

if [ "$mode" = fix ]; then
  "$tool" -i --style=file "${files[@]}"
  echo "check-format.sh: formatted ${#files[@]} files with $tool"
  exit 0
fi

differ=()
for f in "${files[@]}"; do
  if ! "$tool" --dry-run -Werror --style=file "$f" >/dev/null 2>&1; then differ+=("$f"); fi
done
if [ ${#differ[@]} -gt 0 ]; then
  printf '  %s\n' "${differ[@]}"
  echo "check-format.sh: ${#differ[@]} of ${#files[@]} files differ from .clang-format" \
    "($tool); run scripts/check-format.sh --fix, or '$tool --dry-run FILE' to see the changes"
  exit 1
fi
echo "check-format.sh: ${#files[@]} files match .clang-format ($tool)"
