// Reading real Go execution traces: `go tool trace -d=parsed` excerpts of the recorded Go 1.25.12
// and 1.26.10 traces (go_traces/parsed_go1.2x.txt, cut from the dumps scripts/record-go-traces.sh
// reads, paths shortened), the .cqgo files, malformed input of both, and the bundled assets. The
// expected numbers were read off the fixtures by hand (times: the event's Time minus the first
// non-Sync event's).
#include "trace/go_trace_import.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "runtime/go_profile.hpp"
#include "runtime/scenario_options.hpp"

namespace cq {
namespace {

std::string fixture_path(const std::string& name) {
  return std::string(CQ_GO_TRACE_FIXTURES) + "/" + name;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

GoTraceResult read_dump(const std::string& name) {
  GoTraceDumpReader reader(name);
  std::istringstream in(slurp(fixture_path(name)));
  std::string line;
  while (std::getline(in, line)) reader.feed(line);
  return reader.finish();
}

GoTraceResult read_cqgo_fixture(const std::string& name) {
  return read_cqgo(slurp(fixture_path(name)), name);
}

TEST(GoTraceDump, Go125FindsTheCleanupGoroutinesByTheirStartFrame) {
  const GoTraceResult r = read_dump("parsed_go1.25.txt");
  ASSERT_TRUE(r.ok()) << r.error;
  const GoTrace& t = *r.trace;
  EXPECT_EQ(t.gomaxprocs, 8u);
  // Goroutine 19 (runtime.traceStartReadCPU.func1) is created too, but is no cleanup goroutine.
  ASSERT_EQ(t.cleanup_goroutines.size(), 2u);
  EXPECT_EQ(t.cleanup_goroutines[0].goid, 41u);
  EXPECT_EQ(t.cleanup_goroutines[0].created_ns, 490240);
  EXPECT_EQ(t.cleanup_goroutines[1].goid, 50u);
  EXPECT_EQ(t.cleanup_goroutines[1].created_ns, 28747520);
  EXPECT_EQ(t.duration_ns, 29595584);
  ASSERT_EQ(t.changes.size(), 12u);
  EXPECT_EQ(t.changes[2].from, GoGState::running);
  EXPECT_EQ(t.changes[2].to, GoGState::waiting);
  EXPECT_EQ(t.changes[2].reason, "system goroutine wait");
  EXPECT_EQ(t.changes[2].proc, 2);
  const GoTraceCounts c = count_go_trace(t);
  EXPECT_EQ(c.created, 2u);
  EXPECT_EQ(c.preexisting, 0u);
  EXPECT_EQ(c.parks, 4u);
  EXPECT_EQ(c.unblocks, 2u);
  // Three mark phases, the first already on when tracing began (RangeActive).
  ASSERT_EQ(t.gc_cycles.size(), 3u);
  EXPECT_TRUE(t.gc_cycles[0].began_before_trace);
  EXPECT_EQ(t.gc_cycles[0].begin_ns, 0);
  EXPECT_EQ(t.gc_cycles[0].end_ns, 400256);
  EXPECT_EQ(c.gc_cycles, 2u);
  ASSERT_EQ(t.stw_pauses.size(), 4u);
  EXPECT_EQ(t.stw_pauses[0].what, "start trace");
  EXPECT_EQ(t.stw_pauses[1].what, "GC mark termination");
  ASSERT_EQ(t.sweeps.size(), 1u);
  EXPECT_EQ(t.sweeps[0].proc, 2);
  EXPECT_EQ(t.sweeps[0].begin_ns, 438656);
  EXPECT_EQ(t.sweeps[0].end_ns, 438784);
}

TEST(GoTraceDump, Go126PrintsTheFieldsInAnotherOrder) {
  // 1.26: "GoID=52 NotExist->Runnable Reason=\"\"", no Resource= field.
  const GoTraceResult r = read_dump("parsed_go1.26.txt");
  ASSERT_TRUE(r.ok()) << r.error;
  const GoTrace& t = *r.trace;
  ASSERT_EQ(t.cleanup_goroutines.size(), 2u);
  EXPECT_EQ(t.cleanup_goroutines[0].goid, 52u);  // goroutine 41, created first, is not one
  EXPECT_EQ(t.cleanup_goroutines[0].created_ns, 122048);
  EXPECT_EQ(t.cleanup_goroutines[1].goid, 27u);  // IDs come from per-P caches: not in order
  EXPECT_EQ(t.cleanup_goroutines[1].created_ns, 19980672);
  EXPECT_EQ(t.duration_ns, 20949248);
  const GoTraceCounts c = count_go_trace(t);
  EXPECT_EQ(c.parks, 4u);
  EXPECT_EQ(c.unblocks, 2u);
  EXPECT_EQ(c.gc_cycles, 2u);
  EXPECT_EQ(c.stw_pauses, 4u);
  EXPECT_EQ(c.sweeps, 0u);
  ASSERT_EQ(t.gc_cycles.size(), 2u);
  EXPECT_EQ(t.gc_cycles[0].begin_ns, 429632);
  EXPECT_EQ(t.gc_cycles[0].end_ns, 978304);
  EXPECT_EQ(t.stw_pauses[1].what, "GC sweep termination");
}

TEST(GoTraceDump, MalformedInputNamesFileLineAndWhatWasExpected) {
  const GoTraceResult bad_time = read_dump("bad_event_line.txt");
  ASSERT_FALSE(bad_time.ok());
  EXPECT_EQ(bad_time.error.find("bad_event_line.txt:2: expected 'M=<thread> P=<proc> "
                                "G=<goroutine> <Kind> Time=<ns> ...', found 'M=1 P=0 G=1"),
            0u)
      << bad_time.error;
  const GoTraceResult bad_state = read_dump("bad_state.txt");
  ASSERT_FALSE(bad_state.ok());
  EXPECT_EQ(bad_state.error.find("bad_state.txt:2: expected 'GoID=<id> <State>-><State>'"), 0u)
      << bad_state.error;
  EXPECT_NE(bad_state.error.find("NotExist->Sleeping"), std::string::npos) << bad_state.error;
  const GoTraceResult not_dump = read_dump("not_a_dump.txt");
  ASSERT_FALSE(not_dump.ok());
  EXPECT_EQ(not_dump.error.find("not_a_dump.txt:1: expected an event line"), 0u) << not_dump.error;
  const GoTraceResult stray = read_dump("stray_line.txt");
  ASSERT_FALSE(stray.ok());
  EXPECT_EQ(stray.error.find("stray_line.txt:3: expected an event line (M=...), a stack header"),
            0u)
      << stray.error;
  GoTraceDumpReader empty("empty.txt");
  const GoTraceResult nothing = empty.finish();
  ASSERT_FALSE(nothing.ok());
  EXPECT_EQ(nothing.error, "empty.txt: no events (expected the output of go tool trace -d=parsed)");
}

TEST(GoTraceHeader, VersionFromTheBinaryHeader) {
  using namespace std::string_view_literals;
  EXPECT_EQ(go_trace_header_version("go 1.25 trace\0\0\0"sv), "go1.25");
  EXPECT_EQ(go_trace_header_version("go 1.26 trace\0\0\0\x01"sv), "go1.26");
  EXPECT_EQ(go_trace_header_version("go 1.x trace"), "");
  EXPECT_EQ(go_trace_header_version("cleanupq-go-trace 1"), "");
  EXPECT_EQ(go_trace_header_version(""), "");
}

TEST(Cqgo, ReadsTheHandWrittenFixture) {
  const GoTraceResult r = read_cqgo_fixture("small.cqgo");
  ASSERT_TRUE(r.ok()) << r.error;
  const GoTrace& t = *r.trace;
  EXPECT_EQ(t.go_version, "go1.26.10");
  EXPECT_EQ(t.workload, "hand-written fixture");
  EXPECT_EQ(t.model_options,
            (std::map<std::string, std::string>{
                {"cleanups", "50"}, {"gc-cycles", "2"}, {"go", "go1.26"}, {"gomaxprocs", "8"}}));
  EXPECT_EQ(t.duration_ns, 1000);
  ASSERT_EQ(t.cleanup_goroutines.size(), 2u);
  EXPECT_EQ(t.cleanup_goroutines[0].created_ns, -1);
  EXPECT_EQ(t.changes[0].reason, "system goroutine wait");
  EXPECT_EQ(t.changes[1].reason, "");
  ASSERT_EQ(t.sweeps.size(), 1u);
  EXPECT_EQ(t.sweeps[0].proc, 3);
  EXPECT_EQ(t.stw_pauses[1].what, "GC mark termination");
  EXPECT_TRUE(t.gc_cycles[0].began_before_trace);
  const GoTraceCounts c = count_go_trace(t);
  EXPECT_EQ(c, (GoTraceCounts{1, 1, 2, 1, 1, 2, 1}));
  ASSERT_TRUE(t.probe_counts.has_value());
  EXPECT_EQ(*t.probe_counts, (GoTraceCounts{1, 1, 2, 1, 1, 2, 0}));
}

TEST(Cqgo, LanesCoverEachGoroutinesLife) {
  const GoTrace t = *read_cqgo_fixture("small.cqgo").trace;
  // Goroutine 7 was running before tracing began, parked at 50, woken at 600.
  const std::vector<GoLaneSegment> seven = go_lane(t, 7);
  ASSERT_EQ(seven.size(), 3u);
  EXPECT_EQ(seven[0].begin_ns, 0);
  EXPECT_EQ(seven[0].end_ns, 50);
  EXPECT_EQ(seven[0].state, GoGState::running);
  EXPECT_EQ(seven[1].state, GoGState::waiting);
  EXPECT_EQ(seven[1].end_ns, 600);
  EXPECT_EQ(seven[2].state, GoGState::runnable);
  EXPECT_EQ(seven[2].end_ns, 1000);
  // Goroutine 9 does not exist before 100.
  const std::vector<GoLaneSegment> nine = go_lane(t, 9);
  ASSERT_EQ(nine.size(), 3u);
  EXPECT_EQ(nine[0].begin_ns, 100);
  EXPECT_EQ(nine[0].state, GoGState::runnable);
  EXPECT_EQ(nine[2].state, GoGState::waiting);
  EXPECT_TRUE(go_lane(t, 12345).empty());
}

TEST(Cqgo, WriteThenReadGivesTheSameFile) {
  const std::string text = slurp(fixture_path("small.cqgo"));
  const GoTrace t = *read_cqgo(text, "small.cqgo").trace;
  const std::string written = write_cqgo(t);
  const GoTraceResult again = read_cqgo(written, "written");
  ASSERT_TRUE(again.ok()) << again.error;
  EXPECT_EQ(write_cqgo(*again.trace), written);
  EXPECT_EQ(again.trace->changes.size(), 5u);
  EXPECT_EQ(again.trace->stw_pauses[0].what, "GC sweep termination");
}

TEST(Cqgo, MalformedFilesNameFileLineAndWhatWasExpected) {
  const auto error_of = [](const std::string& name) { return read_cqgo_fixture(name).error; };
  EXPECT_EQ(error_of("bad_magic.cqgo"),
            "bad_magic.cqgo:1: expected the first line 'cleanupq-go-trace 1' (a file written by "
            "cleanupq import-go-trace), found 'cleanupq-go-trace 2'");
  EXPECT_EQ(error_of("cut_short.cqgo"),
            "cut_short.cqgo:13: expected a last line 'end' (the file is cut short)");
  EXPECT_EQ(error_of("unknown_goid.cqgo"),
            "unknown_goid.cqgo:15: expected a GOID declared by a 'cleanup_g' line before, found "
            "'state 600 8 Waiting Runnable 2 '");
  EXPECT_EQ(error_of("time_past_end.cqgo"),
            "time_past_end.cqgo:17: expected a time in 0..duration_ns (1000; duration_ns comes "
            "first), found 'gc 400 5000'");
  EXPECT_EQ(read_cqgo("", "empty.cqgo").error,
            "empty.cqgo: empty (expected 'cleanupq-go-trace 1' on the first line)");
  EXPECT_EQ(read_cqgo("cleanupq-go-trace 1\nwat 3\nend\n", "x.cqgo").error,
            "x.cqgo:2: expected a line starting with go, workload, gomaxprocs, duration_ns, "
            "probe_counts, model, cleanup_g, state, gc, stw, sweep or end, found 'wat 3'");
  EXPECT_EQ(read_cqgo("cleanupq-go-trace 1\nmodel gomaxprocs=8 cleanups\nend\n", "m.cqgo").error,
            "m.cqgo:2: expected model OPTION=VALUE... (scenario options, e.g. gomaxprocs=8), found "
            "'model gomaxprocs=8 cleanups'");
}

// The recorded traces the app shows: the probe (tests/conformance/go/trace_counts.go, a separate
// reader of the same trace) counted what the importer kept, and what Go's cleanup queue promises
// holds in them.
class BundledGoTrace : public testing::TestWithParam<const char*> {};

TEST_P(BundledGoTrace, AgreesWithTheProbeAndWithGo) {
  const std::string minor = GetParam();
  const std::string path = std::string(CQ_GO_TRACE_ASSETS) + "/go" + minor + ".cqgo";
  const GoTraceResult r = read_cqgo(slurp(path), path);
  ASSERT_TRUE(r.ok()) << r.error;
  const GoTrace& t = *r.trace;
  EXPECT_EQ(t.go_version.rfind("go" + minor + ".", 0), 0u) << t.go_version;
  ASSERT_TRUE(t.probe_counts.has_value());
  GoTraceCounts mine = count_go_trace(t);
  mine.sweeps = 0;
  EXPECT_EQ(mine, *t.probe_counts);
  // At most max(GOMAXPROCS/4, 1) cleanup goroutines (mcleanup.go, maxCleanupGs), each parked
  // only with "system goroutine wait" (traceBlockSystemGoroutine in dequeue).
  EXPECT_EQ(t.gomaxprocs, 8u);
  EXPECT_GE(t.cleanup_goroutines.size(), 1u);
  EXPECT_LE(t.cleanup_goroutines.size(), 2u);
  for (const GoStateChange& s : t.changes) {
    if (s.to == GoGState::waiting) {
      EXPECT_EQ(s.reason, "system goroutine wait");
    }
  }
  EXPECT_GE(t.gc_cycles.size(), 2u);  // the forced GC half way and the one after the adds
  // The model's shape of the recording (scripts/record-go-traces.sh: GOMAXPROCS 8, 200 per
  // goroutine, gcoff-forced = two cycles of 100, tests/conformance/README.md) is a valid scenario.
  Scenario s;
  const OptionValues values(t.model_options.begin(), t.model_options.end());
  const auto problem = apply_options(s, values);
  ASSERT_FALSE(problem.has_value()) << problem->message;
  EXPECT_EQ(s.gomaxprocs, 8u);
  EXPECT_EQ(s.cleanups, 100u);
  EXPECT_EQ(s.gc_cycles, 2u);
  EXPECT_EQ(std::string(go_profile(s.go).name), "go" + minor);
}

INSTANTIATE_TEST_SUITE_P(Versions, BundledGoTrace, testing::Values("1.25", "1.26"),
                         [](const auto& info) {
                           return std::string("go") + (info.param[3] == '5' ? "125" : "126");
                         });

}  // namespace
}  // namespace cq
