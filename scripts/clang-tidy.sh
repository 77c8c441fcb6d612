#!/usr/bin/env bash
# clang-tidy (the checks of the root .clang-tidy) over the engine's sources, through the debug
# preset's compile_commands.json (configured here if missing: configure only, nothing is built).
#   scripts/clang-tidy.sh                 every engine/*.cpp; headers under engine/ are reported too
#   scripts/clang-tidy.sh FILE...         only these translation units
#   scripts/clang-tidy.sh --all           engine/ and viz/ sources (the visualizer is configured
#                                         in the debug preset too)
# Prints each warning once (a header included by many files is warned about once), then a count
# per check; exits 1 when there is any warning, 2 on bad usage or a missing tool.
# CLANG_TIDY=<binary> picks another clang-tidy (default clang-tidy-14); JOBS=N (default nproc).
set -euo pipefail
cd "$(dirname "$0")/.."

tool=${CLANG_TIDY:-clang-tidy-14}
command -v "$tool" >/dev/null || tool=clang-tidy
if ! command -v "$tool" >/dev/null; then
  echo "clang-tidy.sh: clang-tidy not found (install clang-tidy-14)" >&2
  exit 2
fi

scope=engine
files=()
for arg in "$@"; do
  case "$arg" in
    --all) scope="engine viz" ;;
    -h | --help) sed -n '2,10p' "$0"; exit 0 ;;
    -*) echo "clang-tidy.sh: unknown option '$arg' (allowed: --all, --help, or source files)" >&2; exit 2 ;;
    *)
      if [ ! -f "$arg" ]; then echo "clang-tidy.sh: no such file '$arg'" >&2; exit 2; fi
      files+=("$arg") ;;
  esac
done

db=build/debug
if [ ! -f "$db/compile_commands.json" ]; then
  echo "clang-tidy.sh: configuring the debug preset for $db/compile_commands.json"
  cmake --preset debug >/dev/null
fi
if [ ${#files[@]} -eq 0 ]; then
  # Translation units CMake knows (so each has its flags), restricted to the chosen folders.
  # shellcheck disable=SC2086
  mapfile -t files < <(python3 - "$db/compile_commands.json" $scope <<'EOF'
import json, os, sys
root = os.getcwd() + os.sep
tops = tuple(t + os.sep for t in sys.argv[2:])
seen = set()
for entry in json.load(open(sys.argv[1])):
    path = os.path.relpath(os.path.join(entry["directory"], entry["file"]), root)
    if path.startswith(tops) and path not in seen:
        seen.add(path)
        print(path)
EOF
  )
fi
if [ ${#files[@]} -eq 0 ]; then
  echo "clang-tidy.sh: no source file of '$scope' in $db/compile_commands.json" >&2
  exit 2
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# The compile commands are GCC's: clang does not know -Wno-restrict, hence the extra argument.
# Each file is one clang-tidy process: $0 tool, $1 database folder, $2 log folder, $3 the file.
printf '%s\0' "${files[@]}" |
  xargs -0 -n 1 -P "${JOBS:-$(nproc)}" sh -c \
    '"$0" -p "$1" --quiet --extra-arg=-Wno-unknown-warning-option "$3" >"$2/$(echo "$3" | tr / _).log" 2>&1 || true' \
    "$tool" "$db" "$out"

cat "$out"/*.log | grep -E '^[^ ].*: (warning|error): .*\[[a-z0-9.,-]+\]$' | sed "s|^$PWD/||" | sort -u >"$out/warnings" || true
errors=$(cat "$out"/*.log | grep -cE ': error: ' || true)
count=$(wc -l <"$out/warnings")
cat "$out/warnings"
echo
echo "clang-tidy.sh: $count warnings in ${#files[@]} translation units ($tool), by check:"
sed -E 's/.*\[([a-z0-9.,-]+)\]$/\1/' "$out/warnings" | tr ',' '\n' | sort | uniq -c | sort -rn
if [ "$errors" -gt 0 ]; then
  echo "clang-tidy.sh: $errors compiler errors (a file clang cannot parse is not checked)" >&2
fi
[ "$count" -eq 0 ] && [ "$errors" -eq 0 ]
