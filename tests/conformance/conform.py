#!/usr/bin/env python3
"""Runs the model (cleanupq) on the shapes the real Go conformance suite runs, and prints one table:
property | Go 1.25 real | model go1.25 | Go 1.26 real | model go1.26 | verdict, then the compared
distributions with a two-sample test. Standard library only.

  conform.py --cleanupq BUILD/cleanupq [--go-results DIR] [--rerun-go] [--seeds N] [--priming-seeds N]
             [--jobs N] [--summary FILE]

The Go side is scripts/conform-go.sh's output in DIR (go1.25.json, go1.26.json): reused when present
and newer than every input that produced it, else produced by running scripts/conform-go.sh.
Exit status: 0 every exact property holds on both sides of both versions; 1 one does not (or a step
broke); 77 with "SKIPPED:" when the Go side is skipped (no toolchain could be had).

How the shapes correspond: Go's TestCleanupLost shape is P goroutines x N cleanups, then a GC and a
drain. The model registers, then collects, once per GC cycle (engine/runtime/gc_actor.cpp), so
`--gc-cycles 1 --cleanups N` is Go's "GC off during the adds, then GC" (regime gcoff), and
`--gc-cycles 2 --cleanups N/2` is "GC off plus one forced GC part-way" (gcoff-forced). Go's default
regime (the pacer starts GCs whenever the heap has grown) has no model counterpart.
"""
import argparse
import concurrent.futures
import json
import math
import os
import random
import subprocess
import sys
from collections import Counter, defaultdict

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_go  # noqa: E402
import run_go  # noqa: E402  (the Go plan: the model runs the same GOMAXPROCS and sizes)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
VERSIONS = ["go1.25", "go1.26"]
SLOTS = check_go.EXPECTED_SLOTS
# Go regime -> model GC cycles (the adds are split evenly over the cycles).
REGIME_CYCLES = {"gcoff": 1, "gcoff-forced": 2}
BLOCKSIZE_M = 300  # as run_go.py's blocksize run: GOMAXPROCS 1, 300 cleanups, one GC
BLOCKING_OTHERS = 200  # as run_go.py's blocking runs: the blocking cleanup plus 200 others
BLOCKING_RELIEF_CYCLES = 3  # Go's up to three relief rounds of AddCleanup + GC
RELIEF_ADD_NS = 100_000  # virtual ns per AddCleanup in the blocking shape (see model_plan)
PERMUTATIONS = 20000
# The priming curve (Go: run_go.PRIMING_CURVE_*, tests/conformance/go/priming.go): model seeds per
# (GOMAXPROCS, k), and the level below which a Mann-Whitney p says the two sides differ at that k.
PRIMING_CURVE_SEEDS = 10
PRIMING_ALPHA = 0.01
# The shrink shape (Go: run_go.py's shrink runs at GOMAXPROCS 8). The model shrinks to 1 half-way
# through cycle 1's sweep (--shrink-gomaxprocs-to: Sweeper::maybe_shrink, engine/runtime/sweeper.cpp); Go's main
# shrinks once a P other than P0 holds a partial block, then forces GCs (tests/conformance/go/shrink.go).
SHRINK_PROCS = 8
SHRINK_CLEANUPS = 1000  # per mutator per cycle
SHRINK_CYCLES = 3
SHRINK_REGROW_AFTER = 2  # the regrown run: GOMAXPROCS is 8 again for cycle 3's sweep and flush

# The exact properties compared side by side, in the table's order. Every other property of
# check_go.py is Go-only (printed below the table with the reason the model lacks it).
COMPARED = [
    "every_cleanup_runs_once",
    "pool_within_bounds",
    "pool_never_decreases",
    "one_goroutine_when_procs_le_7",
    "one_goroutine_without_sweep_before_last_add",
    "cleanups_per_block",
    "executed_moves_by_whole_blocks",
    "idle_after_drain",
    "blocking_cleanup_stalls_queue_when_procs_le_7",
    "goexit_in_cleanup_stalls_queue_when_procs_le_7",
    "shrink_strands_until_growth",
]
GO_ONLY = {
    "add_cleanup_creates_pending_needg_up_to_cap": "the model's JSON has no needg before its probing AddCleanup; "
                                                   "its priming shape is compared as a curve below",
    "block_layout": "bytes are Go's memory layout; the model's block capacity is compared instead",
    "no_workload_error": "Go harness health",
    "num_goroutine_never_counts_cleanup_goroutines": "the model has no runtime.NumGoroutine",
    "trace_counts_cleanup_goroutines": "Go trace cross-check of the queue mirror",
}


