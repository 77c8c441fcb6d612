#!/usr/bin/env bash
# The same `cleanupq run` built natively and compiled to wasm (run under Node) must produce the
# same trace, byte for byte, for the same seed and scenario: conducted (real threads, one step
# admitted at a time, in wasm Web Workers) and inline, both protocols, both designs, several
# sizes. The trace hash is the engine's platform-independent hash of every event.
#   trace_hash_parity.sh NATIVE_CLEANUPQ WASM_CLEANUPQ_JS
set -euo pipefail
native=${1:?usage: trace_hash_parity.sh NATIVE_CLEANUPQ WASM_CLEANUPQ_JS}
wasm=${2:?usage: trace_hash_parity.sh NATIVE_CLEANUPQ WASM_CLEANUPQ_JS}
[ -x "$native" ] || { echo "FAIL: no native cleanupq at $native (build the release preset)"; exit 1; }
[ -f "$wasm" ] || { echo "FAIL: no wasm cleanupq at $wasm"; exit 1; }

hash_of() {  # the "trace_hash" field of one JSON summary
  sed -nE 's/.*"trace_hash": *"([0-9a-f]+)".*/\1/p' <<<"$1"
}

# Sizes keep the conducted runs short: each step is a hand-off between two Web Workers.
configs=(
  "--runner conducted --seed 1 --cleanups 300"
  "--runner conducted --seed 42 --protocol oneshot --cleanups 300"
  "--runner conducted --seed 7 --gomaxprocs 16 --cleanups 100"
  "--runner inline --seed 1"
  "--runner inline --seed 3 --go go1.24 --cleanups 2000"
  "--runner inline --seed 9 --gomaxprocs 64 --cleanups 50 --gc-cycles 2"
  "--runner inline --seed 5 --stuck-cleanup 17 --protocol oneshot --cleanups 1000"
)
passed=0
failed=0
for config in "${configs[@]}"; do
  # shellcheck disable=SC2086
  n_status=0; n_out=$("$native" run $config --json) || n_status=$?
  # shellcheck disable=SC2086
  w_status=0; w_out=$(node --no-experimental-fetch "$wasm" run $config --json) || w_status=$?
  n_hash=$(hash_of "$n_out")
  w_hash=$(hash_of "$w_out")
  if [ -n "$n_hash" ] && [ "$n_hash" = "$w_hash" ] && [ "$n_status" = "$w_status" ]; then
    echo "ok    $config: trace $n_hash, exit $n_status on both"
    passed=$((passed + 1))
  else
    echo "FAIL  $config: native trace '$n_hash' exit $n_status, wasm trace '$w_hash' exit $w_status"
    echo "      wasm said: $(head -c 400 <<<"$w_out")"
    failed=$((failed + 1))
  fi
done
echo "trace hash parity: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
