#include "queue/cleanup_block.hpp"

#include <algorithm>
#include <cassert>
#include <cstring>

namespace cq {

CleanupBlock::CleanupBlock(std::uint32_t block_id, std::uint32_t block_capacity)
    : id(block_id), capacity(static_cast<std::uint16_t>(block_capacity)) {
  assert(block_capacity >= kMinBlockCapacity && block_capacity <= kMaxBlockCapacity);
  std::fill_n(slots(), capacity, CleanupId{0});
}

std::uint32_t CleanupBlock::take(CleanupBlock& other) {
  const std::uint32_t have = count();
  const std::uint32_t theirs = other.count();
  const std::uint32_t space = capacity - have;
  const std::uint32_t moved = std::min(space, theirs);
  // Tail copy: the last `moved` entries of `other`, so the prefix it keeps never shifts.
  std::memcpy(slots() + have, other.slots() + (theirs - moved), moved * sizeof(CleanupId));
  std::fill_n(other.slots() + (theirs - moved), moved, CleanupId{0});
  n_.store(have + moved, std::memory_order_relaxed);
  other.n_.store(theirs - moved, std::memory_order_relaxed);
  assert(full() || other.empty());
  return moved;
}

void CleanupBlock::clear() {
  std::fill_n(slots(), count(), CleanupId{0});
  // Release: a root scanner that acquires n == 0 also sees the cleared slots.
  n_.store(0, std::memory_order_release);
}

std::size_t CleanupBlock::allocation_size(std::uint32_t capacity) {
  const std::size_t bytes = sizeof(CleanupBlock) + std::size_t{capacity} * sizeof(CleanupId);
  return (bytes + kBlockAlignment - 1) / kBlockAlignment * kBlockAlignment;
}

}  // namespace cq
