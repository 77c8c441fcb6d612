#include "queue/cleanup_block.hpp"

#include <algorithm>
#include <cassert>
#include <cstring>

namespace cq {

CleanupBlock::CleanupBlock(std::uint32_t block_id, std::uint32_t block_capacity, SlotKind kind)
    : id(block_id), capacity(static_cast<std::uint16_t>(block_capacity)), slot_kind(kind) {
  assert(block_capacity >= kMinBlockCapacity && block_capacity <= kMaxBlockCapacity);
  std::memset(static_cast<void*>(this + 1), 0, std::size_t{capacity} * slot_bytes(kind));
}

void CleanupBlock::clear_slot(std::uint32_t i) {
  // Go 1.25 stores nil over the *funcval, Go 1.26 stores cleanupFn{} over all three words.
  if (slot_kind == SlotKind::word) {
    words()[i] = 0;
  } else {
    fn_slots()[i] = CleanupFnSlot{0, 0, 0};
  }
}

std::uint32_t CleanupBlock::take(CleanupBlock& other) {
  assert(slot_kind == other.slot_kind);
  const std::size_t size = slot_bytes(slot_kind);
  const std::uint32_t have = count();
  const std::uint32_t theirs = other.count();
  const std::uint32_t space = capacity - have;
  const std::uint32_t moved = std::min(space, theirs);
  auto* to = reinterpret_cast<unsigned char*>(this + 1);
  auto* from = reinterpret_cast<unsigned char*>(&other + 1);
  // Tail copy: the last `moved` entries of `other`, so the prefix it keeps never shifts.
  std::memcpy(to + have * size, from + (theirs - moved) * size, moved * size);
  std::memset(from + (theirs - moved) * size, 0, moved * size);
  n.store(have + moved, std::memory_order_relaxed);
  other.n.store(theirs - moved, std::memory_order_relaxed);
  assert(full() || other.empty());
  return moved;
}

void CleanupBlock::clear() {
  std::memset(static_cast<void*>(this + 1), 0, std::size_t{count()} * slot_bytes(slot_kind));
  // Release: a root scanner that acquires n == 0 also sees the cleared slots.
  n.store(0, std::memory_order_release);
}

std::size_t CleanupBlock::allocation_size(std::uint32_t capacity, SlotKind kind) {
  return (bytes(capacity, kind) + kBlockAlignment - 1) / kBlockAlignment * kBlockAlignment;
}

}  // namespace cq
