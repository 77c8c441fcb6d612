// Consumer, scheduler and pool-growth side of CleanupQueue, under both wake protocols.
//
// oneshot (e46c8e, development branch 8-16 May 2025, never released): one 64-bit word, asleep in
// the high half and pending wakes in the low half.
//   Producers add wakes; the scheduler's take() consumes *all* of them at once. A consumer that
//   failed to pop but has not yet announced itself asleep can miss the only wake (docs/algorithm.md
//   §9.2).
// level (Go 1.25.0 and later: CL 671676, #73642): work_units counts blocks on `full` and is
// consumed only by a consumer that
//   takes one. Consumers announce asleep++ *before* their final check; that store and the
//   producer's work_units++ followed by the waker's load of asleep form a Dekker handshake, so
//   all four accesses are seq_cst.
#include <algorithm>
#include <cassert>
#include <limits>

#include "queue/cleanup_queue.hpp"

namespace cq {
namespace {

constexpr std::uint64_t kAsleepOne = std::uint64_t{1} << 32;
constexpr std::uint64_t kWakesMask = 0xffffffffu;

std::uint32_t asleep_of(std::uint64_t state) {
  return static_cast<std::uint32_t>(state >> 32);
}
std::uint32_t wakes_of(std::uint64_t state) {
  return static_cast<std::uint32_t>(state & kWakesMask);
}

}  // namespace

void CleanupQueue::signal_work(std::uint32_t units) {
  if (config_.protocol == WakeProtocol::oneshot) {
    // seq_cst: the packed word is Go's atomic.Uint64 and take() CASes it.
    sleep_state_.fetch_add(units, std::memory_order_seq_cst);
  } else {
    // seq_cst, after the push: the producer half of the Dekker handshake with announce_sleep.
    work_units_.fetch_add(units, std::memory_order_seq_cst);
  }
}

TakeResult CleanupQueue::try_take_block() {
  if (config_.protocol == WakeProtocol::oneshot) {
    auto popped = full_.pop();
    return {popped.node, popped.retries};
  }
  // tryTakeWork: decrement work_units, never below zero, *before* popping. Since producers
  // increment only after pushing, a successful claim guarantees a block on `full`.
  std::uint64_t units = work_units_.load(std::memory_order_seq_cst);
  do {
    if (units == 0) return {nullptr, 0};
  } while (!work_units_.compare_exchange_weak(units, units - 1, std::memory_order_seq_cst));
  auto popped = full_.pop();
  assert(popped.node != nullptr && "work_units exceeded the blocks on full");
  return {popped.node, popped.retries};
}

SleepOutcome CleanupQueue::announce_sleep(GoroutineId g) {
  std::lock_guard<std::mutex> guard(lock_);
  if (config_.protocol == WakeProtocol::oneshot) {
    sleeping_.push_back(g);
    // seq_cst: the same packed word the scheduler's take() CASes.
    sleep_state_.fetch_add(kAsleepOne, std::memory_order_seq_cst);
    return SleepOutcome::parked;
  }
  // Announce first (store), then re-check (load): seq_cst on both, or the producer's
  // work_units++ and this asleep++ may each miss the other and strand a block.
  sleep_state_.fetch_add(kAsleepOne, std::memory_order_seq_cst);
  if (work_units_.load(std::memory_order_seq_cst) > 0) {
    sleep_state_.fetch_sub(kAsleepOne, std::memory_order_seq_cst);
    return SleepOutcome::retry;
  }
  sleeping_.push_back(g);
  return SleepOutcome::parked;
}

std::uint32_t CleanupQueue::finish_block(CleanupBlock* block) {
  // runCleanups: gcCleanups.executed.Add(int64(b.n)) once the whole block has run.
  executed_.fetch_add(block->count(), std::memory_order_relaxed);
  block->clear();
  return free_.push(block);
}

bool CleanupQueue::needs_wake() const {
  // A couple of loads on every scheduling round: this is the cheap poll of teaching moment 9.
  const std::uint64_t state = sleep_state_.load(std::memory_order_seq_cst);
  const bool has_work = config_.protocol == WakeProtocol::oneshot
                            ? wakes_of(state) > 0
                            : work_units_.load(std::memory_order_seq_cst) > 0;
  return has_work && (asleep_of(state) > 0 || ng() < worker_cap());
}

bool CleanupQueue::wake_would_unpark() const {
  const std::uint64_t state = sleep_state_.load(std::memory_order_seq_cst);
  const bool has_work = config_.protocol == WakeProtocol::oneshot
                            ? wakes_of(state) > 0
                            : work_units_.load(std::memory_order_seq_cst) > 0;
  return has_work && asleep_of(state) > 0;
}

WakeResult CleanupQueue::wake() {
  WakeResult r;
  std::uint32_t to_wake = 0;
  if (config_.protocol == WakeProtocol::oneshot) {
    // take(): consume every pending wake in one CAS, waking at most as many as are asleep.
    std::uint64_t state = sleep_state_.load(std::memory_order_seq_cst);
    std::uint64_t next;
    do {
      const std::uint32_t wakes = wakes_of(state);
      const std::uint32_t asleep = asleep_of(state);
      r.signals = wakes;
      r.asleep_seen = asleep;
      to_wake = std::min(wakes, asleep);
      r.extra = wakes - to_wake;
      next = std::uint64_t{asleep - to_wake} << 32;  // wakes reset to 0: all consumed
    } while (!sleep_state_.compare_exchange_weak(state, next, std::memory_order_seq_cst));
    if (r.extra > 0) {
      // Go computes this in wrapping uint32; headroom() clamps at 0, which requests the same
      // (nothing useful) when ng already exceeds the cap after a GOMAXPROCS shrink.
      r.needg_added = std::min(r.extra, headroom(ng()));
      if (r.needg_added > 0) needg_.fetch_add(r.needg_added, std::memory_order_seq_cst);
    }
    if (to_wake > 0) {
      std::lock_guard<std::mutex> guard(lock_);
      for (std::uint32_t i = 0; i < to_wake && !sleeping_.empty(); ++i) {
        r.woken.push_back(sleeping_.back());
        sleeping_.pop_back();
      }
    }
    return r;
  }
  std::lock_guard<std::mutex> guard(lock_);
  // Not consumed here: only a consumer that takes a block lowers work_units.
  const std::uint64_t work = work_units_.load(std::memory_order_seq_cst);
  const std::uint32_t asleep = asleep_of(sleep_state_.load(std::memory_order_seq_cst));
  r.signals = static_cast<std::uint32_t>(
      std::min<std::uint64_t>(work, std::numeric_limits<std::uint32_t>::max()));
  r.asleep_seen = asleep;
  to_wake = static_cast<std::uint32_t>(std::min<std::uint64_t>(work, asleep));
  const std::uint64_t surplus = work > asleep ? work - asleep : 0;
  r.extra = static_cast<std::uint32_t>(
      std::min<std::uint64_t>(surplus, std::numeric_limits<std::uint32_t>::max()));
  if (r.extra > 0) {
    r.needg_added = std::min(r.extra, headroom(ng()));
    if (r.needg_added > 0) needg_.fetch_add(r.needg_added, std::memory_order_seq_cst);
  }
  sleep_state_.fetch_sub(std::uint64_t{to_wake} << 32, std::memory_order_seq_cst);
  for (std::uint32_t i = 0; i < to_wake; ++i) {
    r.woken.push_back(sleeping_.back());
    sleeping_.pop_back();
  }
  return r;
}

bool CleanupQueue::need_g() const {
  const std::uint32_t have = ng();
  if (have >= worker_cap()) return false;
  if (have == 0) return true;  // the first AddCleanup always creates one
  return needg_.load(std::memory_order_acquire) > 0;
}

std::uint32_t CleanupQueue::create_gs() {
  GoroutineId first;
  return create_gs(first);
}

std::uint32_t CleanupQueue::create_gs(GoroutineId& first) {
  std::lock_guard<std::mutex> guard(lock_);
  const std::uint32_t have = ng_.load(std::memory_order_relaxed);
  std::uint32_t need = std::min(needg_.exchange(0, std::memory_order_acq_rel), headroom(have));
  if (have == 0 && need == 0) need = 1;
  first = have;
  // Release: pairs with need_g()'s acquire so a caller that sees the new ng sees needg reset.
  ng_.store(have + need, std::memory_order_release);
  return need;
}

}  // namespace cq
