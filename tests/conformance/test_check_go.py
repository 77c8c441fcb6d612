#!/usr/bin/env python3
"""Shows that check_go.py can fail: a well-formed Go 1.26 result passes, and each doctored copy breaks
exactly the property it violates. Run: python3 tests/conformance/test_check_go.py"""
import copy
import os
import sys
import unittest

sys.dont_write_bytecode = True  # no __pycache__ in the source tree when ctest runs this
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_go  # noqa: E402


def snap(**kw):
    s = {"full_empty": True, "work_units": 0, "flushed": True, "sleeping": 1, "asleep": 1, "running": 0,
         "ng": 1, "needg": 0, "queued": 0, "executed": 0, "in_live_p_blocks": 0, "in_dead_p_blocks": 0,
         "max_cleanup_gs": 1}
    s.update(kw)
    return s


LAYOUT = {"block_bytes": 512, "block_header_bytes": 32, "block_slots": 20, "slot_bytes": 24, "queue_bytes": 248}


def run(workload, procs, data, trace=None):
    return {"workload": workload, "go_version": "go1.26.10", "goarch": "amd64", "procs": procs,
            "layout": dict(LAYOUT), "data": data, "metrics": {}, "trace": trace, "args": [workload, str(procs)]}


def good_doc():
    lost = run("lost", 4, {"n": 100, "total": 401, "regime": "gcoff", "gc_cycles_during_adds": 0,
                           "before_last_add": snap(), "after_last_add": snap(), "cleanup_gs": 1,
                           "ng_samples": [0, 1, 1, 1], "ran_once": 401, "ran_more_than_once": 0, "never_ran": 0,
                           "drained": True, "idle_after_drain": True, "idle_state": snap(queued=401, executed=401),
                           "num_goroutine_idle": 2, "num_goroutine_baseline": 2},
               trace={"cleanup_gs_created": 1, "cleanup_gs_preexisting": 0, "parks": 3, "unblocks": 2,
                      "park_reasons": {"system goroutine wait": 3}, "gc_cycles": 1, "stw_pauses": 2, "events": 9})
    blocksize = run("blocksize", 1, {"m": 40, "group_sizes": [20, 20], "executed_values": [0, 20],
                                     "metric_group_sizes": [20, 20], "metric_executed_end": 40, "executed_end": 40,
                                     "drained": True})
    blocking = run("blocking", 4, {"others": 200, "others_ran": 180, "relief_rounds": 3, "stalled": True,
                                   "cleanup_gs": 1, "at_block": snap(), "end": snap(running=1, work_units=4),
                                   "block_slots": 20, "num_goroutine": 1,
                                   "num_goroutine_baseline": 1})
    shrink = run("shrink", 8, {"saw_partial_block": True, "added": 1000, "at_shrink": snap(), "after_gcs": snap(),
                               "stranded": 7, "unrun": 7, "recovered": True, "gc_cycles": 5})
    priming = run("priming", 16, {"k": 100, "after_warm_up": snap(), "before_probe": snap(needg=2),
                                  "after_probe": snap(ng=3), "cleanup_gs": 3, "drained": True, "idle_before_probe": True})
    return {"schema": "cleanup-conformance/1", "side": "go", "go_version": "go1.26.10", "goarch": "amd64",
            "runs": [lost, blocksize, blocking, shrink, priming]}


def failing(doc):
    props, _ = check_go.check_version(doc)
    return sorted(p["name"] for p in props if not p["ok"])


class CheckGoTest(unittest.TestCase):
    def test_good_result_passes(self):
        self.assertEqual(failing(good_doc()), [])

    def test_two_goroutines_at_procs_4_fails(self):
        doc = good_doc()
        doc["runs"][0]["data"]["cleanup_gs"] = 2
        self.assertIn("one_goroutine_when_procs_le_7", failing(doc))
        self.assertIn("pool_within_bounds", failing(doc))

    def test_cleanup_run_twice_fails(self):
        doc = good_doc()
        doc["runs"][0]["data"]["ran_once"] = 400
        doc["runs"][0]["data"]["ran_more_than_once"] = 1
        self.assertEqual(failing(doc), ["every_cleanup_runs_once"])

    def test_shrinking_pool_fails(self):
        doc = good_doc()
        doc["runs"][0]["data"]["ng_samples"] = [0, 1, 0, 1]
        self.assertEqual(failing(doc), ["pool_never_decreases"])

    def test_wrong_block_size_fails(self):
        doc = good_doc()
        doc["runs"][1]["data"]["group_sizes"] = [19, 21]
        self.assertEqual(failing(doc), ["cleanups_per_block"])
        doc = good_doc()
        for r in doc["runs"]:
            r["layout"]["block_slots"] = 60
        self.assertEqual(failing(doc), ["block_layout"])

    def test_unstalled_queue_at_procs_4_fails(self):
        doc = good_doc()
        doc["runs"][2]["data"]["stalled"] = False
        self.assertEqual(failing(doc), ["blocking_cleanup_stalls_queue_when_procs_le_7"])

    def test_lost_stranded_cleanups_fail(self):
        doc = good_doc()
        doc["runs"][3]["data"]["recovered"] = False
        self.assertEqual(failing(doc), ["shrink_strands_until_growth"])

    def test_probe_beyond_cap_fails(self):
        doc = good_doc()
        doc["runs"][4]["data"]["before_probe"]["needg"] = 9
        self.assertEqual(failing(doc), ["add_cleanup_creates_pending_needg_up_to_cap"])  # 1 + 9 capped at 4, not 3

    def test_counted_cleanup_goroutine_fails(self):
        doc = good_doc()
        doc["runs"][2]["data"]["num_goroutine"] = 2
        self.assertEqual(failing(doc), ["num_goroutine_never_counts_cleanup_goroutines"])

    def test_trace_disagreeing_with_queue_fails(self):
        doc = good_doc()
        doc["runs"][0]["trace"]["cleanup_gs_created"] = 2
        self.assertEqual(failing(doc), ["trace_counts_cleanup_goroutines"])

    def test_a_preemption_is_not_a_wait_but_another_wait_reason_fails(self):
        doc = good_doc()
        doc["runs"][0]["trace"]["park_reasons"] = {"system goroutine wait": 4, "preempted": 1}
        self.assertEqual(failing(doc), [])
        doc["runs"][0]["trace"]["park_reasons"] = {"system goroutine wait": 4, "sync.Mutex.Lock": 1}
        self.assertEqual(failing(doc), ["trace_counts_cleanup_goroutines"])

    def test_unknown_version_fails(self):
        doc = good_doc()
        doc["go_version"] = "go1.27.0"
        self.assertIn("block_layout", failing(doc))


if __name__ == "__main__":
    unittest.main()
