#!/usr/bin/env bash
# bench-runtime-ratios.sh: run bench_runtime once and print the figures the trace is judged by,
# each with PASS or MISS against its goal:
#
#   trace on / off     unthrottled run with the trace recorded vs only hashed and counted,
#                      threaded runner (the CLI's default) and inline runner,
#                      the two runs interleaved (BM_RunTracePaired)              goal <= 1.10x
#   inline events/s    events the inline runner produces per CPU second         goal >= 20 M/s
#   seek               TraceIndex::model_at(random i) on a 10 M-event trace     goal <= 50 ms
#   TestCleanupLost    Go's test shape at GOMAXPROCS 64 (640 000 cleanups), threaded runner,
#                      wall time, with the inline runner's beside it              goal <= 10 s
#
#   scripts/bench-runtime-ratios.sh [path/to/bench_runtime] [extra benchmark flags...]
#
# The path defaults to build/release/tests/bench/bench_runtime (relative to the repository root).
# Extra flags go to the benchmark; the default is --benchmark_repetitions=3, and medians are used
# whenever repetitions are run. A MISS is a finding to report, not an error: the script exits 0
# whenever the benchmark ran, and non-zero only when the binary is missing, fails, prints no
# JSON, or a benchmark reports an error (a run that did not finish cleanly).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench="${1:-$repo_root/build/release/tests/bench/bench_runtime}"
shift || true
extra=("$@")
[ ${#extra[@]} -eq 0 ] && extra=(--benchmark_repetitions=3)

CQ_SCRIPTS="$repo_root/scripts" python3 - "$bench" "${extra[@]}" <<'PY'
import os
import sys

sys.path.insert(0, os.environ["CQ_SCRIPTS"])
from bench_json import run_benchmarks  # noqa: E402

UNIT_MS = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}

benchmarks = run_benchmarks("bench-runtime-ratios", sys.argv[1], sys.argv[2:])

# Group by run_name without its option segments (/min_time:2.000, /real_time, /repeats:3), so
# "BM_RunTraceOn/threaded" names the benchmark however it was configured. With repetitions, use
# the median aggregate; otherwise the mean of the iteration runs.
OPTION_SEGMENTS = ("min_time:", "real_time", "repeats:", "iterations:", "threads:")

def base_name(name):
    return "/".join(p for p in name.split("/") if not p.startswith(OPTION_SEGMENTS))

runs, medians = {}, {}
for b in benchmarks:
    name = base_name(b.get("run_name", b["name"]))
    if b.get("run_type") == "aggregate":
        if b.get("aggregate_name") == "median":
            medians[name] = b
    else:
        runs.setdefault(name, []).append(b)

def pick(name, field):
    """`field` of benchmark `name` (median if repeated), or None if it did not run."""
    def value(b):
        if field in ("real_ms", "cpu_ms"):
            key = "real_time" if field == "real_ms" else "cpu_time"
            return b[key] * UNIT_MS[b.get("time_unit", "ns")]
        return b.get(field)
    if name in medians:
        return value(medians[name])
    if name in runs:
        vals = [value(b) for b in runs[name] if value(b) is not None]
        return sum(vals) / len(vals) if vals else None
    return None

rows = []  # (label, value text, goal text, ok or None, detail)

# Threaded: wall time (its threads mostly wait on each other). Inline: CPU time (one thread; not
# inflated when other work shares the cores). The ratio is taken from BM_RunTracePaired, which
# interleaves the two runs so that load from other processes falls on both alike; the separate
# BM_RunTraceOn / BM_RunTraceOff medians are shown beside it.
for runner, field in (("threaded", "real_ms"), ("inline", "cpu_ms")):
    ratio = pick(f"BM_RunTracePaired/{runner}", "on_off_ratio")
    on_ms = pick(f"BM_RunTracePaired/{runner}", "on_ms")
    off_ms = pick(f"BM_RunTracePaired/{runner}", "off_ms")
    on = pick(f"BM_RunTraceOn/{runner}", field)
    off = pick(f"BM_RunTraceOff/{runner}", field)
    detail = f"paired {on_ms:.1f} vs {off_ms:.1f} ms per run" if ratio else ""
    if on and off:
        detail += f"{'; ' if detail else ''}separate {on:.1f} vs {off:.1f} ms ({on / off:.3f}x)"
    if ratio is None and on and off:
        ratio = on / off
    rows.append((f"trace on / off, {runner} ({'wall' if field == 'real_ms' else 'CPU'})",
                 f"{ratio:.3f}x" if ratio else None, "<= 1.10x",
                 ratio <= 1.10 if ratio else None, detail))

rate = pick("BM_InlineEventsPerSecond", "events_per_second")
rows.append(("inline events per CPU second", f"{rate / 1e6:.1f} M/s" if rate else None,
             ">= 20 M/s", rate >= 20e6 if rate else None, ""))

seek = pick("BM_SeekRandomStep", "cpu_ms")
seek_wall = pick("BM_SeekRandomStep", "real_ms")
events = pick("BM_SeekRandomStep", "trace_events")
snap_mib = pick("BM_SeekRandomStep", "snapshot_MiB")
trace_mib = pick("BM_SeekRandomStep", "trace_MiB")
detail = ""
if seek is not None and events:
    detail = (f"wall {seek_wall:.3f} ms; {events / 1e6:.1f} M events, trace {trace_mib:.0f} MiB, "
              f"snapshots {snap_mib:.0f} MiB")
rows.append(("seek to a random step (CPU)", f"{seek:.3f} ms" if seek is not None else None,
             "<= 50 ms", seek <= 50 if seek is not None else None, detail))

threaded_s = pick("BM_CleanupLostAt64", "threaded_s")
inline_s = pick("BM_CleanupLostAt64", "inline_s")
events = pick("BM_CleanupLostAt64", "events")
detail = ""
if threaded_s is not None and inline_s:
    detail = (f"inline {inline_s:.2f} s, threaded / inline {threaded_s / inline_s:.2f}x; "
              f"{events / 1e6:.1f} M events, trace off")
rows.append(("TestCleanupLost shape, 64 Ps, threaded", f"{threaded_s:.2f} s" if threaded_s else None,
             "<= 10 s", threaded_s <= 10 if threaded_s else None, detail))

print(f"{'figure':38} {'value':>11}  {'goal':>9}  result  detail")
for label, value, goal, ok, detail in rows:
    if value is None:
        print(f"{label:38} {'n/a':>11}  {goal:>9}  n/a     benchmark not in this run")
        continue
    print(f"{label:38} {value:>11}  {goal:>9}  {'PASS' if ok else 'MISS'}    {detail}")
PY
