// The last sweeper's flush on hand-worked examples (docs/algorithm.md §3.4, §6 invariants 4 and 5):
// postconditions, the pushed/emptied/missing accounting, coalescing into the fewest blocks, the
// exact-fit corner case that pushes an empty block, and the `flushed` flag.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "queue/cleanup_queue.hpp"
#include "support/queue_test_support.hpp"

namespace cq {
namespace {

using test::enqueue_range;
using test::entries_of;
using test::full_contents_top_first;
using test::make_config;
using test::structural_invariants_hold;
using Ids = std::vector<CleanupId>;
using Kind = FlushStep::Kind;

class FlushTest : public ::testing::TestWithParam<WakeProtocol> {
 protected:
  QueueConfig config(std::uint32_t gomaxprocs, std::uint32_t capacity) const {
    return make_config(gomaxprocs, capacity, GetParam());
  }
  // Units of work signalled so far, in whichever counter the protocol uses.
  std::uint64_t signalled(const CleanupQueue& q) const {
    const QueueSnapshot s = q.snapshot();
    return GetParam() == WakeProtocol::oneshot ? s.wakes : s.work_units;
  }
  // P p gets `count` entries with ids p*100+1, p*100+2, ...
  static void fill_ps(CleanupQueue& q, const std::vector<std::uint32_t>& counts) {
    for (std::uint32_t p = 0; p < counts.size(); ++p) enqueue_range(q, p, p * 100 + 1, counts[p]);
  }
};

TEST_P(FlushTest, FlushEmptiesEveryPSlotAndSetsFlushed) {
  CleanupQueue q(config(5, 8));
  fill_ps(q, {3, 7, 0, 1, 5});
  EXPECT_FALSE(q.flushed());
  const FlushResult r = q.flush();
  for (std::uint32_t p = 0; p < 5; ++p) EXPECT_EQ(q.p_block(p), nullptr) << "P" << p;
  EXPECT_TRUE(q.flushed());
  EXPECT_TRUE(r.accounting_holds);
  EXPECT_EQ(r.pushed + r.emptied + r.missing, 5u);
  EXPECT_TRUE(structural_invariants_hold(q));
}

TEST_P(FlushTest, FlushAccountingCountsPushedEmptiedAndMissingPs) {
  CleanupQueue q(config(4, 10));
  fill_ps(q, {3, 0, 4, 5});
  const FlushResult r = q.flush();
  EXPECT_EQ(r.pushed, 2u);
  EXPECT_EQ(r.emptied, 1u);  // P2's block was absorbed whole
  EXPECT_EQ(r.missing, 1u);  // P1 had no block
  EXPECT_EQ(r.pushed_sizes, (std::vector<std::uint32_t>{10, 2}));
  // P2 fits whole after P0's prefix; P3 fills the rest from its tail and keeps {301, 302}.
  EXPECT_EQ(full_contents_top_first(q),
            (std::vector<Ids>{{301, 302}, {1, 2, 3, 201, 202, 203, 204, 303, 304, 305}}));
  EXPECT_EQ(q.snapshot().free.size(), 1u);
}

TEST_P(FlushTest, FlushStepsRecordTheWalkOverThePs) {
  CleanupQueue q(config(4, 10));
  fill_ps(q, {3, 0, 4, 5});
  const FlushResult r = q.flush();
  std::vector<Kind> kinds;
  std::vector<std::uint32_t> ps;
  for (const FlushStep& step : r.steps) {
    kinds.push_back(step.kind);
    ps.push_back(step.p);
  }
  EXPECT_EQ(kinds, (std::vector<Kind>{Kind::adopt, Kind::missing, Kind::merge, Kind::free_emptied,
                                      Kind::merge, Kind::push_full, Kind::push_last}));
  EXPECT_EQ(ps, (std::vector<std::uint32_t>{0, 1, 2, 2, 3, 3, 3}));
  EXPECT_EQ(r.steps[2].count, 4u);  // moved from P2
  EXPECT_EQ(r.steps[4].count, 3u);  // moved from P3's tail
  EXPECT_EQ(r.steps[5].count, 10u);
  EXPECT_EQ(r.steps[6].count, 2u);
}

// Teaching moment 5: Ps with 10, 50, 30 and 5 entries become blocks of 60 and 35.
TEST_P(FlushTest, FlushMergesPartialBlocksIntoFewestBlocks) {
  CleanupQueue q(config(4, 60));
  fill_ps(q, {10, 50, 30, 5});
  const FlushResult r = q.flush();
  EXPECT_EQ(r.pushed_sizes, (std::vector<std::uint32_t>{60, 35}));
  EXPECT_EQ(r.pushed, 2u);
  EXPECT_EQ(signalled(q), 2u) << "two units of demand, not four";
  EXPECT_TRUE(structural_invariants_hold(q));
}

TEST_P(FlushTest, FlushOfASinglePartialBlockPushesItUnchanged) {
  CleanupQueue q(config(3, 8));
  fill_ps(q, {0, 3, 0});
  CleanupBlock* only = q.p_block(1);
  const FlushResult r = q.flush();
  EXPECT_EQ(r.pushed_sizes, (std::vector<std::uint32_t>{3}));
  EXPECT_EQ(r.missing, 2u);
  EXPECT_EQ(q.snapshot().full.at(0).id, only->id);
  EXPECT_EQ(entries_of(*only), (Ids{101, 102, 103}));
}

// docs/algorithm.md §3.4 corner case: 30 + 30 into capacity 60 fills the accumulator exactly and
// empties P1's block, which becomes the accumulator and, being last, is pushed while empty.
TEST_P(FlushTest, ExactFitAtTheLastPPushesAnEmptyBlockLast) {
  CleanupQueue q(config(2, 60));
  fill_ps(q, {30, 30});
  CleanupBlock* p0_block = q.p_block(0);
  CleanupBlock* p1_block = q.p_block(1);
  const FlushResult r = q.flush();
  EXPECT_EQ(r.pushed_sizes, (std::vector<std::uint32_t>{60, 0}));
  EXPECT_EQ(r.pushed, 2u);
  EXPECT_EQ(r.emptied, 0u);
  EXPECT_EQ(r.missing, 0u);
  ASSERT_FALSE(r.steps.empty());
  EXPECT_EQ(r.steps.back().kind, Kind::push_last);
  EXPECT_EQ(r.steps.back().block, p1_block->id);
  EXPECT_EQ(signalled(q), 2u) << "the empty block counts as one unit of work";

  const QueueSnapshot s = q.snapshot();
  ASSERT_EQ(s.full.size(), 2u);
  EXPECT_EQ(s.full[0].id, p1_block->id);
  EXPECT_EQ(s.full[0].n, 0u);
  EXPECT_EQ(s.full[1].id, p0_block->id);
  EXPECT_EQ(s.full[1].n, 60u);

  // Harmless: a consumer takes it, runs nothing, and returns it to `free`.
  CleanupBlock* taken = q.try_take_block().block;
  ASSERT_EQ(taken, p1_block);
  EXPECT_TRUE(taken->empty());
  q.finish_block(taken);
  EXPECT_EQ(q.try_take_block().block, p0_block);
  EXPECT_TRUE(structural_invariants_hold(q, {p0_block->id}));
}

TEST_P(FlushTest, ExactFitFollowedOnlyByPsWithoutBlocksStillPushesTheEmptyBlock) {
  CleanupQueue q(config(4, 60));
  fill_ps(q, {30, 30, 0, 0});
  const FlushResult r = q.flush();
  EXPECT_EQ(r.pushed_sizes, (std::vector<std::uint32_t>{60, 0}));
  EXPECT_EQ(r.missing, 2u);
  EXPECT_TRUE(r.accounting_holds);
}

TEST_P(FlushTest, ExactFitBeforeAnotherBlockRefillsTheEmptyAccumulator) {
  CleanupQueue q(config(3, 60));
  fill_ps(q, {30, 30, 10});
  CleanupBlock* p1_block = q.p_block(1);
  const FlushResult r = q.flush();
  EXPECT_EQ(r.pushed_sizes, (std::vector<std::uint32_t>{60, 10}));
  EXPECT_EQ(r.emptied, 1u) << "P2's block is emptied into P1's and freed";
  // P1's emptied block carries P2's entries.
  EXPECT_EQ(entries_of(*p1_block), (Ids{201, 202, 203, 204, 205, 206, 207, 208, 209, 210}));
}

TEST_P(FlushTest, FlushWithNoPartialBlocksPushesAndSignalsNothing) {
  CleanupQueue q(config(3, 4));
  fill_ps(q, {4, 0, 8});  // only full blocks, all pushed by enqueue
  const std::uint64_t before = signalled(q);
  const FlushResult r = q.flush();
  EXPECT_EQ(r.pushed, 0u);
  EXPECT_EQ(r.missing, 3u);
  EXPECT_TRUE(r.pushed_sizes.empty());
  EXPECT_EQ(signalled(q), before);
  EXPECT_TRUE(q.flushed());
}

TEST_P(FlushTest, FlushSignalsOneUnitOfWorkPerPushedBlock) {
  CleanupQueue q(config(3, 5));
  fill_ps(q, {7, 9, 3});  // enqueue pushed 2; partials 2, 4, 3 remain
  EXPECT_EQ(signalled(q), 2u);
  const FlushResult r = q.flush();
  EXPECT_EQ(r.pushed_sizes, (std::vector<std::uint32_t>{5, 4}));
  EXPECT_EQ(signalled(q), 4u);
  EXPECT_EQ(q.snapshot().full.size(), 4u);
}

TEST_P(FlushTest, FlushedBlocksSitAboveTheEagerlyPushedOnes) {
  CleanupQueue q(config(2, 3));
  fill_ps(q, {4, 1});  // eager {1,2,3}; partials {4} and {101}
  q.flush();
  EXPECT_EQ(full_contents_top_first(q), (std::vector<Ids>{{4, 101}, {1, 2, 3}}));
}

TEST_P(FlushTest, NextEnqueueAfterAFlushClearsTheFlushedFlag) {
  CleanupQueue q(config(2, 4));
  fill_ps(q, {1, 1});
  q.flush();
  ASSERT_TRUE(q.flushed());
  EXPECT_TRUE(q.snapshot().flushed);
  const EnqueueResult first = q.enqueue(1, 500);
  EXPECT_TRUE(first.took_block);
  EXPECT_TRUE(first.cleared_flushed);
  EXPECT_FALSE(q.flushed());
  EXPECT_FALSE(q.enqueue(0, 501).cleared_flushed) << "only the first enqueue flips the flag";
  EXPECT_FALSE(q.enqueue(1, 502).cleared_flushed);
}

TEST_P(FlushTest, SecondFlushWithoutEnqueuesPushesNothingAndStaysFlushed) {
  CleanupQueue q(config(2, 4));
  fill_ps(q, {2, 1});
  EXPECT_EQ(q.flush().pushed, 1u);
  const FlushResult again = q.flush();
  EXPECT_EQ(again.pushed, 0u);
  EXPECT_EQ(again.missing, 2u);
  EXPECT_TRUE(q.flushed());
  EXPECT_TRUE(structural_invariants_hold(q));
}

INSTANTIATE_TEST_SUITE_P(BothProtocols, FlushTest,
                         ::testing::Values(WakeProtocol::oneshot, WakeProtocol::level),
                         [](const auto& info) { return std::string(to_string(info.param)); });

}  // namespace
}  // namespace cq
