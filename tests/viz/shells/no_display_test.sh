#!/usr/bin/env bash
# Without a display the desktop app must say so and how to get a picture anyway (headless, a
# virtual display, the web build), exit 3, and not crash.   no_display_test.sh path/to/cleanupq-viz
set -uo pipefail
viz="${1:?usage: no_display_test.sh path/to/cleanupq-viz}"
out="$(env -u DISPLAY -u WAYLAND_DISPLAY "$viz" 2>&1)"
status=$?
fail() { echo "FAIL: $*"; echo "--- it printed:"; echo "$out"; exit 1; }
[[ $status -eq 3 ]] || fail "exit status $status, expected 3"
for want in "no display" "--headless" "xvfb-run" "scripts/build-web.sh" "web/serve.mjs"; do
  grep -qF -- "$want" <<<"$out" || fail "the message does not mention '$want'"
done
echo "PASS: no display: exit 3, and the message names the headless, Xvfb and web ways"
