#!/usr/bin/env bash
# The one test command: installs what is missing, builds every preset CI checks, runs every test.
#   tsan     every engine, CLI and lesson test under ThreadSanitizer (real threads, real atomics),
#            built without the visualizer: proves engine/ needs no graphics package; Go's
#            TestCleanupLost at full size (label `full`) for GOMAXPROCS 1..16
#   asan     every test but the full-size ones, the visualizer's included (headless UI, a real
#            window under Xvfb), under AddressSanitizer + UndefinedBehaviorSanitizer
#   fuzz     every reader of outside input (lessons, the lesson checker, URLs, settings, palettes,
#            the scenario flags, --schedule, UTF-8) under libFuzzer with ASan + UBSan, clang's
#            float-cast-overflow included, each for 20 s from its seeds (tests/fuzz)
#   release  the full-size TestCleanupLost tests, GOMAXPROCS 64 included; a 5-minute soak
#            (scripts/soak.sh 5); the benchmarks, run briefly, their ratios reported, never gated
#            (noisy machines); and the native cleanupq and cleanupq-viz the web tests compare
#            against
#   web      the browser build (scripts/build-web.sh: both pages into dist/), then the engine's
#            tests compiled to wasm under Node, the wasm trace hash against the native one, and
#            the browser tests in headless Chromium (needs release built first)
# Before the presets (whole runs only): clang-format, the folder layers and clang-tidy.
# Two native builds of everything, not four: CI on two cores stays well under half an hour.
# Usage: scripts/test.sh [preset ...]   (default: tsan asan fuzz release web; `debug` and `engine`
# too)
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh all

presets=("$@")
[ ${#presets[@]} -eq 0 ] && presets=(tsan asan fuzz release web)
jobs=$(nproc)
passed=0
failed=0
skipped=0
status=0

# The last line, exactly "N passed, N failed, N skipped", whatever ends the script: CI and people
# read the three numbers from it. A step that stopped the script (a build that failed, a ctest
# run without a summary) counts as a failure, so the line never says 0 failed then.
finish() {
  local code=$?
  if [ "$code" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
  echo
  echo "all presets (${presets[*]}):"
  echo "$passed passed, $failed failed, $skipped skipped"
}
trap finish EXIT

# Runs one whole-suite step and counts it by its exit status: 0 passed, 77 skipped, else failed.
count_step() {
  local step_status=0
  "$@" || step_status=$?
  case $step_status in
    0) passed=$((passed + 1)) ;;
    77) skipped=$((skipped + 1)) ;;
    *) failed=$((failed + 1)) ;;
  esac
}

# Formatting first: seconds, and a failure names each file (scripts/check-format.sh --fix mends it).
if [ $# -eq 0 ]; then
  echo "=== format: clang-format over every tracked C++ file"
  if scripts/check-format.sh; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
  echo "=== layers: no include cycle between folders, no view including the app (scripts/check-include-cycles.py)"
  count_step python3 scripts/check-include-cycles.py --quiet
  # Minutes, not seconds: each translation unit is parsed again. The check list and why each check
  # is there: .clang-tidy.
  echo "=== clang-tidy: the checks of .clang-tidy over engine/ and viz/ (scripts/clang-tidy.sh --all)"
  start=$SECONDS
  count_step scripts/clang-tidy.sh --all
  echo "=== clang-tidy: $((SECONDS - start)) s"
fi


run_ctest() {  # preset, then extra ctest arguments
  local preset=$1 log counts
  shift
  log=$(mktemp)
  if ctest --preset "$preset" -j "$jobs" "$@" 2>&1 | tee "$log"; then :; else status=1; fi
  counts=$(scripts/ctest-counts.sh "$log")
  if [ -n "$counts" ]; then
    read -r p f s <<<"$counts"
    passed=$((passed + p))
    failed=$((failed + f))
    skipped=$((skipped + s))
  else
    status=1
  fi
  rm -f "$log"
}

for preset in "${presets[@]}"; do
  start=$SECONDS
  echo "=== $preset: configure and build"
  cmake --preset "$preset" >/dev/null
  if [ "$preset" = web ]; then
    scripts/build-web.sh
    cmake --build --preset web -j "$jobs"
    echo "=== web: tests (wasm under Node, trace hash parity, browser)"
    run_ctest web
  elif [ "$preset" = fuzz ]; then
    # Only the fuzz targets and what they link: the CLI is the other presets' to test.
    cmake --build --preset fuzz -j "$jobs" --target fuzz_targets
    echo "=== fuzz: each target for CQ_FUZZ_SECONDS (20 s; tests/fuzz/README.md for a long run)"
    run_ctest fuzz
  elif [ "$preset" = release ]; then
    cmake --build --preset release -j "$jobs" --target bench_queue bench_runtime bench_viz cleanupq cleanupq-viz test_runtime_full
    echo "=== release: TestCleanupLost at full size (label full)"
    run_ctest release -L full
    echo "=== release: soak, 5 minutes (scripts/soak.sh)"
    if scripts/soak.sh 5; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
    echo "=== release: benchmark ratios (reported, not gated)"
    scripts/bench-ratios.sh build/release/tests/bench/bench_queue || status=1
    scripts/bench-runtime-ratios.sh build/release/tests/bench/bench_runtime || status=1
    scripts/bench-viz-ratios.sh build/release/tests/bench/bench_viz || status=1
    scripts/bench-scaling.sh --brief --trace build/release/engine/cleanupq || status=1
  elif [ "$preset" = asan ]; then
    cmake --build --preset asan -j "$jobs"
    echo "=== asan: tests (the full-size ones run under tsan and release)"
    run_ctest asan -LE full
  else
    cmake --build --preset "$preset" -j "$jobs"
    echo "=== $preset: tests"
    run_ctest "$preset"
  fi
  echo "=== $preset: $((SECONDS - start)) s"
done

# Real Go 1.25 and 1.26 (scripts/fetch-go.sh, Debian's toolchains) on the conformance workloads,
# and the model beside them (scripts/conform.sh runs scripts/conform-go.sh, then the model, and
# prints one table): every exact property must hold on both sides. Without the toolchains the suite
# is skipped, and counted so.
if [ $# -eq 0 ]; then
  start=$SECONDS
  echo "=== conformance: real Go and the model (scripts/conform.sh)"
  count_step scripts/conform.sh --rerun-go
  echo "=== conformance: $((SECONDS - start)) s"

  # Every Go source a lesson cites, and every Go file the project's text mentions, exists in the
  # fetched Go source with the names it cites (tests/conformance/check_citations.py).
  echo "=== citations: the lessons' sources and the project's mentions of Go files, in Go's source"
  count_step python3 tests/conformance/check_citations.py --go build/go --lessons lessons/*.toml \
    --skip tests/conformance/test_check_citations.py -- lessons engine viz docs tests web scripts assets README.md
fi

[ "$failed" -eq 0 ] || status=1
exit "$status"
