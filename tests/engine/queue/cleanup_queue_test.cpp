// CleanupQueue producer and consumer steps, single-threaded: enqueue into P-local blocks, the
// eager push of full blocks, taking and finishing blocks, and the structural invariants of
// docs/algorithm.md §6 (bounds, single location, free blocks empty, enqueue-pushed blocks full)
// checked after every step through CleanupQueue::snapshot().
#include "queue/cleanup_queue.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <vector>

#include "support/queue_test_support.hpp"

namespace cq {
namespace {

using test::blocks_by_id;
using test::enqueue_range;
using test::entries_of;
using test::make_config;
using test::structural_invariants_hold;

class CleanupQueueTest : public ::testing::TestWithParam<WakeProtocol> {
 protected:
  QueueConfig config(std::uint32_t gomaxprocs, std::uint32_t capacity) const {
    return make_config(gomaxprocs, capacity, GetParam());
  }
};

TEST_P(CleanupQueueTest, FirstEnqueueAllocatesABlockInstallsItInThePAndLinksItIntoAll) {
  CleanupQueue q(config(2, 4));
  EXPECT_EQ(q.all_blocks(), nullptr);
  const EnqueueResult r = q.enqueue(1, 100);
  EXPECT_TRUE(r.took_block);
  EXPECT_TRUE(r.allocated);
  EXPECT_FALSE(r.pushed_full);
  EXPECT_EQ(r.slot, 0u);
  EXPECT_EQ(q.p_block(1), r.block);
  EXPECT_EQ(q.p_block(0), nullptr);
  EXPECT_EQ(q.all_blocks(), r.block);
  EXPECT_EQ(q.blocks_allocated(), 1u);
  EXPECT_EQ(entries_of(*r.block), (std::vector<CleanupId>{100}));
  EXPECT_TRUE(structural_invariants_hold(q));
}

TEST_P(CleanupQueueTest, EnqueueWritesConsecutiveSlotsOfTheSamePBlock) {
  CleanupQueue q(config(1, 5));
  CleanupBlock* first = q.enqueue(0, 1).block;
  for (CleanupId id = 2; id <= 4; ++id) {
    const EnqueueResult r = q.enqueue(0, id);
    EXPECT_EQ(r.block, first);
    EXPECT_EQ(r.slot, id - 1);
    EXPECT_FALSE(r.took_block);
    EXPECT_FALSE(r.allocated);
  }
  EXPECT_EQ(entries_of(*first), (std::vector<CleanupId>{1, 2, 3, 4}));
}

TEST_P(CleanupQueueTest, EnqueuePushesTheBlockOntoFullExactlyWhenItFills) {
  CleanupQueue q(config(1, 3));
  EXPECT_FALSE(q.enqueue(0, 1).pushed_full);
  EXPECT_FALSE(q.enqueue(0, 2).pushed_full);
  CleanupBlock* filling = q.p_block(0);
  const EnqueueResult r = q.enqueue(0, 3);
  EXPECT_TRUE(r.pushed_full);
  EXPECT_EQ(r.block, filling);
  EXPECT_EQ(r.slot, 2u);
  EXPECT_FALSE(r.took_block);
  EXPECT_EQ(q.p_block(0), nullptr) << "the P gives up a block it pushed";
  const QueueSnapshot s = q.snapshot();
  ASSERT_EQ(s.full.size(), 1u);
  EXPECT_EQ(s.full[0].id, r.block->id);
  EXPECT_EQ(s.full[0].n, 3u);
  // One unit of work signalled, in whichever counter the protocol uses.
  EXPECT_EQ(GetParam() == WakeProtocol::oneshot ? s.wakes : s.work_units, 1u);
  EXPECT_TRUE(structural_invariants_hold(q));
}

TEST_P(CleanupQueueTest, BlocksPushedByEnqueueAreExactlyFull) {
  constexpr std::uint32_t kCapacity = 7;
  CleanupQueue q(config(4, kCapacity));
  CleanupId next = 1;
  for (std::uint32_t p = 0; p < 4; ++p) {
    enqueue_range(q, p, next, 3 * kCapacity + p);  // P p ends with p entries in a partial block
    next += 3 * kCapacity + p;
  }
  const QueueSnapshot s = q.snapshot();
  EXPECT_EQ(s.full.size(), 12u);
  for (const auto& b : s.full) EXPECT_EQ(b.n, kCapacity) << "block " << b.id;
  EXPECT_TRUE(structural_invariants_hold(q));
}

TEST_P(CleanupQueueTest, CapacityOneBlocksArePushedByEveryEnqueue) {
  CleanupQueue q(config(2, 1));
  for (CleanupId id = 1; id <= 5; ++id) {
    const EnqueueResult r = q.enqueue(id % 2, id);
    EXPECT_TRUE(r.took_block);
    EXPECT_TRUE(r.pushed_full);
    EXPECT_EQ(r.slot, 0u);
  }
  EXPECT_EQ(q.snapshot().full.size(), 5u);
  EXPECT_EQ(q.p_block(0), nullptr);
  EXPECT_EQ(q.p_block(1), nullptr);
  EXPECT_TRUE(structural_invariants_hold(q));
}

TEST_P(CleanupQueueTest, TakeReturnsTheMostRecentlyPushedFullBlock) {
  CleanupQueue q(config(1, 2));
  enqueue_range(q, 0, 1, 4);  // two full blocks: {1,2} then {3,4}
  const TakeResult first = q.try_take_block();
  ASSERT_NE(first.block, nullptr);
  EXPECT_EQ(entries_of(*first.block), (std::vector<CleanupId>{3, 4}));
  EXPECT_TRUE(structural_invariants_hold(q, {first.block->id}));
  const TakeResult second = q.try_take_block();
  ASSERT_NE(second.block, nullptr);
  EXPECT_EQ(entries_of(*second.block), (std::vector<CleanupId>{1, 2}));
  EXPECT_EQ(q.try_take_block().block, nullptr);
  EXPECT_TRUE(structural_invariants_hold(q, {first.block->id, second.block->id}));
}

TEST_P(CleanupQueueTest, TakeDoesNotTouchPartialBlocksInPs) {
  CleanupQueue q(config(2, 4));
  enqueue_range(q, 0, 1, 3);
  EXPECT_EQ(q.try_take_block().block, nullptr);
  EXPECT_EQ(q.p_block(0)->count(), 3u);
}

TEST_P(CleanupQueueTest, FinishBlockClearsItAndReturnsItToFree) {
  CleanupQueue q(config(1, 3));
  enqueue_range(q, 0, 1, 3);
  CleanupBlock* b = q.try_take_block().block;
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(q.finish_block(b), 0u);
  EXPECT_TRUE(b->empty());
  for (std::uint32_t i = 0; i < 3; ++i) EXPECT_EQ(b->slot(i), 0u);
  const QueueSnapshot s = q.snapshot();
  ASSERT_EQ(s.free.size(), 1u);
  EXPECT_EQ(s.free[0].id, b->id);
  EXPECT_TRUE(s.full.empty());
  EXPECT_TRUE(structural_invariants_hold(q));
}

TEST_P(CleanupQueueTest, EnqueueReusesAFreeBlockBeforeAllocatingANewOne) {
  CleanupQueue q(config(1, 2));
  enqueue_range(q, 0, 1, 2);
  CleanupBlock* b = q.try_take_block().block;
  q.finish_block(b);
  const EnqueueResult r = q.enqueue(0, 3);
  EXPECT_TRUE(r.took_block);
  EXPECT_FALSE(r.allocated);
  EXPECT_EQ(r.block, b);
  EXPECT_EQ(r.slot, 0u);
  EXPECT_EQ(q.blocks_allocated(), 1u);
  EXPECT_TRUE(q.snapshot().free.empty());
  EXPECT_TRUE(structural_invariants_hold(q));
}

TEST_P(CleanupQueueTest, EveryBlockIsInExactlyOnePlaceThroughAFullLifecycle) {
  CleanupQueue q(config(3, 3));
  std::vector<std::uint32_t> held;
  auto check = [&](const char* step) {
    EXPECT_TRUE(structural_invariants_hold(q, held)) << "after " << step;
  };
  enqueue_range(q, 0, 1, 5);  // P0: one full block pushed, 2 left
  check("P0 enqueues");
  enqueue_range(q, 1, 100, 1);
  check("P1 enqueues");
  CleanupBlock* running = q.try_take_block().block;
  ASSERT_NE(running, nullptr);
  held.push_back(running->id);
  check("take");
  enqueue_range(q, 2, 200, 3);  // P2 fills and pushes one
  check("P2 fills");
  q.flush();
  check("flush");
  q.finish_block(running);
  held.clear();
  check("finish");
  while (CleanupBlock* b = q.try_take_block().block) {
    held.push_back(b->id);
    check("drain take");
    q.finish_block(b);
    held.pop_back();
    check("drain finish");
  }
  enqueue_range(q, 1, 300, 4);  // reuses free blocks
  check("next cycle");
  EXPECT_EQ(q.blocks_allocated(), q.snapshot().all.size());
}

TEST_P(CleanupQueueTest, AllListNeverShrinksAndHoldsEachBlockOnce) {
  CleanupQueue q(config(2, 2));
  std::uint32_t previous = 0;
  for (int cycle = 0; cycle < 5; ++cycle) {
    enqueue_range(q, 0, 1000 * cycle + 1, 5);
    enqueue_range(q, 1, 1000 * cycle + 500, 3);
    q.flush();
    while (CleanupBlock* b = q.try_take_block().block) q.finish_block(b);
    const QueueSnapshot s = q.snapshot();
    std::set<std::uint32_t> ids;
    for (const auto& b : s.all) ids.insert(b.id);
    EXPECT_EQ(ids.size(), s.all.size());
    EXPECT_GE(s.all.size(), previous);
    previous = static_cast<std::uint32_t>(s.all.size());
    EXPECT_EQ(s.free.size(), s.all.size()) << "a drained queue has every block on free";
  }
  // Cycles reuse blocks: the pool stops at the peak demand of one cycle (P0 needs 3 blocks for
  // 5 entries, P1 needs 2 for 3) instead of growing every cycle.
  EXPECT_EQ(previous, 5u);
}

TEST_P(CleanupQueueTest, QueueAllocatedBlocksAre512ByteAligned) {
  CleanupQueue q(config(4, 60));
  for (std::uint32_t p = 0; p < 4; ++p) enqueue_range(q, p, 1000 * p + 1, 70);
  for (const auto& [id, block] : blocks_by_id(q)) {
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(block) % kBlockAlignment, 0u) << "block " << id;
  }
}

TEST_P(CleanupQueueTest, BeginAndEndRunningTrackTheRunningCount) {
  CleanupQueue q(config(1, 1));
  EXPECT_EQ(q.running(), 0u);
  q.begin_running();
  q.begin_running();
  EXPECT_EQ(q.running(), 2u);
  EXPECT_EQ(q.snapshot().running, 2u);
  q.end_running();
  q.end_running();
  EXPECT_EQ(q.running(), 0u);
}

TEST_P(CleanupQueueTest, SnapshotReportsTheConfiguredCapAndPs) {
  CleanupQueue q(config(16, 20));
  const QueueSnapshot s = q.snapshot();
  EXPECT_EQ(s.p_block.size(), 16u);
  EXPECT_EQ(s.worker_cap, 4u);
  EXPECT_EQ(q.worker_cap(), 4u);
  EXPECT_FALSE(s.flushed);
  EXPECT_EQ(s.ng, 0u);
}

INSTANTIATE_TEST_SUITE_P(BothProtocols, CleanupQueueTest,
                         ::testing::Values(WakeProtocol::oneshot, WakeProtocol::level),
                         [](const auto& info) { return std::string(to_string(info.param)); });

}  // namespace
}  // namespace cq
