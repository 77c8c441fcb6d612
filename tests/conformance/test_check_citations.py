#!/usr/bin/env python3
"""Shows that check_citations.py can fail: in a small made-up Go tree, right citations pass and each
wrong one (a missing file, method, receiver, field, quoted text, case, the wrong Go version, a
mention of a file or name Go lacks) is reported. Run: python3 tests/conformance/test_check_citations.py"""
import contextlib
import io
import os
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True  # no __pycache__ in the source tree when ctest runs this
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_citations  # noqa: E402

MCLEANUP_125 = """package runtime

// cleanupBlock is allocated from non-GC'd
// memory, so any heap pointers must be specially handled.
type cleanupBlock struct {
	n uint32
}

type cleanupQueue struct {
	workUnits atomic.Uint64 // length of full
}

func (q *cleanupQueue) enqueue(fn *funcval) {
	q.addWork(1)
}

func (q *cleanupQueue) wake() {}

func (q *cleanupQueue) addWork(n int) {}

func maxCleanupGs() uint32 { return 1 }
"""

MCLEANUP_126 = MCLEANUP_125 + """
func (q *cleanupQueue) readQueueStats() {}
"""

MGCSWEEP = """package runtime

func (a *activeSweep) end(sl sweepLocker) {
	gcCleanups.flush()
}
"""

MGCMARK = """package runtime

func markroot() {
	switch {
	case i == fixedRootCleanups:
	}
}
"""


class CitationsTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.root = self.dir.name
        for release, mcleanup in (("1.25", MCLEANUP_125), ("1.26", MCLEANUP_126)):
            runtime = os.path.join(self.root, "usr", "share", "go-" + release, "src", "runtime")
            os.makedirs(runtime)
            for name, text in (("mcleanup.go", mcleanup), ("mgcsweep.go", MGCSWEEP), ("mgcmark.go", MGCMARK)):
                with open(os.path.join(runtime, name), "w") as f:
                    f.write(text)
        self.tree = check_citations.GoTree(self.root)

    def tearDown(self):
        self.dir.cleanup()

    def problems(self, entry, release="1.25"):
        return check_citations.check_entry(entry, release, self.tree)

    def write(self, name, text):
        path = os.path.join(self.root, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def main(self, *args):
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            status = check_citations.main(["--go", self.root] + list(args))
        return status, out.getvalue()

    def test_right_citations_pass(self):
        for entry in ["runtime/mcleanup.go: (*cleanupQueue).enqueue",
                      "runtime/mcleanup.go: (*cleanupQueue).enqueue, wake, maxCleanupGs",
                      "runtime/mcleanup.go: cleanupQueue.workUnits, addWork",
                      'runtime/mcleanup.go: cleanupBlock ("allocated from non-GC\'d memory")',
                      "runtime/mgcsweep.go: (*activeSweep).end calls gcCleanups.flush",
                      'runtime/mgcmark.go: markroot ("case i == fixedRootCleanups")',
                      "runtime/mcleanup.go"]:
            self.assertEqual(self.problems(entry), [], entry)

    def test_each_wrong_citation_is_reported(self):
        for entry, said in [
            ("runtime/nosuch.go: x", "runtime/nosuch.go does not exist"),
            ("runtime/mcleanup.go: (*cleanupQueue).wakeUp", "(*cleanupQueue).wakeUp is not a method"),
            ("runtime/mgcsweep.go: (*cleanupQueue).end", "(*cleanupQueue).end is not a method"),
            ("runtime/mcleanup.go: (*cleanupQueue).enqueue, wakey", "wakey is not defined"),
            ("runtime/mcleanup.go: cleanupQueue.workUnitz", "cleanupQueue.workUnitz is not a field or method"),
            ("runtime/mcleanup.go: cleanupBlock.workUnits", "cleanupBlock.workUnits is not a field or method"),
            ("runtime/mcleanup.go: cleanupQueue.wake", None),
            ("runtime/mcleanup.go: fn", "fn is not defined"),
            ("runtime/mcleanup.go: return", "return is not defined"),
            ("runtime/mcleanup.go wake", "cannot read this citation"),
            ("runtime/mcleanup.go; wake", "cannot read this citation"),
            ("/etc/passwd.go: x", "cannot read this citation"),
            ('runtime/mcleanup.go: cleanupBlock ("allocated from GC\'d memory")', "quoted text"),
            ("runtime/mgcsweep.go: (*activeSweep).end calls gcCleanups.flushAll",
             "gcCleanups.flushAll does not occur"),
            ("runtime/mgcmark.go: markroot, case fixedRootCleanupz", "case fixedRootCleanupz is not in"),
        ]:
            found = self.problems(entry)
            if said is None:
                self.assertEqual(found, [], entry)
                continue
            self.assertEqual(len(found), 1, entry)
            self.assertIn(said, found[0], entry)

    def test_the_version_said_or_the_lessons_go_picks_the_source(self):
        self.assertIn("is not a method", self.problems("runtime/mcleanup.go: (*cleanupQueue).readQueueStats")[0])
        self.assertEqual(self.problems("runtime/mcleanup.go (Go 1.26): (*cleanupQueue).readQueueStats"), [])
        self.assertEqual(self.problems("runtime/mcleanup.go: (*cleanupQueue).readQueueStats", "1.26"), [])
        # A restart's Go holds for later steps too; a restart without `go` runs the lesson's.
        cite = 'sources = ["runtime/mcleanup.go: (*cleanupQueue).readQueueStats"]\n'
        lesson = self.write("l.toml", '[scenario]\ngo = "go1.26"\n[[step]]\ntitle = "t"\n' + cite +
                            '[[step]]\ntitle = "u"\nrestart = { go = "go1.25" }\n' + cite +
                            '[[step]]\ntitle = "v"\n' + cite +
                            '[[step]]\ntitle = "w"\nrestart = { seed = 2 }\n' + cite)
        checked, unchecked, problems = check_citations.check_lesson(lesson, self.tree)
        self.assertEqual((checked, unchecked), (4, []))
        self.assertEqual(len(problems), 2, problems)
        self.assertIn("step 2 (u)", problems[0])
        self.assertIn("step 3 (v)", problems[1])

    def test_a_cl_is_listed_as_not_checked_never_as_passed(self):
        self.assertIsNone(self.problems("CL 671676 (#73642)"))
        # What a CL changed need not be in any release.
        self.assertIsNone(self.problems("CL 650697 (commit e46c8e): runtime/mcleanup.go cleanupSleep"))
        lesson = self.write("l.toml", '[[step]]\ntitle = "t"\nsources = ["CL 671676 (#73642)"]\n')
        status, out = self.main("--lessons", lesson)
        self.assertEqual(status, 0)
        self.assertIn("0 lesson sources", out)
        self.assertIn("1 CL or issue numbers not checked", out)

    def test_mentions_in_text_name_real_files_and_names(self):
        good = self.write("good.cpp", "// (runtime/mcleanup.go, maxCleanupGs) and runtime/mgcsweep.go: "
                          "(*activeSweep).end; runtime/mcleanup.go, go1.26's; runtime/mcleanup.go, runtime's\n")
        status, out = self.main(good)
        self.assertEqual(status, 0, out)
        self.assertIn("4 mentions", out)
        bad = self.write("bad.md", "line one\nsee runtime/nosuch.go and runtime/mcleanup.go: wakeAll\n"
                         "(runtime/mcleanup.go, wakeAll) and runtime/mcleanup.go, so on\n")
        status, out = self.main(bad)
        self.assertEqual(status, 1)
        self.assertIn("bad.md:2: runtime/nosuch.go: no such file", out)
        self.assertIn("bad.md:2: runtime/mcleanup.go: wakeAll: wakeAll is not defined", out)
        self.assertIn("bad.md:3: runtime/mcleanup.go, wakeAll: wakeAll is not defined", out)
        self.assertIn("3 wrong", out)  # "runtime/mcleanup.go, so on" is prose, not a citation
        status, out = self.main("--skip", bad, "--", bad)
        self.assertEqual(status, 0, out)

    def test_a_wrong_lesson_source_fails_the_run(self):
        lesson = self.write("l.toml", '[[step]]\ntitle = "t"\nsources = ["runtime/mcleanup.go: wakey"]\n')
        status, out = self.main("--lessons", lesson)
        self.assertEqual(status, 1)
        self.assertIn("FAILED: l.toml step 1 (t): runtime/mcleanup.go: wakey: wakey is not defined", out)

    def test_without_the_go_source_it_is_skipped(self):
        self.root = os.path.join(self.root, "nothing")
        status, out = self.main("x")
        self.assertEqual(status, 77)
        self.assertTrue(out.startswith("SKIPPED: no Go 1.25 or 1.26 source"), out)

    def test_an_unreadable_lesson_is_an_error(self):
        for text in ["[[step]\n", "step = 5\n", "step = [1]\n", "[scenario]\n[[step]]\nsources = [1]\n",
                     "scenario = 3\n", "[[step]]\nrestart = 1\n"]:
            broken = self.write("broken.toml", text)
            status, out = self.main("--lessons", broken)
            self.assertEqual(status, 2, text)
            self.assertIn("cannot read the lesson", out)
        with open(os.path.join(self.root, "latin1.toml"), "wb") as f:
            f.write(b'[[step]]\ntitle = "\xe9"\n')
        status, out = self.main("--lessons", os.path.join(self.root, "latin1.toml"))
        self.assertEqual(status, 2)


if __name__ == "__main__":
    unittest.main()
