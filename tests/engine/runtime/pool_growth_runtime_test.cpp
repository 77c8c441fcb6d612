// Pool growth through the whole runtime (docs/algorithm.md §3.8, teaching moments 10 and 11): only
// AddCleanup creates cleanup goroutines, scheduler rounds only post needg requests, the pool never
// passes its cap, and it reaches the cap only through AddCleanup calls made after the demand was
// seen. The Go 1.24 design runs everything on the one finalizer goroutine instead.
#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <vector>

#include "support/runtime_test_support.hpp"

namespace cq {
namespace {

using test::ActorTable;
using test::count_kind;
using test::events_of;
using test::growing_scenario;
using test::run_to_end;

TEST(PoolGrowthRuntime, OnlyMutatorsCreateGoroutinesAndOnlyInsideAddCleanup) {
  auto sim = run_to_end(growing_scenario());
  const auto events = events_of(sim->trace());
  const ActorTable actors(sim->runner());
  std::uint64_t created = 0;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const TraceEvent& e = events[i];
    if (e.kind != EventKind::goroutines_created) continue;
    EXPECT_TRUE(actors.is(e.actor, ActorKind::mutator)) << "created by " << actors.name(e.actor);
    EXPECT_FALSE(actors.is(e.actor, ActorKind::scheduler));
    // The same step goes on to register the cleanup: creation happens inside AddCleanup.
    ASSERT_LT(i + 1, events.size());
    EXPECT_EQ(events[i + 1].kind, EventKind::cleanup_registered);
    EXPECT_EQ(events[i + 1].actor, e.actor);
    created += e.a;
  }
  const RunSummary r = sim->summary();
  EXPECT_EQ(created, r.workers_created);
  EXPECT_EQ(actors.count(ActorKind::worker), r.workers_created);
  EXPECT_LE(r.workers_created, r.worker_cap);
  EXPECT_EQ(r.worker_cap, 4u);
  EXPECT_TRUE(r.ok());
}

TEST(PoolGrowthRuntime, NeedgIsRaisedOnlyBySchedulerRounds) {
  auto sim = run_to_end(growing_scenario());
  const auto events = events_of(sim->trace());
  const ActorTable actors(sim->runner());
  std::uint64_t raised = 0;
  for (const TraceEvent& e : events) {
    if (e.kind == EventKind::needg_raised || e.kind == EventKind::wake ||
        e.kind == EventKind::needs_wake) {
      EXPECT_TRUE(actors.is(e.actor, ActorKind::scheduler))
          << to_string(e.kind) << " by " << actors.name(e.actor);
    }
    if (e.kind == EventKind::needg_raised) raised += e.a;
  }
  EXPECT_GT(raised, 0u) << "demand beyond the sleepers must be posted as needg";
  EXPECT_EQ(raised, sim->summary().needg_raised);
}

TEST(PoolGrowthRuntime, PoolReachesTheCapOnlyThroughLaterAddCleanupCalls) {
  auto sim = run_to_end(growing_scenario());
  const auto events = events_of(sim->trace());
  std::uint64_t needg_so_far = 0;
  std::uint32_t ng = 0;
  bool gc_started = false;
  std::vector<std::uint32_t> ng_after_each;
  for (const TraceEvent& e : events) {
    if (e.kind == EventKind::gc_phase) gc_started = true;
    if (e.kind == EventKind::needg_raised) needg_so_far += e.a;
    if (e.kind != EventKind::goroutines_created) continue;
    ng_after_each.push_back(e.b);
    EXPECT_EQ(e.b, ng + e.a) << "b is ng after the creation";
    if (ng == 0) {
      EXPECT_EQ(e.a, 1u) << "the first AddCleanup creates exactly one goroutine";
      EXPECT_FALSE(gc_started);
    } else {
      EXPECT_TRUE(gc_started) << "growth beyond one needs demand, which needs a GC";
      EXPECT_GE(needg_so_far, e.b - 1u) << "every extra goroutine was requested first";
    }
    ng = e.b;
  }
  ASSERT_GE(ng_after_each.size(), 2u) << "the pool must grow after the first goroutine";
  EXPECT_EQ(ng, 4u) << "GOMAXPROCS 16: the pool reaches max(16/4, 1)";
  EXPECT_EQ(sim->summary().workers_created, 4u);
  EXPECT_EQ(sim->state().queue->ng(), 4u);
}

TEST(PoolGrowthRuntime, WithoutLaterAddCleanupCallsThePoolStaysAtOneDespiteDemand) {
  Scenario s = growing_scenario();
  s.gc_cycles = 1;  // every AddCleanup happens before the only GC
  auto sim = run_to_end(s);
  const RunSummary r = sim->summary();
  EXPECT_GT(r.needg_raised, 0u) << "the scheduler saw more blocks than sleepers";
  EXPECT_EQ(r.workers_created, 1u) << "the scheduler may not create goroutines itself";
  EXPECT_EQ(count_kind(events_of(sim->trace()), EventKind::goroutines_created), 1u);
  EXPECT_TRUE(r.ok()) << "one goroutine still drains everything";
}

TEST(PoolGrowthRuntime, CommitMessageCapPolicyAllowsUpToGomaxprocs) {
  Scenario s = growing_scenario();
  s.gomaxprocs = 4;
  s.worker_cap = WorkerCapPolicy::gomaxprocs;
  auto sim = run_to_end(s);
  const RunSummary r = sim->summary();
  EXPECT_EQ(r.worker_cap, 4u);
  EXPECT_LE(r.workers_created, 4u);
  EXPECT_GT(r.workers_created, 1u) << "the quarter policy would cap GOMAXPROCS 4 at one";
  EXPECT_TRUE(r.ok());
}

TEST(Go124Design, RunsEveryCleanupOnTheOneFinalizerGoroutine) {
  Scenario s = growing_scenario();
  apply_go_profile(s, GoVersion::go1_24);
  s.costs.cleanup_ns = 200;
  auto sim = run_to_end(s);
  const auto events = events_of(sim->trace());
  const ActorTable actors(sim->runner());
  ASSERT_EQ(actors.count(ActorKind::fing), 1u);
  EXPECT_EQ(actors.count(ActorKind::worker), 0u);
  std::set<ActorId> runners;
  std::set<CleanupId> ran;
  for (const TraceEvent& e : events) {
    if (e.kind == EventKind::cleanup_run) {
      runners.insert(e.actor);
      EXPECT_TRUE(ran.insert(e.a).second) << "cleanup " << e.a << " ran twice";
    }
  }
  ASSERT_EQ(runners.size(), 1u);
  EXPECT_TRUE(actors.is(*runners.begin(), ActorKind::fing));
  EXPECT_EQ(ran.size(), s.total_cleanups());
  EXPECT_EQ(count_kind(events, EventKind::fin_enqueue), s.total_cleanups());
  EXPECT_EQ(count_kind(events, EventKind::enqueue), 0u) << "no P-local blocks before Go 1.25";
  EXPECT_EQ(count_kind(events, EventKind::flush_begin), 0u);
  EXPECT_EQ(count_kind(events, EventKind::goroutines_created), 1u);
  const RunSummary r = sim->summary();
  EXPECT_EQ(r.workers_created, 1u);
  EXPECT_EQ(r.worker_cap, 1u);
  EXPECT_EQ(r.flushes, 0u);
  EXPECT_TRUE(r.ok());
}

}  // namespace
}  // namespace cq
