#!/usr/bin/env python3
"""Shows that conform.py's comparison can fail: well-formed model runs pass, each doctored copy breaks
exactly the property it violates, a property one side never checked is a mismatch, and the two-sample
test gives textbook values. Run: python3 tests/conformance/test_conform.py"""
import contextlib
import copy
import io
import os
import subprocess
import sys
import tempfile
import unittest
from unittest import mock

sys.dont_write_bytecode = True  # no __pycache__ in the source tree when ctest runs this
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import conform  # noqa: E402


def queue_end(ng=1, **kw):
    q = {"ng": ng, "needg": 0, "asleep": ng, "sleeping": ng, "running": 0, "work_units": 0, "flushed": True,
         "cleanups_on_full": 0, "p_blocks": 0, "worker_cap": 1}
    q.update(kw)
    return q


def model_run(workload, shape, registered, executed, ng=1, swept_before=0, block_runs=None, executed_values=None,
              creations=None, **out):
    facts = {"trace_complete": True, "ng_after_creations": [ng] if creations is None else creations,
             "block_runs": block_runs or [], "executed_values": executed_values or [],
             "swept_before_last_add_cleanup": swept_before, "parks": 3, "unparks": 2, "queue_end": queue_end(ng)}
    o = {"registered": registered, "executed": executed, "lost": 0, "duplicated": 0, "pending": registered - executed,
         "finished": True, "stranded": False, "workers_created": ng, "conformance": facts}
    o.update(out)
    return {"workload": workload, "version": "go1.26", "shape": shape, "cmd": f"run {workload} {shape}", "out": o}


def good_runs():
    return [
        # P 4, one cycle: nothing swept before the last AddCleanup, one goroutine.
        model_run("lost", {"procs": 4, "n": 100, "regime": "gcoff", "cycles": 1, "seed": 1}, 400, 400,
                  block_runs=[20] * 20),
        # P 16, two cycles: cycle 1's cleanups were swept before cycle 2's adds, the pool grew to its cap.
        model_run("lost", {"procs": 16, "n": 100, "regime": "gcoff-forced", "cycles": 2, "seed": 1}, 1600, 1600,
                  ng=4, swept_before=800, creations=[1, 3, 4], block_runs=[20] * 79 + [10, 10]),
        model_run("blocksize", {"procs": 1, "m": 60}, 60, 60, block_runs=[20, 20, 20], executed_values=[20, 40, 60]),
        # P 4: 19 cleanups wait behind the blocking one in its block, 570 more stay queued.
        model_run("blocking", {"procs": 4, "others": 199}, 600, 11, queued=589, stuck_pending=19),
        # P 8: a second goroutine ran every other block; only the blocking one's block is left.
        model_run("blocking", {"procs": 8, "others": 199}, 600, 581, ng=2, creations=[1, 2], queued=19,
                  stuck_pending=19),
        # P 4: the goroutine that called Goexit stays counted, running; 520 cleanups stay queued.
        goexit_run(4, queued=520, ng=1),
        # P 16: the other goroutines drained the queue; the dead one is still counted as running.
        goexit_run(16, queued=0, ng=4),
        # Shrunk for good: the 168 unrun cleanups are exactly those in the cut Ps' blocks.
        shrink_run(0, pending=168, stranded=168),
        # The same seed grown back after cycle 2: everything ran.
        shrink_run(2, pending=0, stranded=0),
    ]


def goexit_run(procs, queued, ng):
    r = model_run("goexit", {"procs": procs, "others": 199}, 600, 600 - queued - 51, ng=ng, queued=queued,
                  lost=51, losses={"killed_by_goexit": queued + 51, "lost_wakeup": 0, "stranded_by_shrink": 0})
    facts(r)["queue_end"].update(running=1, asleep=ng - 1, sleeping=ng - 1)
    return r


def shrink_run(regrow_after, pending, stranded):
    return model_run("shrink", {"procs": 8, "seed": 1, "regrow_after": regrow_after}, 24000, 24000 - pending,
                     losses={"killed_by_goexit": 0, "lost_wakeup": 0, "stranded_by_shrink": stranded})


def failing(runs, version="go1.26"):
    return sorted(p["name"] for p in conform.check_model(runs, version) if not p["ok"])


