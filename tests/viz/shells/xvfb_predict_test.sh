#!/usr/bin/env bash
# xvfb_predict_test.sh: a predict question in the real desktop window (GLFW + OpenGL on Mesa in
# a virtual X display), answered with the mouse as a student answers it:
#
#   xvfb_predict_test.sh path/to/cleanupq-viz
#
#   1. The lesson opens on its predict questions, held before the step runs (event 0).
#   2. The second question is answered right: it locks; nothing is revealed, nothing runs.
#   3. The first is answered wrong: its hint shows and it stays open for a second try; still
#      nothing is revealed and the picture stays at event 0.
#   4. The second try is right: both are locked, the step plays over many frames (the event shown
#      rises through several values while the phase is "watching"), then the computed answers
#      are revealed beside the student's.
#
# Where the buttons are and what the student has answered come from the app itself:
# --print-lesson-state prints the lesson's clickable items (name x y w h) and each answer
# whenever they change, as the browser tests read the page's status (web/tests/browser.test.mjs
# plays the same flow in Chromium). Synchronisation is by xdotool --sync and bounded polling of
# that output; no fixed sleeps. Exit: 0 pass, 1 fail, 77 skipped (xvfb-run or xdotool missing).
set -euo pipefail

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/xvfb_session.sh"
xvfb_session "xvfb, xdotool" xvfb-run xdotool -- "$@"

out="$tmp/window.out"
fail() {
  echo "FAIL: $*"
  echo "--- the app's output (last 40 lines)"
  tail -40 "$out" 2>/dev/null || true
  exit 1
}
log() { echo "[$((SECONDS - start)) s] $*"; }

# One step that stops at the first full block, asked about before it runs. The engine's answers
# (cleanupq lesson play): 1 block on `full`, 1 block allocated.
lesson="$tmp/01-predict-in-a-window.toml"
cat >"$lesson" <<'EOF'
id = 1
title = "Predict in a window"

[scenario]
gomaxprocs = 4
mutators = 1
cleanups = 40
sweepers = 1
block_capacity = 20
span_objects = 20

[[step]]
title = "First fill"
text = "The block went onto `full` the moment it filled."
until = { event = "block_full" }

[[step.question]]
kind = "predict"
ask = "How many blocks will be on `full` when the first block fills?"
hint = "A block goes onto `full` the moment it fills."
answer = "full_blocks"
choices = [0, 1, 2]
explain = "{full_blocks} on `full`."

[[step.question]]
kind = "predict"
ask = "How many blocks will have been allocated by then?"
hint = "Only the P that swept takes a block."
answer = "blocks_allocated"
choices = [1, 2, 4]
explain = "{blocks_allocated} allocated."
EOF

# The last line the app printed that starts with "cleanupq-viz: $1 ", without that prefix.
latest() { grep -a "^cleanupq-viz: $1 " "$out" | tail -1 | sed "s/^cleanupq-viz: $1 //" || true; }
# Polls until the latest line for $1 matches the extended regex $2 (about 15 s at most).
wait_line() {
  local what="$1" pattern="$2" _
  for _ in $(seq 1 150); do
    kill -0 "$app_pid" 2>/dev/null || fail "the app exited while waiting for '$what' ~ /$pattern/"
    [[ "$(latest "$what")" =~ $pattern ]] && return 0
    sleep 0.1
  done
  fail "'$what' never matched /$pattern/ (latest: '$(latest "$what")')"
}
# A left click at the centre of the item the app last reported. mousemove --sync waits until the
# pointer has moved, so it first moves one pixel off.
click_item() {
  local rect x y w h
  rect="$(latest "item $1")"
  [[ -n "$rect" ]] || fail "the app reported no item '$1'"
  read -r x y w h <<<"$rect"
  x=$((${x%.*} + ${w%.*} / 2))
  y=$((${y%.*} + ${h%.*} / 2))
  xdotool mousemove --sync "$((x + 1))" "$y" mousemove --sync "$x" "$y" click 1
}

start=$SECONDS
log "window run: $(basename "$lesson")"
"$viz" --lesson "$lesson" --print-lesson-state >"$out" 2>&1 &
app_pid=$!
window="$(timeout 30 xdotool search --sync --onlyvisible --name 'Cleanup Queue Lab' | head -1)" ||
  fail "no window named 'Cleanup Queue Lab' appeared"
xdotool windowfocus --sync "$window" || true  # no window manager: GLFW reads the mouse with focus

# 1. Held before the run.
wait_line "item predict-1-choice-0" '^[0-9.]+ [0-9.]+ [0-9.]+ [0-9.]+$'
wait_line predict '^answering at event 0$'
log "the predictions are open at event 0"

# 2. The second question, right at once (choice 0 is 1 block allocated).
click_item predict-1-choice-0
wait_line "answer 1" "^tries 1 hint no locked yes first '' given '1' correct yes$"
[[ "$(latest predict)" == "answering at event 0" ]] ||
  fail "with one question still open the step moved on: predict '$(latest predict)'"
log "question 2 locked; question 1 still open, nothing revealed"

# 3. The first question, wrong (choice 0 is 0 blocks): the hint and a second try.
click_item predict-0-choice-0
wait_line "answer 0" "^tries 1 hint yes locked no first '0' given '' correct no$"
[[ "$(latest predict)" == "answering at event 0" ]] ||
  fail "a wrong first answer revealed or ran something: predict '$(latest predict)'"
log "wrong first answer: hint shown, second try open, still at event 0"

# 4. The second try, right (choice 1 is 1 block): locked, the step plays, then the reveal.
click_item predict-0-choice-1
wait_line "answer 0" "^tries 2 hint yes locked yes first '0' given '1' correct yes$"
wait_line predict '^revealed at event [0-9]+$'
final_event="$(latest predict | sed -E 's/^revealed at event //')"
((final_event > 0)) || fail "revealed at event $final_event: the step did not run"
watched="$(grep -a '^cleanupq-viz: predict watching at event ' "$out" |
  sed -E 's/.* event //' | sort -un | wc -l)"
((watched >= 3)) ||
  fail "the step jumped to its end: only $watched distinct events shown while watching"
[[ "$(latest "answer 1")" == "tries 1 hint no locked yes first '' given '1' correct yes" ]] ||
  fail "question 2's answer changed: '$(latest "answer 1")'"

echo "PASS: in the window, a right answer locked, a wrong one earned the hint and a second try," \
  "nothing ran until both were locked, the step played through $watched events to event" \
  "$final_event, then the answers were revealed ($((SECONDS - start)) s)"
