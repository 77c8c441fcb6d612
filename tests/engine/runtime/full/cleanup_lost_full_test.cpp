// Go's TestCleanupLost (src/runtime/mcleanup_test.go) at its full size, through the whole
// simulated runtime on real threads, with the cleanup-goroutine pool grown to its cap:
// GOMAXPROCS goroutines each register 10,000 cleanups, every one must run exactly once.
//
// The 10,000 are registered over two GC cycles, 5,000 in each. One cycle is not enough for the
// pool: the first AddCleanup finds no goroutine and starts one, and needg is raised again only
// by a wake that found nobody asleep, which needs something already swept and queued (Go's
// AddCleanup -> cleanupQueue.needG/createGs, runtime/mcleanup.go). In cycle 2 the first cycle's
// queue has run and parked its goroutine, so cycle 2's AddCleanups grow the pool to
// maxCleanupGs() = max(GOMAXPROCS/4, 1) and several goroutines take blocks at once: the races
// this test is for (two workers popping `full`, a worker and the last sweeper's flush).
//
// The test asserts the pool really was full (ng == cap, every goroutine created) and, at
// GOMAXPROCS >= 8, that cleanups ran on more than one goroutine; a run with a single worker
// fails it. Besides the books, the whole trace goes through the invariant checker
// (docs/algorithm.md §6, with the ordering of a threaded trace).
//
// Sizes: under ThreadSanitizer GOMAXPROCS 1..16, in the other builds 1..64 (CI runs 64 in the
// release build; scripts/test.sh selects these tests by their label, `full`). Not built for the
// web: there every actor thread is a Web Worker from a fixed pool.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <sstream>
#include <string>

#include "runtime/scenario.hpp"
#include "runtime/sim_runtime.hpp"
#include "support/runtime_test_support.hpp"
#include "trace/trace_invariants.hpp"

namespace cq {
namespace {

constexpr std::uint32_t kGoCleanupsPerGoroutine = 10'000;  // TestCleanupLost's allocsPerGoroutine
constexpr std::uint32_t kCycles = 2;

Scenario full_size_scenario(std::uint32_t gomaxprocs) {
  Scenario s;
  s.gomaxprocs = gomaxprocs;
  s.mutators = 0;  // one per P, as TestCleanupLost starts GOMAXPROCS goroutines
  s.cleanups = kGoCleanupsPerGoroutine / kCycles;
  s.gc_cycles = kCycles;
  s.sweepers = std::max(2u, std::min(gomaxprocs, 8u));
  s.runner = RunnerKind::threaded;
  // Recorded: the per-goroutine counts and the invariant checker read the events (32 bytes
  // each, ~80 MB at GOMAXPROCS 64).
  s.record_trace = true;
  // Under the default findrunnable scheduler idle Ps run no round and this only staggers the
  // Ps' first rounds; under --scheduler poll it spaces every P's rounds 50 us apart instead of
  // 2 us (each a thread wake).
  s.costs.sched_round_ns = 50'000;
  return s;
}

class CleanupLostFullSize : public ::testing::TestWithParam<std::uint32_t> {};

TEST_P(CleanupLostFullSize, EveryCleanupRunsExactlyOnceWithThePoolAtItsCap) {
  const Scenario s = full_size_scenario(GetParam());
  ASSERT_FALSE(validate(s).has_value()) << *validate(s);
  SimRuntime sim(s);
  const RunOutcome out = sim.run();
  const RunSummary r = sim.summary();
  const std::uint64_t expected = std::uint64_t{s.gomaxprocs} * kGoCleanupsPerGoroutine;

  test::expect_every_cleanup_ran_once(sim, out, expected, kCycles);

  // The pool reached maxCleanupGs() = max(GOMAXPROCS/4, 1), and no further.
  const std::uint32_t cap = std::max(s.gomaxprocs / 4, 1u);
  const QueueSnapshot q = sim.state().queue->snapshot();
  EXPECT_EQ(r.worker_cap, cap);
  EXPECT_EQ(q.ng, cap) << "the pool did not grow to its cap";
  EXPECT_EQ(r.workers_created, cap);

  // Who ran the cleanups: at GOMAXPROCS >= 8 (cap >= 2) more than one goroutine did.
  std::map<ActorId, std::uint64_t> runs_by_actor;
  ASSERT_EQ(sim.trace().first_retained(), 0u);
  sim.trace().read(0, sim.trace().size(), [&](std::span<const TraceEvent> events) {
    for (const TraceEvent& e : events) {
      if (e.kind == EventKind::cleanup_run) ++runs_by_actor[e.actor];
    }
  });
  std::ostringstream spread;
  for (const auto& [actor, n] : runs_by_actor) spread << " actor " << actor << ": " << n;
  for (const ActorInfo& a : sim.runner().actors()) {
    if (runs_by_actor.count(a.id) > 0) {
      EXPECT_EQ(a.kind, ActorKind::worker) << a.name;
    }
  }
  EXPECT_LE(runs_by_actor.size(), cap);
  if (cap >= 2) {
    EXPECT_GE(runs_by_actor.size(), 2u) << "cleanups ran on one goroutine only:" << spread.str();
  }
  RecordProperty("cleanups_by_goroutine", spread.str());

  // Drain predicate (§3.9, invariant 15): flushed, `full` empty, every goroutine asleep.
  EXPECT_TRUE(q.flushed);
  EXPECT_TRUE(q.full.empty());
  EXPECT_EQ(q.sleeping.size(), q.ng);
  EXPECT_EQ(q.work_units, 0u);
  for (const auto& b : q.all) EXPECT_EQ(b.n, 0u) << "block " << b.id << " still holds entries";

  // Every §6 invariant on the trace, in the threaded ordering (checked per virtual instant).
  TraceCheckOptions o;
  o.block_capacity = s.block_capacity;
  o.gomaxprocs = s.gomaxprocs;
  o.worker_cap = r.worker_cap;
  o.level_protocol = s.protocol == WakeProtocol::level;
  o.strict_order = false;
  const auto violations = check_trace(sim.trace(), o);
  if (!violations.empty()) {
    ADD_FAILURE() << violations.size() << " violations, first at event "
                  << violations.front().event_index << ": invariant "
                  << violations.front().invariant << ": " << violations.front().message;
  }
}

#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
#define CQ_FULL_SIZES 1u, 2u, 4u, 8u, 16u
#else
#define CQ_FULL_SIZES 1u, 2u, 4u, 8u, 16u, 64u
#endif
INSTANTIATE_TEST_SUITE_P(Gomaxprocs, CleanupLostFullSize, ::testing::Values(CQ_FULL_SIZES),
                         [](const auto& info) { return "P" + std::to_string(info.param); });

}  // namespace
}  // namespace cq
