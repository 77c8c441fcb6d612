#include "queue/cleanup_block.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <new>

namespace cq {
namespace {

struct FreeDeleter {
  void operator()(CleanupBlock* b) const {
    b->~CleanupBlock();
    std::free(b);
  }
};
using BlockPtr = std::unique_ptr<CleanupBlock, FreeDeleter>;

BlockPtr make_block(std::uint32_t id, std::uint32_t capacity) {
  void* memory = std::aligned_alloc(kBlockAlignment, CleanupBlock::allocation_size(capacity));
  return BlockPtr(new (memory) CleanupBlock(id, capacity));
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

}  // namespace
}  // namespace cq
