// The byte layout of a block against Go's (runtime/mcleanup.go, cleanupBlock and
// cleanupBlockHeader; go1.25.12 and go1.26.10 sources): cleanupBlockSize = 512, a 32-byte header
// on amd64 (lfnode {next, pushcnt} at 0, alllink at 16, n at 24), then 60 *funcval words in
// Go 1.25 or 20 three-word cleanupFn {call, fn, arg} in Go 1.26. Also the two slot kinds through
// every block operation, since take() and clear() move and zero whole slots.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "queue/cleanup_block.hpp"
#include "support/queue_test_support.hpp"

namespace cq {
namespace {

using test::entries_of;
using test::fill;
using test::make_block;

// The 64-bit layout only: on wasm32 pointers are 4 bytes and the header is smaller.
#define SKIP_UNLESS_64_BIT()                                              \
  if (sizeof(void*) != 8) GTEST_SKIP() << "Go's layout is the amd64 one"; \
  static_assert(true)

TEST(BlockLayout, HeaderIs32BytesWithGosFieldsAtGosOffsets) {
  SKIP_UNLESS_64_BIT();
  EXPECT_EQ(sizeof(CleanupBlock), 32u);
  EXPECT_EQ(sizeof(CleanupBlock), kGoBlockHeaderBytes);
  // lfnode: next (uint64) at 0, pushcnt at 8.
  EXPECT_EQ(offsetof(CleanupBlock, stack_next), 0u);
  EXPECT_EQ(offsetof(CleanupBlock, push_count), 8u);
  // alllink at 16, n (uint32) at 24.
  EXPECT_EQ(offsetof(CleanupBlock, all_next), 16u);
  EXPECT_EQ(offsetof(CleanupBlock, n), 24u);
  EXPECT_EQ(sizeof(CleanupBlock::n), 4u);
  // The port's own fields fill bytes Go does not use: the high half of the 8-byte pushcnt
  // (lfstackPack keeps at most 25 bits of it) and the padding after n.
  EXPECT_EQ(offsetof(CleanupBlock, id), 12u);
  EXPECT_EQ(offsetof(CleanupBlock, capacity), 28u);
  EXPECT_EQ(offsetof(CleanupBlock, slot_kind), 30u);
}

TEST(BlockLayout, Go125BlockIs512BytesOf60Words) {
  SKIP_UNLESS_64_BIT();
  // cleanups [(cleanupBlockSize - unsafe.Sizeof(cleanupBlockHeader{})) / goarch.PtrSize]*funcval
  EXPECT_EQ((kGoBlockBytes - kGoBlockHeaderBytes) / 8, kGoBlockCapacity);
  EXPECT_EQ(kGoBlockCapacity, 60u);
  EXPECT_EQ(slot_bytes(SlotKind::word), 8u);
  EXPECT_EQ(CleanupBlock::bytes(60, SlotKind::word), 512u);
  EXPECT_EQ(CleanupBlock::allocation_size(60, SlotKind::word), 512u);
}

TEST(BlockLayout, Go126BlockIs512BytesOf20CleanupFns) {
  SKIP_UNLESS_64_BIT();
  // cleanups [(cleanupBlockSize - unsafe.Sizeof(cleanupBlockHeader{})) /
  //           unsafe.Sizeof(cleanupFn{})]cleanupFn, cleanupFn = {call, fn, arg}
  EXPECT_EQ((kGoBlockBytes - kGoBlockHeaderBytes) / 24, kGo126BlockCapacity);
  EXPECT_EQ(kGo126BlockCapacity, 20u);
  EXPECT_EQ(slot_bytes(SlotKind::cleanup_fn), 24u);
  EXPECT_EQ(offsetof(CleanupFnSlot, call), 0u);
  EXPECT_EQ(offsetof(CleanupFnSlot, fn), 8u);
  EXPECT_EQ(offsetof(CleanupFnSlot, arg), 16u);
  EXPECT_EQ(CleanupBlock::bytes(20, SlotKind::cleanup_fn), 512u);
  EXPECT_EQ(CleanupBlock::allocation_size(20, SlotKind::cleanup_fn), 512u);
}

TEST(BlockLayout, SlotsStartRightAfterTheHeader) {
  auto b = make_block(0, 3, SlotKind::word);
  EXPECT_EQ(reinterpret_cast<const unsigned char*>(b->words()) -
                reinterpret_cast<const unsigned char*>(b.get()),
            static_cast<std::ptrdiff_t>(sizeof(CleanupBlock)));
}

// Reads the raw 8-byte words of a block at byte offsets, as a root scan of Go's block would.
std::uint64_t word_at(const CleanupBlock& b, std::size_t byte_offset) {
  std::uint64_t w;
  std::memcpy(&w, reinterpret_cast<const unsigned char*>(&b) + byte_offset, sizeof w);
  return w;
}

TEST(BlockLayout, WordSlotIHoldsTheCleanupIdAtHeaderPlus8I) {
  auto b = make_block(0, kGoBlockCapacity, SlotKind::word);
  for (CleanupId id = 1; id <= kGoBlockCapacity; ++id) b->enqueue(1000 + id);
  for (std::uint32_t i = 0; i < kGoBlockCapacity; ++i) {
    EXPECT_EQ(word_at(*b, sizeof(CleanupBlock) + 8 * i), 1001 + i) << "slot " << i;
  }
  EXPECT_TRUE(b->full());
}

TEST(BlockLayout, CleanupFnSlotIHoldsCallFnArgAtHeaderPlus24I) {
  auto b = make_block(0, kGo126BlockCapacity, SlotKind::cleanup_fn);
  for (CleanupId id = 1; id <= kGo126BlockCapacity; ++id) b->enqueue(2000 + id);
  EXPECT_TRUE(b->full());
  for (std::uint32_t i = 0; i < kGo126BlockCapacity; ++i) {
    const std::size_t at = sizeof(CleanupBlock) + 24 * i;
    EXPECT_EQ(word_at(*b, at), kCleanupFnCallWord) << "call of slot " << i;
    EXPECT_EQ(word_at(*b, at + 8), kCleanupFnFnMarker | (2001 + i)) << "fn of slot " << i;
    EXPECT_EQ(word_at(*b, at + 16), 2001 + i) << "arg of slot " << i;
    EXPECT_EQ(b->slot(i), 2001 + i);
  }
}

TEST(BlockLayout, CleanupFnTakeMovesWholeSlotsFromTheTail) {
  auto a = make_block(0, 4, SlotKind::cleanup_fn);
  auto b = make_block(1, 4, SlotKind::cleanup_fn);
  fill(*a, {1, 2, 3});
  fill(*b, {10, 11, 12});
  EXPECT_EQ(a->take(*b), 1u);
  EXPECT_EQ(entries_of(*a), (std::vector<CleanupId>{1, 2, 3, 12}));
  EXPECT_EQ(entries_of(*b), (std::vector<CleanupId>{10, 11}));
  // The moved slot arrived whole, and all three of its words were cleared at the source.
  const CleanupFnSlot moved = a->fn_slots()[3];
  EXPECT_EQ(moved.call, kCleanupFnCallWord);
  EXPECT_EQ(moved.fn, kCleanupFnFnMarker | 12);
  const CleanupFnSlot left = b->fn_slots()[2];
  EXPECT_EQ(left.call | left.fn | left.arg, 0u);
}

TEST(BlockLayout, CleanupFnClearAndClearSlotZeroAllThreeWords) {
  auto b = make_block(0, 3, SlotKind::cleanup_fn);
  fill(*b, {7, 8, 9});
  b->clear_slot(1);  // Go 1.26's runCleanups: b.cleanups[i] = cleanupFn{}
  const CleanupFnSlot one = b->fn_slots()[1];
  EXPECT_EQ(one.call | one.fn | one.arg, 0u);
  EXPECT_EQ(b->slot(0), 7u);
  b->clear();
  for (std::uint32_t i = 0; i < 3; ++i) {
    const CleanupFnSlot s = b->fn_slots()[i];
    EXPECT_EQ(s.call | s.fn | s.arg, 0u) << "slot " << i;
  }
  EXPECT_TRUE(b->empty());
}

TEST(BlockLayout, NewBlocksOfEitherKindHaveEverySlotZero) {
  for (SlotKind kind : {SlotKind::word, SlotKind::cleanup_fn}) {
    auto b = make_block(0, 20, kind);
    for (std::size_t at = sizeof(CleanupBlock); at < CleanupBlock::bytes(20, kind); at += 8) {
      EXPECT_EQ(word_at(*b, at), 0u) << to_string(kind) << " byte " << at;
    }
  }
}

TEST(BlockLayout, AllocationSizeIsTheExactSizeRoundedUpToTheAlignment) {
  for (SlotKind kind : {SlotKind::word, SlotKind::cleanup_fn}) {
    for (std::uint32_t capacity = kMinBlockCapacity; capacity <= kMaxBlockCapacity; ++capacity) {
      const std::size_t needed = sizeof(CleanupBlock) + std::size_t{capacity} * slot_bytes(kind);
      ASSERT_EQ(CleanupBlock::bytes(capacity, kind), needed);
      const std::size_t size = CleanupBlock::allocation_size(capacity, kind);
      ASSERT_EQ(size % kBlockAlignment, 0u) << "capacity " << capacity;
      ASSERT_GE(size, needed) << "capacity " << capacity;
      ASSERT_LT(size - needed, kBlockAlignment) << "capacity " << capacity << " over-allocates";
    }
  }
}

}  // namespace
}  // namespace cq
