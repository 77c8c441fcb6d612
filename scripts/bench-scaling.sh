#!/usr/bin/env bash
# bench-scaling.sh: how the cost of `cleanupq run` grows with the work (issue 17, item 6). Runs
# `cleanupq run --json` without --trace (the run keeps no events: counts, the hash and the folded
# conformance facts only) for 1, 2, 4, 8, 16 and 64 Ps, 10^4 to 10^7 cleanups in all, the
# threaded and the inline runner, and prints one table: wall time, CPU time (user + system), peak
# RSS and CPU ns per cleanup, so a reader sees the cost linear in cleanups (flat ns per cleanup)
# and how little the memory grows (about 2 bytes a cleanup: tests/bench/README.md). Each run is under `/usr/bin/time -f %M` for its peak RSS (a child of this
# Python would inherit Python's own peak at exec); its CPU time is the same rusage at microseconds
# (wait4 on /usr/bin/time, which counts its child), not /usr/bin/time's 10 ms steps.
#
# The knob: the cleanups grow with GC cycles, not with one cycle's size. `--shape priming` with
# one mutator per P (the default): each middle cycle registers about 10^4 cleanups in all and
# starts once the queue is idle (Go's waitIdle in tests/conformance/go/priming.go), so what the
# modelled program holds at once (dead objects, queued blocks) is one cycle's, whatever the run's
# length; the cycles are N / 10^4 (at most 998 middle ones, --gc-cycles <= 1000). Registered =
# Ps x (cleanups x middle cycles + 2): within 0.3 % of the target and never above it; the table
# prints it.
#
#   scripts/bench-scaling.sh [--brief] [--sizes 4,5,6,7] [--ps 1,2,4,8,16,64]
#                            [--runners threaded,inline] [--trace] [path/to/cleanupq]
#                            [-- more cleanupq run options]
#
# After `--`, options for every `cleanupq run` (e.g. `-- --scheduler poll`: the scheduler the
# rows of a table measured before the default changed); the header prints them.
# --brief: 10^4 and 10^5 cleanups only (a few seconds; scripts/test.sh's benchmark step).
# --sizes 8 is 10^8 cleanups (minutes per run).
# --trace: each run once more with `--trace FILE.cqtrace` (the compact file, written as the run
# goes on, in a temporary folder): its peak RSS, the file's bytes per event, and the median and
# worst of 5 seeks to random events (`cleanupq trace FILE --from R --count 1`, its read_ms: the
# frame read, decompressed and checked), and of 5 model seeks (`cleanupq trace FILE --model-at R`,
# its model_at.read_ms: the nearest model snapshot decoded and its frame folded up to R).
# The path defaults to build/release/engine/cleanupq (relative to the repository root). The
# figures are reported, never gated: the script exits 0 whenever every run finished with every
# cleanup run exactly once, 1 when a run failed, printed no JSON or did not finish clean, and 2
# for bad usage, a missing binary or a missing /usr/bin/time (Debian package `time`).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

python3 - "$repo_root" "$@" <<'PY'
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time

TOOL = "bench-scaling"
CYCLE_CLEANUPS = 10_000  # registered per middle GC cycle, in all
MAX_MIDDLE_CYCLES = 998  # --gc-cycles allows 1000; priming adds a first and a last cycle


def die(status, message):
    print(f"{TOOL}: {message}", file=sys.stderr)
    sys.exit(status)


def int_list(name, low, high):
    def parse(text):
        try:
            values = [int(v) for v in text.split(",")]
        except ValueError:
            values = []
        if not values or any(v < low or v > high for v in values):
            raise argparse.ArgumentTypeError(
                f"{name} {text!r}: allowed comma-separated integers in {low}..{high}")
        return values
    return parse


def runner_list(text):
    values = text.split(",")
    if not values or any(v not in ("threaded", "inline", "conducted") for v in values):
        raise argparse.ArgumentTypeError(
            f"--runners {text!r}: allowed threaded, inline or conducted, comma-separated")
    return values