def doctor(index, change):
    runs = good_runs()
    change(runs[index])
    return runs


def facts(run):
    return run["out"]["conformance"]


class CheckModelTest(unittest.TestCase):
    def test_good_runs_pass(self):
        self.assertEqual(failing(good_runs()), [])
        checked = {p["name"] for p in conform.check_model(good_runs(), "go1.26")}
        self.assertEqual(checked, set(conform.COMPARED))

    def test_lost_cleanup(self):
        def lose(r):
            r["out"].update(executed=399, pending=1, lost=1)
            facts(r)["block_runs"] = [20] * 19 + [19]  # the lost one is in no block run
        self.assertEqual(failing(doctor(0, lose)), ["every_cleanup_runs_once"])

    def test_duplicated_cleanup(self):
        self.assertEqual(failing(doctor(0, lambda r: r["out"].update(duplicated=1))), ["every_cleanup_runs_once"])

    def test_unfinished_run(self):
        self.assertEqual(failing(doctor(1, lambda r: r["out"].update(finished=False))), ["every_cleanup_runs_once"])

    def test_pool_above_cap(self):
        def grow(r):
            r["out"]["workers_created"] = 5
            facts(r)["queue_end"] = queue_end(5)
            facts(r)["ng_after_creations"] = [1, 5]
        self.assertEqual(failing(doctor(1, grow)), ["pool_within_bounds"])

    def test_pool_decreases(self):
        self.assertEqual(failing(doctor(1, lambda r: facts(r).update(ng_after_creations=[1, 4, 3, 4]))),
                         ["pool_never_decreases"])

    def test_two_goroutines_at_procs_7(self):
        def two(r):
            # Also above max(7/4, 1) = 1, so the bound fails with it; a sweep happened, so that rule is mute.
            r["shape"]["procs"] = 7
            r["out"].update(registered=700, executed=700, pending=0)
            facts(r)["block_runs"] = [20] * 35
            r["out"]["workers_created"] = 2
            facts(r)["queue_end"] = queue_end(2)
            facts(r)["ng_after_creations"] = [1, 2]
            facts(r)["swept_before_last_add_cleanup"] = 5
        self.assertEqual(failing(doctor(0, two)), ["one_goroutine_when_procs_le_7", "pool_within_bounds"])

    def test_goroutines_without_sweep(self):
        self.assertEqual(failing(doctor(1, lambda r: facts(r).update(swept_before_last_add_cleanup=0))),
                         ["one_goroutine_without_sweep_before_last_add"])

    def test_partial_block(self):
        self.assertEqual(failing(doctor(2, lambda r: facts(r).update(block_runs=[20, 20, 10, 10]))),
                         ["cleanups_per_block"])

    def test_oversized_block_in_a_lost_run(self):
        self.assertEqual(failing(doctor(0, lambda r: facts(r).update(block_runs=[20] * 18 + [40]))),
                         ["cleanups_per_block"])

    def test_cleanups_run_outside_blocks(self):
        self.assertEqual(failing(doctor(1, lambda r: facts(r).update(block_runs=[20] * 79))), ["cleanups_per_block"])

    def test_block_size_is_per_version(self):
        # 20-cleanup blocks are right for go1.26 and wrong for go1.25 (60).
        self.assertEqual(failing(good_runs()[2:3], "go1.25"), ["cleanups_per_block", "executed_moves_by_whole_blocks"])

    def test_executed_moves_by_one(self):
        self.assertEqual(failing(doctor(2, lambda r: facts(r).update(executed_values=[20, 41, 60]))),
                         ["executed_moves_by_whole_blocks"])

    def test_work_left_after_drain(self):
        self.assertEqual(failing(doctor(0, lambda r: facts(r)["queue_end"].update(work_units=1))), ["idle_after_drain"])

    def test_goroutine_awake_after_drain(self):
        self.assertEqual(failing(doctor(0, lambda r: facts(r)["queue_end"].update(asleep=0))), ["idle_after_drain"])

    def test_p_block_left_after_drain(self):
        self.assertEqual(failing(doctor(1, lambda r: facts(r)["queue_end"].update(p_blocks=1, flushed=False))),
                         ["idle_after_drain"])

    def test_blocking_cleanup_not_stalling_at_procs_4(self):
        self.assertEqual(failing(doctor(3, lambda r: r["out"].update(executed=581, queued=19))),
                         ["blocking_cleanup_stalls_queue_when_procs_le_7"])

    def test_blocking_cleanup_stalling_at_procs_8(self):
        self.assertEqual(failing(doctor(4, lambda r: r["out"].update(executed=300, queued=300))),
                         ["blocking_cleanup_stalls_queue_when_procs_le_7"])

    def test_blocking_cleanup_without_second_goroutine_at_procs_8(self):
        def one(r):
            r["out"]["workers_created"] = 1
            facts(r)["queue_end"] = queue_end(1)
        self.assertEqual(failing(doctor(4, one)), ["blocking_cleanup_stalls_queue_when_procs_le_7"])

    def test_goexit_not_stalling_at_procs_4(self):
        self.assertEqual(failing(doctor(5, lambda r: r["out"].update(queued=0))),
                         ["goexit_in_cleanup_stalls_queue_when_procs_le_7"])

    def test_goexit_goroutine_no_longer_running(self):
        # Go keeps the dead goroutine in `running` (#71824); a model that let it go would differ.
        self.assertEqual(failing(doctor(6, lambda r: facts(r)["queue_end"].update(running=0))),
                         ["goexit_in_cleanup_stalls_queue_when_procs_le_7"])

    def test_goexit_stalling_at_procs_16(self):
        self.assertEqual(failing(doctor(6, lambda r: r["out"].update(queued=100))),
                         ["goexit_in_cleanup_stalls_queue_when_procs_le_7"])

    def test_shrink_losing_more_than_the_cut_blocks(self):
        self.assertEqual(failing(doctor(7, lambda r: r["out"].update(pending=170, executed=23830))),
                         ["shrink_strands_until_growth"])

    def test_shrink_not_recovered_after_growing_back(self):
        def unrecovered(r):
            r["out"].update(pending=168, executed=23832)
            r["out"]["losses"]["stranded_by_shrink"] = 168
        self.assertEqual(failing(doctor(8, unrecovered)), ["shrink_strands_until_growth"])

    def test_incomplete_trace_fails(self):
        self.assertIn("every_cleanup_runs_once", failing(doctor(0, lambda r: facts(r).update(trace_complete=False))))


