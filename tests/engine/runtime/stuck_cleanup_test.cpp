// A cleanup that never returns (docs/algorithm.md §8, teaching moment 11). Go 1.24: the single fing
// goroutine stalls, and with it every cleanup in the program. Go 1.25 at GOMAXPROCS 16 (cap 4):
// only the stuck goroutine and the rest of its block wait; the other goroutines keep draining
// (with GOMAXPROCS 1 to 7 the cap is 1 and everything would wait, as in Go 1.24). Either way
// nothing is lost: what did not run is still visibly queued or held behind the stuck cleanup.
#include <gtest/gtest.h>

#include <cstdint>

#include "support/runtime_test_support.hpp"

namespace cq {
namespace {

using test::ActorTable;
using test::count_kind;
using test::events_of;
using test::find_kind;
using test::run_to_end;
using test::small_scenario;

Scenario stuck_scenario(Design design) {
  Scenario s = small_scenario();
  apply_go_profile(s, design == Design::finalizer_queue ? GoVersion::go1_24 : GoVersion::go1_25);
  s.gomaxprocs = 16;  // cap 4 under Go 1.25
  s.mutators = 4;
  s.cleanups = 120;
  s.gc_cycles = 4;
  if (design == Design::cleanup_queue) s.block_capacity = 20;  // go1.24's finq has no blocks
  s.costs.cleanup_ns = 20'000;
  s.costs.sched_round_ns = 20'000;
  s.stuck_cleanup = 5;  // registered in the first cycle, so everything after it is at stake
  s.seed = 5;
  return s;
}

TEST(StuckCleanup, Go124StopsEveryCleanupAfterTheStuckOne) {
  const Scenario s = stuck_scenario(Design::finalizer_queue);
  auto sim = run_to_end(s);
  const auto events = events_of(sim->trace());
  const std::size_t stuck = find_kind(events, EventKind::cleanup_stuck);
  ASSERT_LT(stuck, events.size()) << "the stuck cleanup was never reached";
  EXPECT_EQ(events[stuck].a, s.stuck_cleanup);
  EXPECT_EQ(find_kind(events, EventKind::cleanup_run, stuck), events.size())
      << "a cleanup ran after fing got stuck";
  EXPECT_EQ(count_kind(events, EventKind::cleanup_stuck), 1u);
  const RunSummary r = sim->summary();
  EXPECT_TRUE(r.finished);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.executed, count_kind(events, EventKind::cleanup_run));
  EXPECT_LT(r.executed, r.registered / 2) << "most cleanups are stuck behind the first cycle's";
  EXPECT_GE(r.stuck_pending, 1u);
  EXPECT_EQ(r.pending, r.registered - r.executed);
  EXPECT_EQ(r.pending, r.queued) << "every pending cleanup is queued or held by fing";
  EXPECT_EQ(r.lost, 0u);
  EXPECT_EQ(r.duplicated, 0u);
  EXPECT_FALSE(r.stranded) << "fing is stuck, not asleep";
}

TEST(StuckCleanup, Go125KeepsDrainingOtherBlocksOnOtherGoroutines) {
  const Scenario s = stuck_scenario(Design::cleanup_queue);
  auto sim = run_to_end(s);
  const auto events = events_of(sim->trace());
  const ActorTable actors(sim->runner());
  const std::size_t stuck = find_kind(events, EventKind::cleanup_stuck);
  ASSERT_LT(stuck, events.size()) << "the stuck cleanup was never reached";
  const ActorId stuck_worker = events[stuck].actor;
  EXPECT_TRUE(actors.is(stuck_worker, ActorKind::worker));
  std::uint64_t ran_before = 0;
  std::uint64_t ran_after = 0;
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (events[i].kind != EventKind::cleanup_run) continue;
    if (i < stuck) {
      ++ran_before;
    } else {
      ++ran_after;
      EXPECT_NE(events[i].actor, stuck_worker) << "the stuck goroutine never returns";
    }
  }
  EXPECT_GT(ran_after, 0u);
  const RunSummary r = sim->summary();
  EXPECT_GT(r.executed, ran_before);
  EXPECT_EQ(r.executed, ran_before + ran_after);
  EXPECT_GT(r.workers_created, 1u) << "later AddCleanup calls grow the pool past the stuck one";
  // Only the stuck block's remainder (the stuck cleanup and what follows it) can be left, plus
  // whatever is legitimately still queued.
  EXPECT_GE(r.stuck_pending, 1u);
  EXPECT_LE(r.stuck_pending, s.block_capacity);
  EXPECT_EQ(r.pending, r.registered - r.executed);
  EXPECT_EQ(r.pending, r.queued) << "queued includes the stuck block's remainder";
  EXPECT_GE(r.pending, r.stuck_pending);
  EXPECT_EQ(r.lost, 0u);
  EXPECT_EQ(r.duplicated, 0u);
  EXPECT_EQ(r.invariant_violations, 0u);
  EXPECT_FALSE(r.ok());
}

TEST(StuckCleanup, Go125HoldsBackFarLessThanGo124) {
  auto old_design = run_to_end(stuck_scenario(Design::finalizer_queue));
  auto new_design = run_to_end(stuck_scenario(Design::cleanup_queue));
  EXPECT_LT(new_design->summary().pending * 10, old_design->summary().pending);
}

}  // namespace
}  // namespace cq
