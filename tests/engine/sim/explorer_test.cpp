// The schedule explorer: it must find the e46c8e lost wakeup (docs/algorithm.md §9.2) as a schedule
// that replays to the same stranded block on real threads and inline, and find nothing with
// the level-triggered protocol within the same bounds.
#include "sim/explorer.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "runtime/runtime_explorer.hpp"
#include "runtime/sim_runtime.hpp"

namespace cq {
namespace {

// GOMAXPROCS 8: the pool cap is 2 while one goroutine exists, the condition of the race.
// Two blocks, so the lost wake must be the last of several, not merely the first.
constexpr std::uint32_t kGomaxprocs = 8;
constexpr std::uint32_t kBlocks = 2;
constexpr ExplorerLimits kLimits{.max_depth = 200, .max_schedules = 100'000};

ExplorationReport explore(WakeProtocol protocol, std::uint32_t gomaxprocs = kGomaxprocs,
                          SchedulerModel scheduler = SchedulerModel::poll) {
  Scenario s = exploration_scenario(protocol, gomaxprocs, kBlocks);
  s.scheduler = scheduler;
  RuntimeExplorationTarget target(s);
  return explore_schedules(target, kLimits);
}

// Searched once for every test that replays its finding (the search is the slow part under
// TSan).
const ExplorationReport& oneshot_report() {
  static const ExplorationReport report = explore(WakeProtocol::oneshot);
  return report;
}

// Runs `schedule` from the start on `runner`, to the end of the run.
struct Replay {
  RunOutcome outcome;
  RunSummary summary;
  std::uint64_t stranded_events;
};
Replay replay(WakeProtocol protocol, const std::vector<std::string>& schedule, RunnerKind runner) {
  Scenario s = exploration_scenario(protocol, kGomaxprocs, kBlocks);
  s.schedule = schedule;
  s.runner = runner;
  EXPECT_EQ(validate(s), std::nullopt);
  SimRuntime sim(s);
  const RunOutcome out = sim.run();
  return {out, sim.summary(), sim.trace().count(EventKind::stranded)};
}

TEST(ScheduleExplorer, OneshotSearchFindsTheLostWakeupAsAStrandedBlock) {
  const ExplorationReport& report = oneshot_report();
  EXPECT_EQ(report.end, ExplorationEnd::violation);
  ASSERT_FALSE(report.violations.empty());
  const ScheduleViolation& v = report.violations.front();
  EXPECT_EQ(v.kind, "stranded");
  // The race of §9.2 in the schedule's words: the scheduler round eats the wake between the
  // goroutine's failed pop and its sleep, so the schedule ends with sched0, then worker0 parking.
  ASSERT_GE(v.schedule.size(), 2u);
  EXPECT_EQ(v.schedule[v.schedule.size() - 2], "sched0");
  EXPECT_EQ(v.schedule.back(), "worker0");
  EXPECT_GT(report.states, 0u);
}

TEST(ScheduleExplorer, StrandedScheduleReplaysInTheConductedAndInlineRunners) {
  const ExplorationReport& report = oneshot_report();
  ASSERT_FALSE(report.violations.empty());
  const std::vector<std::string>& schedule = report.violations.front().schedule;
  for (RunnerKind runner : {RunnerKind::conducted, RunnerKind::inline_}) {
    SCOPED_TRACE(std::string(to_string(runner)));
    const Replay r = replay(WakeProtocol::oneshot, schedule, runner);
    EXPECT_EQ(r.outcome.why, RunStop::finished);
    EXPECT_EQ(r.summary.steps, schedule.size());  // the run ends exactly where the schedule does
    EXPECT_TRUE(r.summary.stranded);
    EXPECT_EQ(r.stranded_events, 1u);
    EXPECT_EQ(r.summary.lost, 0u);  // still queued, visibly: stranded, not lost
    EXPECT_LT(r.summary.executed, r.summary.registered);
    EXPECT_FALSE(r.summary.ok());
  }
  // Real threads, one step at a time, and one thread make the very same run.
  EXPECT_EQ(replay(WakeProtocol::oneshot, schedule, RunnerKind::conducted).summary.trace_hash,
            replay(WakeProtocol::oneshot, schedule, RunnerKind::inline_).summary.trace_hash);
}

TEST(ScheduleExplorer, LevelSearchFindsNoViolationWithinTheSameBounds) {
  const ExplorationReport report = explore(WakeProtocol::level);
  EXPECT_EQ(report.end, ExplorationEnd::exhausted);
  EXPECT_TRUE(report.violations.empty());
  EXPECT_GT(report.schedules, 0u);
  EXPECT_GT(report.states, 0u);
  EXPECT_EQ(report.depth_cutoffs, 0u);  // hashing closed the search, not the depth bound
}

TEST(ScheduleExplorer, TheLostWakeupScheduleIsHarmlessUnderLevel) {
  const ExplorationReport& report = oneshot_report();
  ASSERT_FALSE(report.violations.empty());
  // Under level, the goroutine's announce re-checks work_units and does not sleep.
  const Replay r =
      replay(WakeProtocol::level, report.violations.front().schedule, RunnerKind::inline_);
  EXPECT_EQ(r.outcome.why, RunStop::finished);
  EXPECT_FALSE(r.summary.stranded);
  EXPECT_TRUE(r.summary.ok());
}

// The work bound: a search that would need more replayed steps stops there and says so (the
// level search is exhausted with no bound; a bound of a tenth of its cost cuts it short).
TEST(ScheduleExplorer, AStepBudgetStopsTheSearchAndSaysSo) {
  const ExplorationReport whole = explore(WakeProtocol::level);
  ASSERT_EQ(whole.end, ExplorationEnd::exhausted);
  ExplorerLimits bounded = kLimits;
  bounded.max_steps_replayed = whole.steps_replayed / 10;
  RuntimeExplorationTarget target(exploration_scenario(WakeProtocol::level, kGomaxprocs, kBlocks));
  const ExplorationReport cut = explore_schedules(target, bounded);
  EXPECT_EQ(cut.end, ExplorationEnd::step_budget);
  EXPECT_GE(cut.steps_replayed, bounded.max_steps_replayed);
  EXPECT_LT(cut.replays, whole.replays);
  EXPECT_EQ(to_string(cut.end), "step_budget");
}

// Under the findrunnable scheduler the round runs only at scheduling points (worker0 picked up,
// a goroutine parking or exiting), not whenever the explorer likes; the race of §9.2 is still
// there, since worker0's own pick-up asks for a round that may come after the sweeper's push and
// before worker0 announces sleep. The same search finds it, and nothing under level.
TEST(ScheduleExplorer, FindRunnableSchedulerStillLosesTheWakeUnderOneshotOnly) {
  const ExplorationReport oneshot =
      explore(WakeProtocol::oneshot, kGomaxprocs, SchedulerModel::findrunnable);
  EXPECT_EQ(oneshot.end, ExplorationEnd::violation);
  ASSERT_FALSE(oneshot.violations.empty());
  const ScheduleViolation& v = oneshot.violations.front();
  EXPECT_EQ(v.kind, "stranded");
  ASSERT_GE(v.schedule.size(), 2u);
  EXPECT_EQ(v.schedule.back(), "worker0") << "worker0 parks after the round ate the wake";
  EXPECT_NE(std::find(v.schedule.begin(), v.schedule.end(), "sched0"), v.schedule.end());

  // The same schedule replays to the same stranded block on real threads.
  Scenario s = exploration_scenario(WakeProtocol::oneshot, kGomaxprocs, kBlocks);
  s.scheduler = SchedulerModel::findrunnable;
  s.schedule = v.schedule;
  ASSERT_EQ(validate(s), std::nullopt);
  SimRuntime sim(s);
  EXPECT_EQ(sim.run().why, RunStop::finished);
  EXPECT_TRUE(sim.summary().stranded);
  EXPECT_EQ(sim.summary().lost, 0u);

  const ExplorationReport level =
      explore(WakeProtocol::level, kGomaxprocs, SchedulerModel::findrunnable);
  EXPECT_EQ(level.end, ExplorationEnd::exhausted);
  EXPECT_TRUE(level.violations.empty());
  for (const auto& lv : level.violations) {  // each one's schedule, to replay it
    std::string line = lv.kind + ":";
    for (const auto& n : lv.schedule) line += " " + n;
    ADD_FAILURE() << line;
  }
  EXPECT_GT(level.states, 0u);
}

TEST(ScheduleExplorer, OneshotRaceNeedsRoomInThePool) {
  // GOMAXPROCS 4: cap 1 = ng, so needsWake() waits for a sleeper and no wake is eaten early.
  const ExplorationReport report = explore(WakeProtocol::oneshot, 4);
  EXPECT_EQ(report.end, ExplorationEnd::exhausted);
  EXPECT_TRUE(report.violations.empty());
}

// The nil-P crash (issue 11): GOMAXPROCS grows from 4 to 8 as the sweep ends, so the last sweep's
// flush walks allp while the new entries are still nil (runtime/proc.go, procresize). e46c8e's
// flush reads pp.cleanups through the first of them and the program dies; go1.25's skips them
// (runtime/mcleanup.go, (*cleanupQueue).flush, "if pp == nil"). GOMAXPROCS 4 keeps the pool cap
// at 1, so the e46c8e search has no lost wakeup to find instead, and the level search is small.
constexpr std::uint32_t kGrowFrom = 4;
constexpr std::uint32_t kGrowTo = 8;

Scenario growth_scenario(WakeProtocol protocol) {
  Scenario s = exploration_scenario(protocol, kGrowFrom, 1);
  s.grow_gomaxprocs_to = kGrowTo;
  EXPECT_EQ(validate(s), std::nullopt);
  return s;
}

ExplorationReport explore_growth(WakeProtocol protocol) {
  RuntimeExplorationTarget target(growth_scenario(protocol));
  return explore_schedules(target, kLimits);
}

const ExplorationReport& growth_oneshot_report() {
  static const ExplorationReport report = explore_growth(WakeProtocol::oneshot);
  return report;
}

// Runs `schedule` from the start under `protocol`'s growth scenario, to the end of the run.
struct GrowthReplay {
  CrashCause crash_within_schedule;  // after exactly the schedule's steps
  RunOutcome outcome;
  RunSummary summary;
  std::vector<TraceEvent> crashes;
};
GrowthReplay replay_growth(WakeProtocol protocol, const std::vector<std::string>& schedule,
                           RunnerKind runner) {
  Scenario s = growth_scenario(protocol);
  s.schedule = schedule;
  s.runner = runner;
  EXPECT_EQ(validate(s), std::nullopt);
  SimRuntime sim(s);
  GrowthReplay r;
  RunLimit limit;
  limit.max_steps = schedule.size();
  sim.run(limit);
  r.crash_within_schedule = sim.summary().crash;
  r.outcome = sim.run();
  r.summary = sim.summary();
  for (std::size_t i = 0; i < sim.trace().size(); ++i) {
    const TraceEvent e = sim.trace().at(i);
    if (e.kind == EventKind::crash) r.crashes.push_back(e);
  }
  return r;
}

TEST(ScheduleExplorer, E46c8eGrowthSearchFindsTheNilPCrashInFlush) {
  const ExplorationReport& report = growth_oneshot_report();
  EXPECT_EQ(report.end, ExplorationEnd::violation);
  ASSERT_EQ(report.violations.size(), 1u);
  const ScheduleViolation& v = report.violations.front();
  EXPECT_EQ(v.kind, "crash");
  EXPECT_EQ(v.detail, "nil P in flush (e46c8e)");
  // The crash is the last sweeper's end, whose flush meets the nil Ps.
  ASSERT_FALSE(v.schedule.empty());
  EXPECT_EQ(v.schedule.back(), "sweeper0");
}

TEST(ScheduleExplorer, Go125GrowthSearchIsExhaustedWithNoViolation) {
  const ExplorationReport report = explore_growth(WakeProtocol::level);
  EXPECT_EQ(report.end, ExplorationEnd::exhausted);
  for (const ScheduleViolation& v : report.violations) {
    std::string line = v.kind + " (" + v.detail + "):";
    for (const auto& n : v.schedule) line += " " + n;
    ADD_FAILURE() << line;
  }
  EXPECT_GT(report.schedules, 0u);
  EXPECT_EQ(report.depth_cutoffs, 0u);  // hashing closed the search, not the depth bound
  // The same search space as e46c8e's up to its crash: at least as deep as the crash schedule.
  ASSERT_FALSE(growth_oneshot_report().violations.empty());
  EXPECT_GT(report.deepest, growth_oneshot_report().violations.front().schedule.size());
}

TEST(ScheduleExplorer, TheNilPCrashScheduleReplaysOnRealThreadsUnderE46c8eOnly) {
  const ExplorationReport& report = growth_oneshot_report();
  ASSERT_FALSE(report.violations.empty());
  const std::vector<std::string>& schedule = report.violations.front().schedule;
  for (RunnerKind runner : {RunnerKind::conducted, RunnerKind::inline_}) {
    SCOPED_TRACE(std::string(to_string(runner)));
    const GrowthReplay crashed = replay_growth(WakeProtocol::oneshot, schedule, runner);
    EXPECT_EQ(crashed.crash_within_schedule, CrashCause::nil_p_in_flush)
        << "the program dies within the schedule's steps";
    EXPECT_EQ(crashed.summary.crash, CrashCause::nil_p_in_flush);
    EXPECT_EQ(crashed.outcome.why, RunStop::finished);
    EXPECT_EQ(crashed.summary.flushes, 0u) << "the flush never finished";
    ASSERT_EQ(crashed.crashes.size(), 1u);
    EXPECT_EQ(crashed.crashes[0].a, kGrowFrom) << "the first new P is the first nil allp entry";
    EXPECT_FALSE(crashed.summary.ok());

    // go1.25: the same steps, then the run goes on to its end with every cleanup run once.
    const GrowthReplay fine = replay_growth(WakeProtocol::level, schedule, runner);
    EXPECT_NE(fine.outcome.why, RunStop::schedule_error);
    EXPECT_EQ(fine.crash_within_schedule, CrashCause::none);
    EXPECT_EQ(fine.summary.crash, CrashCause::none);
    EXPECT_TRUE(fine.crashes.empty());
    EXPECT_GT(fine.summary.steps, schedule.size());
    EXPECT_EQ(fine.summary.flushes, 1u);
    EXPECT_TRUE(fine.summary.ok());
  }
}

RunLimit steps(std::uint64_t n) {
  RunLimit limit;
  limit.max_steps = n;
  return limit;
}

TEST(ScheduleExplorer, FingerprintIgnoresVirtualTimeAndIdleSchedulerRounds) {
  Scenario s = exploration_scenario(WakeProtocol::oneshot, kGomaxprocs, kBlocks);
  s.runner = RunnerKind::inline_;
  const SimRuntime before(s);
  s.schedule = {"sched0", "sched0", "sched0"};  // nothing to wake: rounds change nothing
  SimRuntime after(s);
  after.run(steps(3));
  EXPECT_LT(before.runner().now_ns(), after.runner().now_ns());
  EXPECT_EQ(state_fingerprint(before), state_fingerprint(after));
  s.schedule = {"mutator0"};  // one AddCleanup: a new state
  SimRuntime registered(s);
  registered.run(steps(1));
  EXPECT_NE(state_fingerprint(before), state_fingerprint(registered));
}

// A toy system for the search itself: two counters, "a" and "b", each stepping up to 3.
// The state (a, b) = (2, 1) is the "violation"; the shortest schedule to it has 3 steps.
class CounterPair final : public ExplorationTarget {
 public:
  ReplayedState replay(const std::vector<std::string>& schedule) override {
    int a = 0;
    int b = 0;
    for (const std::string& step : schedule) (step == "a" ? a : b) += 1;
    ReplayedState s;
    s.fingerprint = static_cast<std::uint64_t>(a * 10 + b);
    s.finished = a == 3 && b == 3;
    if (a < 3) s.ready.push_back("a");
    if (b < 3) s.ready.push_back("b");
    if (a == 2 && b == 1) s.violations.push_back({"toy", ""});
    return s;
  }
};

TEST(ScheduleExplorer, BreadthFirstReportsAShortestViolatingSchedule) {
  CounterPair target;
  const ExplorationReport report = explore_schedules(target, {});
  ASSERT_EQ(report.violations.size(), 1u);
  EXPECT_EQ(report.violations[0].kind, "toy");
  EXPECT_EQ(report.violations[0].schedule.size(), 3u);
  EXPECT_EQ(
      std::count(report.violations[0].schedule.begin(), report.violations[0].schedule.end(), "a"),
      2);
}

TEST(ScheduleExplorer, DepthBoundCutsTheSearchAndSaysSo) {
  CounterPair target;
  const ExplorationReport report =
      explore_schedules(target, {.max_depth = 2, .max_schedules = 100});
  EXPECT_EQ(report.end, ExplorationEnd::exhausted);
  EXPECT_TRUE(report.violations.empty());  // (2, 1) lies at depth 3
  EXPECT_EQ(report.states, 6u);            // (0,0) (1,0) (0,1) (2,0) (1,1) (0,2)
  EXPECT_EQ(report.depth_cutoffs, 3u);
}

}  // namespace
}  // namespace cq
