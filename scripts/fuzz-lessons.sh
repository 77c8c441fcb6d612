#!/usr/bin/env bash
# Fuzzes the lesson parser with libFuzzer for a bounded time, then reports executions and crashes.
#   scripts/fuzz-lessons.sh [SECONDS]        (default 60)
# Configures build/fuzz with clang++-14, every translation unit instrumented
# (-fsanitize=fuzzer-no-link,address,undefined; only the target links -fsanitize=fuzzer), builds
# fuzz_lesson_parser, seeds a temporary corpus with lessons/*.toml and the malformed-lesson corpus,
# and runs it with a keyword dictionary. Exit status: 0 no crash; 1 a crash, a leak, a timeout or a
# sanitizer report (the input is kept in build/fuzz/crashes/); 2 the toolchain is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
build=build/fuzz
if ! command -v clang++-14 >/dev/null; then
  echo "fuzz-lessons: clang++-14 not found (apt-get install clang-14 libclang-rt-14-dev)" >&2
  exit 2
fi

flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-14 \
  -DCQ_BUILD_FUZZ=ON -DCQ_BUILD_BENCH=OFF -DCQ_BUILD_VIZ=OFF "-DCMAKE_CXX_FLAGS=$flags" >/dev/null
cmake --build "$build" -j2 --target fuzz_lesson_parser

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" "$work/artifacts"
cp lessons/*.toml tests/lessons/malformed/*.toml "$work/corpus/"

echo "fuzz-lessons: fuzzing the lesson parser for ${seconds}s"
set +e
"$build/tests/lessons/fuzz_lesson_parser" "$work/corpus" \
  -dict=tests/lessons/fuzz_lesson.dict -max_total_time="$seconds" -max_len=16384 -timeout=10 \
  -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$work/artifacts/" >"$work/fuzz.log" 2>&1
status=$?
set -e

executions=$(awk '/^stat::number_of_executed_units:/ {print $2}' "$work/fuzz.log")
crashes=$(find "$work/artifacts" -type f | wc -l)
echo "fuzz-lessons: ${executions:-unknown} executions, $crashes crashes (libFuzzer exit status $status)"
if [ "$status" -ne 0 ] || [ "$crashes" -gt 0 ]; then
  tail -n 60 "$work/fuzz.log"
  mkdir -p "$build/crashes"
  cp "$work/artifacts/"* "$build/crashes/" 2>/dev/null || true
  echo "fuzz-lessons: crashing inputs kept in $build/crashes/ (replay: $build/tests/lessons/fuzz_lesson_parser FILE)"
  exit 1
fi
