// Producer side of CleanupQueue: block allocation, enqueue, the last sweeper's flush, and
// snapshots. The consumer and scheduler sides are in cleanup_queue_wake.cpp.
#include "queue/cleanup_queue.hpp"

#include <cassert>
#include <cstdlib>
#include <new>
#include <stdexcept>
#include <string>

namespace cq {

namespace {

const QueueConfig& checked(const QueueConfig& config) {
  if (auto problem = config_problem(config)) {
    throw std::invalid_argument("queue configuration: " + *problem);
  }
  return config;
}

}  // namespace

CleanupQueue::CleanupQueue(const QueueConfig& config)
    : config_(checked(config)),
      worker_cap_(max_cleanup_goroutines(config.gomaxprocs, config.worker_cap)),
      gomaxprocs_(config.gomaxprocs),
      p_slots_(config.p_slots()),
      full_(config.tag_bits),
      free_(config.tag_bits) {}

CleanupQueue::~CleanupQueue() {
  // Blocks are never freed while the queue lives (type-stable memory for the lock-free stacks);
  // the queue's own end is the one moment nothing can still read them.
  CleanupBlock* b = all_.load(std::memory_order_acquire);
  while (b != nullptr) {
    CleanupBlock* next = b->all_next;
    b->~CleanupBlock();
    std::free(b);
    b = next;
  }
}

CleanupBlock* CleanupQueue::allocate_block(std::uint32_t& cas_retries) {
  const std::size_t size = CleanupBlock::allocation_size(config_.block_capacity, config_.slot_kind);
  void* memory = std::aligned_alloc(kBlockAlignment, size);
  if (memory == nullptr) throw std::bad_alloc();
  const std::uint32_t id = next_block_id_.fetch_add(1, std::memory_order_relaxed);
  auto* block = new (memory) CleanupBlock(id, config_.block_capacity, config_.slot_kind);
  // Push onto `all` (push-only list, several Ps may allocate at once). Release: a root scan
  // that acquires the head sees an initialised block.
  CleanupBlock* head = all_.load(std::memory_order_relaxed);
  do {
    block->all_next = head;
  } while (!all_.compare_exchange_weak(head, block, std::memory_order_release,
                                       std::memory_order_relaxed) &&
           ++cas_retries);
  return block;
}

EnqueueResult CleanupQueue::enqueue_slow(std::uint32_t p, CleanupId cleanup) {
  // Reached from enqueue() only when the P has no block.
  EnqueueResult r{};
  r.took_block = true;
  // Check before writing so a queue that is not flushed keeps its cache line clean.
  if (flushed_.load(std::memory_order_relaxed)) {
    flushed_.store(false, std::memory_order_relaxed);
    r.cleared_flushed = true;
  }
  auto popped = free_.pop();
  r.cas_retries += popped.retries;
  CleanupBlock* b = popped.node;
  if (b == nullptr) {
    b = allocate_block(r.cas_retries);
    r.allocated = true;
  }
  ps_[p].block = b;
  r.block = b;
  r.slot = b->count();
  if (b->enqueue(cleanup)) push_full_block(p, b, r);  // capacity 1: full at once
  return r;
}

EnqueueResult CleanupQueue::publish_full(std::uint32_t p, CleanupBlock* b) {
  EnqueueResult r{};
  r.block = b;
  r.slot = b->count() - 1;
  push_full_block(p, b, r);
  return r;
}

void CleanupQueue::push_full_block(std::uint32_t p, CleanupBlock* b, EnqueueResult& r) {
  // Eager flush (docs/algorithm.md §3.3): publish the full block now, then signal one unit of work.
  r.cas_retries += full_.push(b);
  ps_[p].block = nullptr;
  retire(p, b->capacity);
  r.pushed_full = true;
  signal_work(1);
}

FlushResult CleanupQueue::flush() {
  FlushResult r;
  CleanupBlock* acc = nullptr;
  auto push_acc = [&](FlushStep::Kind kind, std::uint32_t p) {
    r.steps.push_back({kind, p, acc->id, acc->id, acc->count(), false});
    r.pushed_sizes.push_back(acc->count());
    full_.push(acc);
    ++r.pushed;
  };
  // range allp: only the Ps that exist now. A P cut by a shrink keeps its block (set_gomaxprocs).
  const std::uint32_t procs = gomaxprocs();
  for (std::uint32_t p = 0; p < procs; ++p) {
    if (ps_[p].nil_p) {
      if (!config_.flush_skips_nil_p) {
        // e46c8e reads pp.cleanups through the nil pointer: a fault, the program dies.
        r.nil_p_crash = p;
        r.accounting_holds = false;
        return r;
      }
      r.steps.push_back({FlushStep::Kind::missing, p, 0, 0, 0, true});
      ++r.missing;
      ++r.nil_ps;
      continue;
    }
    CleanupBlock* b = ps_[p].block;
    if (b == nullptr) {
      r.steps.push_back({FlushStep::Kind::missing, p, 0, 0, 0, false});
      ++r.missing;
      continue;
    }
    ps_[p].block = nullptr;
    retire(p, b->count());
    if (acc == nullptr) {
      acc = b;
      r.steps.push_back({FlushStep::Kind::adopt, p, b->id, b->id, b->count(), false});
      continue;
    }
    const std::uint32_t moved = acc->take(*b);
    r.steps.push_back({FlushStep::Kind::merge, p, b->id, acc->id, moved, false});
    if (acc->full()) {
      push_acc(FlushStep::Kind::push_full, p);
      acc = b;  // the remainder of b (possibly nothing: the exact-fit case) accumulates next
      b = nullptr;
    }
    if (b != nullptr && b->empty()) {
      r.steps.push_back({FlushStep::Kind::free_emptied, p, b->id, b->id, 0, false});
      free_.push(b);
      ++r.emptied;
    }
  }
  if (acc != nullptr) push_acc(FlushStep::Kind::push_last, procs - 1);
  if (r.pushed > 0) signal_work(r.pushed);
  r.accounting_holds = r.pushed + r.emptied + r.missing == procs;
  flushed_.store(true, std::memory_order_relaxed);
  return r;
}

void CleanupQueue::set_gomaxprocs(std::uint32_t n) {
  if (n < kMinGomaxprocs || n > p_slots_) {
    throw std::invalid_argument("set_gomaxprocs: " + std::to_string(n) + " is outside 1.." +
                                std::to_string(p_slots_) + " (the queue's P slots)");
  }
  gomaxprocs_.store(n, std::memory_order_release);
  worker_cap_.store(max_cleanup_goroutines(n, config_.worker_cap), std::memory_order_relaxed);
}

void CleanupQueue::set_p_nil(std::uint32_t p, bool nil) {
  if (p >= p_slots_) {
    throw std::invalid_argument("set_p_nil: P " + std::to_string(p) + " is outside 0.." +
                                std::to_string(p_slots_ - 1));
  }
  if (nil && ps_[p].block != nullptr) {
    throw std::invalid_argument("set_p_nil: P " + std::to_string(p) + " holds block " +
                                std::to_string(ps_[p].block->id) +
                                "; only a P that was never allocated can be nil");
  }
  ps_[p].nil_p = nil;
}

std::uint64_t CleanupQueue::queued() const {
  std::uint64_t sum = 0;
  for (const PSlot& slot : used_ps()) {
    sum += slot.retired.load(std::memory_order_relaxed);
    if (slot.block != nullptr) sum += slot.block->count();
  }
  return sum;
}

QueueSnapshot CleanupQueue::snapshot() const {
  QueueSnapshot s;
  for (CleanupBlock* b = all_.load(std::memory_order_acquire); b != nullptr; b = b->all_next) {
    s.all.push_back({b->id, b->count_for_root_scan()});
  }
  for (CleanupBlock* b = full_.peek(); b != nullptr; b = full_.below(b)) {
    s.full.push_back({b->id, b->count_for_root_scan()});
  }
  for (CleanupBlock* b = free_.peek(); b != nullptr; b = free_.below(b)) {
    s.free.push_back({b->id, b->count_for_root_scan()});
  }
  for (const PSlot& slot : used_ps()) {
    s.p_block.push_back(slot.block == nullptr ? -1 : std::int64_t{slot.block->id});
  }
  {
    std::lock_guard<std::mutex> guard(lock_);
    s.sleeping = sleeping_;
  }
  const std::uint64_t state = sleep_state_.load(std::memory_order_seq_cst);
  s.flushed = flushed();
  s.asleep = static_cast<std::uint32_t>(state >> 32);
  s.wakes = static_cast<std::uint32_t>(state);
  s.work_units = work_units_.load(std::memory_order_seq_cst);
  s.ng = ng();
  s.needg = needg();
  s.running = running();
  s.worker_cap = worker_cap();
  s.gomaxprocs = gomaxprocs();
  s.queued = queued();
  s.executed = executed();
  return s;
}

}  // namespace cq