ap = argparse.ArgumentParser(prog="bench-scaling.sh")
ap.add_argument("--brief", action="store_true", help="10^4 and 10^5 cleanups only")
ap.add_argument("--sizes", type=int_list("--sizes", 1, 8), help="powers of ten of the cleanups")
ap.add_argument("--ps", type=int_list("--ps", 1, 256), default=[1, 2, 4, 8, 16, 64])
ap.add_argument("--runners", type=runner_list, default=["threaded", "inline"])
ap.add_argument("--trace", action="store_true", help="also run each with --trace FILE.cqtrace")
ap.add_argument("cleanupq", nargs="?")
argv = sys.argv[2:]
run_options = argv[argv.index("--") + 1:] if "--" in argv else []
args = ap.parse_args(argv[:argv.index("--")] if "--" in argv else argv)
repo_root = sys.argv[1]
cleanupq = args.cleanupq or os.path.join(repo_root, "build", "release", "engine", "cleanupq")
sizes = args.sizes or ([4, 5] if args.brief else [4, 5, 6, 7])
if not (os.path.isfile(cleanupq) and os.access(cleanupq, os.X_OK)):
    die(2, f"cleanupq not found or not executable: {cleanupq}")
if not os.access("/usr/bin/time", os.X_OK):
    die(2, "/usr/bin/time not found (Debian package `time`): it measures each run's peak RSS")


