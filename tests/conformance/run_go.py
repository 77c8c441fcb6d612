#!/usr/bin/env python3
"""Runs every conformance workload (tests/conformance/go) on one real Go toolchain and writes one JSON
file: {"schema", "side": "go", "go_version", "goarch", "runs": [...]}, each run the object the probe
printed (see README.md). Every workload runs in its own process: the cleanup goroutine pool only grows.

  run_go.py --probe BUILD/cleanupprobe-1.25 --go GOROOT/bin/go --out FILE [--tracedir DIR] [--priming-runs N]
"""
import argparse
import json
import os
import subprocess
import sys
import time

SCHEMA = "cleanup-conformance/1"
PROCS = [1, 2, 4, 7, 8, 16, 32, 64]
LOST_N = [100, 1000, 10000]  # cleanups per goroutine, as TestCleanupLost's allocsPerGoroutine
LOST_MAX_TOTAL = 80000  # keeps the whole suite within a few minutes on two cores
REGIMES = ["default", "gcoff", "gcoff-forced"]
PRIMING_PROCS = [16, 64]
# Traced subset: `go tool trace -d=parsed` of a run costs as much as the run, and runtime.GC's
# Gosched loops fill traces with scheduling events when the machine is busy.
TRACED_LOST_N = 1000
TRACED_PRIMING_PROCS = 64
PRIMING_K = [0, 20, 60, 100, 200, 600, 2000]
# The priming curve as a distribution (conform.py: priming_curve): k -> goroutines after the probe,
# PRIMING_CURVE_RUNS processes per (GOMAXPROCS, k) (--priming-runs; scripts/conform-go.sh passes
# $CONFORM_PRIMING_RUNS). Around the block capacity (60 on 1.25, 20 on 1.26): k = 60 fills one go1.25
# block, 61 starts a second. A run takes 0.07 s on two idle cores, 0.25-0.35 s on two busy ones: the
# default 5 runs (220 for both versions) keep the curve within about a minute of the suite.
PRIMING_CURVE_PROCS = [8, 16]
PRIMING_CURVE_K = [0, 1, 2, 4, 8, 16, 32, 60, 61, 120, 240]
PRIMING_CURVE_RUNS = 5
BLOCKING_PROCS = [1, 4, 7, 8, 16]
GOEXIT_PROCS = [4, 16]
SHRINK_RUNS = 10


def plan(priming_runs=PRIMING_CURVE_RUNS):
    """(args, traced) for every run, in order."""
    runs = [(["-workload", "blocksize", "-procs", "1", "-n", "300"], True)]
    for procs in PROCS:
        for n in LOST_N:
            if procs * n > LOST_MAX_TOTAL:
                continue
            for regime in REGIMES:
                runs.append((["-workload", "lost", "-procs", str(procs), "-n", str(n), "-regime", regime],
                             n == TRACED_LOST_N))
    for procs in PRIMING_PROCS:
        for k in PRIMING_K:
            runs.append((["-workload", "priming", "-procs", str(procs), "-k", str(k)], procs == TRACED_PRIMING_PROCS))
    for procs in PRIMING_CURVE_PROCS:
        for k in PRIMING_CURVE_K:
            for _ in range(priming_runs):
                runs.append((["-workload", "priming", "-procs", str(procs), "-k", str(k)], False))
    # The blocking, goexit and shrink runs force GCs over a large heap; their traces would be mostly the
    # sweep loop's Gosched events and add nothing that the queue mirror does not report.
    for procs in BLOCKING_PROCS:
        runs.append((["-workload", "blocking", "-procs", str(procs), "-n", "200"], False))
    for procs in GOEXIT_PROCS:
        runs.append((["-workload", "goexit", "-procs", str(procs), "-n", "200"], False))
    for _ in range(SHRINK_RUNS):
        runs.append((["-workload", "shrink", "-procs", "8"], False))
    return runs


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--probe", required=True, help="cleanupprobe built by this toolchain")
    ap.add_argument("--go", required=True, help="the toolchain's go command (for go tool trace)")
    ap.add_argument("--out", required=True, help="JSON file to write")
    ap.add_argument("--tracedir", default=None, help="folder for temporary execution traces")
    ap.add_argument("--priming-runs", type=int, default=PRIMING_CURVE_RUNS,
                    help=f"priming-curve processes per GOMAXPROCS and k (default {PRIMING_CURVE_RUNS})")
    args = ap.parse_args()
    if not 1 <= args.priming_runs <= 1000:
        sys.exit(f"run_go: --priming-runs {args.priming_runs}: allowed 1..1000")
    tracedir = args.tracedir or os.path.dirname(os.path.abspath(args.out))
    os.makedirs(tracedir, exist_ok=True)
    runs = []
    started = time.monotonic()
    todo = plan(args.priming_runs)
    for i, (run_args, traced) in enumerate(todo):
        cmd = [args.probe] + run_args
        if traced:
            cmd += ["-go", args.go, "-tracedir", tracedir]
        run_started = time.monotonic()
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        seconds = time.monotonic() - run_started
        if proc.returncode not in (0, 2) or not proc.stdout.strip():
            sys.exit(f"run_go: {' '.join(cmd)} failed with exit status {proc.returncode}: {proc.stderr.strip()}")
        try:
            run = json.loads(proc.stdout)
        except json.JSONDecodeError as e:
            sys.exit(f"run_go: {' '.join(cmd)} printed no JSON object ({e}): {proc.stdout[:200]!r}")
        run["args"] = run_args
        run["seconds"] = round(seconds, 2)
        runs.append(run)
        if sys.stderr.isatty():
            print(f"\r  {os.path.basename(args.probe)}: {i + 1}/{len(todo)} runs", end="", file=sys.stderr, flush=True)
    print(f"\r  {os.path.basename(args.probe)}: {len(todo)} runs in {time.monotonic() - started:.0f} s", file=sys.stderr)
    doc = {"schema": SCHEMA, "side": "go", "go_version": runs[0]["go_version"], "goarch": runs[0]["goarch"],
           "runs": runs}
    tmp = args.out + ".tmp"
    with open(tmp, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    os.replace(tmp, args.out)


if __name__ == "__main__":
    main()
