// Determinism (docs/architecture.md, "Properties that must hold"): the same seed and scenario give
// the same trace hash; the conducted runner, on its pool of OS threads, makes exactly the inline
// runner's choices; and different seeds really do choose differently, so the hash is not
// trivially constant.
#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "support/runtime_test_support.hpp"

namespace cq {
namespace {

using test::run_to_end;
using test::small_scenario;

struct NamedScenario {
  std::string name;
  Scenario scenario;
};

std::vector<NamedScenario> scenarios_for_equivalence() {
  std::vector<NamedScenario> out;
  out.push_back({"small_level", small_scenario()});
  Scenario oneshot = small_scenario();
  oneshot.protocol = WakeProtocol::oneshot;
  oneshot.seed = 7;
  out.push_back({"oneshot", oneshot});
  Scenario go124 = small_scenario();
  apply_go_profile(go124, GoVersion::go1_24);
  go124.seed = 3;
  out.push_back({"go124", go124});
  Scenario cycles = small_scenario();
  cycles.gomaxprocs = 8;
  cycles.mutators = 3;
  cycles.cleanups = 30;
  cycles.gc_cycles = 3;
  cycles.sweepers = 3;
  cycles.costs.cleanup_ns = 5'000;
  cycles.seed = 42;
  out.push_back({"multi_cycle", cycles});
  Scenario stuck = cycles;
  stuck.stuck_cleanup = 10;
  stuck.worker_cap = WorkerCapPolicy::gomaxprocs;
  out.push_back({"stuck_gomaxprocs_cap", stuck});
  return out;
}

TEST(Determinism, ConductedRunnerReproducesTheInlineTraceExactly) {
  for (const NamedScenario& n : scenarios_for_equivalence()) {
    Scenario inline_s = n.scenario;
    inline_s.runner = RunnerKind::inline_;
    Scenario conducted_s = n.scenario;
    conducted_s.runner = RunnerKind::conducted;
    auto a = run_to_end(inline_s);
    auto b = run_to_end(conducted_s);
    ASSERT_EQ(a->trace().size(), b->trace().size()) << n.name;
    EXPECT_EQ(a->trace().hash(), b->trace().hash()) << n.name;
    for (std::size_t i = 0; i < a->trace().size(); ++i) {
      const TraceEvent& x = a->trace().at(i);
      const TraceEvent& y = b->trace().at(i);
      ASSERT_TRUE(x.kind == y.kind && x.time_ns == y.time_ns && x.actor == y.actor && x.a == y.a &&
                  x.b == y.b && x.block == y.block && x.p == y.p)
          << n.name << ": first difference at event " << i << " (" << to_string(x.kind) << " vs "
          << to_string(y.kind) << ")";
    }
    EXPECT_EQ(a->summary().steps, b->summary().steps) << n.name;
    EXPECT_EQ(a->summary().virtual_ns, b->summary().virtual_ns) << n.name;
  }
}

TEST(Determinism, SameSeedGivesTheSameHashForOneHundredSeeds) {
  std::set<std::uint64_t> distinct;
  for (std::uint64_t seed = 1; seed <= 100; ++seed) {
    Scenario s = small_scenario();
    s.seed = seed;
    auto first = run_to_end(s);
    auto second = run_to_end(s);
    ASSERT_EQ(first->trace().hash(), second->trace().hash()) << "seed " << seed;
    ASSERT_EQ(first->trace().size(), second->trace().size()) << "seed " << seed;
    EXPECT_TRUE(first->summary().ok()) << "seed " << seed;
    distinct.insert(first->trace().hash());
  }
  // Two mutators always tie (same start, same cost), so the PRNG picks on most steps.
  EXPECT_GE(distinct.size(), 90u) << "different seeds should usually give different runs";
}

TEST(Determinism, TheHashCoversTheWholeTrace) {
  Scenario s = small_scenario();
  auto sim = run_to_end(s);
  std::uint64_t h = Trace::kHashSeed;
  for (std::size_t i = 0; i < sim->trace().size(); ++i)
    h = Trace::hash_event(h, sim->trace().at(i));
  EXPECT_EQ(h, sim->trace().hash());
  EXPECT_EQ(sim->summary().trace_hash, h);
  // One changed field anywhere changes the hash.
  TraceEvent e = sim->trace().at(sim->trace().size() / 2);
  const std::uint64_t before = Trace::hash_event(Trace::kHashSeed, e);
  e.b ^= 1;
  EXPECT_NE(Trace::hash_event(Trace::kHashSeed, e), before);
}

TEST(Determinism, RecordingOffKeepsTheSameHashAndCounts) {
  Scenario s = small_scenario();
  auto recorded = run_to_end(s);
  s.record_trace = false;
  auto counted = run_to_end(s);
  EXPECT_EQ(counted->trace().size(), 0u);
  EXPECT_EQ(counted->trace().hash(), recorded->trace().hash());
  EXPECT_EQ(counted->summary().events, recorded->summary().events);
  EXPECT_EQ(counted->trace().count(EventKind::cleanup_run),
            recorded->trace().count(EventKind::cleanup_run));
}

// Threaded runs are not reproducible, but they must lose and duplicate nothing, whatever the
// interleaving.
TEST(Determinism, ThreadedRunsLoseAndDuplicateNothing) {
  for (const NamedScenario& n : scenarios_for_equivalence()) {
    if (n.scenario.stuck_cleanup != 0) continue;
    Scenario s = n.scenario;
    s.runner = RunnerKind::threaded;
    for (int repeat = 0; repeat < 3; ++repeat) {
      auto sim = run_to_end(s);
      const RunSummary r = sim->summary();
      EXPECT_TRUE(r.ok()) << n.name;
      EXPECT_EQ(r.executed, s.total_cleanups()) << n.name;
      EXPECT_EQ(r.lost, 0u) << n.name;
      EXPECT_EQ(r.duplicated, 0u) << n.name;
      EXPECT_EQ(r.invariant_violations, 0u) << n.name;
      EXPECT_EQ(sim->trace().count(EventKind::cleanup_run), s.total_cleanups()) << n.name;
    }
  }
}

}  // namespace
}  // namespace cq
