#!/usr/bin/env python3
"""The soak's verdict on one run (scripts/soak.py check()): a clean summary passes, and each way
a run can go wrong fails it, with the field named; e46c8e's stranded run passes only when every
entry not run is still visibly queued."""
import copy
import importlib.util
import os
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location(
    "soak", os.path.join(HERE, "..", "..", "scripts", "soak.py"))
soak = importlib.util.module_from_spec(spec)
spec.loader.exec_module(soak)

SCENARIO = {"go": "go1.25", "gomaxprocs": 8, "gc-cycles": 2, "cleanups": 100}
EXPECTED = 8 * 100 * 2
# Written by hand: the fields check() reads, as a clean GOMAXPROCS 8 run reports them.
CLEAN = {
    "finished": True, "stop": "finished", "registered": EXPECTED, "executed": EXPECTED,
    "duplicated": 0, "lost": 0, "pending": 0, "queued": 0, "invariant_violations": 0,
    "flushes": 2, "workers_created": 2, "worker_cap": 2, "stranded": False,
    "conformance": {"queue_end": {"ng": 2, "worker_cap": 2, "flushed": True, "p_blocks": 0,
                                  "sleeping": 2, "work_units": 0}},
}


def with_changes(go="go1.25", **changes):
    out = copy.deepcopy(CLEAN)
    for key, value in changes.items():
        if key.startswith("q_"):
            out["conformance"]["queue_end"][key[2:]] = value
        else:
            out[key] = value
    return dict(SCENARIO, go=go), out


class SoakCheck(unittest.TestCase):
    def test_a_clean_run_passes(self):
        self.assertEqual(soak.check(SCENARIO, CLEAN), ([], False))

    def test_every_broken_book_fails_naming_its_field(self):
        cases = {
            "lost": dict(lost=1, executed=EXPECTED - 1, pending=1),
            "duplicated": dict(duplicated=1),
            "invariant_violations": dict(invariant_violations=3),
            "registered": dict(registered=EXPECTED - 1),
            "executed": dict(executed=EXPECTED - 1),
            "flushes": dict(flushes=1),
            "workers_created": dict(workers_created=3),
            "ng": dict(q_ng=3),
            "flushed": dict(q_flushed=False),
            "P blocks": dict(q_p_blocks=1),
            "asleep": dict(q_sleeping=1),
            "work_units": dict(q_work_units=1),
            "stop": dict(finished=False, stop="step_limit"),
        }
        for needle, changes in cases.items():
            with self.subTest(needle):
                problems, _ = soak.check(*with_changes(**changes))
                self.assertTrue(any(needle in p for p in problems), problems)

    def test_e46c8e_stranded_with_every_entry_queued_is_expected(self):
        scn, out = with_changes(go="e46c8e", stranded=True, executed=EXPECTED - 60, pending=60,
                                queued=60, q_sleeping=2)
        self.assertEqual(soak.check(scn, out), ([], True))

    def test_stranded_fails_under_the_level_protocol(self):
        for go in ("go1.25", "go1.26"):
            scn, out = with_changes(go=go, stranded=True, executed=EXPECTED - 60, pending=60,
                                    queued=60)
            problems, expected = soak.check(scn, out)
            self.assertFalse(expected)
            self.assertTrue(any("stranded under " + go in p for p in problems), problems)

    def test_e46c8e_stranded_with_an_entry_gone_fails(self):
        scn, out = with_changes(go="e46c8e", stranded=True, executed=EXPECTED - 61, pending=61,
                                queued=60, lost=1)
        problems, expected = soak.check(scn, out)
        self.assertFalse(expected)
        self.assertTrue(any("lost 1" in p for p in problems), problems)


if __name__ == "__main__":
    unittest.main()
