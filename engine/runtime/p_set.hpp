// PSet: which thread holds which P. Enqueue into a P's block is safe without atomics only
// because the holder is the P's one pinned thread; in the threaded runner two sweepers really
// do race for Ps, so ownership is a real CAS, not a convention.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>

namespace cq {

class PSet {
 public:
  static constexpr std::uint32_t kFree = 0xffffffffu;

  // `count` Ps exist at first, out of `slots` (the most a run ever has: GOMAXPROCS may grow).
  PSet(std::uint32_t count, std::uint32_t slots)
      : count_(count), slots_(std::max(count, slots)), owners_(new Owner[slots_]) {}
  explicit PSet(std::uint32_t count) : PSet(count, count) {}

  // GOMAXPROCS now: Ps at or beyond it are dead (procresize trimmed allp) and never acquired.
  std::uint32_t size() const { return count_.load(std::memory_order_acquire); }
  std::uint32_t slots() const { return slots_; }
  // procresize: only while the caller knows which Ps are held (a held P that dies is released
  // by its holder as usual; it is just never handed out again).
  void set_size(std::uint32_t count) { count_.store(count, std::memory_order_release); }

  // Tries Ps from `start` round the ring; the first free one is claimed by `holder`.
  // Acquire on success: the previous holder's block writes are visible to the new one.
  std::optional<std::uint32_t> acquire(std::uint32_t start, std::uint32_t holder) {
    const std::uint32_t count = size();
    for (std::uint32_t i = 0; i < count; ++i) {
      const std::uint32_t p = (start + i) % count;
      std::uint32_t expected = kFree;
      if (owners_[p].holder.compare_exchange_strong(expected, holder, std::memory_order_acquire,
                                                    std::memory_order_relaxed)) {
        return p;
      }
    }
    return std::nullopt;
  }

  // Release: hands this holder's writes to the P's block to the next holder.
  void release(std::uint32_t p) { owners_[p].holder.store(kFree, std::memory_order_release); }

  std::uint32_t holder(std::uint32_t p) const {
    return owners_[p].holder.load(std::memory_order_acquire);
  }

 private:
  struct alignas(64) Owner {
    std::atomic<std::uint32_t> holder{kFree};
  };
  std::atomic<std::uint32_t> count_;
  const std::uint32_t slots_;
  std::unique_ptr<Owner[]> owners_;
};

}  // namespace cq
