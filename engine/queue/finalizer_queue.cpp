#include "queue/finalizer_queue.hpp"

namespace cq {

FinalizerQueue::~FinalizerQueue() {
  for (FinBlock* b : all_) delete b;
}

FinBlock* FinalizerQueue::allocate_locked() {
  auto* block = new FinBlock;
  block->id = static_cast<std::uint32_t>(all_.size());
  all_.push_back(block);
  return block;
}

FinEnqueueResult FinalizerQueue::enqueue(CleanupId cleanup) {
  FinEnqueueResult r{};
  std::unique_lock<std::mutex> guard(finlock_, std::try_to_lock);
  if (!guard.owns_lock()) {
    r.contended = true;
    guard.lock();
  }
  if (finq_ == nullptr || finq_->count == kFinBlockCapacity) {
    FinBlock* block = finc_;
    if (block == nullptr) {
      block = allocate_locked();
      r.allocated = true;
    } else {
      finc_ = block->next;
    }
    block->next = finq_;
    finq_ = block;
  }
  r.block = finq_->id;
  r.slot = finq_->count;
  finq_->entries[finq_->count++] = cleanup;
  status_.fetch_or(kWake, std::memory_order_seq_cst);
  return r;
}

FinBlock* FinalizerQueue::take_all() {
  std::lock_guard<std::mutex> guard(finlock_);
  FinBlock* list = finq_;
  finq_ = nullptr;
  return list;
}

bool FinalizerQueue::announce_wait() {
  std::lock_guard<std::mutex> guard(finlock_);
  if (finq_ != nullptr) return false;
  // As in Go, a wake bit left over from work fing already took is not cleared here: the
  // scheduler will wake fing once more for nothing (a spurious wake, visible in the trace).
  status_.fetch_or(kWait, std::memory_order_seq_cst);
  return true;
}

void FinalizerQueue::recycle(FinBlock* block) {
  std::lock_guard<std::mutex> guard(finlock_);
  block->count = 0;
  block->next = finc_;
  finc_ = block;
}

bool FinalizerQueue::needs_wake() const {
  return status_.load(std::memory_order_seq_cst) == (kWait | kWake);
}

bool FinalizerQueue::wake() {
  // wakefing(): only the CAS winner wakes fing, so two Ps polling at once wake it once.
  std::uint32_t expected = kWait | kWake;
  return status_.compare_exchange_strong(expected, 0, std::memory_order_seq_cst);
}

std::uint32_t FinalizerQueue::blocks_allocated() const {
  std::lock_guard<std::mutex> guard(finlock_);
  return static_cast<std::uint32_t>(all_.size());
}

std::uint64_t FinalizerQueue::queued_entries() const {
  std::lock_guard<std::mutex> guard(finlock_);
  std::uint64_t total = 0;
  for (const FinBlock* b = finq_; b != nullptr; b = b->next) total += b->count;
  return total;
}

}  // namespace cq
