#include "sim/thread_runner.hpp"

#include <algorithm>

#include "sim/inline_runner.hpp"

namespace cq {

namespace {

// How long a thread whose claims came up empty watches for the next batch before it sleeps:
// about 10-40 us, longer than most instants take to end and shorter than a scheduler time
// slice, so a busy run keeps its threads awake and an idle one puts them to sleep at once.
constexpr int kSpinsBeforeSleep = 256;

void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

constexpr std::uint64_t kIndexMask = 0xffff;
constexpr std::uint64_t claim_word(std::uint32_t generation, std::size_t size) {
  return (std::uint64_t{generation} << 32) | (std::uint64_t{size} << 16);
}

}  // namespace

ThreadRunner::ThreadRunner(RunnerKind kind, Trace& trace, Liveness& liveness, std::uint64_t seed)
    : Runner(trace, liveness, seed),
      kind_(kind),
      helpers_(std::max(std::thread::hardware_concurrency(), 2u) - 1) {}

ThreadRunner::~ThreadRunner() {
  shutdown_.store(true, std::memory_order_release);
  published_.fetch_add(1, std::memory_order_release);
  published_.notify_all();
  // Joined before any member is destroyed: a thread that ended the last batch may still be
  // leaving claim_and_run().
  for (std::thread& t : threads_) {
    if (t.joinable()) t.join();
  }
}

void ThreadRunner::on_spawned_locked(ActorId) {
  // Called with mu_ held, possibly from inside another actor's step (AddCleanup starting a
  // cleanup goroutine). The new thread needs nothing of the actor: it joins the pool.
  threads_.emplace_back([this] { thread_loop(); });
}

void ThreadRunner::publish_batch_locked(bool caller_steps) {
  for (BatchStep& step : batch_) mark_running_locked(step.id);
  for (BatchStep& step : batch_) step.actor = slot_at_[step.id]->actor.get();
  batch_now_ = now_;
  const auto size = static_cast<std::uint32_t>(batch_.size());
  // Counted in full before the batch can be claimed: the step that brings it to 0 is its last.
  in_flight_.store(size, std::memory_order_relaxed);
  const std::uint32_t generation = published_.load(std::memory_order_relaxed) + 1;
  // Release: a thread that claims a step sees batch_, batch_now_, limit_ and in_flight_.
  claim_.store(claim_word(generation, size), std::memory_order_release);
  published_.store(generation, std::memory_order_release);
  // Only as many sleepers as there are steps nobody awake is sure to take and cores to take
  // them on; threads still spinning take steps too, and a woken thread that finds none sleeps.
  const std::uint32_t others = caller_steps ? size - 1 : size;
  for (std::uint32_t i = std::min(others, helpers_ + (caller_steps ? 0 : 1)); i > 0; --i) {
    published_.notify_one();
  }
}

void ThreadRunner::stop_locked(RunStop why) {
  stop_ = why;
  stopped_cv_.notify_one();
}

void ThreadRunner::end_batch_locked(std::unique_lock<std::mutex>& lock, bool caller_steps) {
  for (const BatchStep& step : batch_) {
    if (step.hit) stop_hit_ = true;
    apply_result_locked(step.id, step.result, batch_now_);
  }
  batch_.clear();
  next_batch_locked(lock, caller_steps);
}

void ThreadRunner::next_batch_locked(std::unique_lock<std::mutex>& lock, bool caller_steps) {
  const RunLimit& limit = *limit_;
  if (settle_finished_locked()) return stop_locked(RunStop::finished);
  if (stop_hit_) return stop_locked(RunStop::event);
  const std::uint64_t taken = steps_ - steps_at_start_;
  if (taken >= limit.max_steps) return stop_locked(RunStop::step_limit);
  if (limit.pause != nullptr && limit.pause->load(std::memory_order_acquire)) {
    return stop_locked(RunStop::paused);
  }
  if (kind_ == RunnerKind::conducted) {
    const std::uint64_t earliest = ready_.begin()->first;
    if (schedule_pos_ >= schedule_.size() && earliest > limit.until_ns) {
      return stop_locked(RunStop::time_limit);
    }
    if (!pace_locked(lock, earliest, limit)) return stop_locked(RunStop::paused);
    auto chosen = choose_locked();
    if (!chosen) return stop_locked(RunStop::schedule_error);
    batch_.emplace_back().id = *chosen;
    return publish_batch_locked(caller_steps);
  }
  // Threaded: everyone due at the earliest instant goes at once.
  const std::uint64_t t = ready_.begin()->first;
  if (t > limit.until_ns) return stop_locked(RunStop::time_limit);
  if (!pace_locked(lock, t, limit)) return stop_locked(RunStop::paused);
  std::uint64_t budget = std::min<std::uint64_t>(limit.max_steps - taken, kIndexMask);
  for (auto it = ready_.begin(); it != ready_.end() && it->first == t && budget-- > 0; ++it) {
    batch_.emplace_back().id = it->second;
  }
  publish_batch_locked(caller_steps);
}

bool ThreadRunner::claim_and_run() {
  std::uint64_t word = claim_.load(std::memory_order_acquire);
  std::uint64_t index;
  do {
    index = word & kIndexMask;
    if (index >= ((word >> 16) & kIndexMask)) return false;
  } while (!claim_.compare_exchange_weak(word, word + 1, std::memory_order_acq_rel,
                                         std::memory_order_acquire));
  // batch_ stays as published until this step has counted itself out below.
  BatchStep& step = batch_[index];
  step.hit = execute_step(*step.actor, step.id, batch_now_, *limit_, step.result);
  if (in_flight_.fetch_sub(1, std::memory_order_acq_rel) != 1) return true;
  std::unique_lock<std::mutex> lock(mu_);
  end_batch_locked(lock, /*caller_steps=*/true);
  return true;
}

void ThreadRunner::thread_loop() {
  for (;;) {
    // Read before claiming: a batch published after this load changes it, so the wait below
    // cannot miss it.
    const std::uint32_t seen = published_.load(std::memory_order_acquire);
    if (shutdown_.load(std::memory_order_acquire)) return;
    while (claim_and_run()) {
    }
    bool changed = false;
    for (int i = 0; i < kSpinsBeforeSleep && !changed; ++i) {
      cpu_relax();
      changed = published_.load(std::memory_order_relaxed) != seen;
    }
    if (!changed) published_.wait(seen, std::memory_order_acquire);
  }
}

RunOutcome ThreadRunner::run(const RunLimit& limit) {
  std::unique_lock<std::mutex> lock(mu_);
  limit_ = &limit;
  stop_hit_ = false;
  stop_.reset();
  steps_at_start_ = steps_;
  restart_pacing();  // wall time spent outside run() (paused) is not owed to the clock
  // A previous run() returned with nothing in flight, so the first batch is this thread's to
  // publish; from then on the pool's threads pass it among themselves.
  next_batch_locked(lock, /*caller_steps=*/false);
  stopped_cv_.wait(lock, [&] { return stop_.has_value(); });
  if (*stop_ == RunStop::finished) {
    lock.unlock();
    finish_run();
    lock.lock();
  }
  limit_ = nullptr;
  return RunOutcome{*stop_, steps_ - steps_at_start_};
}

std::unique_ptr<Runner> make_runner(RunnerKind kind, Trace& trace, Liveness& liveness,
                                    std::uint64_t seed) {
  if (kind == RunnerKind::inline_) return std::make_unique<InlineRunner>(trace, liveness, seed);
  return std::make_unique<ThreadRunner>(kind, trace, liveness, seed);
}

}  // namespace cq
