// CleanupBlock: the fixed-size unit of work of Go 1.25's cleanup queue (mcleanup.go, cleanupBlock).
//
// A block is one aligned chunk of never-freed memory: a header (the lock-free stack link, the
// link in the list of all blocks, the entry count `n`) followed by `capacity` cleanup slots.
// Blocks are created by CleanupBlockArena and live as long as it does, which is what lets the
// TaggedStack read `next` from a node another thread may already have popped (design doc §2.3).
#pragma once

#include <atomic>
#include <cassert>
#include <cstddef>
#include <cstdint>

namespace cq {

// A registered cleanup, by its unique id. 0 marks a cleared slot (Go stores nil there so the
// closure can be collected).
using CleanupId = std::uint64_t;

inline constexpr std::uint32_t kGoBlockCapacity = 60;  // 512-byte block, 32-byte header, one-word
                                                       // slots: e46c8e and Go 1.25 on 64-bit
inline constexpr std::uint32_t kLaterGoBlockCapacity = 20;  // 3-word cleanupFn slots, Go 1.26
inline constexpr std::uint32_t kMinBlockCapacity = 1;
inline constexpr std::uint32_t kMaxBlockCapacity = 1024;  // teaching range
inline constexpr std::size_t kBlockAlignment = 512;       // Go's tagAlign: frees 9 tag bits

class CleanupBlock {
 public:
  // Intrusive lock-free stack node (Go's embedded lfnode). Written by TaggedStack only.
  std::atomic<std::uint64_t> stack_next{0};
  std::uint64_t push_count = 0;  // ABA tag source: bumped on every push of this node

  CleanupBlock* all_next = nullptr;  // link in the queue's list of every block ever made
  std::uint32_t id;                  // allocation order, 0-based; stable name for the trace
  // At most 1024. The header is 40 bytes, 8 more than Go's (id and capacity are the port's): a
  // 16-bit n would fit Go's 32, but 16-bit stores on the enqueue path cost 2x in BM_EnqueueLocal.
  std::uint16_t capacity;

  CleanupBlock(std::uint32_t block_id, std::uint32_t block_capacity);
  CleanupBlock(const CleanupBlock&) = delete;
  CleanupBlock& operator=(const CleanupBlock&) = delete;

  // Owner-side accessors. While a block has one owner (a P during sweep, a runner, the flusher)
  // `n` needs no ordering, but it is atomic because the GC root scan may read it concurrently.
  std::uint32_t count() const { return n_.load(std::memory_order_relaxed); }
  bool full() const { return count() == capacity; }
  bool empty() const { return count() == 0; }

  // GC root scan side: an atomic read, paired with clear()'s release store (design doc §4).
  std::uint32_t count_for_root_scan() const { return n_.load(std::memory_order_acquire); }

  CleanupId slot(std::uint32_t i) const { return slots()[i]; }
  void clear_slot(std::uint32_t i) { slots()[i] = 0; }

  // Stores `c` at index n and increments n. Returns true when the block is now full.
  // Precondition: !full().
  bool enqueue(CleanupId c) { return append(c) == capacity; }

  // enqueue() for a caller that also wants the slot written: returns the new count (slot + 1).
  // Inline (defined below) because it is the sweeper's per-cleanup hot path, where an
  // out-of-line call costs more than the two stores; and it returns the count so the caller
  // need not load `n` again (the compiler does not merge two relaxed atomic loads).
  std::uint32_t append(CleanupId c);

  // Moves as many entries from `other` as fit. When everything fits, appends all of `other`
  // and empties it; otherwise copies the *tail* of `other` so its prefix stays in place.
  // Postcondition: full() || other.empty(). Returns how many entries moved.
  std::uint32_t take(CleanupBlock& other);

  // After a runner has executed every entry: clears the slots and publishes n = 0 atomically,
  // so a concurrent root scan sees either the old count or zero, never a torn value.
  void clear();

  CleanupId* slots() { return reinterpret_cast<CleanupId*>(this + 1); }
  const CleanupId* slots() const { return reinterpret_cast<const CleanupId*>(this + 1); }

  // Bytes one block of this capacity occupies, rounded up to the alignment.
  static std::size_t allocation_size(std::uint32_t capacity);

 private:
  std::atomic<std::uint32_t> n_{0};
};

static_assert(alignof(CleanupBlock) <= alignof(CleanupId), "slots follow the header directly");
static_assert(sizeof(void*) != 8 || sizeof(CleanupBlock) == 40,
              "lfnode 16, alllink 8, id, n, capacity");
// wasm32: 4-byte pointers make the header smaller, never larger.
static_assert(sizeof(CleanupBlock) <= 40, "the header fits the 64-bit layout");
static_assert(kMaxBlockCapacity <= 0xffff, "capacity and n are 16-bit");

inline std::uint32_t CleanupBlock::append(CleanupId c) {
  const std::uint32_t n = count();
  assert(n < capacity);
  slots()[n] = c;
  // Relaxed: the block is published to consumers by the release CAS of TaggedStack::push.
  n_.store(n + 1, std::memory_order_relaxed);
  return n + 1;
}

}  // namespace cq
