// PSet: which thread holds which P. Enqueue into a P's block is safe without atomics only
// because the holder is the P's one pinned thread; in the threaded runner two sweepers really
// do race for Ps, so ownership is a real CAS, not a convention.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>

namespace cq {

class PSet {
 public:
  static constexpr std::uint32_t kFree = 0xffffffffu;

  explicit PSet(std::uint32_t count) : count_(count), owners_(new Owner[count]) {}

  std::uint32_t size() const { return count_; }

  // Tries Ps from `start` round the ring; the first free one is claimed by `holder`.
  // Acquire on success: the previous holder's block writes are visible to the new one.
  std::optional<std::uint32_t> acquire(std::uint32_t start, std::uint32_t holder) {
    for (std::uint32_t i = 0; i < count_; ++i) {
      const std::uint32_t p = (start + i) % count_;
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
  std::uint32_t count_;
  std::unique_ptr<Owner[]> owners_;
};

}  // namespace cq
