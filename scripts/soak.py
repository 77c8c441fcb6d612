#!/usr/bin/env python3
"""soak.py: threaded runs of `cleanupq run` with random scenarios for a number of minutes.

    python3 scripts/soak.py MINUTES CLEANUPQ [--seed N] [--log FILE]

Called by scripts/soak.sh, which finds the binary. Each run is a fresh process on the threaded
runner (real threads, real atomics), with a random seed, Go profile (go1.25 and go1.26: the
level-triggered wake of CL 671676; e46c8e: the one-shot wake it replaced), GOMAXPROCS, number of
GC cycles, cleanups, sweepers and costs. Every run's JSON summary is checked:

  exactly once   registered == mutators x cleanups x cycles; executed == registered; nothing
                 lost or duplicated, nothing pending; one flush per GC cycle
  invariants     the runtime's own checks (docs/algorithm.md §6: invariant_violations == 0); the
                 drain predicate at the end (§3.9: flushed, every goroutine asleep, no work units,
                 no P block); the pool never above its cap (ng <= worker_cap, workers_created too)
  resources      the run's peak RSS (VmHWM in /proc/PID/status, the kernel's high-water mark,
                 read every 20 ms while it runs, so only the last 20 ms can escape it), and its
                 open descriptors, sampled alike. getrusage's ru_maxrss of the child is not used:
                 Linux counts into it the parent's RSS at the fork, i.e. this driver's ~15 MiB.
                 A run too short to be sampled falls back to it (an overestimate, never under)

e46c8e's one-shot wake loses wakeups: that is the Go bug CL 671676 fixed (#73642), and the model
reproduces it on purpose. A run of e46c8e that ends stranded is counted apart, as expected, but
only if nothing is lost: every entry not run is still visibly queued (lost == 0, pending ==
queued), nothing ran twice and no invariant broke. A stranded run under go1.25 or go1.26 fails.

Memory bounds. Each run is a new process, so nothing can pile up *across* runs; what can grow is
memory inside one run, with its length. `cleanupq run` records the whole trace, 32 bytes per
event, so a run's RSS is a fixed part (the binary, the threads' stacks, the queue) plus one
proportional to its events. The bound is RSS <= 64 MiB + 48 bytes x events: the trace's own
32 bytes and half as much again for the chunk table, the allocator and the run counters. A leak
of 16 bytes or more per step, or a fixed part four times the measured ~15 MiB, breaks it. The
driver itself is long-lived: its own VmHWM may not grow by more than 16 MiB over the soak (it
keeps only counters), and its descriptor count must end where it began (no leaked pipes).

Descriptors: a run opens stdin, stdout, stderr and nothing else (threads take none); more than 8
at any sample fails.

Prints one line per run (to --log if given, else stdout) and, last, one summary line:
  soak: N runs in M min (go1.25 a, go1.26 b, e46c8e c; c2 stranded as expected), P 1..16,
        peak RSS X MiB (bound ...), max fds F, driver RSS +D MiB: PASS
Exits 0 when every run passed, 1 otherwise.
"""
import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time

PROFILES = ["go1.25", "go1.26", "e46c8e"]
GOMAXPROCS = [1, 2, 4, 8, 16]
RUN_TIMEOUT_S = 300  # a run that takes longer is a hang, and fails
# The run in progress at the deadline may go on this long, then it is stopped and not counted
# (neither passed nor failed), so `soak.sh 5` ends within 6 minutes even on a loaded machine,
# where one run took 175 s. A hang still fails: it has RUN_TIMEOUT_S in the soak's body.
OVERTIME_S = 60
RSS_FIXED_KIB = 64 * 1024
RSS_PER_EVENT_BYTES = 48
DRIVER_RSS_GROWTH_KIB = 16 * 1024
MAX_RUN_FDS = 8