class VerdictTest(unittest.TestCase):
    def props(self, failing_name=None, missing=None):
        return [{"name": n, "ok": n != failing_name, "checked": 3, "failures": []}
                for n in conform.COMPARED if n != missing]

    def test_all_hold(self):
        both = {v: self.props() for v in conform.VERSIONS}
        self.assertTrue(all(conform.verdicts(both, copy.deepcopy(both)).values()))

    def test_go_failure_is_a_mismatch(self):
        go = {"go1.25": self.props(), "go1.26": self.props("idle_after_drain")}
        model = {v: self.props() for v in conform.VERSIONS}
        got = conform.verdicts(go, model)
        self.assertEqual([n for n, ok in got.items() if not ok], ["idle_after_drain"])

    def test_unchecked_on_model_is_a_mismatch(self):
        go = {v: self.props() for v in conform.VERSIONS}
        model = {"go1.25": self.props(missing="cleanups_per_block"), "go1.26": self.props()}
        got = conform.verdicts(go, model)
        self.assertEqual([n for n, ok in got.items() if not ok], ["cleanups_per_block"])


class StatisticsTest(unittest.TestCase):
    def test_mann_whitney_separated_samples(self):
        u, z, p = conform.mann_whitney([1, 2, 3], [4, 5, 6])
        self.assertEqual(u, 0)
        self.assertAlmostEqual(z, -4.5 / (21 / 4) ** 0.5, places=9)  # var = 3*3*7/12
        self.assertAlmostEqual(p, 0.049535, places=5)

    def test_mann_whitney_ties(self):
        # Ranks of [1, 1, 2] + [2, 3]: 1.5, 1.5, 3.5 | 3.5, 5; U = 6.5 - 6 = 0.5.
        u, _, p = conform.mann_whitney([1, 1, 2], [2, 3])
        self.assertAlmostEqual(u, 0.5)
        self.assertLess(p, 0.2)

    def test_identical_samples_show_no_difference(self):
        self.assertEqual(conform.mann_whitney([1, 1], [1, 1, 1]), (3.0, 0.0, 1.0))
        self.assertEqual(conform.permutation_p([2, 2], [2, 2, 2], rounds=200), 1.0)

    def test_permutation_separates_distinct_samples(self):
        self.assertLess(conform.permutation_p([0] * 10, [1] * 10, rounds=2000), 0.01)


