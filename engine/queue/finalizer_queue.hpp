// FinalizerQueue: the Go 1.24 baseline. Before e46c8e, sweeping handed every cleanup to
// queuefinalizer(): 4 KiB finBlocks on one list under the global `finlock`, drained by the
// single finalizer goroutine `fing` (docs/algorithm.md §8). Lessons and benchmarks run the same
// workload through this and through CleanupQueue to show what the change bought.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <vector>

#include "queue/cleanup_block.hpp"

namespace cq {

// (4096 - 24-byte header) / 40-byte finalizer record on 64-bit.
inline constexpr std::uint32_t kFinBlockCapacity = 101;

struct FinBlock {
  FinBlock* next = nullptr;
  std::uint32_t id = 0;
  std::uint32_t count = 0;
  CleanupId entries[kFinBlockCapacity] = {};
};

struct FinEnqueueResult {
  std::uint32_t block;  // id of the finBlock written
  std::uint32_t slot;
  bool allocated;  // a new finBlock was allocated for this entry
  bool contended;  // finlock was held by someone else when we arrived
};

class FinalizerQueue {
 public:
  FinalizerQueue() = default;
  ~FinalizerQueue();
  FinalizerQueue(const FinalizerQueue&) = delete;
  FinalizerQueue& operator=(const FinalizerQueue&) = delete;

  // queuefinalizer: every producer takes finlock for every single entry.
  FinEnqueueResult enqueue(CleanupId cleanup);

  // fing's loop head: swap out the whole list under finlock. nullptr when there is nothing.
  FinBlock* take_all();
  // fing found nothing: under finlock, re-check and mark "waiting" (fingWait). Returns false
  // when work arrived in between, in which case fing must not park.
  bool announce_wait();
  // After running a block's entries: return it to the cache list (finc).
  void recycle(FinBlock* block);

  // The scheduler's wakefing(): true when fing is waiting and something was queued since.
  bool needs_wake() const;
  bool wake();  // clears both flags; true means the caller must unpark fing

  std::uint32_t blocks_allocated() const;
  std::uint64_t queued_entries() const;  // entries on finq, not yet taken

 private:
  FinBlock* allocate_locked();

  mutable std::mutex finlock_;
  FinBlock* finq_ = nullptr;    // blocks waiting, newest first
  FinBlock* finc_ = nullptr;    // cache of empty blocks
  std::vector<FinBlock*> all_;  // owned, freed at the end
  // Go's fingStatus bits, atomic so the scheduler's poll takes no lock.
  static constexpr std::uint32_t kWait = 1;  // fingWait: fing is parked or about to park
  static constexpr std::uint32_t kWake = 2;  // fingWake: something was queued
  std::atomic<std::uint32_t> status_{0};
};

}  // namespace cq
