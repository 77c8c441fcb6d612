#include "sim/thread_runner.hpp"

#include "sim/inline_runner.hpp"

namespace cq {

namespace {
constexpr ActorId kNoActor = kRuntimeActor;  // run()'s caller, which never steps
}  // namespace

ThreadRunner::ThreadRunner(RunnerKind kind, Trace& trace, Liveness& liveness, std::uint64_t seed)
    : Runner(trace, liveness, seed), kind_(kind) {}

ThreadRunner::~ThreadRunner() {
  {
    std::lock_guard<std::mutex> guard(mu_);
    for (Worker& w : workers_) {
      std::lock_guard<std::mutex> worker_guard(w.mu);
      w.shutdown = true;
      w.wake.notify_one();
    }
  }
  // Joined before any member is destroyed: a thread still waking others after the run stopped
  // finds their condition variables alive.
  for (Worker& w : workers_) {
    if (w.thread.joinable()) w.thread.join();
  }
}

void ThreadRunner::on_spawned_locked(ActorId id) {
  // Called with mu_ held, possibly from inside another actor's step (AddCleanup starting a
  // cleanup goroutine): the new thread blocks on mu_ until that step releases it.
  Worker& w = workers_.emplace_back();
  w.thread = std::thread([this, id] { actor_loop(id); });
}

void ThreadRunner::admit_batch_locked(ActorId self, std::vector<Worker*>& waking) {
  for (ActorId id : batch_) mark_running_locked(id);
  // Counted in full before the first is told to go: a step that ended early (a spurious wake
  // can start it before the rest are admitted) must not take itself for the batch's last.
  in_flight_.store(static_cast<std::uint32_t>(batch_.size()), std::memory_order_relaxed);
  for (ActorId id : batch_) {
    Worker& w = workers_[id];
    w.now = now_;
    std::lock_guard<std::mutex> worker_guard(w.mu);
    w.go = true;
    if (id != self) waking.push_back(&w);
  }
}

void ThreadRunner::wake_unlocked(std::unique_lock<std::mutex>& lock, std::vector<Worker*>& waking) {
  if (waking.empty()) return;
  lock.unlock();
  for (Worker* w : waking) w->wake.notify_one();
  waking.clear();
  lock.lock();
}

void ThreadRunner::stop_locked(RunStop why) {
  stop_ = why;
  stopped_cv_.notify_one();
}

void ThreadRunner::end_batch_locked(std::unique_lock<std::mutex>& lock, ActorId self,
                                    std::vector<Worker*>& waking) {
  for (ActorId id : batch_) {
    const Worker& w = workers_[id];
    if (w.hit) stop_hit_ = true;
    apply_result_locked(id, w.result, w.now);
  }
  batch_.clear();
  next_batch_locked(lock, self, waking);
}

void ThreadRunner::next_batch_locked(std::unique_lock<std::mutex>& lock, ActorId self,
                                     std::vector<Worker*>& waking) {
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
    batch_.push_back(*chosen);
    return admit_batch_locked(self, waking);
  }
  // Threaded: everyone due at the earliest instant goes at once.
  const std::uint64_t t = ready_.begin()->first;
  if (t > limit.until_ns) return stop_locked(RunStop::time_limit);
  if (!pace_locked(lock, t, limit)) return stop_locked(RunStop::paused);
  std::uint64_t budget = limit.max_steps - taken;
  for (auto it = ready_.begin(); it != ready_.end() && it->first == t && budget-- > 0; ++it) {
    batch_.push_back(it->second);
  }
  admit_batch_locked(self, waking);
}

void ThreadRunner::actor_loop(ActorId id) {
  std::vector<Worker*> waking;
  std::unique_lock<std::mutex> lock(mu_);
  // Resolved under mu_: slots_ and workers_ may grow during steps.
  Worker& me = workers_[id];
  Actor& actor = *slots_[id].actor;
  lock.unlock();
  for (;;) {
    {
      // Returns at once, without a system call, when this thread admitted itself.
      std::unique_lock<std::mutex> mine(me.mu);
      me.wake.wait(mine, [&] { return me.go || me.shutdown; });
      if (me.shutdown) return;
      me.go = false;
    }
    // limit_ and me.now were written before this step was admitted, and stay until the batch
    // ends, which cannot happen while this step is in flight.
    me.hit = execute_step(actor, id, me.now, *limit_, me.result);
    if (in_flight_.fetch_sub(1, std::memory_order_acq_rel) != 1) continue;
    lock.lock();
    end_batch_locked(lock, id, waking);
    wake_unlocked(lock, waking);
    lock.unlock();
  }
}

RunOutcome ThreadRunner::run(const RunLimit& limit) {
  std::vector<Worker*> waking;
  std::unique_lock<std::mutex> lock(mu_);
  limit_ = &limit;
  stop_hit_ = false;
  stop_.reset();
  steps_at_start_ = steps_;
  restart_pacing();  // wall time spent outside run() (paused) is not owed to the clock
  // A previous run() returned with nothing in flight, so the first batch is this thread's to
  // admit; from then on the actors pass it among themselves.
  next_batch_locked(lock, kNoActor, waking);
  wake_unlocked(lock, waking);
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
