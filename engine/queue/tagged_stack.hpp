// TaggedStack: a Treiber stack whose head packs a node pointer and an ABA tag into one 64-bit
// word (Go's lfstack, docs/algorithm.md §2.3).
//
// Nodes are intrusive (`stack_next`, `push_count`) and must outlive the stack: pop() reads
// `stack_next` from a node that another thread may already have popped and pushed elsewhere.
// That read is harmless only because nodes are never freed (type-stable memory); the CAS then
// fails on the tag and the loop retries.
//
// Packing, as Go's taggedPointerPack (tagptr_64bit.go): (address >> 9) << tag_bits | tag, with
// tag = push count mod 2^tag_bits (lfstackPack masks pushcnt the same way). Nodes are 512-byte
// aligned (tagAlignBits = 9) and below 2^48 here, so (address >> 9) needs 39 bits and up to 25
// bits are left for the tag: Go's count at e46c8e and in 1.25.0-1.25.3 (addrBits 48). Since
// #69255 (defaultAddrBits = 48 + 1, from 1.25.4 or 1.25.5, and 1.26) Go keeps only 24. The width is
// a run-time value so one binary can show every version, and 0 builds the tagless stack whose ABA
// corruption a test and a lesson show. A narrower tag wraps sooner: 2^tag_bits pushes of one node
// give it its old head word back.
#pragma once

#include <atomic>
#include <cassert>
#include <cstdint>

namespace cq {

// Pop's hook between reading `next` and the CAS: the window an ABA test stalls a thread in.
struct NoPause {
  void operator()() const {}
};

inline constexpr unsigned kTagAlignBits = 9;      // tagptr.go: tagAlignBits
inline constexpr unsigned kNodeAddressBits = 48;  // user-space addresses on this port's targets
inline constexpr unsigned kMaxTagBits = 64 - (kNodeAddressBits - kTagAlignBits);  // 25

template <class Node>
class TaggedStack {
 public:
  explicit TaggedStack(unsigned tag_bits = kMaxTagBits)
      : tag_bits_(tag_bits), tag_mask_(tag_bits == 0 ? 0 : ~std::uint64_t{0} >> (64 - tag_bits)) {
    assert(tag_bits <= kMaxTagBits && "pointer and tag must fit one word");
  }

  struct PopResult {
    Node* node;             // nullptr when the stack was empty
    std::uint32_t retries;  // failed CAS attempts before success or empty
  };

  // Returns the number of failed CAS attempts.
  std::uint32_t push(Node* node) {
    node->push_count++;  // a new tag for every push of this node defeats ABA
    const std::uint64_t packed = pack(node, node->push_count);
    std::uint64_t old = head_.load(std::memory_order_relaxed);
    std::uint32_t retries = 0;
    for (;;) {
      node->stack_next.store(old, std::memory_order_relaxed);
      // Release: publishes the node's contents (a full block's slots) to whoever pops it.
      if (head_.compare_exchange_weak(old, packed, std::memory_order_release,
                                      std::memory_order_relaxed)) {
        break;
      }
      ++retries;
    }
    note_retries(retries);
    return retries;
  }

  template <class Pause = NoPause>
  PopResult pop(Pause&& pause = Pause{}) {
    std::uint32_t retries = 0;
    // Acquire: pairs with push's release so the popped node's contents are visible.
    std::uint64_t old = head_.load(std::memory_order_acquire);
    for (;;) {
      if (old == 0) {
        note_retries(retries);
        return {nullptr, retries};
      }
      Node* node = unpack(old);
      // May read a node another thread already popped: safe because nodes are never freed.
      const std::uint64_t next = node->stack_next.load(std::memory_order_relaxed);
      pause();
      if (head_.compare_exchange_weak(old, next, std::memory_order_acquire,
                                      std::memory_order_acquire)) {
        note_retries(retries);
        return {node, retries};
      }
      ++retries;
    }
  }

  bool empty() const { return head_.load(std::memory_order_acquire) == 0; }

  // Head node without popping, for inspection while no one mutates the stack.
  Node* peek() const { return unpack(head_.load(std::memory_order_acquire)); }

  // Next node below `node`, for walking a quiescent stack (tests, snapshots).
  Node* below(const Node* node) const {
    return unpack(node->stack_next.load(std::memory_order_acquire));
  }

  std::uint64_t total_cas_retries() const { return retries_.load(std::memory_order_relaxed); }

  unsigned tag_bits() const { return tag_bits_; }
  // Pushes of one node after which its head word repeats (0: every push, no tag at all).
  std::uint64_t tag_period() const { return tag_mask_ + 1; }

  std::uint64_t pack(const Node* node, std::uint64_t tag) const {
    const auto address = reinterpret_cast<std::uintptr_t>(node);
    assert(address % (std::uintptr_t{1} << kTagAlignBits) == 0 && "nodes must be 512-byte aligned");
    assert((std::uint64_t{address} >> kNodeAddressBits) == 0 && "node address above 2^48");
    return (std::uint64_t{address} >> kTagAlignBits) << tag_bits_ | (tag & tag_mask_);
  }

  Node* unpack(std::uint64_t packed) const {
    return reinterpret_cast<Node*>(
        static_cast<std::uintptr_t>((packed >> tag_bits_) << kTagAlignBits));
  }

 private:
  void note_retries(std::uint32_t retries) {
    // Relaxed and only on contention: the counter is for pictures and benchmarks.
    if (retries != 0) retries_.fetch_add(retries, std::memory_order_relaxed);
  }

  std::atomic<std::uint64_t> head_{0};
  std::atomic<std::uint64_t> retries_{0};
  // Read-only after construction, beside head_: one cache line serves the CAS and the packing.
  const unsigned tag_bits_;
  const std::uint64_t tag_mask_;
};

}  // namespace cq
