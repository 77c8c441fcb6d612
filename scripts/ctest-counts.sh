#!/usr/bin/env bash
# Prints "PASSED FAILED SKIPPED" for one ctest run's output (a file, or stdin), or nothing when
# the output has no summary (ctest did not get to run the tests).
# ctest counts a skipped test (SKIP_RETURN_CODE, SKIP_REGULAR_EXPRESSION) and a disabled one
# among "tests passed"; they are listed under "The following tests did not run:", one
# "  N - name (Skipped|Disabled)" line each, and are taken out of the passed count here.
set -euo pipefail
log=$(cat "${1:-/dev/stdin}")
summary=$(grep -E 'tests passed, [0-9]+ tests failed out of [0-9]+' <<<"$log" | tail -n 1 || true)
[ -n "$summary" ] || exit 0
total=$(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$summary")
failed=$(sed -E 's/.*passed, ([0-9]+) tests failed.*/\1/' <<<"$summary")
skipped=$(grep -cE '^[[:space:]]*[0-9]+ - .* \((Skipped|Disabled)\)[[:space:]]*$' <<<"$log" || true)
echo "$((total - failed - skipped)) $failed $skipped"
