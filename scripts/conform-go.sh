#!/usr/bin/env bash
# Runs the conformance workloads (tests/conformance/go) on real Go 1.25 and 1.26, writes one JSON
# file per version and a summary, prints the table of exact properties and the measured
# distributions, and fails when an exact property does not hold (tests/conformance/README.md).
#   scripts/conform-go.sh [OUTDIR]    OUTDIR defaults to build/conformance
# CONFORM_PRIMING_RUNS=N: processes per GOMAXPROCS and k of the priming curve (run_go.py --priming-runs;
# default 5, as CI runs it).
# Exit status: 0 all exact properties hold; 1 a property failed or a step broke; 77 skipped because
# scripts/fetch-go.sh could not get a toolchain (report as skipped, never as passed).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$here/build/conformance}
goroot_base=$here/build/go

set +e
fetch_log=$("$here/scripts/fetch-go.sh" "$goroot_base" 2>&1)
fetch_status=$?
set -e
echo "$fetch_log"
if [ "$fetch_status" = 3 ]; then
  echo "SKIPPED: no Go toolchain: $(echo "$fetch_log" | grep -v '^fetch-go: package lists' | tail -n 1)"
  exit 77
elif [ "$fetch_status" != 0 ]; then
  echo "conform-go: scripts/fetch-go.sh failed (exit status $fetch_status)" >&2
  exit 1
fi

# Everything the toolchains write stays under build/; no network, no other toolchain.
export GOTOOLCHAIN=local GOPROXY=off GOFLAGS= GOENV=off GOTELEMETRY=off GOWORK=off
export GOCACHE=$here/build/go-cache GOPATH=$here/build/go-path
mkdir -p "$out"
out=$(cd "$out" && pwd) # the probe is built from tests/conformance/go: a relative OUTDIR would miss it
results=()
for minor in 1.25 1.26; do
  go=$goroot_base/usr/lib/go-$minor/bin/go
  probe=$out/cleanupprobe-$minor
  # -checklinkname=0: the probe reads runtime.gcCleanups through //go:linkname (queue_mirror.go).
  (cd "$here/tests/conformance/go" && "$go" vet . && "$go" build -ldflags=-checklinkname=0 -o "$probe" .)
  # Since Go 1.24 `go tool trace` is built on first use; build it now, outside the runs.
  "$go" tool trace -h >/dev/null 2>&1 || true
  python3 "$here/tests/conformance/run_go.py" --probe "$probe" --go "$go" \
    --out "$out/go$minor.json" --tracedir "$out/traces" ${CONFORM_PRIMING_RUNS:+--priming-runs "$CONFORM_PRIMING_RUNS"}
  results+=("$out/go$minor.json")
done
python3 "$here/tests/conformance/check_go.py" "${results[@]}" --summary "$out/go-summary.json"
