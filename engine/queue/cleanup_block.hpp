// CleanupBlock: the fixed-size unit of work of Go's cleanup queue (runtime/mcleanup.go,
// cleanupBlock and cleanupBlockHeader).
//
// A block is one 512-byte aligned chunk of never-freed memory: a 32-byte header (the lock-free
// stack link, the link in the list of all blocks, the entry count `n`) followed by `capacity`
// cleanup slots. Go's header on amd64 is lfnode {next uint64, pushcnt uintptr} (16 bytes),
// alllink (8) and n uint32 (4), padded to 32; its block is cleanupBlockSize = 512 bytes, so
// (512 - 32) / 8 = 60 one-word slots in Go 1.25 and (512 - 32) / 24 = 20 cleanupFn slots in
// Go 1.26. This header has the same 32 bytes and the same offsets for next, alllink and n; the
// port's own fields (block id, capacity, slot kind) live in bytes Go leaves unused:
//   - pushcnt is 32 bits, not 64: lfstackPack (lfstack.go) keeps only the low tagBits (<= 25)
//     of it, and a 32-bit counter wraps at a multiple of 2^tagBits, so the tags are identical;
//     the block id takes the other 4 bytes.
//   - capacity (16 bits) and the slot kind (8 bits) take Go's 4 bytes of padding after n.
//     `n` stays 32-bit: 16-bit stores on the enqueue path measured 2x slower.
// Blocks are created by CleanupQueue and live as long as it does, which is what lets the
// TaggedStack read `stack_next` from a node another thread may already have popped
// (docs/algorithm.md §2.3).
#pragma once

#include <atomic>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>

namespace cq {

// A registered cleanup, by its unique id. 0 marks a cleared slot (Go stores nil there so the
// closure can be collected).
using CleanupId = std::uint64_t;

// What one slot holds, by Go version.
enum class SlotKind : std::uint8_t {
  word,        // Go 1.25: one *funcval (the closure that calls cleanup(arg)), 8 bytes
  cleanup_fn,  // Go 1.26: cleanupFn {call, fn, arg}, 24 bytes (mcleanup.go in 1.26)
};

// Go 1.26's cleanupFn: `call` is the callCleanup[T] adapter, `fn` the *funcval passed to
// AddCleanup, `arg` the boxed argument. The model stores its CleanupId in `arg` (the one word
// that is unique per cleanup in Go too: mcleanup.go's race annotations synchronise on c.arg)
// and marker values in the other two, so a layout test can tell the three words apart.
struct CleanupFnSlot {
  std::uint64_t call;
  std::uint64_t fn;
  CleanupId arg;
};
static_assert(sizeof(CleanupFnSlot) == 24, "cleanupFn is three words");

inline constexpr std::uint64_t kCleanupFnCallWord = 0xca11c1ea00000000;  // "call cleanup"
inline constexpr std::uint64_t kCleanupFnFnMarker = std::uint64_t{1} << 63;

constexpr std::size_t slot_bytes(SlotKind kind) {
  return kind == SlotKind::word ? sizeof(CleanupId) : sizeof(CleanupFnSlot);
}
constexpr std::string_view to_string(SlotKind kind) {
  return kind == SlotKind::word ? "word" : "cleanup_fn";
}

inline constexpr std::size_t kGoBlockBytes = 512;  // mcleanup.go: cleanupBlockSize
inline constexpr std::size_t kGoBlockHeaderBytes =
    32;                                                // unsafe.Sizeof(cleanupBlockHeader{}), amd64
inline constexpr std::uint32_t kGoBlockCapacity = 60;  // Go 1.25: (512 - 32) / 8
inline constexpr std::uint32_t kGo126BlockCapacity = 20;  // Go 1.26: (512 - 32) / 24
inline constexpr std::uint32_t kMinBlockCapacity = 1;
inline constexpr std::uint32_t kMaxBlockCapacity = 1024;  // teaching range
inline constexpr std::size_t kBlockAlignment = 512;  // tagptr.go: tagAlign = 1 << tagAlignBits (9)

// Standard layout (every data member public) so a test can check the byte offsets with offsetof.
// Write `n` only through the methods below.
class CleanupBlock {
 public:
  // Go's lfnode, embedded first. Written by TaggedStack only.
  std::atomic<std::uint64_t> stack_next{0};  // lfnode.next: packed pointer to the node below
  std::uint32_t push_count = 0;              // lfnode.pushcnt: bumped on every push (ABA tag)
  std::uint32_t id;  // allocation order, 0-based; the stable name of the block in the trace

  CleanupBlock* all_next = nullptr;  // alllink: the list of every block ever made (GC roots)

  // Go's n: atomic because the GC root scan may read it while the owner writes it.
  std::atomic<std::uint32_t> n{0};
  std::uint16_t capacity;  // 1..1024; in Go a constant of the array type
  SlotKind slot_kind;
  std::uint8_t reserved = 0;

  CleanupBlock(std::uint32_t block_id, std::uint32_t block_capacity,
               SlotKind kind = SlotKind::word);
  CleanupBlock(const CleanupBlock&) = delete;
  CleanupBlock& operator=(const CleanupBlock&) = delete;

