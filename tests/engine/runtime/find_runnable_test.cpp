// The findrunnable scheduler (engine/runtime/scheduler_round.cpp, scheduling_points.cpp): a P runs
// findRunnable's cleanup hook only at its scheduling points, never while it is idle; Go's
// TestCleanupLost shape loses nothing under it and raises needg orders of magnitude fewer times
// than the poll of every P every 2 us; findRunnable's earlier returns (the GC mark worker, the
// 1-in-61 global run queue check) are options that need it, and each keeps rounds from needsWake.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "runtime/scenario_options.hpp"
#include "support/runtime_test_support.hpp"

namespace cq {
namespace {

using test::ActorTable;
using test::events_of;
using test::run_to_end;

std::uint64_t rounds_on(const SimRuntime& sim, std::uint32_t p) {
  return sim.state().rounds_by_p[p].load();
}

// GOMAXPROCS 8 with one mutator and one sweeper: the GC, mutator0, sweeper0 and worker0 live on
// P 0, worker1 (if the pool grows to its cap of 2) on P 1; Ps 2-7 have nothing to schedule.
Scenario two_busy_ps(SchedulerModel scheduler) {
  Scenario s;
  s.gomaxprocs = 8;
  s.mutators = 1;
  s.sweepers = 1;
  s.cleanups = 300;
  s.gc_cycles = 2;
  s.scheduler = scheduler;
  s.runner = RunnerKind::inline_;
  return s;
}

TEST(FindRunnableScheduler, NoRoundRunsOnAPWithNothingToSchedule) {
  const auto sim = run_to_end(two_busy_ps(SchedulerModel::findrunnable));
  const RunSummary r = sim->summary();
  EXPECT_TRUE(r.ok());
  ASSERT_LE(r.workers_created, 2u);
  EXPECT_GT(rounds_on(*sim, 0), 0u) << "P 0's goroutines park, exit and are picked up";
  const ActorTable actors(sim->runner());
  for (std::uint32_t p = 2; p < 8; ++p) {
    EXPECT_EQ(rounds_on(*sim, p), 0u) << "idle P " << p << " ran a round";
    const std::string name = "sched" + std::to_string(p);
    for (const ActorInfo& a : actors.actors) {
      if (a.name == name) {
        EXPECT_EQ(a.state, ActorState::parked) << name;
      }
    }
  }
  for (const TraceEvent& e : events_of(sim->trace())) {
    const std::string& who = actors.name(e.actor);
    EXPECT_TRUE(who != "sched2" && who != "sched3" && who != "sched4" && who != "sched5" &&
                who != "sched6" && who != "sched7")
        << who << " emitted " << to_string(e.kind);
  }
}

TEST(FindRunnableScheduler, PollRunsNoCountedRoundsAndTheSameRunEndsTheSame) {
  // The counters exist only under findrunnable; under poll the run is as before (S1).
  const auto poll = run_to_end(two_busy_ps(SchedulerModel::poll));
  EXPECT_EQ(poll->state().rounds_by_p, nullptr);
  EXPECT_TRUE(poll->summary().ok());
  const auto found = run_to_end(two_busy_ps(SchedulerModel::findrunnable));
  EXPECT_TRUE(found->summary().ok());
  EXPECT_EQ(found->summary().executed, poll->summary().executed);
}

// Go's TestCleanupLost (runtime/mcleanup_test.go): one goroutine per P adds its cleanups, one GC
// collects them. At GOMAXPROCS 64, 1,250 per goroutine (80,000, the stress test's size), inline.
Scenario cleanup_lost_at_64(GoVersion go, SchedulerModel scheduler) {
  Scenario s;
  apply_go_profile(s, go);
  s.gomaxprocs = 64;
  s.cleanups = 1250;
  s.gc_cycles = 1;
  s.scheduler = scheduler;
  s.runner = RunnerKind::inline_;
  s.record_trace = false;
  return s;
}

class CleanupLostShape : public ::testing::TestWithParam<GoVersion> {};

TEST_P(CleanupLostShape, LosesNothingAndRaisesNeedgOrdersOfMagnitudeLessThanPoll) {
  const auto poll = run_to_end(cleanup_lost_at_64(GetParam(), SchedulerModel::poll));
  const auto found = run_to_end(cleanup_lost_at_64(GetParam(), SchedulerModel::findrunnable));
  for (const SimRuntime* sim : {poll.get(), found.get()}) {
    const RunSummary r = sim->summary();
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.executed, 80'000u);
    EXPECT_EQ(r.lost, 0u);
    EXPECT_FALSE(r.stranded);
  }
  const std::uint64_t polled = poll->summary().needg_raised;
  const std::uint64_t found_needg = found->summary().needg_raised;
  std::printf("%s: needg raised %llu (poll), %llu (findrunnable)\n",
              go_profile(GetParam()).name.data(), static_cast<unsigned long long>(polled),
              static_cast<unsigned long long>(found_needg));
  if (go_profile(GetParam()).protocol == WakeProtocol::level) {
    // Level: workUnits stays up until a goroutine takes the block, so every poll round of every
    // P while the block waits raises needg again (mcleanup.go: wake, q.needg.Add).
    EXPECT_GT(polled, 1'000'000u);
    EXPECT_LT(found_needg * 1000, polled) << "findrunnable " << found_needg << ", poll " << polled;
  } else {
    // One-shot: a round consumes the pending wakes, so a wake raises needg once, at the first
    // round after it; the poll's rounds come sooner and catch the wakes one by one, where a
    // findrunnable round finds several at once and wake() clamps them to the pool's headroom.
    EXPECT_LT(found_needg * 10, polled) << "findrunnable " << found_needg << ", poll " << polled;
  }
}

INSTANTIATE_TEST_SUITE_P(Profiles, CleanupLostShape,
                         ::testing::Values(GoVersion::go1_25, GoVersion::go1_26, GoVersion::e46c8e),
                         [](const auto& info) {
                           std::string name(go_profile(info.param).name);  // "go1.25": "go125"
                           std::erase(name, '.');
                           return name;
                         });

// On real threads the scheduling points race with the rounds they unpark (a point raised while
// the round runs leaves a permit): still nothing is lost, and idle Ps still run no round.
TEST(FindRunnableScheduler, ThreadedRunLosesNothingAndLeavesIdlePsAlone) {
  Scenario s = two_busy_ps(SchedulerModel::findrunnable);
  s.runner = RunnerKind::threaded;
  s.cleanups = test::kSanitized ? 200 : 2000;
  s.record_trace = false;
  const auto sim = run_to_end(s);
  const RunSummary r = sim->summary();
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.executed, std::uint64_t{s.cleanups} * s.gc_cycles);
  ASSERT_LE(r.workers_created, 2u);
  for (std::uint32_t p = 2; p < 8; ++p) EXPECT_EQ(rounds_on(*sim, p), 0u) << "idle P " << p;
}

TEST(FindRunnableScheduler, EarlierReturnsNeedTheFindRunnableScheduler) {
  Scenario s;
  s.scheduler = SchedulerModel::poll;  // named: findrunnable is the default
  s.sched_gc_worker = true;
  EXPECT_EQ(validate(s),
            "--sched-gc-worker on needs --scheduler findrunnable (the poll has no findRunnable to "
            "return early from): allowed off with --scheduler poll");
  s.sched_gc_worker = false;
  s.sched_global_runq = true;
  ASSERT_TRUE(validate(s).has_value());
  EXPECT_NE(validate(s)->find("--sched-global-runq on"), std::string::npos) << *validate(s);
  s.scheduler = SchedulerModel::findrunnable;
  s.sched_gc_worker = true;
  EXPECT_EQ(validate(s), std::nullopt);
}

TEST(FindRunnableScheduler, GcWorkerReturnKeepsMarkPhaseRoundsFromNeedsWake) {
  Scenario s = two_busy_ps(SchedulerModel::findrunnable);
  s.gc_cycles = 3;
  s.sched_gc_worker = true;
  const auto sim = run_to_end(s);
  EXPECT_TRUE(sim->summary().ok());
  EXPECT_GT(sim->state().rounds_to_gc_worker.load(), 0u) << "some round fell in a mark phase";
  const ActorTable actors(sim->runner());
  test::for_each_with_phase(events_of(sim->trace()), [&](const TraceEvent& e, GcPhase phase) {
    if (phase == GcPhase::mark && actors.is(e.actor, ActorKind::scheduler)) {
      ADD_FAILURE() << actors.name(e.actor) << " reached " << to_string(e.kind) << " in mark";
    }
  });
}

TEST(FindRunnableScheduler, GlobalRunqReturnTakesEverySixtyFirstRoundOfEachP) {
  Scenario s = two_busy_ps(SchedulerModel::findrunnable);
  s.sched_global_runq = true;
  const auto sim = run_to_end(s);
  EXPECT_TRUE(sim->summary().ok());
  // schedtick starts at 0, so rounds 0, 61, 122, ... of each P return there.
  std::uint64_t expected = 0;
  for (std::uint32_t p = 0; p < s.gomaxprocs; ++p) {
    const std::uint64_t n = rounds_on(*sim, p);
    expected += (n + kGlobalRunqEvery - 1) / kGlobalRunqEvery;
  }
  EXPECT_GT(expected, 0u);
  EXPECT_EQ(sim->state().rounds_to_global_runq.load(), expected);
}

}  // namespace
}  // namespace cq