def go_priming(procs, k, cleanup_gs):
    return {"workload": "priming", "procs": procs, "data": {"k": k, "cleanup_gs": cleanup_gs}}


def model_priming(version, procs, k, seed, ng):
    r = model_run("priming", {"procs": procs, "k": k, "seed": seed}, k + 2, k + 2, ng=ng)
    r["version"] = version
    return r


class PrimingCurveTest(unittest.TestCase):
    """priming_curve on made-up Go and model runs (GOMAXPROCS 8, cap 2; other GOMAXPROCS left empty)."""

    def curve(self, go_ng, model_ng, k=60, procs=8):
        go_docs = {v: {"runs": [go_priming(procs, k, g) for g in go_ng]} for v in conform.VERSIONS}
        model = {v: [model_priming(v, procs, k, i + 1, m) for i, m in enumerate(model_ng)] for v in conform.VERSIONS}
        return conform.priming_curve(go_docs, model)

    def row(self, curve, version="go1.25", procs=8):
        rows = curve[f"{version}/P{procs}"]["rows"]
        self.assertEqual(len(rows), 1)
        return rows[0]

    def test_ties_across_samples(self):
        # Pooled ranks of Go [1, 2] and model [2, 3, 3]: 1 | 2.5, 2.5 | 4.5, 4.5. Go's rank sum 3.5, so
        # U = 3.5 - 2*3/2 = 0.5. Ties: two pairs, each t^3 - t = 6. var = 2*3/12 * (6 - 12/(5*4)) = 2.7,
        # z = (0.5 - 3) / sqrt(2.7) = -1.52145, p = erfc(1.52145 / sqrt 2) = 0.1282: not a difference.
        row = self.row(self.curve([1, 2], [2, 3, 3]))
        self.assertEqual(row["go"], [1, 2])
        self.assertEqual(row["model"], {2: 1, 3: 2})
        self.assertEqual((row["go_median"], row["model_median"]), (1.5, 3))
        self.assertEqual((row["go_modal"], row["model_modal"]), (1, 3))  # Go: 1 and 2 once each, the smaller
        t = row["test"]
        self.assertEqual((t["n_go"], t["n_model"]), (2, 3))
        self.assertAlmostEqual(t["U"], 0.5)
        self.assertAlmostEqual(t["z"], -1.52145, places=4)
        self.assertAlmostEqual(t["p_normal"], 0.1282, places=3)
        self.assertFalse(row["differs"])

    def test_go_below_the_cap_model_at_it_differs(self):
        # Go eight runs of 1, the model eight of 2: Go's ranks all 4.5, U = 8*4.5 - 36 = 0. Ties: two groups
        # of 8, 2*(512 - 8) = 1008. var = 64/12 * (17 - 1008/240) = 68.2667, z = -32/sqrt(68.2667) = -3.873,
        # p = 1.07e-4 < 0.01.
        row = self.row(self.curve([1] * 8, [2] * 8))
        self.assertAlmostEqual(row["test"]["U"], 0.0)
        self.assertAlmostEqual(row["test"]["z"], -3.8730, places=3)
        self.assertAlmostEqual(row["test"]["p_normal"], 1.075e-4, places=6)
        self.assertTrue(row["differs"])
        self.assertEqual((row["go_modal"], row["model_modal"]), (1, 2))

    def test_same_values_do_not_differ(self):
        row = self.row(self.curve([2] * 5, [2] * 7))
        self.assertEqual((row["test"]["U"], row["test"]["z"], row["test"]["p_normal"]), (17.5, 0.0, 1.0))
        self.assertFalse(row["differs"])

    def test_k_without_model_runs_has_no_test(self):
        row = self.row(self.curve([1, 2], []))
        self.assertIsNone(row["test"])
        self.assertIsNone(row["differs"])
        self.assertIsNone(row["model_median"])

    def test_other_k_and_procs_kept_apart(self):
        go_docs = {v: {"runs": [go_priming(8, 0, 1), go_priming(8, 60, 2), go_priming(16, 0, 4),
                                go_priming(8, 7, 2)]}  # k 7 is not on the curve
                   for v in conform.VERSIONS}
        model = {v: [model_priming(v, 8, 0, 1, 2), model_priming(v, 16, 0, 1, 3)] for v in conform.VERSIONS}
        curve = conform.priming_curve(go_docs, model)
        rows8 = {r["k"]: r for r in curve["go1.26/P8"]["rows"]}
        self.assertEqual(sorted(rows8), [0, 60])
        self.assertEqual((rows8[0]["go"], rows8[0]["model"]), ([1], {2: 1}))
        self.assertEqual(rows8[60]["model"], {})
        rows16 = curve["go1.26/P16"]["rows"]
        self.assertEqual((rows16[0]["go"], rows16[0]["model"]), ([4], {3: 1}))
        self.assertEqual(curve["go1.26/P16"]["cap"], 4)

    def test_model_plan_runs_the_priming_shape_for_every_point(self):
        plan = [(s, f) for w, s, f in conform.model_plan(1, priming_seeds=3) if w == "priming"]
        points = {(s["procs"], s["k"]) for s, _ in plan}
        self.assertEqual(points, {(p, k) for p in conform.run_go.PRIMING_CURVE_PROCS
                                  for k in conform.run_go.PRIMING_CURVE_K})
        self.assertEqual(len(plan), 3 * len(points))
        shape, flags = plan[0]
        text = " ".join(str(f) for f in flags)
        self.assertIn("--shape priming --gc-cycles 3", text)
        self.assertIn("--mutators 1", text)
        self.assertIn(f"--cleanups {shape['k']} ", text)

    def test_priming_run_missing_a_cleanup_fails(self):
        r = model_priming("go1.26", 16, 60, 1, 4)
        r["out"]["conformance"]["queue_end"]["worker_cap"] = 4
        self.assertEqual(failing([r]), [])
        r["out"]["executed"] = 61
        self.assertEqual(failing([r]), ["every_cleanup_runs_once"])

    def test_priming_run_above_the_cap_fails(self):
        r = model_priming("go1.26", 8, 60, 1, 3)
        self.assertEqual(failing([r]), ["pool_within_bounds"])


