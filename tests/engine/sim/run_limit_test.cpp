// Running in pieces (docs/architecture.md, "The controllable clock"): a run cut by step limits,
// time limits, stop-on-event or the pause flag continues to exactly the trace of a run straight
// through, and every stop lands on a step boundary.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <string>

#include "support/runtime_test_support.hpp"

namespace cq {
namespace {

using test::events_of;
using test::find_kind;
using test::run_to_end;
using test::small_scenario;

Scenario piece_scenario(RunnerKind runner) {
  Scenario s = small_scenario(runner);
  s.gc_cycles = 2;
  s.seed = 9;
  return s;
}

std::uint64_t straight_through_hash(RunnerKind runner) {
  return run_to_end(piece_scenario(runner))->trace().hash();
}

class RunInPieces : public ::testing::TestWithParam<RunnerKind> {};

TEST_P(RunInPieces, StepLimitedPiecesEndWithTheStraightThroughHash) {
  const std::uint64_t expected = straight_through_hash(GetParam());
  for (std::uint64_t k : {1u, 7u, 64u}) {
    SimRuntime sim(piece_scenario(GetParam()));
    RunLimit limit;
    limit.max_steps = k;
    std::uint64_t pieces = 0;
    RunOutcome out{};
    do {
      const std::uint64_t before = sim.runner().steps();
      out = sim.run(limit);
      ++pieces;
      ASSERT_LE(out.steps, k);
      EXPECT_EQ(sim.runner().steps(), before + out.steps);
      if (out.why == RunStop::step_limit) {
        EXPECT_EQ(out.steps, k);
        EXPECT_FALSE(sim.summary().finished);
      }
      ASSERT_LT(pieces, 1'000'000u);
    } while (out.why == RunStop::step_limit);
    EXPECT_EQ(out.why, RunStop::finished) << "k=" << k;
    EXPECT_EQ(sim.trace().hash(), expected) << "k=" << k;
    EXPECT_GT(pieces, 1u);
    EXPECT_TRUE(sim.summary().ok());
  }
}

TEST_P(RunInPieces, UntilNsTakesNoStepDueLaterAndContinuesIdentically) {
  const std::uint64_t expected = straight_through_hash(GetParam());
  SimRuntime sim(piece_scenario(GetParam()));
  std::uint64_t until = 1'000;
  RunOutcome out{};
  int pieces = 0;
  do {
    RunLimit limit;
    limit.until_ns = until;
    const std::size_t seen = sim.trace().size();
    out = sim.run(limit);
    ++pieces;
    if (out.why == RunStop::time_limit) {
      EXPECT_LE(sim.runner().now_ns(), until);
      for (std::size_t i = seen; i < sim.trace().size(); ++i) {
        ASSERT_LE(sim.trace().at(i).time_ns, until) << to_string(sim.trace().at(i).kind);
      }
    }
    until += 3'000;
    ASSERT_LT(pieces, 100'000);
  } while (out.why == RunStop::time_limit);
  EXPECT_EQ(out.why, RunStop::finished);
  EXPECT_GT(pieces, 2);
  EXPECT_EQ(sim.trace().hash(), expected);
}

TEST_P(RunInPieces, StopOnEventEndsRightAfterTheStepThatEmittedIt) {
  const std::uint64_t expected = straight_through_hash(GetParam());
  SimRuntime sim(piece_scenario(GetParam()));
  RunLimit limit;
  limit.stop_on = [](const TraceEvent& e) { return e.kind == EventKind::block_full; };
  const RunOutcome out = sim.run(limit);
  ASSERT_EQ(out.why, RunStop::event);
  const auto events = test::events_of(sim.trace());
  EXPECT_EQ(sim.trace().count(EventKind::block_full), 1u) << "stopped at the first";
  const std::size_t full = find_kind(events, EventKind::block_full);
  ASSERT_LT(full, events.size());
  // Everything after the block_full belongs to the same step: the sweeper's, at the same time
  // (the work signal that follows the push). Nothing of a later step was taken.
  for (std::size_t i = full; i < events.size(); ++i) {
    EXPECT_EQ(events[i].actor, events[full].actor) << to_string(events[i].kind);
    EXPECT_EQ(events[i].time_ns, events[full].time_ns);
  }
  ASSERT_LT(full + 1, events.size());
  EXPECT_EQ(events[full + 1].kind, EventKind::work_signalled);
  EXPECT_EQ(sim.trace().steps(), sim.runner().steps());
  EXPECT_EQ(sim.run().why, RunStop::finished);
  EXPECT_EQ(sim.trace().hash(), expected) << "stopping did not change the run";
}

TEST_P(RunInPieces, PauseFlagStopsAtABoundaryAndResumesIdentically) {
  const std::uint64_t expected = straight_through_hash(GetParam());
  SimRuntime sim(piece_scenario(GetParam()));
  std::atomic<bool> pause{true};
  RunLimit limit;
  limit.pause = &pause;
  const RunOutcome first = sim.run(limit);
  EXPECT_EQ(first.why, RunStop::paused);
  EXPECT_EQ(first.steps, 0u) << "paused before the first step";
  EXPECT_EQ(sim.trace().size(), 0u);
  // Raise the flag from inside a step (as a UI thread would at any moment): the runner finishes
  // that step and stops before the next one.
  pause = false;
  limit.stop_on = [&pause](const TraceEvent& e) {
    if (e.kind == EventKind::gc_phase) pause = true;
    return false;
  };
  const RunOutcome second = sim.run(limit);
  EXPECT_EQ(second.why, RunStop::paused);
  EXPECT_EQ(sim.trace().count(EventKind::gc_phase), 1u);
  EXPECT_EQ(sim.trace().at(sim.trace().size() - 1).kind, EventKind::gc_phase);
  EXPECT_FALSE(sim.summary().finished);
  pause = false;
  limit.stop_on = nullptr;
  EXPECT_EQ(sim.run(limit).why, RunStop::finished);
  EXPECT_EQ(sim.trace().hash(), expected);
}

TEST_P(RunInPieces, TheScenarioStepBudgetIsASafetyNetThatReportsAStepLimit) {
  Scenario s = piece_scenario(GetParam());
  s.max_steps = 50;
  SimRuntime sim(s);
  const RunOutcome out = sim.run();
  EXPECT_EQ(out.why, RunStop::step_limit);
  EXPECT_EQ(out.steps, 50u);
  EXPECT_EQ(sim.run().steps, 0u) << "the budget is for the whole run, not per call";
  EXPECT_FALSE(sim.summary().ok());
}

INSTANTIATE_TEST_SUITE_P(DeterministicRunners, RunInPieces,
                         ::testing::Values(RunnerKind::inline_, RunnerKind::conducted),
                         [](const auto& info) { return std::string(to_string(info.param)); });

}  // namespace
}  // namespace cq
