// max_actors / actor_threads (runtime/scenario.hpp): the web page makes its Web Workers before a
// run starts, so the bound must hold for every run, and be reached when the pool grows to its cap.
// Counted independently: the actors the runner really spawned, after the run.
#include <gtest/gtest.h>

#include "support/runtime_test_support.hpp"

namespace cq {
namespace {

using test::run_to_end;
using test::small_scenario;

// Slow cleanups over several cycles: blocks wait on `full` while later AddCleanup calls see the
// demand, so the pool grows to its cap (pool_growth_runtime_test.cpp has the same shape).
Scenario growing(std::uint32_t gomaxprocs, WorkerCapPolicy cap) {
  Scenario s = small_scenario();
  s.gomaxprocs = gomaxprocs;
  s.mutators = 4;
  s.cleanups = 120;
  s.gc_cycles = 4;
  s.block_capacity = 20;
  s.span_objects = 16;
  s.worker_cap = cap;
  s.costs.cleanup_ns = 20'000;
  s.costs.sched_round_ns = 20'000;
  s.seed = 3;
  return s;
}

TEST(ActorCount, TheBoundHoldsAndIsReachedWhenThePoolReachesItsCap) {
  for (const Scenario& s : {growing(16, WorkerCapPolicy::quarter), growing(8, WorkerCapPolicy::gomaxprocs),
                            growing(4, WorkerCapPolicy::quarter)}) {
    auto sim = run_to_end(s);
    const std::size_t spawned = sim->runner().actors().size();
    const RunSummary r = sim->summary();
    EXPECT_LE(spawned, max_actors(s)) << to_command_line(s);
    ASSERT_EQ(r.workers_created, r.worker_cap) << "the scenario must grow the pool to its cap: " << to_command_line(s);
    EXPECT_EQ(spawned, max_actors(s)) << to_command_line(s);
  }
}

TEST(ActorCount, Go124HasOneFinalizerGoroutine) {
  Scenario s = growing(16, WorkerCapPolicy::quarter);
  s.design = Design::go124;
  auto sim = run_to_end(s);
  EXPECT_EQ(sim->runner().actors().size(), max_actors(s));
  EXPECT_EQ(max_actors(s), 1 + 4 + s.sweepers + 16 + 1);
}

TEST(ActorCount, OnlyTheThreadRunnersTakeThreads) {
  Scenario s = small_scenario();
  EXPECT_EQ(actor_threads(s), 0u);
  s.runner = RunnerKind::conducted;
  EXPECT_EQ(actor_threads(s), max_actors(s));
  s.runner = RunnerKind::threaded;
  EXPECT_EQ(actor_threads(s), max_actors(s));
  // The threaded runner on real threads stays within it too.
  auto sim = run_to_end(s);
  EXPECT_LE(sim->runner().actors().size(), actor_threads(s));
}

}  // namespace
}  // namespace cq
