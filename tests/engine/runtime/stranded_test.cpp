// The lost wakeup of the e46c8e one-shot protocol (docs/algorithm.md §9.2), replayed through the
// whole runtime with a scripted schedule, and the end-of-run liveness check that reports it:
//   1. worker0's take finds no block            (its first step)
//   2. the sweeper pushes a full block           (capacity 1: the first enqueue fills it)
//   3. a scheduler round takes the wake while asleep == 0; ng 1 < cap 2, so needg += 1
//   4. worker0 announces sleep and parks
// GOMAXPROCS 8 (cap 2), one mutator registering one cleanup, one sweeper, no further AddCleanup.
// Under oneshot the block is stranded and the run must end (not hang) saying so; under level the
// worker's re-check after announcing sees the work and runs it.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/runtime_test_support.hpp"

namespace cq {
namespace {

using test::ActorTable;
using test::count_kind;
using test::events_of;
using test::find_kind;

// Step by step, the actors' own state machines (mutator.cpp, gc_actor.cpp, sweeper.cpp,
// cleanup_worker.cpp, scheduler_round.cpp), under the parked model's GC cycle (gc_phases parked,
// docs/model-vs-go.md P1), whose two GC steps the schedule names:
const std::vector<std::string> kLostWakeupSchedule = {
    "mutator0",  // AddCleanup #1: ng == 0, so worker0 is created; the cleanup is registered
    "worker0",   // start + take: `full` is empty -> take_failed (step 1 above)
    "mutator0",  // registration over: check in with the GC (unparks it), done
    "gc",        // all mutators in: phase mark
    "gc",        // no blocks to scan as roots: mark termination, phase sweep, sweepers woken
    "sweeper0",  // begin
    "sweeper0",  // acquire a P
    "sweeper0",  // claim the only span
    "sweeper0",  // sweep the object: enqueue fills the 1-slot block -> pushed (step 2)
    "sched0",    // needsWake: 1 signal, 0 asleep, ng 1 < 2 -> wake 0, needg += 1 (step 3)
    "worker0",   // announce sleep and park (step 4)
};

Scenario lost_wakeup_scenario(WakeProtocol protocol, RunnerKind runner) {
  Scenario s;
  s.gomaxprocs = 8;
  s.mutators = 1;
  s.cleanups = 1;
  s.gc_cycles = 1;
  s.sweepers = 1;
  s.block_capacity = 1;
  s.protocol = protocol;
  s.runner = runner;
  s.gc_phases = GcPhasesModel::parked;  // the schedule is written against its steps
  s.schedule = kLostWakeupSchedule;
  return s;
}

class LostWakeupSchedule : public ::testing::TestWithParam<RunnerKind> {};

TEST_P(LostWakeupSchedule, OneshotStrandsTheBlockAndTheRunEndsSayingSo) {
  const Scenario s = lost_wakeup_scenario(WakeProtocol::oneshot, GetParam());
  ASSERT_FALSE(validate(s).has_value());
  SimRuntime sim(s);
  RunLimit limit;
  limit.max_steps = 100'000;  // a hang would be a bug: fail instead of waiting forever
  const RunOutcome out = sim.run(limit);
  EXPECT_EQ(out.why, RunStop::finished)
      << to_string(out.why) << " " << sim.runner().schedule_error();
  EXPECT_TRUE(sim.runner().schedule_error().empty()) << sim.runner().schedule_error();
  const RunSummary r = sim.summary();
  EXPECT_TRUE(r.finished);
  EXPECT_TRUE(r.stranded);
  EXPECT_EQ(r.registered, 1u);
  EXPECT_EQ(r.executed, 0u);
  EXPECT_EQ(r.pending, 1u);
  EXPECT_EQ(r.queued, 1u) << "the cleanup sits on `full`, visibly";
  EXPECT_EQ(r.lost, 0u);
  EXPECT_EQ(r.needg_raised, 1u);
  EXPECT_EQ(r.workers_created, 1u);
  EXPECT_EQ(r.wakes, 0u);
  EXPECT_FALSE(r.ok());

  // The trace tells the story in the order above, then closes with stranded and run_end.
  const auto events = events_of(sim.trace());
  const ActorTable actors(sim.runner());
  const std::size_t failed = find_kind(events, EventKind::take_failed);
  const std::size_t pushed = find_kind(events, EventKind::block_full);
  const std::size_t woke = find_kind(events, EventKind::wake);
  const std::size_t parked = find_kind(events, EventKind::park);
  ASSERT_LT(parked, events.size());
  EXPECT_LT(failed, pushed);
  EXPECT_LT(pushed, woke);
  EXPECT_LT(woke, parked);
  EXPECT_EQ(events[woke].a, 0u) << "nobody asleep to wake";
  EXPECT_EQ(events[woke].b, 1u) << "the signal became extra demand";
  EXPECT_EQ(actors.name(events[woke].actor), "sched0");
  EXPECT_EQ(actors.name(events[parked].actor), "worker0");
  EXPECT_EQ(count_kind(events, EventKind::cleanup_run), 0u);
  EXPECT_EQ(count_kind(events, EventKind::unpark), 0u) << "nothing can wake worker0 again";
  ASSERT_GE(events.size(), 2u);
  const TraceEvent& stranded = events[events.size() - 2];
  EXPECT_EQ(stranded.kind, EventKind::stranded);
  EXPECT_EQ(stranded.actor, kRuntimeActor);
  EXPECT_EQ(stranded.a, 1u) << "one cleanup queued";
  EXPECT_EQ(stranded.b, 1u) << "one goroutine asleep";
  EXPECT_EQ(events.back().kind, EventKind::run_end);
  EXPECT_EQ(events.back().b, 0u) << "the run is incomplete";
}

TEST_P(LostWakeupSchedule, LevelRechecksAfterAnnouncingAndRunsTheCleanup) {
  const Scenario s = lost_wakeup_scenario(WakeProtocol::level, GetParam());
  SimRuntime sim(s);
  RunLimit limit;
  limit.max_steps = 100'000;
  EXPECT_EQ(sim.run(limit).why, RunStop::finished);
  EXPECT_TRUE(sim.runner().schedule_error().empty()) << sim.runner().schedule_error();
  const RunSummary r = sim.summary();
  EXPECT_FALSE(r.stranded);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.executed, 1u);
  const auto events = events_of(sim.trace());
  EXPECT_EQ(find_kind(events, EventKind::stranded), events.size());
  // worker0's announcement saw the work unit and did not park (b = 0: retry).
  const std::size_t announce = find_kind(events, EventKind::announce_sleep);
  ASSERT_LT(announce, events.size());
  EXPECT_EQ(events[announce].b, 0u);
  EXPECT_LT(find_kind(events, EventKind::wake), announce) << "same schedule as the oneshot case";
  const std::size_t ran = find_kind(events, EventKind::cleanup_run);
  ASSERT_LT(ran, events.size());
  EXPECT_LT(ran, find_kind(events, EventKind::park)) << "no park before the cleanup ran";
  EXPECT_EQ(events.back().kind, EventKind::run_end);
  EXPECT_EQ(events.back().b, 1u);
}

TEST_P(LostWakeupSchedule, WithoutTheScriptTheSameScenarioDrainsUnderBothProtocols) {
  for (WakeProtocol protocol : {WakeProtocol::oneshot, WakeProtocol::level}) {
    Scenario s = lost_wakeup_scenario(protocol, GetParam());
    s.schedule.clear();
    SimRuntime sim(s);
    EXPECT_EQ(sim.run().why, RunStop::finished);
    EXPECT_TRUE(sim.summary().ok()) << to_string(protocol);
    EXPECT_FALSE(sim.summary().stranded) << to_string(protocol);
  }
}

TEST_P(LostWakeupSchedule, AScheduleNamingAnActorThatIsNotReadyStopsWithAnError) {
  Scenario s = lost_wakeup_scenario(WakeProtocol::level, GetParam());
  s.schedule = {"mutator0", "worker7"};
  SimRuntime sim(s);
  EXPECT_EQ(sim.run().why, RunStop::schedule_error);
  const std::string& error = sim.runner().schedule_error();
  EXPECT_NE(error.find("worker7"), std::string::npos) << error;
  EXPECT_NE(error.find("step 2"), std::string::npos) << error;
  EXPECT_EQ(sim.runner().steps(), 1u);
  EXPECT_FALSE(sim.summary().finished);
}

INSTANTIATE_TEST_SUITE_P(Runners, LostWakeupSchedule,
                         ::testing::Values(RunnerKind::inline_, RunnerKind::conducted),
                         [](const auto& info) { return std::string(to_string(info.param)); });

TEST(LostWakeupSchedule, InlineAndConductedTellTheSameStory) {
  for (WakeProtocol protocol : {WakeProtocol::oneshot, WakeProtocol::level}) {
    SimRuntime a(lost_wakeup_scenario(protocol, RunnerKind::inline_));
    SimRuntime b(lost_wakeup_scenario(protocol, RunnerKind::conducted));
    a.run();
    b.run();
    EXPECT_EQ(a.trace().hash(), b.trace().hash()) << to_string(protocol);
    EXPECT_EQ(a.trace().size(), b.trace().size()) << to_string(protocol);
  }
}

}  // namespace
}  // namespace cq