def read_status_kib(pid, field, name=None):
    """A kB field of /proc/PID/status; None if gone, or if `name` is given and the process is
    not (yet) that program: read between fork and exec, VmHWM is the forked driver's."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if name is not None and line.startswith("Name:") and line.split()[1] != name:
                    return None
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return None


def count_fds(pid):
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None


def random_scenario(rng):
    p = rng.choice(GOMAXPROCS)
    go = rng.choice(PROFILES)
    cycles = rng.randint(1, 3)
    # At most ~40,000 AddCleanup calls per cycle, so a run takes seconds, not minutes.
    cleanups = rng.randint(1, max(1, 40_000 // p))
    return {
        "go": go,
        "gomaxprocs": p,
        "gc-cycles": cycles,
        "cleanups": cleanups,
        "sweepers": rng.randint(1, 8),
        "span-objects": rng.choice([1, 4, 16, 64]),
        "cleanup-cost-ns": rng.choice([40, 200, 1000]),
        "wake-latency-ns": rng.choice([0, 500, 5000]),
        # Idle scheduler rounds are most of a long run's steps at the default 2 us.
        "sched-round-ns": rng.choice([2000, 10_000, 50_000]),
        "seed": rng.randrange(1 << 62),
    }


def check(scn, out):
    """Returns (problems, stranded_as_expected)."""
    problems = []
    p = scn["gomaxprocs"]
    expected = p * scn["cleanups"] * scn["gc-cycles"]  # --mutators 0: one per P
    q = out["conformance"]["queue_end"]

    def need(cond, what):
        if not cond:
            problems.append(what)

    need(out["finished"] and out["stop"] == "finished", f"stop {out['stop']}")
    need(out["registered"] == expected, f"registered {out['registered']}, expected {expected}")
    need(out["duplicated"] == 0, f"duplicated {out['duplicated']}")
    need(out["lost"] == 0, f"lost {out['lost']}")
    need(out["invariant_violations"] == 0, f"invariant_violations {out['invariant_violations']}")
    need(out["flushes"] == scn["gc-cycles"], f"flushes {out['flushes']}")
    need(out["workers_created"] <= out["worker_cap"],
         f"workers_created {out['workers_created']} > cap {out['worker_cap']}")
    need(q["ng"] <= q["worker_cap"], f"ng {q['ng']} > cap {q['worker_cap']}")
    need(q["flushed"], "queue not flushed at the end")
    need(q["p_blocks"] == 0, f"{q['p_blocks']} P blocks left")
    stranded_ok = False
    if out["stranded"]:
        # e46c8e's lost wakeup: allowed only as a stranded, fully accounted queue.
        stranded_ok = (scn["go"] == "e46c8e" and out["pending"] > 0 and
                       out["pending"] == out["queued"] and
                       out["executed"] + out["pending"] == out["registered"])
        need(stranded_ok, f"stranded under {scn['go']}: pending {out['pending']}, "
             f"queued {out['queued']}, executed {out['executed']}")
    else:
        need(out["executed"] == expected, f"executed {out['executed']}, expected {expected}")
        need(out["pending"] == 0, f"pending {out['pending']}")
        need(q["sleeping"] == q["ng"], f"{q['sleeping']} asleep of {q['ng']} goroutines")
        need(q["work_units"] == 0, f"work_units {q['work_units']}")
    return problems, stranded_ok


class CutShort(Exception):
    """The soak's time ran out during this run."""


