// max_actors / actor_threads (runtime/scenario.hpp): the web page makes its Web Workers before a
// run starts, so the bound must hold for every run, and be reached when the pool grows to its cap.
// Counted independently: the actors the runner really spawned, after the run.
#include <gtest/gtest.h>

#include "runtime/scenario_options.hpp"
#include "support/runtime_test_support.hpp"

namespace cq {
namespace {

using test::growing_scenario;
using test::run_to_end;
using test::small_scenario;

TEST(ActorCount, TheBoundHoldsAndIsReachedWhenThePoolReachesItsCap) {
  for (const Scenario& s : {growing_scenario(16, WorkerCapPolicy::quarter),
                            growing_scenario(8, WorkerCapPolicy::gomaxprocs),
                            growing_scenario(4, WorkerCapPolicy::quarter)}) {
    auto sim = run_to_end(s);
    const std::size_t spawned = sim->runner().actors().size();
    const RunSummary r = sim->summary();
    EXPECT_LE(spawned, max_actors(s)) << to_command_line(s);
    ASSERT_EQ(r.workers_created, r.worker_cap)
        << "the scenario must grow the pool to its cap: " << to_command_line(s);
    EXPECT_EQ(spawned, max_actors(s)) << to_command_line(s);
  }
}

TEST(ActorCount, Go124HasOneFinalizerGoroutine) {
  Scenario s = growing_scenario(16, WorkerCapPolicy::quarter);
  apply_go_profile(s, GoVersion::go1_24);
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

TEST(ActorCount, FitToThreadsRunsInlineOnlyWhenTheActorsNeedMoreThreads) {
  Scenario s;
  s.gomaxprocs = 256;
  s.runner = RunnerKind::conducted;
  const std::uint32_t needed = actor_threads(s);
  Scenario fits = s;
  EXPECT_FALSE(fit_to_threads(fits, needed).has_value());
  EXPECT_EQ(fits.runner, RunnerKind::conducted);
  const auto said = fit_to_threads(s, needed - 1);
  ASSERT_TRUE(said.has_value());
  EXPECT_EQ(s.runner, RunnerKind::inline_);
  EXPECT_EQ(actor_threads(s), 0u);
  EXPECT_NE(said->find("runner conducted needs " + std::to_string(needed) + " threads"),
            std::string::npos)
      << *said;
}

}  // namespace
}  // namespace cq
