#!/usr/bin/env bash
# cleanupq-viz's own flags (--palette, --tab, --recording, --step, --backend) are refused in the one message
# format of docs/errors.md, as cleanupq's are ("--capacity 0 is out of range: allowed 1..1024"),
# never in CLI11's ("--palette: x not in {dark,light,okabe-ito}"): exit 2, the program named
# first, nothing else printed.   view_flags_test.sh path/to/cleanupq-viz
set -uo pipefail
viz="${1:?usage: view_flags_test.sh path/to/cleanupq-viz}"
failed=0
expect() {
  local args=$1 want=$2 out status
  # shellcheck disable=SC2086  # the arguments are split on purpose
  out="$("$viz" --headless --frames 1 $args 2>&1)"
  status=$?
  if [[ $status -ne 2 || "$out" != "$want" ]]; then
    echo "FAIL: cleanupq-viz $args: exit $status, expected 2"
    echo "  printed:  $out"
    echo "  expected: $want"
    failed=1
  fi
}
expect "--palette x" "cleanupq-viz: --palette x is not a choice: allowed dark, light or okabe-ito"
expect "--tab nope" \
  "cleanupq-viz: --tab nope is not a choice: allowed log, metrics, scenario, compare, lessons, realgo, code or help"
expect "--recording go1.24" "cleanupq-viz: --recording go1.24 is not a choice: allowed go1.25 or go1.26"
expect "--step 0" "cleanupq-viz: --step 0 is out of range: allowed 1..40"
expect "--step 1.5" "cleanupq-viz: --step 1.5 is not a whole number: allowed 1..40"
expect "--backend x" "cleanupq-viz: --backend x is not a choice: allowed glfw or sdl2"
[[ $failed -eq 0 ]] || exit 1
echo "PASS: cleanupq-viz's view flags are refused in cleanupq's message format"
