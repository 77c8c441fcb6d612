#!/usr/bin/env bash
# Records the small real-Go traces the app and the page show in their "Real Go" tab
# (assets/go-traces/go1.25.cqgo and go1.26.cqgo): the conformance probe's TestCleanupLost shape
# (tests/conformance/go, workload lost: GOMAXPROCS 8, 200 cleanups per goroutine, GC off during
# the adds but for one forced GC half way) runs under runtime/trace on each fetched toolchain, and
# `cleanupq import-go-trace` reduces the trace through that toolchain's `go tool trace -d=parsed`,
# checking its counts against the probe's own (tests/conformance/go/trace_counts.go).
#   scripts/record-go-traces.sh [CLEANUPQ]   CLEANUPQ defaults to build/debug/engine/cleanupq
# The raw traces (about 350 KB each) stay in build/go-traces; only the reduced files are kept.
# Exit status: 0 recorded; 3 no toolchain (scripts/fetch-go.sh's message); 1 any other failure.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cleanupq=${1:-$here/build/debug/engine/cleanupq}
goroot_base=$here/build/go
out=$here/build/go-traces
[ -x "$cleanupq" ] || { echo "record-go-traces: $cleanupq not built (cmake --build --preset debug --target cleanupq)" >&2; exit 1; }

set +e
"$here/scripts/fetch-go.sh" "$goroot_base"
status=$?
set -e
[ "$status" = 0 ] || exit "$status"

export GOTOOLCHAIN=local GOPROXY=off GOFLAGS= GOENV=off GOTELEMETRY=off GOWORK=off
export GOCACHE=$here/build/go-cache GOPATH=$here/build/go-path
rm -rf "$out"
mkdir -p "$out" "$here/assets/go-traces"
for minor in 1.25 1.26; do
  go=$goroot_base/usr/lib/go-$minor/bin/go
  probe=$out/cleanupprobe-$minor
  # -checklinkname=0: the probe reads runtime.gcCleanups through //go:linkname (queue_mirror.go).
  (cd "$here/tests/conformance/go" && "$go" build -ldflags=-checklinkname=0 -o "$probe" .)
  "$go" tool trace -h >/dev/null 2>&1 || true  # built on first use since Go 1.24
  mkdir -p "$out/$minor"
  "$probe" -workload lost -procs 8 -n 200 -regime gcoff-forced -go "$go" -tracedir "$out/$minor" \
    -keeptrace >"$out/go$minor.json"
  trace=$(ls "$out/$minor"/lost-*.trace)
  CQ_GO_DIR=$goroot_base "$cleanupq" import-go-trace "$trace" --probe-json "$out/go$minor.json" \
    --out "$here/assets/go-traces/go$minor.cqgo"
done
ls -l "$here/assets/go-traces"