class FreshnessTest(unittest.TestCase):
    def test_old_results_are_stale_new_ones_fresh(self):
        with tempfile.TemporaryDirectory() as d:
            for v in conform.VERSIONS:
                with open(os.path.join(d, f"{v}.json"), "w") as f:
                    f.write("{}")
            newest_input = max(os.path.getmtime(p) for p in conform.go_inputs())
            for v in conform.VERSIONS:
                os.utime(os.path.join(d, f"{v}.json"), (newest_input - 10, newest_input - 10))
            self.assertFalse(conform.go_results_fresh(d))
            for v in conform.VERSIONS:
                os.utime(os.path.join(d, f"{v}.json"), (newest_input + 10, newest_input + 10))
            self.assertTrue(conform.go_results_fresh(d))
            os.remove(os.path.join(d, "go1.26.json"))
            self.assertFalse(conform.go_results_fresh(d))


class GoSideTest(unittest.TestCase):
    def load_with_go_exit(self, status):
        out = io.StringIO()
        done = subprocess.CompletedProcess(args=[], returncode=status)
        with tempfile.TemporaryDirectory() as d, mock.patch.object(conform.subprocess, "run", return_value=done), \
                contextlib.redirect_stdout(out), self.assertRaises(SystemExit) as stop:
            conform.load_go(d, rerun=True)
        return stop.exception.code, out.getvalue()

    def test_skipped_go_side_exits_77_saying_skipped(self):
        code, out = self.load_with_go_exit(77)
        self.assertEqual(code, 77)
        self.assertIn("SKIPPED:", out)

    def test_broken_go_side_is_an_error_not_a_skip(self):
        code, out = self.load_with_go_exit(2)
        self.assertNotEqual(code, 77)
        self.assertIn("exit status 2", str(code))
        self.assertNotIn("SKIPPED", out)


if __name__ == "__main__":
    unittest.main()
