// The model run the Real Go tab draws beside each bundled recording: the same workload as the
// recording (GOMAXPROCS, cleanups, GC cycles, Go profile), one lane per goroutine the run created
// (recounted from a second run's raw trace), deterministic; and the axis that lines the two
// clocks up at their shared landmarks.
#include "model/real_go_model.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <span>
#include <string>

#include "runtime/go_profile.hpp"
#include "runtime/sim_runtime.hpp"

namespace cq::viz {
namespace {

GoTrace recording(const std::string& minor) {
  const std::string path =
      std::string(CQ_TEST_SOURCE_DIR) + "/assets/go-traces/go" + minor + ".cqgo";
  std::ifstream in(path, std::ios::binary);
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  GoTraceResult read = read_cqgo(text, path);
  EXPECT_TRUE(read.ok()) << read.error;
  return read.ok() ? *read.trace : GoTrace{};
}

class RealGoModel : public ::testing::TestWithParam<const char*> {};

TEST_P(RealGoModel, RunsTheRecordingsWorkloadUnderItsGoProfile) {
  const GoTrace t = recording(GetParam());
  const RealGoModelRun m = run_model_beside(t);
  ASSERT_TRUE(m.error.empty()) << m.error;
  // The recording: GOMAXPROCS 8, 200 cleanups in two halves around one forced GC
  // (docs/conformance.md): the model's shape is 100 cleanups, 2 GC cycles.
  EXPECT_EQ(t.gomaxprocs, 8u);
  EXPECT_EQ(m.scenario.gomaxprocs, t.gomaxprocs);
  EXPECT_EQ(m.scenario.cleanups, 100u);
  EXPECT_EQ(std::to_string(m.scenario.cleanups), t.model_options.at("cleanups"));
  EXPECT_EQ(m.scenario.gc_cycles, 2u);
  // The recording's Go version (go1.25.12) names the profile (go1.25), and the label is its own.
  const std::string profile = "go" + std::string(GetParam());
  EXPECT_EQ(t.go_version.rfind(profile + ".", 0), 0u) << t.go_version;
  EXPECT_EQ(std::string(go_profile(m.scenario.go).name), profile);
  EXPECT_EQ(m.label, std::string(go_profile(m.scenario.go).label));
  EXPECT_EQ(m.scenario.runner, RunnerKind::inline_);
  EXPECT_EQ(m.scenario.seed, kRealGoModelSeed);
  EXPECT_TRUE(m.summary.ok());
}

TEST_P(RealGoModel, HasOneLanePerGoroutineTheRunCreated) {
  const RealGoModelRun m = run_model_beside(recording(GetParam()));
  ASSERT_TRUE(m.error.empty()) << m.error;
  // The same run again, its raw trace recounted here.
  SimRuntime again(m.scenario);
  again.run();
  EXPECT_EQ(again.summary().trace_hash, m.summary.trace_hash);
  std::uint64_t created = 0, creations = 0;
  again.trace().read(0, again.trace().size(), [&](std::span<const TraceEvent> events) {
    for (const TraceEvent& e : events) {
      if (e.kind == EventKind::goroutines_created) {
        created += e.a;
        ++creations;
      }
    }
  });
  EXPECT_EQ(m.lanes.size(), created);
  EXPECT_EQ(m.creations.size(), creations);
  EXPECT_EQ(created, 2u);  // the cap at 8 Ps: max(8/4, 1), as in both recordings
  ASSERT_EQ(m.creations.size(), 2u);
  EXPECT_FALSE(m.creations[0].needg_raised_step.has_value());  // an empty pool needs one
  ASSERT_TRUE(m.creations[1].needg_raised_step.has_value());   // the second was asked for
  EXPECT_LT(*m.creations[1].needg_raised_step, m.creations[1].step);
  for (const ModelGoroutineLane& lane : m.lanes) {
    ASSERT_FALSE(lane.segments.empty());
    EXPECT_GE(lane.segments.front().begin, lane.created_step);
    bool ran = false;
    for (std::size_t i = 0; i < lane.segments.size(); ++i) {
      const ModelLaneSegment& s = lane.segments[i];
      EXPECT_LT(s.begin, s.end);
      if (i > 0) {
        EXPECT_EQ(s.begin, lane.segments[i - 1].end);
      }
      EXPECT_LE(s.end, m.steps + 1);
      ran |= s.state == GoGState::running;
    }
    EXPECT_TRUE(ran) << "goroutine " << lane.goroutine;
  }
  // The pool sleeps: the first goroutine parks before the second is created.
  bool first_parked_early = false;
  for (const ModelLaneSegment& s : m.lanes[0].segments) {
    if (s.state == GoGState::waiting && s.begin < m.creations[1].step) first_parked_early = true;
  }
  EXPECT_TRUE(first_parked_early);
  EXPECT_EQ(m.gc_marks.size(), 2u);
}

TEST_P(RealGoModel, IsTheSameRunEveryTime) {
  const GoTrace t = recording(GetParam());
  const RealGoModelRun a = run_model_beside(t), b = run_model_beside(t);
  EXPECT_EQ(a.summary.trace_hash, b.summary.trace_hash);
  ASSERT_EQ(a.lanes.size(), b.lanes.size());
  for (std::size_t i = 0; i < a.lanes.size(); ++i) {
    ASSERT_EQ(a.lanes[i].segments.size(), b.lanes[i].segments.size());
    for (std::size_t k = 0; k < a.lanes[i].segments.size(); ++k) {
      EXPECT_EQ(a.lanes[i].segments[k].begin, b.lanes[i].segments[k].begin);
      EXPECT_EQ(a.lanes[i].segments[k].state, b.lanes[i].segments[k].state);
    }
  }
}

TEST_P(RealGoModel, LinesUpTheGcStartsOfBothClocks) {
  const GoTrace t = recording(GetParam());
  const RealGoModelRun m = run_model_beside(t);
  const std::vector<SharedLandmark> marks = shared_landmarks(t, m);
  ASSERT_GE(marks.size(), 2u);
  EXPECT_EQ(marks[0].name, "GC 1 starts");
  EXPECT_EQ(marks[1].name, "GC 2 starts");
  // The recording's first GC begun inside the trace (one already on when it began is skipped).
  std::int64_t first_gc = -1;
  for (const GoRange& r : t.gc_cycles) {
    if (!r.began_before_trace) {
      first_gc = r.begin_ns;
      break;
    }
  }
  EXPECT_EQ(marks[0].go_ns, static_cast<double>(first_gc));
  EXPECT_EQ(marks[0].model_step, static_cast<double>(m.gc_marks[0].begin));
  const LandmarkAxis axis(marks, static_cast<double>(t.duration_ns), static_cast<double>(m.steps));
  for (const SharedLandmark& l : marks) {
    EXPECT_NEAR(axis.go(l.go_ns), axis.model(l.model_step), 1e-9) << l.name;
  }
}

INSTANTIATE_TEST_SUITE_P(Recordings, RealGoModel, ::testing::Values("1.25", "1.26"));

// Worked by hand: one landmark at 10 of 100 ns and at step 30 of 100 lands at (0.1 + 0.3) / 2.
TEST(LandmarkAxis, StretchesEachClockPiecewiseToMeetAtTheLandmark) {
  const LandmarkAxis axis({{"GC 1 starts", 10, 30}}, 100, 100);
  ASSERT_EQ(axis.marks().size(), 1u);
  EXPECT_DOUBLE_EQ(axis.marks()[0], 0.2);
  EXPECT_DOUBLE_EQ(axis.go(0), 0);
  EXPECT_DOUBLE_EQ(axis.go(5), 0.1);
  EXPECT_DOUBLE_EQ(axis.go(10), 0.2);
  EXPECT_DOUBLE_EQ(axis.go(55), 0.6);
  EXPECT_DOUBLE_EQ(axis.go(100), 1);
  EXPECT_DOUBLE_EQ(axis.model(15), 0.1);
  EXPECT_DOUBLE_EQ(axis.model(30), 0.2);
  EXPECT_DOUBLE_EQ(axis.model(65), 0.6);
  EXPECT_DOUBLE_EQ(axis.model(100), 1);
}

}  // namespace
}  // namespace cq::viz
