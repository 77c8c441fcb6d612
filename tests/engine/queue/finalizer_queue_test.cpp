// FinalizerQueue, the Go 1.24 baseline (docs/algorithm.md §8): one locked list of 101-entry blocks,
// a single consumer (fing) that takes the whole list, and the fingWait/fingWake handshake with the
// scheduler, including the spurious wake a leftover wake bit causes.
#include "queue/finalizer_queue.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

namespace cq {
namespace {

using Ids = std::vector<CleanupId>;

// Takes the list, returns the entries in the order fing would run them (newest block first,
// slots in order) and recycles every block, as fing does after running them.
Ids take_run_and_recycle(FinalizerQueue& q) {
  Ids ran;
  FinBlock* b = q.take_all();
  while (b != nullptr) {
    FinBlock* next = b->next;  // recycle() relinks the block into the cache list
    ran.insert(ran.end(), b->entries, b->entries + b->count);
    q.recycle(b);
    b = next;
  }
  return ran;
}

TEST(FinalizerQueue, EnqueueFillsOneBlockBeforeAllocatingTheNext) {
  FinalizerQueue q;
  for (CleanupId id = 1; id <= kFinBlockCapacity; ++id) {
    const FinEnqueueResult r = q.enqueue(id);
    EXPECT_EQ(r.block, 0u);
    EXPECT_EQ(r.slot, id - 1);
    EXPECT_EQ(r.allocated, id == 1);
    EXPECT_FALSE(r.contended) << "nobody else holds finlock";
  }
  const FinEnqueueResult overflow = q.enqueue(kFinBlockCapacity + 1);
  EXPECT_TRUE(overflow.allocated);
  EXPECT_EQ(overflow.block, 1u);
  EXPECT_EQ(overflow.slot, 0u);
  EXPECT_EQ(q.blocks_allocated(), 2u);
  EXPECT_EQ(q.queued_entries(), kFinBlockCapacity + 1u);
}

TEST(FinalizerQueue, TakeAllHandsOverEveryEntryNewestBlockFirstAndEmptiesTheQueue) {
  FinalizerQueue q;
  const CleanupId total = 2 * kFinBlockCapacity + 5;
  for (CleanupId id = 1; id <= total; ++id) q.enqueue(id);
  const Ids ran = take_run_and_recycle(q);
  ASSERT_EQ(ran.size(), total);
  // Block 2 (ids 203..207) first, then block 1, then block 0, each in slot order.
  EXPECT_EQ(ran.front(), 2 * kFinBlockCapacity + 1);
  EXPECT_EQ(ran[5], kFinBlockCapacity + 1);
  EXPECT_EQ(ran.back(), kFinBlockCapacity);
  Ids sorted = ran;
  std::sort(sorted.begin(), sorted.end());
  for (CleanupId i = 0; i < total; ++i) ASSERT_EQ(sorted[i], i + 1);
  EXPECT_EQ(q.queued_entries(), 0u);
  EXPECT_EQ(q.take_all(), nullptr);
}

TEST(FinalizerQueue, TakeAllOnAnEmptyQueueReturnsNothing) {
  FinalizerQueue q;
  EXPECT_EQ(q.take_all(), nullptr);
  EXPECT_EQ(q.queued_entries(), 0u);
  EXPECT_EQ(q.blocks_allocated(), 0u);
}

TEST(FinalizerQueue, RecycledBlocksAreReusedBeforeAllocating) {
  FinalizerQueue q;
  for (CleanupId id = 1; id <= kFinBlockCapacity + 1; ++id) q.enqueue(id);
  take_run_and_recycle(q);
  for (CleanupId id = 1; id <= kFinBlockCapacity + 1; ++id) {
    const FinEnqueueResult r = q.enqueue(1000 + id);
    EXPECT_FALSE(r.allocated) << "entry " << id;
  }
  EXPECT_EQ(q.blocks_allocated(), 2u);
  const Ids ran = take_run_and_recycle(q);
  EXPECT_EQ(ran.size(), kFinBlockCapacity + 1u);
  EXPECT_EQ(ran.front(), 1000 + kFinBlockCapacity + 1) << "a reused block starts from slot 0";
}

TEST(FinalizerQueue, AnnounceWaitRefusesWhenWorkIsQueued) {
  FinalizerQueue q;
  q.enqueue(1);
  EXPECT_FALSE(q.announce_wait());
  EXPECT_FALSE(q.needs_wake()) << "fing is not waiting, so there is no one to wake";
}

TEST(FinalizerQueue, WaitingFingIsWokenByTheNextEnqueue) {
  FinalizerQueue q;
  ASSERT_EQ(q.take_all(), nullptr);
  ASSERT_TRUE(q.announce_wait());
  EXPECT_FALSE(q.needs_wake()) << "waiting, but nothing queued";
  EXPECT_FALSE(q.wake());
  q.enqueue(1);
  ASSERT_TRUE(q.needs_wake());
  EXPECT_TRUE(q.wake());
  EXPECT_FALSE(q.needs_wake()) << "wake() clears both bits";
  EXPECT_EQ(take_run_and_recycle(q), Ids{1});
}

// Work enqueued while fing runs sets the wake bit; fing takes that work itself, then waits, and
// the bit left behind makes the scheduler wake it once for nothing (docs/algorithm.md §8 baseline).
TEST(FinalizerQueue, LeftoverWakeBitCausesExactlyOneSpuriousWake) {
  FinalizerQueue q;
  q.enqueue(1);
  EXPECT_EQ(take_run_and_recycle(q), Ids{1});
  ASSERT_TRUE(q.announce_wait());
  ASSERT_TRUE(q.needs_wake());
  EXPECT_TRUE(q.wake());
  EXPECT_EQ(q.take_all(), nullptr) << "woken with nothing to do";
  ASSERT_TRUE(q.announce_wait());
  EXPECT_FALSE(q.needs_wake()) << "the second wait is a real one";
}

TEST(FinalizerQueue, OnlyOneOfTwoRacingSchedulersWinsTheWake) {
  for (int trial = 0; trial < 200; ++trial) {
    FinalizerQueue q;
    ASSERT_TRUE(q.announce_wait());
    q.enqueue(1);
    std::atomic<int> winners{0};
    std::atomic<bool> go{false};
    auto scheduler = [&] {
      while (!go.load()) {
      }
      if (q.needs_wake() && q.wake()) winners.fetch_add(1);
    };
    std::thread a(scheduler);
    std::thread b(scheduler);
    go.store(true);
    a.join();
    b.join();
    ASSERT_EQ(winners.load(), 1) << "trial " << trial;
  }
}

TEST(FinalizerQueue, QueuedEntriesCountsOnlyWhatIsNotYetTaken) {
  FinalizerQueue q;
  for (CleanupId id = 1; id <= 7; ++id) q.enqueue(id);
  EXPECT_EQ(q.queued_entries(), 7u);
  FinBlock* taken = q.take_all();
  ASSERT_NE(taken, nullptr);
  q.enqueue(8);
  EXPECT_EQ(q.queued_entries(), 1u);
  q.recycle(taken);
  EXPECT_EQ(q.queued_entries(), 1u);
}

}  // namespace
}  // namespace cq