def max_gs(procs):
    return max(procs // 4, 1)


# ---------------------------------------------------------------- Go side


def go_inputs():
    """Files whose change makes recorded Go results stale."""
    paths = [os.path.join(ROOT, "scripts", "conform-go.sh"), os.path.join(HERE, "run_go.py"),
             os.path.join(HERE, "check_go.py")]
    godir = os.path.join(HERE, "go")
    paths += [os.path.join(godir, f) for f in sorted(os.listdir(godir)) if f.endswith((".go", ".mod"))]
    return paths


def go_results_fresh(outdir):
    results = [os.path.join(outdir, f"{v}.json") for v in VERSIONS]
    if not all(os.path.isfile(p) for p in results):
        return False
    oldest = min(os.path.getmtime(p) for p in results)
    return all(os.path.getmtime(p) <= oldest for p in go_inputs())


def load_go(outdir, rerun):
    """{version: results doc}; exits 77 when the Go side is skipped."""
    if rerun or not go_results_fresh(outdir):
        print(f"conform: running scripts/conform-go.sh {outdir} (real Go results missing or stale)", flush=True)
        proc = subprocess.run([os.path.join(ROOT, "scripts", "conform-go.sh"), outdir])
        if proc.returncode == 77:
            print("SKIPPED: the real Go side was skipped (scripts/conform-go.sh exit 77); nothing compared")
            sys.exit(77)
        if proc.returncode not in (0, 1):
            sys.exit(f"conform: scripts/conform-go.sh failed with exit status {proc.returncode}")
    else:
        print(f"conform: reusing real Go results in {outdir} (newer than the Go workloads and scripts)")
    docs = {}
    for v in VERSIONS:
        path = os.path.join(outdir, f"{v}.json")
        try:
            with open(path) as f:
                doc = json.load(f)
        except (OSError, json.JSONDecodeError) as e:
            sys.exit(f"conform: cannot read {path}: {e}")
        if doc.get("schema") != run_go.SCHEMA or doc.get("side") != "go":
            sys.exit(f"conform: {path}: schema {doc.get('schema')!r} side {doc.get('side')!r}, "
                     f"expected {run_go.SCHEMA} from the go side")
        if check_go.minor(doc.get("go_version", "")) != v:
            sys.exit(f"conform: {path}: go_version {doc.get('go_version')!r}, expected {v}.x")
        docs[v] = doc
    return docs


# ---------------------------------------------------------------- model side


def model_plan(seeds, priming_seeds=PRIMING_CURVE_SEEDS):
    """(workload, shape dict, cleanupq flags) for every model run of one version."""
    plan = []
    for procs in run_go.PROCS:
        for n in run_go.LOST_N:
            if procs * n > run_go.LOST_MAX_TOTAL:
                continue
            for regime, cycles in REGIME_CYCLES.items():
                # P >= 8 is compared as a distribution: many seeds. P <= 7 is exact: a few suffice.
                count = seeds if procs >= 8 else 2
                for seed in range(1, count + 1):
                    shape = {"procs": procs, "n": n, "regime": regime, "cycles": cycles, "seed": seed}
                    flags = ["--gomaxprocs", procs, "--cleanups", n // cycles, "--gc-cycles", cycles, "--seed", seed]
                    plan.append(("lost", shape, flags))
    plan.append(("blocksize", {"procs": 1, "m": BLOCKSIZE_M},
                 ["--gomaxprocs", 1, "--cleanups", BLOCKSIZE_M, "--gc-cycles", 1]))
    # Go's goexit shape is the blocking one with a cleanup that calls runtime.Goexit instead of
    # blocking (tests/conformance/go/goexit.go): the same relief cycles, for the same reason.
    for workload, procs_list, fault in (("blocking", run_go.BLOCKING_PROCS, "--stuck-cleanup"),
                                        ("goexit", run_go.GOEXIT_PROCS, "--goexit-in-cleanup")):
        for procs in procs_list:
            # Cleanup id 1 is the first registered: it never returns (or exits its goroutine); the
            # others and each relief cycle's registrations queue behind it (Go: 200 others, then
            # AddCleanup + GC relief rounds). Go's relief rounds start only after the queue has been
            # worked on (a bounded wait for the others); in virtual time the model's mutators are
            # slowed to the same order: each AddCleanup costs RELIEF_ADD_NS, so a goroutine reaches
            # cleanup 1 before the next cycle's blocks exist. With the default 100 ns the relief
            # blocks are pushed first and, `full` being LIFO, run before cleanup 1's block is
            # reached: the queue then looks drained on either side.
            per = max(BLOCKING_OTHERS // procs, 1)
            plan.append((workload, {"procs": procs, "others": per * procs - 1},
                         ["--gomaxprocs", procs, "--cleanups", per, "--gc-cycles", BLOCKING_RELIEF_CYCLES,
                          fault, 1, "--add-cleanup-ns", RELIEF_ADD_NS]))
    # Go's priming workload (tests/conformance/go/priming.go): main alone adds a warm-up cleanup, GC,
    # waits for an idle queue; adds k with GC off, one GC, waits until all ran and the queue is idle;
    # then one probing AddCleanup. The model's --shape priming is that over three GC cycles (one
    # mutator: Go's main goroutine), each cycle's registration waiting for an idle queue.
    for procs in run_go.PRIMING_CURVE_PROCS:
        for k in run_go.PRIMING_CURVE_K:
            for seed in range(1, priming_seeds + 1):
                plan.append(("priming", {"procs": procs, "k": k, "seed": seed},
                             ["--gomaxprocs", procs, "--mutators", 1, "--shape", "priming", "--gc-cycles", 3,
                              "--cleanups", k, "--seed", seed]))
    for seed in range(1, run_go.SHRINK_RUNS + 1):
        # Each seed twice, the same run up to the end of cycle SHRINK_REGROW_AFTER: shrunk for good
        # (what was unrun, and was it all in the cut Ps' blocks?) and grown back (did they all run?).
        for regrow in (0, SHRINK_REGROW_AFTER):
            plan.append(("shrink", {"procs": SHRINK_PROCS, "seed": seed, "regrow_after": regrow},
                         ["--gomaxprocs", SHRINK_PROCS, "--cleanups", SHRINK_CLEANUPS, "--gc-cycles", SHRINK_CYCLES,
                          "--shrink-gomaxprocs-to", 1, "--regrow-after-cycle", regrow, "--seed", seed]))
    return plan


def run_model(cleanupq, version, item):
    workload, shape, flags = item
    cmd = [cleanupq, "run", "--go", version, "--json", "--runner", "inline"] + [str(f) for f in flags]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if proc.returncode not in (0, 1) or not proc.stdout.strip():
        raise RuntimeError(f"{' '.join(cmd)}: exit status {proc.returncode}: {proc.stderr.strip()[:300]}")
    try:
        out = json.loads(proc.stdout)
    except json.JSONDecodeError as e:
        raise RuntimeError(f"{' '.join(cmd)}: printed no JSON object ({e})")
    return {"workload": workload, "version": version, "shape": shape, "cmd": " ".join(cmd[1:]), "out": out}


def run_all_models(cleanupq, seeds, jobs, priming_seeds=PRIMING_CURVE_SEEDS):
    plan = model_plan(seeds, priming_seeds)
    todo = [(v, item) for v in VERSIONS for item in plan]
    runs = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(run_model, cleanupq, v, item) for v, item in todo]
        for i, fut in enumerate(futures):
            try:
                runs.append(fut.result())
            except (RuntimeError, subprocess.TimeoutExpired, OSError) as e:
                for f in futures:
                    f.cancel()
                sys.exit(f"conform: model run failed: {e}")
            if sys.stderr.isatty():
                print(f"\r  model: {i + 1}/{len(todo)} runs", end="", file=sys.stderr, flush=True)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    return runs


def expect_every_run_once_and_pool(c, cmd, o, q, f, procs, total):
    """The model run's exact properties every workload shares; returns its final pool size."""
    c.expect("every_cleanup_runs_once", o["finished"] and o["registered"] == total and o["executed"] == total
             and o["duplicated"] == 0 and o["lost"] == 0 and o["pending"] == 0,
             f"{cmd}: registered {o['registered']} of {total}, executed {o['executed']}, "
             f"duplicated {o['duplicated']}, lost {o['lost']}, finished {o['finished']}")
    ng = q["ng"]
    c.expect("pool_within_bounds", 1 <= ng <= max_gs(procs) and o["workers_created"] == ng,
             f"{cmd}: {ng} goroutines ({o['workers_created']} created), max {max_gs(procs)}")
    samples = f["ng_after_creations"]
    c.expect("pool_never_decreases", samples == sorted(samples) and samples[-1:] == [ng],
             f"{cmd}: ng after each creation {samples}, at the end {ng}")
    return ng


def check_model(runs, version):
    """Exact properties of the model's runs of one version, as check_go.py's Check."""
    c = check_go.Check()
    slots = SLOTS[version]
    for r in runs:
        o, s, cmd = r["out"], r["shape"], r["cmd"]
        f = o.get("conformance")
        if f is None or not f.get("trace_complete") or "queue_end" not in f:
            c.expect("every_cleanup_runs_once", False, f"{cmd}: no complete trace or queue state in the JSON")
            continue
        q = f["queue_end"]
        if r["workload"] == "lost":
            p = s["procs"]
            ng = expect_every_run_once_and_pool(c, cmd, o, q, f, p, p * (s["n"] // s["cycles"]) * s["cycles"])
            if p <= 7:
                c.expect("one_goroutine_when_procs_le_7", ng == 1, f"{cmd}: {ng} goroutines")
            if f["swept_before_last_add_cleanup"] == 0:
                c.expect("one_goroutine_without_sweep_before_last_add", ng == 1,
                         f"{cmd}: nothing swept before the last AddCleanup, yet {ng} goroutines")
            # No taken block ever ran more than a block holds, and the blocks account for every run.
            c.expect("cleanups_per_block", max(f["block_runs"], default=0) <= slots
                     and sum(f["block_runs"]) == o["executed"],
                     f"{cmd}: largest block run {max(f['block_runs'], default=0)} (capacity {slots}), "
                     f"{sum(f['block_runs'])} run in blocks of {o['executed']} executed")
            c.expect("idle_after_drain", q["work_units"] == 0 and q["cleanups_on_full"] == 0 and q["p_blocks"] == 0
                     and q["flushed"] and q["running"] == 0 and q["asleep"] == ng and q["sleeping"] == ng
                     and not o["stranded"], f"{cmd}: queue at the end {q}, stranded {o['stranded']}")
        elif r["workload"] == "priming":
            expect_every_run_once_and_pool(c, cmd, o, q, f, s["procs"], s["k"] + 2)  # warm-up, k, probe
        elif r["workload"] == "blocksize":
            m = s["m"]
            c.expect("cleanups_per_block", m % slots == 0 and f["block_runs"] == [slots] * (m // slots),
                     f"{cmd}: cleanups per taken block {f['block_runs']} (expected {m // slots} x {slots})")
            ev = f["executed_values"]
            c.expect("executed_moves_by_whole_blocks", all(v % slots == 0 for v in ev) and ev[-1:] == [m],
                     f"{cmd}: executed after each block {ev}")
        elif r["workload"] == "blocking":
            p = s["procs"]
            # Stalled, as Go's `stalled`: blocks still queued at the end. The cleanups behind the blocking
            # one in its own block (stuck_pending) never run on either side, stalled or not.
            still_queued = o["queued"] - o["stuck_pending"]
            stalled = still_queued > 0
            what = (f"{cmd}: {still_queued} cleanups still queued, {o['stuck_pending']} behind the blocking one, "
                    f"{q['ng']} goroutines")
            if p <= 7:
                c.expect("blocking_cleanup_stalls_queue_when_procs_le_7", stalled and q["ng"] == 1, what)
            else:
                c.expect("blocking_cleanup_stalls_queue_when_procs_le_7", not stalled and q["ng"] >= 2, what)
        elif r["workload"] == "goexit":
            p = s["procs"]
            # As Go's goexit check (check_go.py): the goroutine that called Goexit stays counted in ng
            # and in running (#71824); stalled = cleanups still queued at the end. The rest of the dead
            # goroutine's block is off the queue and never runs (the model's killed_by_goexit).
            stalled = o["queued"] > 0
            what = (f"{cmd}: {o['queued']} still queued, {q['ng']} goroutines, running {q['running']}, "
                    f"killed by Goexit {o['losses']['killed_by_goexit']}")
            if p <= 7:
                c.expect("goexit_in_cleanup_stalls_queue_when_procs_le_7",
                         stalled and q["ng"] == 1 and q["running"] == 1, what)
            else:
                c.expect("goexit_in_cleanup_stalls_queue_when_procs_le_7", not stalled and q["running"] == 1, what)
        elif r["workload"] == "shrink":
            stranded = o["losses"]["stranded_by_shrink"]
            if s["regrow_after"] == 0:
                # As Go's: every unrun cleanup is one in a destroyed P's block, nothing else is missing.
                c.expect("shrink_strands_until_growth", o["pending"] == stranded and o["lost"] == 0,
                         f"{cmd}: unrun {o['pending']}, in cut Ps' blocks {stranded}, lost {o['lost']}")
            else:
                # Grown back: the next flush found the blocks again and every cleanup ran.
                c.expect("shrink_strands_until_growth", o["pending"] == 0 and stranded == 0
                         and o["executed"] == o["registered"],
                         f"{cmd}: after growing back, unrun {o['pending']}, stranded {stranded}")
    return [{"name": n, "ok": not c.failures[n], "checked": c.tried[n], "failures": c.failures[n][:5]}
            for n in sorted(c.tried)]


# ---------------------------------------------------------------- statistics


def mann_whitney(xs, ys):
    """Two-sided Mann-Whitney U of xs against ys: (U of xs, z, normal p with tie correction)."""
    n1, n2 = len(xs), len(ys)
    pooled = sorted((v, i) for i, v in enumerate(list(xs) + list(ys)))
    ranks = [0.0] * (n1 + n2)
    ties = 0.0
    i = 0
    while i < len(pooled):
        j = i
        while j + 1 < len(pooled) and pooled[j + 1][0] == pooled[i][0]:
            j += 1
        for k in range(i, j + 1):
            ranks[pooled[k][1]] = (i + j) / 2 + 1
        t = j - i + 1
        ties += t ** 3 - t
        i = j + 1
    u = sum(ranks[:n1]) - n1 * (n1 + 1) / 2
    n = n1 + n2
    var = n1 * n2 / 12 * ((n + 1) - ties / (n * (n - 1)))
    if var <= 0:  # every value equal: no evidence of a difference
        return u, 0.0, 1.0
    z = (u - n1 * n2 / 2) / math.sqrt(var)
    return u, z, math.erfc(abs(z) / math.sqrt(2))


def permutation_p(xs, ys, rounds=PERMUTATIONS, seed=1):
    """Two-sided permutation p-value of the difference of means (seeded: the same every run)."""
    rng = random.Random(seed)
    pooled = list(xs) + list(ys)
    observed = abs(sum(xs) / len(xs) - sum(ys) / len(ys))
    hits = 0
    for _ in range(rounds):
        rng.shuffle(pooled)
        a, b = pooled[:len(xs)], pooled[len(xs):]
        if abs(sum(a) / len(a) - sum(b) / len(b)) >= observed - 1e-12:
            hits += 1
    return (hits + 1) / (rounds + 1)


# ---------------------------------------------------------------- report


def go_pool(doc, regime):
    """GOMAXPROCS -> [final goroutine count] of Go's lost runs in one regime."""
    out = defaultdict(list)
    for r in doc["runs"]:
        if r["workload"] == "lost" and r["data"]["regime"] == regime:
            out[r["procs"]].append(r["data"]["cleanup_gs"])
    return out


def model_pool(runs, regime):
    out = defaultdict(list)
    for r in runs:
        if r["workload"] == "lost" and r["shape"]["regime"] == regime:
            out[r["shape"]["procs"]].append(r["out"]["conformance"]["queue_end"]["ng"])
    return out


def distributions(go_docs, model_runs):
    """Per version and regime: per GOMAXPROCS >= 8 the values, and the pooled test on ng / cap."""
    result = {}
    for v in VERSIONS:
        for regime in REGIME_CYCLES:
            gp, mp = go_pool(go_docs[v], regime), model_pool(model_runs[v], regime)
            rows = []
            gx, my = [], []
            for p in sorted(set(gp) | set(mp)):
                if p < 8:
                    continue
                counts = Counter(mp.get(p, []))
                modal = counts.most_common(1)[0][0] if counts else None
                rows.append({"procs": p, "cap": max_gs(p), "go": gp.get(p, []), "model": dict(sorted(counts.items())),
                             "model_modal": modal, "go_has_modal": modal in gp.get(p, [])})
                gx += [g / max_gs(p) for g in gp.get(p, [])]
                my += [m / max_gs(p) for m in mp.get(p, [])]
            test = None
            if gx and my:
                u, z, p_norm = mann_whitney(gx, my)
                test = {"n_go": len(gx), "n_model": len(my), "U": u, "z": z, "p_normal": p_norm,
                        "p_permutation": permutation_p(gx, my)}
            result[f"{v}/{regime}"] = {"rows": rows, "test": test, "go_default": dict(sorted(go_pool(go_docs[v], "default").items()))}
    return result


def parks_distributions(go_docs, model_runs):
    """Parks per cleanup goroutine, Go's traced lost runs against the model's, per version and regime."""
    result = {}
    for v in VERSIONS:
        for regime in REGIME_CYCLES:
            go = [r["trace"]["parks"] / r["data"]["cleanup_gs"] for r in go_docs[v]["runs"]
                  if r["workload"] == "lost" and r["data"]["regime"] == regime and r.get("trace")
                  and r["data"]["cleanup_gs"]]
            # The same N as Go's traced runs (run_go.TRACED_LOST_N), every GOMAXPROCS and seed.
            model = [r["out"]["conformance"]["parks"] / r["out"]["conformance"]["queue_end"]["ng"]
                     for r in model_runs[v] if r["workload"] == "lost" and r["shape"]["regime"] == regime
                     and r["shape"]["n"] == run_go.TRACED_LOST_N]
            entry = {"go": sorted(go), "model": sorted(model), "test": None}
            if go and model:
                u, z, p_norm = mann_whitney(go, model)
                entry["test"] = {"n_go": len(go), "n_model": len(model), "U": u, "z": z, "p_normal": p_norm,
                                 "p_permutation": permutation_p(go, model),
                                 "go_median": median(go), "model_median": median(model)}
            result[f"{v}/{regime}"] = entry
    return result


def modal(values):
    """The most frequent value (the smallest of equally frequent ones), None for no values."""
    counts = Counter(values)
    return max(counts, key=lambda v: (counts[v], -v)) if counts else None


def priming_curve(go_docs, model_runs):
    """Per version and GOMAXPROCS: per k, goroutines after the probing AddCleanup on each side (Go: every
    priming run of that GOMAXPROCS and k; model: every seed), medians, modal values and Mann-Whitney U."""
    result = {}
    for v in VERSIONS:
        for procs in run_go.PRIMING_CURVE_PROCS:
            go, model = defaultdict(list), defaultdict(list)
            for r in go_docs[v]["runs"]:
                if r["workload"] == "priming" and r["procs"] == procs and r["data"]["k"] in run_go.PRIMING_CURVE_K:
                    go[r["data"]["k"]].append(r["data"]["cleanup_gs"])
            for r in model_runs[v]:
                if r["workload"] == "priming" and r["shape"]["procs"] == procs:
                    model[r["shape"]["k"]].append(r["out"]["conformance"]["queue_end"]["ng"])
            rows = []
            for k in sorted(set(go) | set(model)):
                g, m = sorted(go.get(k, [])), sorted(model.get(k, []))
                row = {"k": k, "go": g, "model": dict(sorted(Counter(m).items())),
                       "go_median": median(g) if g else None, "model_median": median(m) if m else None,
                       "go_modal": modal(g), "model_modal": modal(m), "test": None, "differs": None}
                if g and m:
                    u, z, p_norm = mann_whitney(g, m)
                    row["test"] = {"n_go": len(g), "n_model": len(m), "U": u, "z": z, "p_normal": p_norm}
                    row["differs"] = p_norm < PRIMING_ALPHA
                rows.append(row)
            result[f"{v}/P{procs}"] = {"procs": procs, "cap": max_gs(procs), "rows": rows}
    return result


def shrink_frequencies(go_doc, runs):
    """How often a shrink stranded cleanups, and how many, on each side (the model: its unregrown runs)."""
    go = [r["data"]["stranded"] for r in go_doc["runs"] if r["workload"] == "shrink"]
    model = [r["out"]["losses"]["stranded_by_shrink"] for r in runs
             if r["workload"] == "shrink" and r["shape"]["regrow_after"] == 0]
    return {"go_runs": len(go), "go_stranded_runs": sum(n > 0 for n in go), "go_counts": go,
            "model_runs": len(model), "model_stranded_runs": sum(n > 0 for n in model), "model_counts": model}


def spread(xs):
    """min / quartiles / max of a sample, for one line of the report."""
    if not xs:
        return "no runs"
    xs = sorted(xs)
    q = [xs[min(len(xs) - 1, int(f * len(xs)))] for f in (0.25, 0.5, 0.75)]
    return f"n={len(xs)}, min {xs[0]:.1f}, quartiles {q[0]:.1f} / {q[1]:.1f} / {q[2]:.1f}, max {xs[-1]:.1f}"


def median(xs):
    xs = sorted(xs)
    mid = len(xs) // 2
    return xs[mid] if len(xs) % 2 else (xs[mid - 1] + xs[mid]) / 2


def verdicts(go_props, model_props):
    """{property: True when it was checked and held on both sides of every version}. A property that
    a side never checked counts as not holding: an empty or truncated run cannot pass."""
    def held(props, name):
        p = next((p for p in props if p["name"] == name), None)
        return p is not None and p["checked"] > 0 and p["ok"]
    return {name: all(held(go_props[v], name) and held(model_props[v], name) for v in VERSIONS)
            for name in COMPARED}


def cell(props, name):
    p = next((p for p in props if p["name"] == name), None)
    return "-" if p is None else ("ok" if p["ok"] else "FAIL") + f" ({p['checked']})"


def block_cell(kind, doc_or_runs, version):
    """The measured cleanups per block, for the table's cleanups_per_block row."""
    if kind == "go":
        sizes = {s for r in doc_or_runs["runs"] if r["workload"] == "blocksize" for s in r["data"]["group_sizes"]}
    else:
        sizes = {s for r in doc_or_runs if r["workload"] == "blocksize" for s in r["out"]["conformance"]["block_runs"]}
    return "/".join(str(s) for s in sorted(sizes)) or "?"


def by_workload(doc):
    by = defaultdict(list)
    for r in doc["runs"]:
        by[r["workload"]].append(r)
    return by


def print_priming_curve(curve):
    print("\nPriming curve: k cleanups run after a warm-up, then one AddCleanup; goroutines after it (Go: "
          "one process per run,\nrun_go.PRIMING_CURVE_RUNS per k; model: --shape priming, one seed per run; Mann-Whitney U of Go "
          f"against the model, 'differs' at p < {PRIMING_ALPHA}):")
    for key, c in curve.items():
        print(f"  {key} (cap {c['cap']}):")
        print(f"    {'k':>4}  {'Go median':>9} {'modal':>5}  {'model median':>12} {'modal':>5}  {'U':>6} {'z':>7} "
              f"{'p':>8}  verdict   Go values | model counts")
        for row in c["rows"]:
            t = row["test"]
            stats = (f"{t['U']:>6.1f} {t['z']:>7.3f} {t['p_normal']:>8.3g}" if t else f"{'-':>6} {'-':>7} {'-':>8}")
            verdict = "-" if row["differs"] is None else ("DIFFERS" if row["differs"] else "same")
            model = ", ".join(f"{k}x{n}" for k, n in row["model"].items())
            gm = "-" if row["go_median"] is None else f"{row['go_median']:g}"
            mm = "-" if row["model_median"] is None else f"{row['model_median']:g}"
            print(f"    {row['k']:>4}  {gm:>9} {str(row['go_modal']):>5}  {mm:>12} {str(row['model_modal']):>5}  "
                  f"{stats}  {verdict:<8}  {row['go']} | {{{model}}}")
    print("  (Go's findRunnable reaches the cleanup hook only when a P looks for its next goroutine, and idle "
          "Ps sleep\n  (runtime/proc.go: findRunnable, stopm); so does the model's default scheduler, "
          "findrunnable, with goroutines\n  pinned to home Ps (docs/model-vs-go.md S1). Each round that sees "
          "more blocks than sleepers adds the surplus\n  to needg (runtime/mcleanup.go: wake), and the next "
          "AddCleanup creates up to the cap (needG, createGs).\n  Under --scheduler poll every P polls every "
          "2 us and the model's curve sits at the cap.)")


def print_report(go_docs, go_props, model_runs, model_props, dist, parks, shrink, curve=None):
    cols = []
    for v in VERSIONS:
        cols += [(f"Go {v[2:]} real", go_props[v], "go", go_docs[v], v),
                 (f"model {v}", model_props[v], "model", model_runs[v], v)]
    width = max(len(n) for n in COMPARED + list(GO_ONLY))
    head = f"{'property (exact)':<{width}} | " + " | ".join(f"{c[0]:>14}" for c in cols) + " | verdict"
    print(head)
    print("-" * len(head))
    matched = verdicts(go_props, model_props)
    for name in COMPARED:
        cells = []
        for _, props, kind, src, v in cols:
            text = cell(props, name)
            if name == "cleanups_per_block" and any(p["name"] == name for p in props):
                text = f"{block_cell(kind, src, v)} {text}"
            cells.append(text)
        print(f"{name:<{width}} | " + " | ".join(f"{c:>14}" for c in cells)
              + f" | {'match' if matched[name] else 'MISMATCH'}")
    mismatches = [name for name in COMPARED if not matched[name]]
    print("\n(n) = checks made. The model: `cleanupq run --go VERSION --json --runner inline`, GC cycles register "
          "then collect,\nso its lost shape is Go's \"GC off during the adds, then GC\" (gc_cycles 1) and \"GC off "
          "plus one forced GC part-way\"\n(gc_cycles 2, N/2 per cycle); Go's default (paced) GC regime has no "
          "model counterpart.")
    for label, props, kind, _, _ in cols:
        for p in props:
            if p["name"] in COMPARED:
                for f in p["failures"]:
                    print(f"  {label} {p['name']}: {f}")
    print("\nGo-only properties (checked on the real runtime, not modelled):")
    for name, why in sorted(GO_ONLY.items()):
        print(f"  {name:<{width}}  {cell(go_props[VERSIONS[0]], name):>9}  {cell(go_props[VERSIONS[1]], name):>9}  "
              f"({why})")

    print("\nFinal cleanup goroutine count at GOMAXPROCS >= 8 (Go: one run per N; model: many seeds):")
    for key, d in dist.items():
        print(f"  {key}:")
        for row in d["rows"]:
            model = ", ".join(f"{k}x{c}" for k, c in row["model"].items())
            print(f"    P{row['procs']:<3} cap {row['cap']:>2}: Go {row['go']}  model {{{model}}}  modal {row['model_modal']}"
                  f" ({'a value Go showed' if row['go_has_modal'] else 'NOT a value Go showed'})")
        t = d["test"]
        if t:
            print(f"    Mann-Whitney U on goroutines/cap (Go n={t['n_go']}, model n={t['n_model']}): U={t['U']:.1f} "
                  f"z={t['z']:.3f} p={t['p_normal']:.4g}; permutation test of the means: p={t['p_permutation']:.4g}")
        if key.endswith("/gcoff"):
            cells = "  ".join(f"P{p}: {vals}" for p, vals in d["go_default"].items() if p >= 8)
            print(f"    Go's default (paced GC) regime, no model counterpart: {cells}")
    print("  (Where both samples hold one value the test has nothing to reject: p = 1. The model's seeds change "
          "the\n  interleaving, not this count: with one GC cycle no AddCleanup runs after a sweep, so none sees "
          "needg > 0;\n  with two, every scheduler round while cycle 1's blocks wait raises needg, and cycle 2's first "
          "AddCleanup\n  fills the pool to its cap, as in Go's gcoff-forced runs.)")
    print("\nParks per cleanup goroutine, lost shape, N = 1000, every GOMAXPROCS (Go: its traced runs; model: every seed):")
    for key, d in parks.items():
        t = d["test"]
        print(f"  {key}: Go {[round(x, 1) for x in d['go']]}")
        print(f"    model: {spread(d['model'])}")
        if t:
            print(f"    median Go {t['go_median']:.1f}, model {t['model_median']:.1f}; Mann-Whitney U (Go n={t['n_go']}, "
                  f"model n={t['n_model']}): U={t['U']:.1f} z={t['z']:.3f} p={t['p_normal']:.4g}; "
                  f"permutation test of the means: p={t['p_permutation']:.4g}")
    print("\nOne blocking cleanup (GOMAXPROCS: stalled or drained, cleanup goroutines):")
    for v in VERSIONS:
        go = "  ".join(f"P{b['procs']}: {'stalled' if b['stalled'] else 'drained'} ({b['cleanup_gs']})"
                       for b in check_go.distributions(by_workload(go_docs[v]))["blocking"])
        model = "  ".join(f"P{r['shape']['procs']}: "
                          f"{'stalled' if r['out']['queued'] > r['out']['stuck_pending'] else 'drained'} "
                          f"({r['out']['conformance']['queue_end']['ng']})"
                          for r in model_runs[v] if r["workload"] == "blocking")
        print(f"  Go {v[2:]} real: {go}\n  model {v}:   {model}")
    print("\nA cleanup that calls runtime.Goexit (#71824; GOMAXPROCS: stalled or drained, cleanup goroutines, "
          "running at the end):")
    for v in VERSIONS:
        go = "  ".join(f"P{r['procs']}: {'stalled' if r['data']['stalled'] else 'drained'} ({r['data']['cleanup_gs']}, "
                       f"running {r['data']['end']['running']})" for r in by_workload(go_docs[v])["goexit"])
        model = "  ".join(f"P{r['shape']['procs']}: {'stalled' if r['out']['queued'] > 0 else 'drained'} "
                          f"({r['out']['conformance']['queue_end']['ng']}, "
                          f"running {r['out']['conformance']['queue_end']['running']})"
                          for r in model_runs[v] if r["workload"] == "goexit")
        print(f"  Go {v[2:]} real: {go}\n  model {v}:   {model}")
    print(f"\nShrinking GOMAXPROCS {SHRINK_PROCS} -> 1 during a sweep: runs that stranded cleanups, and how many "
          "(a frequency on each side):")
    for v in VERSIONS:
        s = shrink[v]
        print(f"  Go {v[2:]} real: {s['go_stranded_runs']}/{s['go_runs']} runs, stranded {s['go_counts']}")
        print(f"  model {v}:   {s['model_stranded_runs']}/{s['model_runs']} seeds, stranded {s['model_counts']}")
    print("  (Go's main goroutine calls runtime.GOMAXPROCS(1) once it sees a partial block beyond P0; by the time "
          "that\n  stops the world, the block may have filled and been pushed, or been flushed: whether one is "
          "still there\n  is a race. The model shrinks half-way through the sweep, when partial blocks always "
          "exist, so it strands\n  in every run: its frequency is an upper bound, not an estimate.)")
    if curve is not None:
        print_priming_curve(curve)
    print("\nNot compared: timings, goroutine IDs and interleavings (only counts and final states).")
    return mismatches


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cleanupq", required=True, help="the cleanupq binary to run")
    ap.add_argument("--go-results", default=os.path.join(ROOT, "build", "conformance"),
                    help="scripts/conform-go.sh's output folder (default build/conformance)")
    ap.add_argument("--rerun-go", action="store_true", help="run the Go side even when its results are fresh")
    ap.add_argument("--seeds", type=int, default=30, help="model seeds per shape at GOMAXPROCS >= 8 (default 30)")
    ap.add_argument("--priming-seeds", type=int, default=PRIMING_CURVE_SEEDS,
                    help=f"model seeds per GOMAXPROCS and k of the priming curve (default {PRIMING_CURVE_SEEDS})")
    ap.add_argument("--jobs", type=int, default=2, help="model runs at once (default 2)")
    ap.add_argument("--summary", help="write the table's data as JSON here")
    args = ap.parse_args()
    if not os.access(args.cleanupq, os.X_OK):
        sys.exit(f"conform: --cleanupq {args.cleanupq}: not an executable file")
    if not 1 <= args.seeds <= 1000:
        sys.exit(f"conform: --seeds {args.seeds}: allowed 1..1000")
    if not 1 <= args.priming_seeds <= 1000:
        sys.exit(f"conform: --priming-seeds {args.priming_seeds}: allowed 1..1000")
    if not 1 <= args.jobs <= 64:
        sys.exit(f"conform: --jobs {args.jobs}: allowed 1..64")
    go_docs = load_go(args.go_results, args.rerun_go)
    go_props = {v: check_go.check_version(go_docs[v])[0] for v in VERSIONS}
    runs = run_all_models(args.cleanupq, args.seeds, args.jobs, args.priming_seeds)
    model_runs = {v: [r for r in runs if r["version"] == v] for v in VERSIONS}
    model_props = {v: check_model(model_runs[v], v) for v in VERSIONS}
    dist = distributions(go_docs, model_runs)
    parks = parks_distributions(go_docs, model_runs)
    shrink = {v: shrink_frequencies(go_docs[v], model_runs[v]) for v in VERSIONS}
    curve = priming_curve(go_docs, model_runs)
    mismatches = print_report(go_docs, go_props, model_runs, model_props, dist, parks, shrink, curve)
    if args.summary:
        summary = {"schema": "cleanup-conformance-comparison/1",
                   "go_versions": {v: go_docs[v]["go_version"] for v in VERSIONS},
                   "go": go_props, "model": model_props, "distributions": dist, "parks": parks,
                   "shrink": shrink, "priming_curve": curve,
                   "mismatches": mismatches}
        try:
            with open(args.summary, "w") as f:
                json.dump(summary, f, indent=1)
                f.write("\n")
        except OSError as e:
            sys.exit(f"conform: cannot write {args.summary}: {e}")
    if mismatches:
        print(f"\nFAILED: {', '.join(mismatches)}")
        sys.exit(1)
    print("\nEvery exact property holds on both sides of both versions.")


if __name__ == "__main__":
    main()
