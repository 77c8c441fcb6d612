// CleanupBlock on its own: bounds, enqueue/full/empty, the tail-copying take(), clear() and the
// allocation size (docs/algorithm.md §2.1 and §6 invariant 1).
#include "queue/cleanup_block.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "support/queue_test_support.hpp"

namespace cq {
namespace {

using test::entries_of;
using test::fill;
using test::make_block;

TEST(CleanupBlock, NewBlockIsEmptyWithEverySlotCleared) {
  auto b = make_block(7, 5);
  EXPECT_EQ(b->id, 7u);
  EXPECT_EQ(b->capacity, 5u);
  EXPECT_TRUE(b->empty());
  EXPECT_FALSE(b->full());
  EXPECT_EQ(b->count(), 0u);
  EXPECT_EQ(b->count_for_root_scan(), 0u);
  for (std::uint32_t i = 0; i < 5; ++i) EXPECT_EQ(b->slot(i), 0u) << "slot " << i;
}

TEST(CleanupBlock, EnqueueReportsFullExactlyAtCapacity) {
  auto b = make_block(0, 3);
  EXPECT_TRUE(b->empty());
  EXPECT_FALSE(b->enqueue(1));
  EXPECT_FALSE(b->enqueue(2));
  EXPECT_TRUE(b->enqueue(3));
  EXPECT_TRUE(b->full());
  EXPECT_EQ(b->count(), 3u);
  EXPECT_EQ(b->slot(0), 1u);
  EXPECT_EQ(b->slot(2), 3u);
}

TEST(CleanupBlock, AppendReturnsTheNewCountSoTheSlotIsCountMinusOne) {
  auto b = make_block(0, 3);
  EXPECT_EQ(b->append(10), 1u);
  EXPECT_EQ(b->append(11), 2u);
  EXPECT_EQ(b->append(12), 3u);
  EXPECT_TRUE(b->full());
  EXPECT_EQ(entries_of(*b), (std::vector<CleanupId>{10, 11, 12}));
}

TEST(CleanupBlock, CapacityOneBlockIsFullAfterOneEnqueue) {
  auto b = make_block(0, 1);
  EXPECT_TRUE(b->enqueue(42));
  EXPECT_TRUE(b->full());
  EXPECT_FALSE(b->empty());
}

TEST(CleanupBlock, CountStaysWithinZeroAndCapacityThroughFillAndClear) {
  constexpr std::uint32_t kCapacity = 9;
  auto b = make_block(0, kCapacity);
  for (CleanupId id = 1; id <= kCapacity; ++id) {
    b->enqueue(id);
    EXPECT_EQ(b->count(), id);
    EXPECT_LE(b->count(), kCapacity);
    EXPECT_EQ(b->full(), id == kCapacity);
  }
  EXPECT_EQ(entries_of(*b), (std::vector<CleanupId>{1, 2, 3, 4, 5, 6, 7, 8, 9}));
}

TEST(CleanupBlock, TakeAppendsEverythingWhenItFitsAndEmptiesTheSource) {
  auto a = make_block(0, 5);
  auto b = make_block(1, 5);
  fill(*a, {1, 2});
  fill(*b, {10, 11});
  EXPECT_EQ(a->take(*b), 2u);
  EXPECT_EQ(entries_of(*a), (std::vector<CleanupId>{1, 2, 10, 11}));
  EXPECT_TRUE(b->empty());
  EXPECT_FALSE(a->full());
  // The moved slots of b are cleared: nothing stale is left for a root scan to keep alive.
  EXPECT_EQ(b->slot(0), 0u);
  EXPECT_EQ(b->slot(1), 0u);
}

TEST(CleanupBlock, TakeCopiesTheTailAndLeavesTheSourcePrefixInPlace) {
  auto a = make_block(0, 4);
  auto b = make_block(1, 4);
  fill(*a, {1, 2, 3});
  fill(*b, {10, 11, 12});
  EXPECT_EQ(a->take(*b), 1u);
  EXPECT_EQ(entries_of(*a), (std::vector<CleanupId>{1, 2, 3, 12}));
  EXPECT_EQ(entries_of(*b), (std::vector<CleanupId>{10, 11}));
  EXPECT_EQ(b->slot(2), 0u);
  EXPECT_TRUE(a->full());
}

TEST(CleanupBlock, TakeExactFitFillsTheTargetAndEmptiesTheSource) {
  auto a = make_block(0, 4);
  auto b = make_block(1, 4);
  fill(*a, {1, 2});
  fill(*b, {10, 11});
  EXPECT_EQ(a->take(*b), 2u);
  EXPECT_TRUE(a->full());
  EXPECT_TRUE(b->empty());
  EXPECT_EQ(entries_of(*a), (std::vector<CleanupId>{1, 2, 10, 11}));
}

TEST(CleanupBlock, TakeIntoAFullBlockMovesNothing) {
  auto a = make_block(0, 2);
  auto b = make_block(1, 2);
  fill(*a, {1, 2});
  fill(*b, {10});
  EXPECT_EQ(a->take(*b), 0u);
  EXPECT_EQ(entries_of(*a), (std::vector<CleanupId>{1, 2}));
  EXPECT_EQ(entries_of(*b), (std::vector<CleanupId>{10}));
}

TEST(CleanupBlock, TakeFromAnEmptyBlockMovesNothing) {
  auto a = make_block(0, 3);
  auto b = make_block(1, 3);
  fill(*a, {1});
  EXPECT_EQ(a->take(*b), 0u);
  EXPECT_EQ(entries_of(*a), (std::vector<CleanupId>{1}));
  EXPECT_TRUE(b->empty());
}

// Exhaustive over small capacities: for every pair of fill levels, the exact outcome of the
// tail copy, computed here from its definition rather than from the code.
TEST(CleanupBlock, TakeLeavesTargetFullOrSourceEmptyForEveryFillPair) {
  for (std::uint32_t capacity = 1; capacity <= 8; ++capacity) {
    for (std::uint32_t na = 0; na <= capacity; ++na) {
      for (std::uint32_t nb = 0; nb <= capacity; ++nb) {
        SCOPED_TRACE(::testing::Message() << "C=" << capacity << " na=" << na << " nb=" << nb);
        auto a = make_block(0, capacity);
        auto b = make_block(1, capacity);
        std::vector<CleanupId> a_ids;
        std::vector<CleanupId> b_ids;
        for (std::uint32_t i = 0; i < na; ++i) a_ids.push_back(100 + i);
        for (std::uint32_t i = 0; i < nb; ++i) b_ids.push_back(200 + i);
        for (CleanupId id : a_ids) a->enqueue(id);
        for (CleanupId id : b_ids) b->enqueue(id);

        const std::uint32_t moved = std::min(capacity - na, nb);
        std::vector<CleanupId> want_a = a_ids;
        want_a.insert(want_a.end(), b_ids.end() - moved, b_ids.end());
        const std::vector<CleanupId> want_b(b_ids.begin(), b_ids.end() - moved);

        EXPECT_EQ(a->take(*b), moved);
        EXPECT_TRUE(a->full() || b->empty());
        EXPECT_EQ(entries_of(*a), want_a);
        EXPECT_EQ(entries_of(*b), want_b);
        EXPECT_LE(a->count(), capacity);
      }
    }
  }
}

TEST(CleanupBlock, ClearZeroesTheSlotsAndPublishesAnEmptyCount) {
  auto b = make_block(0, 4);
  fill(*b, {5, 6, 7, 8});
  b->clear();
  EXPECT_TRUE(b->empty());
  EXPECT_EQ(b->count_for_root_scan(), 0u);
  for (std::uint32_t i = 0; i < 4; ++i) EXPECT_EQ(b->slot(i), 0u);
  // A cleared block is reusable from slot 0.
  EXPECT_FALSE(b->enqueue(9));
  EXPECT_EQ(b->slot(0), 9u);
}

TEST(CleanupBlock, ClearSlotDropsOneEntryWithoutChangingTheCount) {
  auto b = make_block(0, 3);
  fill(*b, {1, 2, 3});
  b->clear_slot(1);
  EXPECT_EQ(b->slot(1), 0u);
  EXPECT_EQ(b->count(), 3u);
}

}  // namespace
}  // namespace cq