  // Owner-side accessors. While a block has one owner (a P during sweep, a runner, the flusher)
  // `n` needs no ordering, but it is atomic because the GC root scan may read it concurrently.
  std::uint32_t count() const { return n.load(std::memory_order_relaxed); }
  bool full() const { return count() == capacity; }
  bool empty() const { return count() == 0; }

  // GC root scan side: an atomic read, paired with clear()'s release store (docs/algorithm.md §4).
  std::uint32_t count_for_root_scan() const { return n.load(std::memory_order_acquire); }

  // The cleanup in slot i (for cleanup_fn slots, the `arg` word); 0 when cleared.
  CleanupId slot(std::uint32_t i) const {
    return slot_kind == SlotKind::word ? words()[i] : fn_slots()[i].arg;
  }
  void clear_slot(std::uint32_t i);

  // Stores `c` at index n and increments n. Returns true when the block is now full.
  // Precondition: !full().
  bool enqueue(CleanupId c) { return append(c) == capacity; }

  // enqueue() for a caller that also wants the slot written: returns the new count (slot + 1).
  // Inline (defined below) because it is the sweeper's per-cleanup hot path, where an
  // out-of-line call costs more than the stores; and it returns the count so the caller need
  // not load `n` again (the compiler does not merge two relaxed atomic loads).
  std::uint32_t append(CleanupId c);
  // append() for a caller that already knows the slot kind (the queue's, fixed for its life):
  // no load of slot_kind and no branch on it. Precondition: Kind == slot_kind.
  template <SlotKind Kind>
  std::uint32_t append_as(CleanupId c);

  // Moves as many entries from `other` as fit. When everything fits, appends all of `other`
  // and empties it; otherwise copies the *tail* of `other` so its prefix stays in place.
  // Postcondition: full() || other.empty(). Returns how many entries moved.
  // Precondition: both blocks have the same slot kind.
  std::uint32_t take(CleanupBlock& other);

  // After a runner has executed every entry: clears the slots and publishes n = 0 atomically,
  // so a concurrent root scan sees either the old count or zero, never a torn value.
  void clear();

  // The slot array, which starts right after the 32-byte header.
  CleanupId* words() { return reinterpret_cast<CleanupId*>(this + 1); }
  const CleanupId* words() const { return reinterpret_cast<const CleanupId*>(this + 1); }
  CleanupFnSlot* fn_slots() { return reinterpret_cast<CleanupFnSlot*>(this + 1); }
  const CleanupFnSlot* fn_slots() const { return reinterpret_cast<const CleanupFnSlot*>(this + 1); }

  // Header plus slots, exactly: 512 for Go's two geometries (60 words, 20 cleanupFn).
  static constexpr std::size_t bytes(std::uint32_t capacity, SlotKind kind = SlotKind::word) {
    return sizeof(CleanupBlock) + std::size_t{capacity} * slot_bytes(kind);
  }
  // bytes() rounded up to the 512-byte alignment, as aligned_alloc requires.
  static std::size_t allocation_size(std::uint32_t capacity, SlotKind kind = SlotKind::word);

  // The values a cleanup_fn slot holds for cleanup `c`, in Go 1.26's field order.
  static constexpr CleanupFnSlot fn_slot_for(CleanupId c) {
    return {kCleanupFnCallWord, kCleanupFnFnMarker | c, c};
  }
};

static_assert(std::is_standard_layout_v<CleanupBlock>, "offsetof-checkable header");
static_assert(alignof(CleanupBlock) <= alignof(CleanupId), "slots follow the header directly");
static_assert(sizeof(void*) != 8 || sizeof(CleanupBlock) == kGoBlockHeaderBytes,
              "Go's cleanupBlockHeader on amd64: lfnode 16, alllink 8, n 4, padding 4");
// wasm32: 4-byte pointers make the header smaller, never larger.
static_assert(sizeof(CleanupBlock) <= kGoBlockHeaderBytes, "the header fits the 64-bit layout");
static_assert(kMaxBlockCapacity <= 0xffff, "capacity is 16-bit");
static_assert(sizeof(void*) != 8 || CleanupBlock::bytes(kGoBlockCapacity) == kGoBlockBytes);
static_assert(sizeof(void*) != 8 ||
              CleanupBlock::bytes(kGo126BlockCapacity, SlotKind::cleanup_fn) == kGoBlockBytes);

template <SlotKind Kind>
inline std::uint32_t CleanupBlock::append_as(CleanupId c) {
  assert(slot_kind == Kind);
  const std::uint32_t i = count();
  assert(i < capacity);
  if constexpr (Kind == SlotKind::word) {
    words()[i] = c;
  } else {
    fn_slots()[i] = fn_slot_for(c);
  }
  // Relaxed: the block is published to consumers by the release CAS of TaggedStack::push.
  n.store(i + 1, std::memory_order_relaxed);
  return i + 1;
}

inline std::uint32_t CleanupBlock::append(CleanupId c) {
  return slot_kind == SlotKind::word ? append_as<SlotKind::word>(c)
                                     : append_as<SlotKind::cleanup_fn>(c);
}

}  // namespace cq