def shape(total, ps):
    """(flags, registered) for about `total` cleanups over `ps` Ps, one mutator per P."""
    middle = min(MAX_MIDDLE_CYCLES, max(1, total // CYCLE_CLEANUPS))
    # Rounded down: 10^8 rounded up at 16 or 64 Ps is past the scenario table's 10^8 in all.
    per_cycle = max(1, (total // ps - 2) // middle)
    flags = ["--gomaxprocs", ps, "--shape", "priming", "--cleanups", per_cycle,
             "--gc-cycles", middle + 2]
    return [str(f) for f in flags], ps * (per_cycle * middle + 2)


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


print(f"{TOOL}: {cleanupq}; {os.cpu_count()} CPUs ({cpu_model()}); load average {load()}"
      + (f"; every run with {' '.join(run_options)}" if run_options else ""))
header = (f"{'Ps':>3} {'cleanups':>10} {'runner':>8} {'trace':>7} {'events':>11} {'wall s':>8} "
          f"{'CPU s':>8} {'max RSS MiB':>11} {'CPU ns/cleanup':>14} {'M events/CPU s':>14}"
          + (f" {'B/event':>7} {'seek ms':>8} {'worst':>6} {'model ms':>8} {'worst':>6}"
             if args.trace else ""))
print(header)
failed = False
rows = []
trace_dir = tempfile.TemporaryDirectory(prefix="bench-scaling-")
trace_path = os.path.join(trace_dir.name, "run.cqtrace")
seek_rng = random.Random(17)


def seeks(events):
    """(bytes per event, median and worst read_ms of 5 seeks to random events, median and worst
    model_at.read_ms of 5 model seeks to random events) of the file."""
    times = []
    model_times = []
    summary = None
    for _ in range(5):
        at = seek_rng.randrange(events)
        done = subprocess.run([cleanupq, "trace", trace_path, "--from", str(at), "--count", "1"],
                              capture_output=True, text=True)
        if done.returncode != 0:
            return None, f"cleanupq trace failed: {done.stderr.strip()[:300]}"
        summary = json.loads(done.stdout)
        times.append(summary["read_ms"])
        at = seek_rng.randrange(events)
        done = subprocess.run([cleanupq, "trace", trace_path, "--model-at", str(at)],
                              capture_output=True, text=True)
        if done.returncode != 0:
            return None, f"cleanupq trace --model-at failed: {done.stderr.strip()[:300]}"
        model_times.append(json.loads(done.stdout)["model_at"]["read_ms"])
    times.sort()
    model_times.sort()
    return (summary["bytes_per_event"], times[len(times) // 2], times[-1],
            model_times[len(model_times) // 2], model_times[-1]), None


for ps in args.ps:
    for exponent in sizes:
        flags, registered = shape(10 ** exponent, ps)
        for runner, traced in [(r, t) for r in args.runners for t in [False] + [True] * args.trace]:
            cmd = [cleanupq, "run", "--json", "--unthrottled", "--runner", runner] + flags + run_options
            if traced:
                cmd += ["--trace", trace_path]
            # Output to files, not pipes: the child is reaped with wait4 (its own rusage), which
            # must not wait on a child blocked writing to a full pipe.
            with tempfile.TemporaryFile("w+") as out_file, tempfile.TemporaryFile("w+") as err, \
                    tempfile.NamedTemporaryFile("r") as peak:
                timed = ["/usr/bin/time", "-o", peak.name, "-f", "%M"] + cmd
                start = time.monotonic()
                child = subprocess.Popen(timed, stdout=out_file, stderr=err, text=True)
                _, status, usage = os.wait4(child.pid, 0)
                wall = time.monotonic() - start
                child.returncode = os.waitstatus_to_exitcode(status)  # reaped: Popen must not wait
                out_file.seek(0)
                err.seek(0)
                stdout, stderr = out_file.read(), err.read()
                peak_text = peak.read().split()
            label = f"{ps:>3} {registered:>10} {runner:>8} {'cqtrace' if traced else '-':>7}"
            try:
                out = json.loads(stdout)
                rss_kib = int(peak_text[-1])
            except (json.JSONDecodeError, IndexError, ValueError) as e:
                print(f"{label}  FAILED: exit {child.returncode}, no JSON ({e}): {' '.join(cmd)}: "
                      f"{stderr.strip()[:300]}")
                failed = True
                continue
            clean = (child.returncode == 0 and out.get("finished") and out.get("lost") == 0
                     and out.get("registered") == registered)
            cpu = usage.ru_utime + usage.ru_stime
            events = out.get("events", 0)
            if not traced:
                rows.append((ps, registered, runner, cpu, rss_kib))
            file_cells = f" {'':>7} {'':>8} {'':>6} {'':>8} {'':>6}" if args.trace else ""
            if traced and clean and events > 0:
                measured, problem = seeks(events)
                if problem:
                    clean = False
                    file_cells = f"  {problem}"
                else:
                    file_cells = (f" {measured[0]:>7.2f} {measured[1]:>8.2f} {measured[2]:>6.2f}"
                                  f" {measured[3]:>8.2f} {measured[4]:>6.2f}")
            print(f"{label} {events:>11} {wall:>8.3f} {cpu:>8.3f} {rss_kib / 1024:>11.1f} "
                  f"{cpu * 1e9 / registered:>14.0f} "
                  f"{events / cpu / 1e6 if cpu > 0 else float('nan'):>14.1f}{file_cells}"
                  + ("" if clean else f"  NOT CLEAN: exit {child.returncode}, registered "
                     f"{out.get('registered')}, lost {out.get('lost')}: {' '.join(cmd)}"))
            failed |= not clean
            if traced and os.path.exists(trace_path):
                os.remove(trace_path)

# Per Ps and runner, between the two largest runs (where start-up no longer counts): how the
# cleanups, the CPU time and the peak RSS grew. Linear cost: CPU grows as the cleanups do; flat
# memory: RSS barely moves.
print(f"\ngrowth between the two largest runs of each Ps and runner")
print(f"{'Ps':>3} {'runner':>8} {'cleanups x':>10} {'CPU x':>8} {'max RSS x':>9}")
for ps in args.ps:
    for runner in args.runners:
        mine = [r for r in rows if r[0] == ps and r[2] == runner]
        if len(mine) < 2:
            continue
        before, last = mine[-2], mine[-1]
        cpu_ratio = last[3] / before[3] if before[3] > 0 else float("inf")
        print(f"{ps:>3} {runner:>8} {last[1] / before[1]:>10.1f} {cpu_ratio:>8.1f} "
              f"{last[4] / before[4]:>9.2f}")
print(f"load average at the end {load()}")
sys.exit(1 if failed else 0)
PY
