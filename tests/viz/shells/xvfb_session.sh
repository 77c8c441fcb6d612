# shellcheck shell=bash
# xvfb_session.sh: the opening the two window tests share (xvfb_window_test.sh,
# xvfb_predict_test.sh). Sourced, not run:
#
#   source "$(dirname "$0")/xvfb_session.sh"
#   xvfb_session "xvfb, xdotool" xvfb-run xdotool -- "$@"
#
# Without its tools the test is skipped (exit 77, naming the Debian packages). Otherwise the test
# runs again, once, inside a fresh virtual X display at 1440x900 (the layout's fixed grid), where
# this sets `viz` (the app's absolute path), `tmp` (a folder removed at exit) and `app_pid` (set
# it when the app starts: it is ended at exit), and gives the app an empty config folder.

# Under the asan preset the windowed app's only leak reports at exit come from the X and Mesa
# driver libraries (allocations from unsymbolised, dlopen-ed modules), which the project does not
# own. Leak checking of the project's own code is done by the headless tests, which load no
# driver. Every other ASan/UBSan check stays on.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

xvfb_session() {
  local packages=$1 tool
  shift
  local tools=()
  while [[ $# -gt 0 && "$1" != -- ]]; do
    tools+=("$1")
    shift
  done
  shift  # --
  if [[ "${1:-}" != "--inside" ]]; then
    local app="${1:?usage: $(basename "$0") path/to/cleanupq-viz}"
    for tool in "${tools[@]}"; do
      if ! command -v "$tool" >/dev/null; then
        echo "SKIP: $tool not found (packages $packages)"
        exit 77
      fi
    done
    exec xvfb-run -a -s '-screen 0 1440x900x24' "$0" --inside "$(realpath "$app")"
  fi
  # shellcheck disable=SC2034  # read by the test that sourced this
  viz="$2"
  tmp="$(mktemp -d)"
  app_pid=""
  trap xvfb_session_end EXIT
  export XDG_CONFIG_HOME="$tmp/config"  # no settings, layout or lesson progress of the developer's
}

xvfb_session_end() {
  if [[ -n "$app_pid" ]] && kill -0 "$app_pid" 2>/dev/null; then kill "$app_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
