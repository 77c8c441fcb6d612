// SweepGate: Go's activeSweep (mgcsweep.go). One atomic word: the top bit says "no unswept spans
// remain" (drained), the rest counts active sweepers. It is a barrier and a leader election at
// once: once drained, begin() refuses, so the end() that leaves "drained, zero active" belongs
// to the last sweeper, which then owns every P's block and flushes without a lock.
#pragma once

#include <atomic>
#include <cstdint>

namespace cq {

class SweepGate {
 public:
  static constexpr std::uint32_t kDrained = 1u << 31;

  // A new sweeper may start only while spans remain. seq_cst CAS: the election needs a single
  // total order of begins, ends and the drain.
  bool begin() {
    std::uint32_t s = state_.load(std::memory_order_seq_cst);
    do {
      if (s & kDrained) return false;
    } while (!state_.compare_exchange_weak(s, s + 1, std::memory_order_seq_cst));
    return true;
  }

  // Returns true for exactly one end() per sweep phase: the one that leaves drained with zero
  // active sweepers. Its CAS observes every other sweeper's decrement, and so every enqueue
  // they made happens-before the flush that follows.
  bool end() {
    std::uint32_t s = state_.load(std::memory_order_seq_cst);
    while (!state_.compare_exchange_weak(s, s - 1, std::memory_order_seq_cst)) {
    }
    return s - 1 == kDrained;
  }

  // Sets the drained bit. Returns true for the caller that set it.
  bool mark_drained() {
    return (state_.fetch_or(kDrained, std::memory_order_seq_cst) & kDrained) == 0;
  }

  // Stop-the-world at the start of the next sweep phase: zero sweepers, not drained.
  void reset() { state_.store(0, std::memory_order_seq_cst); }

  std::uint32_t active() const { return state_.load(std::memory_order_acquire) & ~kDrained; }
  bool drained() const { return (state_.load(std::memory_order_acquire) & kDrained) != 0; }

 private:
  std::atomic<std::uint32_t> state_{kDrained};  // no sweep phase until the first GC
};

}  // namespace cq
