#!/usr/bin/env bash
# The one test command: installs what is missing, builds every preset CI checks, runs every test.
#   engine   engine + tests with no graphics package (proves engine/ needs none)
#   tsan     the same tests under ThreadSanitizer (real threads, real atomics)
#   asan     the same tests under AddressSanitizer + UndefinedBehaviorSanitizer
#   release  the benchmarks, run briefly; their ratios are reported, never gated (noisy machines)
# Usage: scripts/test.sh [preset ...]   (default: all of the above)
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh engine

presets=("$@")
[ ${#presets[@]} -eq 0 ] && presets=(engine tsan asan release)
jobs=$(nproc)
passed=0
failed=0
status=0

for preset in "${presets[@]}"; do
  echo "=== $preset: configure and build"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  if [ "$preset" = release ]; then
    echo "=== release: benchmark ratios (reported, not gated)"
    scripts/bench-ratios.sh build/release/tests/bench/bench_queue --benchmark_min_time=0.2 || status=1
    continue
  fi
  echo "=== $preset: tests"
  log=$(mktemp)
  if ctest --preset "$preset" -j "$jobs" 2>&1 | tee "$log"; then :; else status=1; fi
  summary=$(grep -E 'tests passed, [0-9]+ tests failed out of [0-9]+' "$log" | tail -n 1 || true)
  if [ -n "$summary" ]; then
    total=$(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$summary")
    bad=$(sed -E 's/.*passed, ([0-9]+) tests failed.*/\1/' <<<"$summary")
    passed=$((passed + total - bad))
    failed=$((failed + bad))
  else
    status=1
  fi
  rm -f "$log"
done

echo
echo "all presets (${presets[*]}):"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] || status=1
exit "$status"
