// TaggedStack: a Treiber stack whose head packs a node pointer and an ABA tag into one 64-bit
// word (Go's lfstack, design doc §2.3).
//
// Nodes are intrusive (`stack_next`, `push_count`) and must outlive the stack: pop() reads
// `stack_next` from a node that another thread may already have popped and pushed elsewhere.
// That read is harmless only because nodes are never freed (type-stable memory); the CAS then
// fails on the tag and the loop retries.
//
// Packing: nodes are 512-byte aligned and below 2^48, so (address >> 9) needs 39 bits and the
// remaining 25 bits hold the tag, as in Go's later amd64 tagptr. TagBits is a parameter only so
// that a test can build the tagless stack and watch ABA corrupt it.
#pragma once

#include <atomic>
#include <cassert>
#include <cstdint>

namespace cq {

// Pop's hook between reading `next` and the CAS: the window an ABA test stalls a thread in.
struct NoPause {
  void operator()() const {}
};

template <class Node, unsigned TagBits = 25>
class TaggedStack {
  static constexpr unsigned kAlignBits = 9;
  static constexpr unsigned kAddressBits = 48;
  static_assert(TagBits + (kAddressBits - kAlignBits) <= 64, "pointer and tag must fit one word");
  static constexpr std::uint64_t kTagMask =
      TagBits == 0 ? 0 : (~std::uint64_t{0} >> (64 - (TagBits == 0 ? 1 : TagBits)));

 public:
  struct PopResult {
    Node* node;            // nullptr when the stack was empty
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
  static Node* below(const Node* node) {
    return unpack(node->stack_next.load(std::memory_order_acquire));
  }

  std::uint64_t total_cas_retries() const { return retries_.load(std::memory_order_relaxed); }

  static std::uint64_t pack(const Node* node, std::uint64_t tag) {
    const auto address = reinterpret_cast<std::uintptr_t>(node);
    assert(address % (std::uintptr_t{1} << kAlignBits) == 0 && "nodes must be 512-byte aligned");
    assert((std::uint64_t{address} >> kAddressBits) == 0 && "node address above 2^48");
    return (std::uint64_t{address} >> kAlignBits) << TagBits | (tag & kTagMask);
  }

  static Node* unpack(std::uint64_t packed) {
    return reinterpret_cast<Node*>(static_cast<std::uintptr_t>((packed >> TagBits) << kAlignBits));
  }

 private:
  void note_retries(std::uint32_t retries) {
    // Relaxed and only on contention: the counter is for pictures and benchmarks.
    if (retries != 0) retries_.fetch_add(retries, std::memory_order_relaxed);
  }

  std::atomic<std::uint64_t> head_{0};
  std::atomic<std::uint64_t> retries_{0};
};

}  // namespace cq
