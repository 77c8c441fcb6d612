#!/usr/bin/env bash
# xvfb_window_test.sh: the real desktop app (GLFW + OpenGL 3.3 on Mesa llvmpipe) in a virtual X
# display, driven the way a student drives it, and checked from the outside.
#
#   xvfb_window_test.sh path/to/cleanupq-viz
#
#   1. Control: started and left alone, the app exits after --frames with "event 0 of 0" (the
#      engine only runs when asked, so the count staying 0 proves the later check can fail).
#   2. Window: the window appears (xdotool search --sync); a screenshot of the whole screen
#      (import -window root) has, at a P lane and at the full-list column, the colours the
#      headless renderer gives for the same state; "Next interesting >>" is clicked until the
#      first eager push is on screen, and the same pixels now show a filled lane and a full block
#      (again matched against a headless reference of that state).
#   3. Play: clicking Play runs the engine on; when the app exits by --frames, the event count
#      it prints is past the first eager push's.
#
# The layout is a fixed grid at 1440x900 (App::layout), so probe points are fixed; the expected
# colours come from `cleanupq-viz --headless` of the same state, so a palette change cannot
# break the test, and a layout change fails it with a message naming the probe.
# Synchronisation is by xdotool --sync and by bounded polling of screenshots; no fixed sleeps.
# Exit: 0 pass, 1 fail, 77 skipped (xvfb-run, xdotool or ImageMagick missing).
set -euo pipefail

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/xvfb_session.sh"
xvfb_session "xvfb, xdotool, imagemagick" xvfb-run xdotool import convert -- "$@"

