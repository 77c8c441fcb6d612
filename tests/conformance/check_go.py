#!/usr/bin/env python3
"""Checks the exact properties of Go's cleanup queue on the runs that run_go.py recorded from a real
toolchain, prints them as a table with the measured distributions, and writes a summary JSON
(schema in README.md). Exit status 1 when any exact property fails on any version.

  check_go.py RESULTS.json [RESULTS.json ...] [--summary FILE]
"""
import argparse
import json
import sys
from collections import defaultdict

# Slots per 512-byte block on amd64: one *funcval word in 1.25, a three-word cleanupFn in 1.26
# (src/runtime/mcleanup.go, type cleanupBlock).
EXPECTED_SLOTS = {"go1.25": 60, "go1.26": 20}


def minor(version):
    parts = version.split(".")
    return ".".join(parts[:2])


def max_gs(procs):
    return max(procs // 4, 1)


class Check:
    def __init__(self):
        self.failures = defaultdict(list)
        self.tried = defaultdict(int)

    def expect(self, prop, ok, what):
        self.tried[prop] += 1
        if not ok:
            self.failures[prop].append(what)


def describe(run):
    return " ".join(run.get("args", [])) or run["workload"]


def check_version(doc):
    version = doc["go_version"]
    c = Check()
    slots = EXPECTED_SLOTS.get(minor(version))
    runs = doc["runs"]
    if slots is None:
        c.expect("block_layout", False, f"{version}: no expected block size (known: {sorted(EXPECTED_SLOTS)})")
        slots = -1
    by = defaultdict(list)
    for r in runs:
        by[r["workload"]].append(r)
        c.expect("no_workload_error", not r.get("error"), f"{describe(r)}: {r.get('error')}")
        lay = r["layout"]
        c.expect("block_layout", lay["block_bytes"] == 512 and lay["block_header_bytes"] == 32
                 and lay["block_slots"] == slots, f"{describe(r)}: layout {lay}")

    for r in by["lost"]:
        d, p = r["data"], r["procs"]
        c.expect("every_cleanup_runs_once", d["drained"] and d["ran_once"] == d["total"]
                 and d["ran_more_than_once"] == 0 and d["never_ran"] == 0,
                 f"{describe(r)}: once {d['ran_once']}, more {d['ran_more_than_once']}, never {d['never_ran']} of {d['total']}")
        c.expect("every_cleanup_runs_once", d["idle_state"]["executed"] == d["idle_state"]["queued"],
                 f"{describe(r)}: executed {d['idle_state']['executed']} != queued {d['idle_state']['queued']}")
        ng = d["cleanup_gs"]
        c.expect("pool_within_bounds", 1 <= ng <= max_gs(p), f"{describe(r)}: {ng} goroutines, max {max_gs(p)}")
        samples = d["ng_samples"]
        c.expect("pool_never_decreases", all(a <= b for a, b in zip(samples, samples[1:])),
                 f"{describe(r)}: samples {samples}")
        if p <= 7:
            c.expect("one_goroutine_when_procs_le_7", ng == 1, f"{describe(r)}: {ng} goroutines")
        if d["before_last_add"]["queued"] == 0:
            c.expect("one_goroutine_without_sweep_before_last_add", ng == 1,
                     f"{describe(r)}: nothing queued before the last AddCleanup, yet {ng} goroutines")
        c.expect("idle_after_drain", d["idle_after_drain"], f"{describe(r)}: {d['idle_state']}")
    for r in by["lost"] + by["priming"]:
        t = r.get("trace")
        if t:
            ng = r["data"]["cleanup_gs"] if r["workload"] == "lost" else r["data"]["after_probe"]["ng"]
            c.expect("trace_counts_cleanup_goroutines", t["cleanup_gs_created"] + t["cleanup_gs_preexisting"] == ng,
                     f"{describe(r)}: trace shows {t['cleanup_gs_created']} created, the queue {ng}")
            # A cleanup goroutine waits only in the queue ("system goroutine wait"). "preempted" is
            # not a wait: the scheduler took a running goroutine off its P (sysmon's preemptone,
            # runtime/proc.go), which a loaded machine does now and then (CI saw it once, Go 1.26).
            c.expect("trace_counts_cleanup_goroutines",
                     set(t["park_reasons"]) <= {"system goroutine wait", "preempted"},
                     f"{describe(r)}: park reasons {t['park_reasons']}")
    for r in by["priming"]:
        d, p = r["data"], r["procs"]
        ngs = [d["after_warm_up"]["ng"], d["before_probe"]["ng"], d["after_probe"]["ng"]]
        c.expect("pool_within_bounds", 1 <= ngs[-1] <= max_gs(p), f"{describe(r)}: {ngs[-1]} goroutines")
        c.expect("pool_never_decreases", ngs == sorted(ngs), f"{describe(r)}: {ngs}")
        c.expect("idle_after_drain", d["idle_before_probe"], f"{describe(r)}: {d['before_probe']}")
        c.expect("every_cleanup_runs_once", d["drained"] and not r.get("error"), f"{describe(r)}")
        # createGs: need = min(needg, max - ng) at an AddCleanup on an idle queue (nothing can wake).
        b = d["before_probe"]
        want = min(b["ng"] + b["needg"], max_gs(p)) if b["ng"] > 0 else 1
        c.expect("add_cleanup_creates_pending_needg_up_to_cap", d["after_probe"]["ng"] == want,
                 f"{describe(r)}: ng {b['ng']} + needg {b['needg']} (cap {max_gs(p)}) became {d['after_probe']['ng']}")
    for r in by["blocksize"]:
        d = r["data"]
        c.expect("cleanups_per_block", d["m"] % slots == 0 and d["group_sizes"] == [slots] * (d["m"] // slots),
                 f"{describe(r)}: groups {d['group_sizes']} (expected {d['m'] // max(slots, 1)} x {slots})")
        c.expect("executed_moves_by_whole_blocks", all(v % slots == 0 for v in d["executed_values"])
                 and d["executed_end"] == d["m"], f"{describe(r)}: executed values {d['executed_values']}")
        if d["metric_group_sizes"] is not None:
            c.expect("executed_moves_by_whole_blocks", d["metric_group_sizes"] == [slots] * (d["m"] // slots)
                     and d["metric_executed_end"] == d["m"],
                     f"{describe(r)}: /gc/cleanups/executed groups {d['metric_group_sizes']}")
        elif minor(version) != "go1.25":
            c.expect("executed_moves_by_whole_blocks", False, f"{version} lacks /gc/cleanups/executed")
    for r in by["blocking"]:
        d, p = r["data"], r["procs"]
        if p <= 7:
            c.expect("blocking_cleanup_stalls_queue_when_procs_le_7", d["stalled"] and d["cleanup_gs"] == 1,
                     f"{describe(r)}: stalled {d['stalled']}, {d['cleanup_gs']} goroutines, end {d['end']}")
        else:
            c.expect("blocking_cleanup_stalls_queue_when_procs_le_7", not d["stalled"] and d["cleanup_gs"] >= 2,
                     f"{describe(r)}: stalled {d['stalled']} with {d['cleanup_gs']} goroutines at GOMAXPROCS {p}")
    for r in by["blocking"] + by["goexit"]:
        d = r["data"]
        c.expect("num_goroutine_never_counts_cleanup_goroutines", d["num_goroutine"] == d["num_goroutine_baseline"],
                 f"{describe(r)}: runtime.NumGoroutine {d['num_goroutine']}, {d['num_goroutine_baseline']} before the workload")
    for r in by["goexit"]:
        d, p = r["data"], r["procs"]
        # The goroutine that called Goexit stays counted in ng and in running (#71824).
        if p <= 7:
            c.expect("goexit_in_cleanup_stalls_queue_when_procs_le_7", d["stalled"] and d["cleanup_gs"] == 1
                     and d["end"]["running"] == 1, f"{describe(r)}: stalled {d['stalled']}, end {d['end']}")
        else:
            c.expect("goexit_in_cleanup_stalls_queue_when_procs_le_7", not d["stalled"] and d["end"]["running"] == 1, f"{describe(r)}: stalled {d['stalled']}, end {d['end']}")
    for r in by["lost"]:
        d = r["data"]
        c.expect("num_goroutine_never_counts_cleanup_goroutines", d["num_goroutine_idle"] == d["num_goroutine_baseline"],
                 f"{describe(r)}: runtime.NumGoroutine {d['num_goroutine_idle']} once idle, {d['num_goroutine_baseline']} before")
    for r in by["shrink"]:
        d = r["data"]
        c.expect("shrink_strands_until_growth", d["unrun"] == d["stranded"] and d["recovered"],
                 f"{describe(r)}: unrun {d['unrun']}, in destroyed Ps' blocks {d['stranded']}, recovered {d['recovered']}")

    props = [{"name": name, "ok": not c.failures[name], "checked": c.tried[name], "failures": c.failures[name][:5]}
             for name in sorted(c.tried)]
    return props, distributions(by)


def distributions(by):
    pool = defaultdict(list)  # "procs/regime" -> [ng ...] over the N values
    parks = []
    for r in by["lost"]:
        d = r["data"]
        pool[f"{r['procs']}/{d['regime']}"].append({"n": d["n"], "cleanup_gs": d["cleanup_gs"],
                                                    "gc_cycles_during_adds": d["gc_cycles_during_adds"]})
        t = r.get("trace")
        if t and d["cleanup_gs"]:
            parks.append({"procs": r["procs"], "n": d["n"], "regime": d["regime"], "cleanup_gs": d["cleanup_gs"],
                          "parks": t["parks"], "unblocks": t["unblocks"]})
    priming = defaultdict(list)
    for r in by["priming"]:
        d = r["data"]
        priming[str(r["procs"])].append({"k": d["k"], "needg_before": d["before_probe"]["needg"],
                                         "ng_before": d["before_probe"]["ng"], "cleanup_gs": d["cleanup_gs"]})
    shrink = [r["data"] for r in by["shrink"]]
    return {
        "pool_size": pool,
        "priming": priming,
        "parks": parks,
        "shrink": {"runs": len(shrink), "saw_partial_block": sum(d["saw_partial_block"] for d in shrink),
                   "stranded_runs": sum(d["stranded"] > 0 for d in shrink),
                   "stranded_counts": [d["stranded"] for d in shrink],
                   "recovered_runs": sum(d["recovered"] for d in shrink)},
        "blocking": [{"procs": r["procs"], "stalled": r["data"]["stalled"], "cleanup_gs": r["data"]["cleanup_gs"],
                      "others_ran": r["data"]["others_ran"], "others": r["data"]["others"]} for r in by["blocking"]],
        "goexit": [{"procs": r["procs"], "stalled": r["data"]["stalled"], "cleanup_gs": r["data"]["cleanup_gs"],
                    "others_ran": r["data"]["others_ran"], "others": r["data"]["others"]} for r in by["goexit"]],
    }


def print_tables(results):
    versions = [v for v, _, _ in results]
    names = sorted({p["name"] for _, props, _ in results for p in props})
    width = max(len(n) for n in names)
    print(f"{'property (exact)':<{width}}  " + "  ".join(f"{v:>12}" for v in versions))
    for name in names:
        cells = []
        for _, props, _ in results:
            p = next((p for p in props if p["name"] == name), None)
            cells.append("-" if p is None else ("ok" if p["ok"] else "FAIL") + f" ({p['checked']})")
        print(f"{name:<{width}}  " + "  ".join(f"{c:>12}" for c in cells))
    for v, props, _ in results:
        for p in props:
            for f in p["failures"]:
                print(f"  {v} {p['name']}: {f}")
    print("\nPool size (cleanup goroutines after the last AddCleanup) by GOMAXPROCS/regime, for N per goroutine:")
    for v, _, dist in results:
        print(f"  {v}:")
        for key in sorted(dist["pool_size"], key=lambda k: (int(k.split('/')[0]), k)):
            cells = ", ".join(f"N={e['n']}: {e['cleanup_gs']} (gc {e['gc_cycles_during_adds']})" for e in dist["pool_size"][key])
            print(f"    {key:<18} {cells}")
    print("\nPriming curve (k cleanups run after a warm-up, then one AddCleanup): k -> needg pending, goroutines:")
    for v, _, dist in results:
        for procs, rows in dist["priming"].items():
            # Repeated runs of one k (run_go.PRIMING_CURVE_RUNS) on one cell: k:needg->goroutines, ...
            per_k = defaultdict(list)
            for e in rows:
                per_k[e["k"]].append(f"{e['needg_before']}->{e['cleanup_gs']}")
            cells = "  ".join(f"{k}:{','.join(x)}" for k, x in per_k.items())
            print(f"  {v} GOMAXPROCS {procs:>2}: {cells}")
    print("\nParks and unblocks per cleanup goroutine (lost runs with a trace), by GOMAXPROCS:")
    for v, _, dist in results:
        per = defaultdict(list)
        for e in dist["parks"]:
            per[e["procs"]].append(e["parks"] / e["cleanup_gs"])
        cells = "  ".join(f"P{p}: {min(x):.0f}-{max(x):.0f}" for p, x in sorted(per.items()))
        print(f"  {v}: parks/goroutine {cells}")
    print("\nShrinking GOMAXPROCS 8 -> 1 during sweep:")
    for v, _, dist in results:
        s = dist["shrink"]
        print(f"  {v}: stranded cleanups in {s['stranded_runs']} of {s['runs']} runs "
              f"(counts {s['stranded_counts']}); all ran after growing back in {s['recovered_runs']}")
    print("\nOne blocking cleanup (200 others queued):")
    for v, _, dist in results:
        cells = "  ".join(f"P{b['procs']}: {'stalled' if b['stalled'] else 'drained'} ({b['cleanup_gs']} gs, "
                          f"{b['others_ran']}/{b['others']} ran)" for b in dist["blocking"])
        print(f"  {v}: {cells}")
    print("\nruntime.Goexit in one cleanup (200 others queued):")
    for v, _, dist in results:
        cells = "  ".join(f"P{b['procs']}: {'stalled' if b['stalled'] else 'drained'} ({b['cleanup_gs']} gs, "
                          f"{b['others_ran']}/{b['others']} ran)" for b in dist["goexit"])
        print(f"  {v}: {cells}")
    print("\nNot compared: timings, goroutine IDs and interleavings (only counts and final states).")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("results", nargs="+", help="JSON files written by run_go.py")
    ap.add_argument("--summary", help="write the properties and distributions as JSON here")
    args = ap.parse_args()
    results = []
    for path in args.results:
        try:
            with open(path) as f:
                doc = json.load(f)
        except (OSError, json.JSONDecodeError) as e:
            sys.exit(f"check_go: cannot read {path}: {e}")
        if doc.get("schema") != "cleanup-conformance/1" or doc.get("side") != "go":
            sys.exit(f"check_go: {path}: schema {doc.get('schema')!r} side {doc.get('side')!r}; "
                     "expected cleanup-conformance/1 from the go side")
        props, dist = check_version(doc)
        results.append((doc["go_version"], props, dist))
    print_tables(results)
    if args.summary:
        summary = {"schema": "cleanup-conformance-summary/1", "side": "go",
                   "versions": [{"go_version": v, "properties": p, "distributions": d} for v, p, d in results]}
        try:
            with open(args.summary, "w") as f:
                json.dump(summary, f, indent=1)
                f.write("\n")
        except OSError as e:
            sys.exit(f"check_go: cannot write {args.summary}: {e}")
    failed = [(v, p["name"]) for v, props, _ in results for p in props if not p["ok"]]
    if failed:
        print(f"\nFAILED: {', '.join(f'{v} {n}' for v, n in failed)}")
        sys.exit(1)
    print("\nAll exact properties hold.")


if __name__ == "__main__":
    main()
