// TraceChecker: real runs of every runner pass every check (threaded ones with strict ordering
// off), and deliberately corrupted traces fail the invariant the corruption breaks, which proves
// the checker can fail at all.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>

#include "trace_test_support.hpp"

namespace cq {
namespace {

using test::base_scenario;
using test::check_options;
using test::describe;
using test::ev;
using test::events_of;
using test::has_invariant;
using test::NamedScenario;
using test::run_scenario;
using test::trace_scenarios;
using K = EventKind;

class TraceInvariantsOnRuns : public ::testing::TestWithParam<RunnerKind> {};

TEST_P(TraceInvariantsOnRuns, RealRunsHaveNoViolations) {
  // Threaded runs differ from run to run; a few of each widen the net for reorderings.
  const int repeats = GetParam() == RunnerKind::threaded ? 3 : 1;
  for (int r = 0; r < repeats; ++r) {
    for (const NamedScenario& n : trace_scenarios(GetParam())) {
      auto sim = run_scenario(n.scenario);
      const auto violations = check_trace(sim->trace(), check_options(*sim));
      EXPECT_TRUE(violations.empty()) << n.name << " run " << r << describe(violations);
      EXPECT_EQ(sim->summary().invariant_violations, 0u) << n.name;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Runners, TraceInvariantsOnRuns,
                         ::testing::Values(RunnerKind::inline_, RunnerKind::conducted,
                                           RunnerKind::threaded),
                         [](const auto& info) { return std::string(to_string(info.param)); });

// A clean inline trace and the options to check it, ready to be corrupted.
struct CleanTrace {
  std::vector<TraceEvent> events;
  TraceCheckOptions options;
};

CleanTrace clean_trace(Scenario s = base_scenario(RunnerKind::inline_)) {
  auto sim = run_scenario(s);
  CleanTrace t{events_of(sim->trace()), check_options(*sim)};
  EXPECT_TRUE(check_events(t.events, t.options).empty()) << "the uncorrupted trace must pass";
  return t;
}

// The corruptions that assume the parked model's own sweep phase (docs/model-vs-go.md P1): the
// first gc_phase is its mark, and the checker ends a sweep phase at off.
CleanTrace parked_clean_trace() {
  Scenario s = base_scenario(RunnerKind::inline_);
  s.gc_phases = GcPhasesModel::parked;
  return clean_trace(s);
}

std::size_t nth_of(const std::vector<TraceEvent>& events, K kind, std::size_t nth = 0,
                   const std::function<bool(const TraceEvent&)>& also = nullptr) {
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (events[i].kind == kind && (!also || also(events[i])) && nth-- == 0) return i;
  }
  ADD_FAILURE() << "no event " << to_string(kind);
  return 0;
}

void erase_at(std::vector<TraceEvent>& events, std::size_t i) {
  events.erase(events.begin() + static_cast<std::ptrdiff_t>(i));
}

void insert_at(std::vector<TraceEvent>& events, std::size_t i, const TraceEvent& e) {
  events.insert(events.begin() + static_cast<std::ptrdiff_t>(i), e);
}

void expect_caught(const CleanTrace& t, std::uint32_t invariant) {
  const auto violations = check_events(t.events, t.options);
  EXPECT_TRUE(has_invariant(violations, invariant))
      << "expected invariant " << invariant << " to fail; got" << describe(violations);
}

TEST(TraceInvariantsCorrupted, DroppedEnqueueBreaksConservation) {
  CleanTrace t = clean_trace();
  erase_at(t.events, nth_of(t.events, K::enqueue, 5));
  expect_caught(t, 6);
}

TEST(TraceInvariantsCorrupted, DuplicatedCleanupRunIsCaught) {
  CleanTrace t = clean_trace();
  const std::size_t i = nth_of(t.events, K::cleanup_run, 3);
  insert_at(t.events, i + 1, t.events[i]);
  expect_caught(t, 6);  // cleanup ran twice, and more ran than was enqueued
  expect_caught(t, 2);  // the worker ran the same slot again
}

TEST(TraceInvariantsCorrupted, EnqueueDuringMarkIsCaught) {
  CleanTrace t = parked_clean_trace();
  const std::size_t mark = nth_of(t.events, K::gc_phase, 0);
  const std::size_t enqueue = nth_of(t.events, K::enqueue, 10);
  insert_at(t.events, enqueue, t.events[mark]);  // the phase goes back to mark mid-sweep
  expect_caught(t, 7);
}

// Go's phases (the default): the first gc_phase is sweep termination, the second _GCmark; the
// cycle's sweep runs in _GCoff after mark termination. A mark put back mid-sweep, or a stop of
// mark termination, makes the enqueues after it illegal (only the sweep enqueues: off, or
// finishsweep_m in sweep termination).
TEST(TraceInvariantsCorrupted, EnqueueDuringMarkIsCaughtUnderGoPhases) {
  for (const GcPhase wrong : {GcPhase::mark, GcPhase::mark_termination}) {
    CleanTrace t = clean_trace();
    const std::size_t mark = nth_of(t.events, K::gc_phase, 0, [](const TraceEvent& e) {
      return static_cast<GcPhase>(e.b) == GcPhase::mark;
    });
    const std::size_t enqueue = nth_of(t.events, K::enqueue, 10);
    ASSERT_GT(enqueue, mark);
    TraceEvent phase = t.events[mark];
    phase.b = static_cast<std::uint32_t>(wrong);
    insert_at(t.events, enqueue, phase);
    SCOPED_TRACE(to_string(wrong));
    expect_caught(t, 7);
  }
}

TEST(TraceInvariantsCorrupted, FlushAccountingMismatchIsCaught) {
  CleanTrace t = clean_trace();
  t.events[nth_of(t.events, K::flush_end)].a += 1;
  expect_caught(t, 5);
}

TEST(TraceInvariantsCorrupted, BlockFreedWithUnrunEntriesIsCaught) {
  CleanTrace t = clean_trace();
  erase_at(t.events, nth_of(t.events, K::cleanup_run, 2));
  expect_caught(t, 3);
  expect_caught(t, 6);
}

TEST(TraceInvariantsCorrupted, PopOfABlockNotOnTopOfFullIsCaught) {
  CleanTrace t = clean_trace();
  TraceEvent& pop = t.events[nth_of(t.events, K::pop_full)];
  pop.block = pop.block == 0 ? 1 : 0;
  expect_caught(t, 2);
}

TEST(TraceInvariantsCorrupted, EagerPushOfAPartialBlockIsCaught) {
  CleanTrace t = clean_trace();
  const std::size_t full = nth_of(t.events, K::block_full, 1);
  ASSERT_EQ(t.events[full - 1].kind, K::enqueue);
  erase_at(t.events, full - 1);  // the enqueue that filled it
  expect_caught(t, 4);
}

TEST(TraceInvariantsCorrupted, MissingFlushIsCaught) {
  CleanTrace t = parked_clean_trace();
  erase_at(t.events, nth_of(t.events, K::flush_begin));
  expect_caught(t, 8);  // the sweep phase ended with no flush
  expect_caught(t, 5);  // flush steps outside a flush
}

TEST(TraceInvariantsCorrupted, MissingFlushIsCaughtUnderGoPhases) {
  CleanTrace t = clean_trace();
  erase_at(t.events, nth_of(t.events, K::flush_begin));
  expect_caught(t, 8);  // the cycle's sweep ended (its last end()) with no flush
  expect_caught(t, 5);  // flush steps outside a flush
}

// A program that dies mid-sweep (a panic in a cleanup) ends with its sweep unflushed: the run's
// end is not the GC's, and the checker does not ask it for the last cycle's flush.
TEST(TraceInvariantsOnRuns, ACrashedRunEndsWithoutTheLastFlush) {
  // Two cycles; cleanup 250 (of the second cycle's) runs while that cycle's sweep is still open.
  Scenario s = base_scenario(RunnerKind::inline_);
  s.gc_cycles = 2;
  s.panic_cleanup = 250;
  auto sim = run_scenario(s);
  const auto events = events_of(sim->trace());
  ASSERT_EQ(sim->summary().crash, CrashCause::panic_in_cleanup);
  const auto count = [&events](K kind, GcPhase phase = GcPhase::off) {
    return std::count_if(events.begin(), events.end(), [&](const TraceEvent& e) {
      return e.kind == kind && (kind != K::gc_phase || static_cast<GcPhase>(e.b) == phase);
    });
  };
  ASSERT_EQ(count(K::gc_phase, GcPhase::mark_termination), 2);
  ASSERT_EQ(count(K::flush_end), 1)
      << "the shape must crash before the second sweep's flush, or this test checks nothing";
  const auto violations = check_trace(sim->trace(), check_options(*sim));
  EXPECT_TRUE(violations.empty()) << describe(violations);
}

TEST(TraceInvariantsCorrupted, PoolBeyondItsCapIsCaught) {
  CleanTrace t = clean_trace();
  TraceEvent& created = t.events[nth_of(t.events, K::goroutines_created)];
  created.b = t.options.worker_cap + 3;
  created.a = created.b;
  expect_caught(t, 12);
}

TEST(TraceInvariantsCorrupted, RuntimeReportedViolationsAreFailures) {
  CleanTrace t = clean_trace();
  insert_at(t.events, t.events.size() - 1, ev(K::invariant_violation, 2, kNoP, kNoBlock, 0, 9));
  expect_caught(t, 9);
}

TEST(TraceInvariantsCorrupted, StrandedRunUnderTheLevelProtocolIsCaught) {
  CleanTrace t = clean_trace();
  insert_at(t.events, t.events.size() - 1, ev(K::stranded, kRuntimeActor, kNoP, kNoBlock, 8, 1));
  expect_caught(t, 13);
}

TEST(TraceInvariantsCorrupted, ExtraWakeIsCaught) {
  CleanTrace t = clean_trace();
  t.events[nth_of(t.events, K::wake, 0, [](const TraceEvent& e) { return e.a > 0; })].a += 2;
  expect_caught(t, 11);
}

TEST(TraceInvariantsCorrupted, Go124LostEntryIsCaught) {
  Scenario s = base_scenario(RunnerKind::inline_);
  apply_go_profile(s, GoVersion::go1_24);
  CleanTrace t = clean_trace(s);
  erase_at(t.events, nth_of(t.events, K::fin_enqueue, 4));
  expect_caught(t, 6);
}

// With strict ordering off (threaded traces), a pop may precede its push within one instant, but
// a pop whose push never comes is still a violation, found when the instant ends.
TEST(TraceInvariantsCorrupted, PopWithoutAPushIsCaughtWithoutStrictOrdering) {
  CleanTrace t = clean_trace();
  t.options.strict_order = false;
  ASSERT_TRUE(check_events(t.events, t.options).empty());
  erase_at(t.events, nth_of(t.events, K::block_full, 2));
  expect_caught(t, 2);
}

TEST(TraceInvariantsCorrupted, ViolationsNameTheEventWhereTheyWereFound) {
  CleanTrace t = clean_trace();
  const std::size_t i = nth_of(t.events, K::flush_end);
  t.events[i].a += 1;
  const auto violations = check_events(t.events, t.options);
  ASSERT_FALSE(violations.empty());
  EXPECT_EQ(violations.front().event_index, i);
  EXPECT_EQ(violations.front().invariant, 5u);
}

}  // namespace
}  // namespace cq