fail() {
  echo "FAIL: $*"
  for f in "$tmp"/*.out; do [[ -f "$f" ]] && { echo "--- $(basename "$f")"; cat "$f"; }; done
  if [[ -n "${CQ_KEEP_SHOTS:-}" ]]; then  # a folder to keep the screenshots in, as PNG
    for f in "$tmp"/*.miff "$tmp"/*.png; do
      [[ -f "$f" ]] && convert "$f" "$CQ_KEEP_SHOTS/$(basename "${f%.*}").png"
    done
  fi
  exit 1
}

# Deterministic run: the inline runner and a seed; the app's defaults otherwise (8 Ps, 150
# cleanups each, blocks of 60).
scenario=(--runner inline --seed 1 --palette dark)

# "r,g,b" of each "x y" probe, one line each, read with one convert call.
pixels() {
  local image="$1" format="" p
  shift
  for p in "$@"; do format+="%[pixel:p{${p/ /,}}]\n"; done
  convert "$image" -format "$format" info: | sed -E 's/^[a-z]+\(([0-9]+),([0-9]+),([0-9]+).*/\1,\2,\3/'
}
# Whether two lists of "r,g,b" lines match within 8 per channel (GL and the software renderer
# round alpha blending differently).
same_colours() {
  local -a a b
  mapfile -t a <<<"$1"
  mapfile -t b <<<"$2"
  ((${#a[@]} == ${#b[@]})) || return 1
  local k i d x y
  for k in "${!a[@]}"; do
    IFS=, read -ra x <<<"${a[k]}"
    IFS=, read -ra y <<<"${b[k]}"
    for i in 0 1 2; do
      d=$((x[i] - y[i]))
      ((d >= -8 && d <= 8)) || return 1
    done
  done
}
log() { echo "[$((SECONDS - start)) s] $*"; }
event_count() { sed -nE 's/^cleanupq-viz: event ([0-9]+) of [0-9]+$/\1/p' "$1" | tail -1; }
# Screenshots of the whole display; MIFF, ImageMagick's own uncompressed format, is several times
# faster to write than PNG, and the polling loops take many.
shot() { import -window root "$tmp/$1.miff"; }
# A left click at x y. mousemove --sync waits until the pointer has moved (and, when it is
# already there, for a long timeout), so it first moves one pixel off.
click_at() { xdotool mousemove --sync "$(($1 + 1))" "$2" mousemove --sync "$1" "$2" click 1; }

# Probe points (1440x900): the first slots of P0's lane, and the bottom tile of the full list.
lane_probes=("136 108" "300 108")
full_probes=("600 470" "663 470")
play=(42 20)
next_interesting=(328 20)

start=$SECONDS

# --- 1. Control: no input, no events.
log "control run: no input"
timeout 60 "$viz" "${scenario[@]}" --frames 8 >"$tmp/idle.out" 2>&1 || fail "the app did not start and exit by itself"
idle_count="$(event_count "$tmp/idle.out")"
[[ "$idle_count" == "0" ]] || fail "without input the event count is '$idle_count', expected 0"

# --- References: the same states rendered headless.
log "headless references"
"$viz" --headless "${scenario[@]}" --screenshot "$tmp/ref-start.png" >"$tmp/ref-start.out"
"$viz" --headless "${scenario[@]}" --run-until block_full --screenshot "$tmp/ref-push.png" >"$tmp/ref-push.out"
push_count="$(event_count "$tmp/ref-push.out")"
[[ "$push_count" -gt 0 ]] || fail "headless --run-until block_full printed no event count"
for p in "${lane_probes[@]}" "${full_probes[@]}"; do
  if same_colours "$(pixels "$tmp/ref-start.png" "$p")" "$(pixels "$tmp/ref-push.png" "$p")"; then
    fail "probe ($p) looks the same before and after the first push in the headless references: has the layout moved?"
  fi
done

# --- 2. The window.
log "window run"
"$viz" "${scenario[@]}" --frames 300 >"$tmp/window.out" 2>&1 &
app_pid=$!
window="$(timeout 30 xdotool search --sync --onlyvisible --name 'Cleanup Queue Lab' | head -1)" ||
  fail "no window named 'Cleanup Queue Lab' appeared"
# No window manager here: give the window the keyboard focus (GLFW reads the mouse only then).
xdotool windowfocus --sync "$window" || true

# Polls screenshots until every "x y" probe in $3.. matches reference $1, or $WAIT_TRIES
# screenshots (default 40, some 10 s) were taken. The last one is $tmp/$2.miff.
wait_for() {
  local ref="$1" name="$2"
  shift 2
  local want tries
  want="$(pixels "$ref" "$@")"
  for tries in $(seq 1 "${WAIT_TRIES:-40}"); do
    kill -0 "$app_pid" 2>/dev/null || fail "the app exited while waiting for $name"
    shot "$name"
    same_colours "$(pixels "$tmp/$name.miff" "$@")" "$want" && return 0
    sleep 0.2
  done
  return 1
}
wait_for "$tmp/ref-start.png" shot-start "${play[*]}" "${lane_probes[@]}" "${full_probes[@]}" ||
  fail "the first frame never matched the headless start picture (Play button, P lane, full list)"

# Step to the first eager push, one interesting event per click. After each click, wait for the
# status line ("event N/M ...") to change, then look at the full list.
log "first frame matches; stepping to the first eager push"
status_of() { convert "$1" -crop 900x20+0+36 +repage rgb:- | md5sum; }
reached=0
before="$(status_of "$tmp/shot-start.miff")"
for click in $(seq 1 12); do
  click_at "${next_interesting[@]}"
  changed=0
  for _ in $(seq 1 40); do
    kill -0 "$app_pid" 2>/dev/null || fail "the app exited while stepping"
    shot shot-next
    now="$(status_of "$tmp/shot-next.miff")"
    if [[ "$now" != "$before" ]]; then changed=1; break; fi
    sleep 0.1
  done
  ((changed)) || fail "click $click on 'Next interesting >>' did not change the status line"
  before="$now"
  if WAIT_TRIES=4 wait_for "$tmp/ref-push.png" "shot-next-$click" "${full_probes[@]}"; then
    reached=1
    log "reached after $click clicks"
    break
  fi
done
((reached)) || fail "12 clicks on 'Next interesting >>' never put a full block on the full list"
wait_for "$tmp/ref-push.png" shot-push "${lane_probes[@]}" "${full_probes[@]}" ||
  fail "at the first push the P lane or the full list differs from the headless picture"

# --- 3. Play, then let the app run out its frames.
log "first push matches; Play"
click_at "${play[@]}"
for _ in $(seq 1 300); do
  kill -0 "$app_pid" 2>/dev/null || break
  sleep 0.1
done
if kill -0 "$app_pid" 2>/dev/null; then fail "the app did not exit after --frames 300"; fi
wait "$app_pid" || fail "the app exited with an error"
app_pid=""
final_count="$(event_count "$tmp/window.out")"
[[ -n "$final_count" ]] || fail "the app printed no 'cleanupq-viz: event X of Y' line"
((final_count > push_count)) || fail "after Play the event count is $final_count, not past $push_count"

echo "PASS: idle run stayed at 0 events; window matched the headless pictures at start and at the first push (event $push_count); Play ran on to event $final_count ($((SECONDS - start)) s)"
