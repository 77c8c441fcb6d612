"""Runs a Google Benchmark binary and loads its JSON, for the bench-*-ratios.sh reports.

    benchmarks = run_benchmarks("bench-ratios", path, extra_flags)

Exits with a message naming the tool when the binary is missing (2), fails, prints no JSON,
or a benchmark reports an error (1): a ratio computed from a failed run would mean nothing.
The benchmark's own context lines go to stderr and stay visible; its JSON is captured.
"""
import json
import os
import subprocess
import sys

UNIT_NS = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}


def run_benchmarks(tool, bench, extra):
    if not (os.path.isfile(bench) and os.access(bench, os.X_OK)):
        print(f"{tool}: benchmark binary not found or not executable: {bench}", file=sys.stderr)
        sys.exit(2)
    command = [bench, "--benchmark_format=json", *extra]
    print("running: " + " ".join(command), file=sys.stderr)
    result = subprocess.run(command, stdout=subprocess.PIPE, check=False)
    if result.returncode != 0:
        print(f"{tool}: {bench} failed (exit {result.returncode})", file=sys.stderr)
        sys.exit(1)
    try:
        data = json.loads(result.stdout)
    except json.JSONDecodeError as e:
        print(f"{tool}: benchmark output is not JSON: {e}", file=sys.stderr)
        sys.exit(1)
    benchmarks = data.get("benchmarks", [])
    errors = [b for b in benchmarks if b.get("error_occurred")]
    for b in errors:
        print(f"{tool}: {b['name']} failed: {b.get('error_message', '')}", file=sys.stderr)
    if errors:
        sys.exit(1)
    return benchmarks
