// Go's TestCleanupLost (docs/algorithm.md §10) through the whole simulated runtime on real threads:
// GOMAXPROCS mutators each register N cleanups, one GC collects them all, and every one must run
// exactly once: nothing lost across P-local blocks, eager pushes, the last sweeper's merge,
// several consumers, or block reuse. The threaded runner releases every actor due at the same
// instant together, so the sweepers, workers and scheduler rounds really race on the queue.
//
// Go registers 10,000 per goroutine. The threaded runner pays a thread hand-off per step and one
// GC cycle gives a single cleanup goroutine (the pool grows only on later AddCleanup calls), so
// 64 x 10,000 alone would take minutes. The default keeps Go's 10,000 per mutator up to
// GOMAXPROCS 8 and splits the same 80,000 between the mutators beyond (5,000 at 16, 1,250 at 64);
// CQ_CLEANUP_LOST_FULL=1 runs Go's full 10,000 per mutator at every size. Sanitizer builds run
// 1,000 per mutator, as `go test -short` scales down, and so does WebAssembly under Node, where
// every thread is a Web Worker from a fixed pool (tests/web/CMakeLists.txt): up to GOMAXPROCS 16
// there, whose ~45 actor threads fit it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "runtime/scenario.hpp"
#include "runtime/sim_runtime.hpp"
#include "support/runtime_test_support.hpp"

namespace cq {
namespace {

std::uint32_t cleanups_per_mutator(std::uint32_t gomaxprocs) {
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__) || defined(__EMSCRIPTEN__)
  (void)gomaxprocs;
  return 1000;
#else
  constexpr std::uint32_t kGoCount = 10'000;
  const char* full = std::getenv("CQ_CLEANUP_LOST_FULL");
  if (full != nullptr && std::string(full) == "1") return kGoCount;
  constexpr std::uint32_t kTotal = 80'000;
  return std::min(kGoCount, kTotal / gomaxprocs);
#endif
}

class CleanupLostThroughTheRuntime : public ::testing::TestWithParam<std::uint32_t> {};

TEST_P(CleanupLostThroughTheRuntime, EveryRegisteredCleanupRunsExactlyOnceAfterOneGc) {
  Scenario s;
  s.gomaxprocs = GetParam();
  s.mutators = 0;  // one per P, as TestCleanupLost starts GOMAXPROCS goroutines
  s.cleanups = cleanups_per_mutator(s.gomaxprocs);
  s.gc_cycles = 1;
  // Several sweepers fill several Ps' blocks at once and push them while the worker pops.
  s.sweepers = std::max(2u, std::min(s.gomaxprocs, 8u));
  s.runner = RunnerKind::threaded;
  s.record_trace = false;  // counts and the hash are kept; the events themselves are not needed
  // Under the default findrunnable scheduler idle Ps run no round and this only staggers the
  // Ps' first rounds; under --scheduler poll it would space every P's rounds 50 us apart.
  s.costs.sched_round_ns = 50'000;
  ASSERT_FALSE(validate(s).has_value()) << *validate(s);
  SimRuntime sim(s);
  const RunOutcome out = sim.run();
  const RunSummary r = sim.summary();
  const std::uint64_t expected = std::uint64_t{s.gomaxprocs} * s.cleanups;
  test::expect_every_cleanup_ran_once(sim, out, expected, 1);
  EXPECT_EQ(sim.trace().count(EventKind::enqueue), expected);
  EXPECT_LE(r.workers_created, r.worker_cap);
  // Drain predicate (§3.9, invariant 15): flushed, `full` empty, every goroutine asleep.
  const QueueSnapshot q = sim.state().queue->snapshot();
  EXPECT_TRUE(q.flushed);
  EXPECT_TRUE(q.full.empty());
  EXPECT_EQ(q.sleeping.size(), q.ng);
  EXPECT_EQ(q.work_units, 0u);
  for (const auto& b : q.all) EXPECT_EQ(b.n, 0u) << "block " << b.id << " still holds entries";
}

#ifdef __EMSCRIPTEN__
#define CQ_CLEANUP_LOST_SIZES 1u, 2u, 4u, 8u, 16u
#else
#define CQ_CLEANUP_LOST_SIZES 1u, 2u, 4u, 8u, 16u, 64u
#endif
INSTANTIATE_TEST_SUITE_P(Gomaxprocs, CleanupLostThroughTheRuntime,
                         ::testing::Values(CQ_CLEANUP_LOST_SIZES),
                         [](const auto& info) { return "P" + std::to_string(info.param); });

}  // namespace
}  // namespace cq