def run_one(cleanupq, scn, scratch, give_up_at):
    args = [cleanupq, "run", "--runner", "threaded", "--unthrottled", "--json"]
    for key, value in scn.items():
        args += [f"--{key}", str(value)]
    out_path = os.path.join(scratch, "run.json")
    err_path = os.path.join(scratch, "run.err")
    started = time.monotonic()
    max_fds = 0
    hwm_kib = None
    with open(out_path, "w") as out_file, open(err_path, "w") as err_file:
        proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=out_file, stderr=err_file)
        # VmHWM and descriptors can only be read while the run lasts, every 20 ms: the pause is
        # the sampling period, not a synchronisation (wait4 sees the exit).
        while True:
            fds = count_fds(proc.pid)
            if fds is not None:
                max_fds = max(max_fds, fds)
            hwm = read_status_kib(proc.pid, "VmHWM", name=os.path.basename(cleanupq)[:15])
            if hwm is not None:
                hwm_kib = max(hwm_kib or 0, hwm)
            pid_done, wait_status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid_done == proc.pid:
                break
            if time.monotonic() > give_up_at:
                proc.kill()
                os.wait4(proc.pid, 0)
                raise CutShort()
            if time.monotonic() - started > RUN_TIMEOUT_S:
                proc.kill()
                pid_done, wait_status, usage = os.wait4(proc.pid, 0)
                proc.returncode = -9
                return None, max_fds, hwm_kib or usage.ru_maxrss, time.monotonic() - started, \
                    [f"no end after {RUN_TIMEOUT_S} s: killed"], args
            time.sleep(0.02)
    proc.returncode = os.waitstatus_to_exitcode(wait_status)
    seconds = time.monotonic() - started
    with open(out_path) as f:
        text = f.read()
    problems = []
    out = None
    try:
        out = json.loads(text)
    except json.JSONDecodeError:
        with open(err_path) as f:
            problems.append(f"exit {proc.returncode}, no JSON; stderr: {f.read().strip()[:300]}")
    if out is not None and proc.returncode not in (0, 1):
        problems.append(f"exit {proc.returncode}")
    return out, max_fds, hwm_kib or usage.ru_maxrss, seconds, problems, args


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("minutes", type=float)
    ap.add_argument("cleanupq")
    ap.add_argument("--seed", type=int, default=None,
                    help="seed of the scenario generator (default: from the OS)")
    ap.add_argument("--log", default=None, help="one line per run goes here")
    a = ap.parse_args()
    master_seed = a.seed if a.seed is not None else int.from_bytes(os.urandom(8), "little") >> 2
    rng = random.Random(master_seed)
    log = open(a.log, "w") if a.log else sys.stdout
    deadline = time.monotonic() + a.minutes * 60
    driver_pid = os.getpid()
    driver_rss_start = read_status_kib(driver_pid, "VmHWM")
    driver_fds_start = count_fds(driver_pid)
    runs = 0
    cut_short = 0
    failures = 0
    per_profile = {g: 0 for g in PROFILES}
    stranded_expected = 0
    peak_rss_kib = 0
    peak_rss_bound_kib = 0
    max_fds_seen = 0
    p_seen = set()
    print(f"soak: generator seed {master_seed}, {a.minutes:g} min, binary {a.cleanupq}",
          file=log, flush=True)
    with tempfile.TemporaryDirectory(prefix="cq-soak-") as scratch:
        while time.monotonic() < deadline:
            scn = random_scenario(rng)
            try:
                out, fds, rss_kib, seconds, problems, args = run_one(
                    a.cleanupq, scn, scratch, deadline + OVERTIME_S)
            except CutShort:
                cut_short += 1
                print(f"run {runs + 1}: still going {OVERTIME_S} s after the soak's end: stopped, "
                      "not counted", file=log, flush=True)
                break
            runs += 1
            per_profile[scn["go"]] += 1
            p_seen.add(scn["gomaxprocs"])
            max_fds_seen = max(max_fds_seen, fds)
            stranded_ok = False
            if out is not None:
                more, stranded_ok = check(scn, out)
                problems += more
                bound = RSS_FIXED_KIB + out["events"] * RSS_PER_EVENT_BYTES // 1024
                if rss_kib > bound:
                    problems.append(f"peak RSS {rss_kib} KiB > bound {bound} KiB "
                                    f"({out['events']} events)")
                if rss_kib > peak_rss_kib:
                    peak_rss_kib, peak_rss_bound_kib = rss_kib, bound
            if fds > MAX_RUN_FDS:
                problems.append(f"{fds} open descriptors > {MAX_RUN_FDS}")
            stranded_expected += stranded_ok
            verdict = "FAIL " + "; ".join(problems) if problems else (
                "ok (stranded: e46c8e's lost wakeup)" if stranded_ok else "ok")
            steps = out["steps"] if out else "?"
            print(f"run {runs}: {seconds:.1f} s, {steps} steps, rss {rss_kib} KiB, fds {fds}: "
                  f"{verdict} :: {' '.join(args[1:])}", file=log, flush=True)
            if problems:
                failures += 1
                if log is not sys.stdout:
                    print(f"soak: run {runs} failed: {'; '.join(problems)} :: "
                          f"{' '.join(args)}", flush=True)
    driver_rss_end = read_status_kib(driver_pid, "VmHWM")
    driver_fds_end = count_fds(driver_pid)
    driver_growth = driver_rss_end - driver_rss_start
    if driver_growth > DRIVER_RSS_GROWTH_KIB:
        failures += 1
        print(f"soak: the driver's VmHWM grew {driver_growth} KiB > {DRIVER_RSS_GROWTH_KIB} KiB",
              flush=True)
    if driver_fds_end != driver_fds_start:
        failures += 1
        print(f"soak: the driver's descriptors went from {driver_fds_start} to {driver_fds_end}",
              flush=True)
    if runs == 0:
        failures += 1
        print("soak: no run finished in the time given", flush=True)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    summary = (
        f"soak: {runs} runs in {a.minutes:g} min ("
        + ", ".join(f"{g} {n}" for g, n in per_profile.items())
        + f"; {stranded_expected} e46c8e runs stranded as expected; {cut_short} cut short), "
        f"P {','.join(str(p) for p in sorted(p_seen))}, "
        f"peak run RSS {peak_rss_kib / 1024:.1f} MiB (its bound {peak_rss_bound_kib / 1024:.1f} MiB), "
        f"max run fds {max_fds_seen}, driver VmHWM {own / 1024:.1f} MiB "
        f"(+{driver_growth / 1024:.1f}), {failures} failed: {'PASS' if failures == 0 else 'FAIL'}")
    print(summary, flush=True)
    if log is not sys.stdout:
        print(summary, file=log, flush=True)
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
