#include "sim/thread_runner.hpp"

#include <chrono>

#include "sim/inline_runner.hpp"

namespace cq {

ThreadRunner::ThreadRunner(RunnerKind kind, Trace& trace, Liveness& liveness, std::uint64_t seed)
    : Runner(trace, liveness, seed), kind_(kind) {}

ThreadRunner::~ThreadRunner() {
  {
    std::lock_guard<std::mutex> guard(mu_);
    shutdown_ = true;
    for (Worker& w : workers_) w.wake.notify_one();
  }
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

void ThreadRunner::admit_locked(ActorId id) {
  mark_running_locked(id);
  ++in_flight_;
  workers_[id].go = true;
  workers_[id].wake.notify_one();
}

void ThreadRunner::actor_loop(ActorId id) {
  std::unique_lock<std::mutex> lock(mu_);
  Worker& me = workers_[id];
  Actor& actor = *slots_[id].actor;  // resolved under mu_: slots_ may grow during steps
  for (;;) {
    me.wake.wait(lock, [&] { return me.go || shutdown_; });
    if (shutdown_) return;
    me.go = false;
    const std::uint64_t now = now_;
    const RunLimit& limit = *limit_;
    lock.unlock();
    StepResult result;
    const bool hit = execute_step(actor, id, now, limit, result);
    lock.lock();
    if (hit) stop_hit_ = true;
    apply_result_locked(id, result, now);
    if (--in_flight_ == 0) idle_.notify_one();
  }
}

bool ThreadRunner::pace_locked(std::unique_lock<std::mutex>& lock, std::uint64_t t,
                               const RunLimit& limit) {
  if (limit.speed <= 0) return true;
  if (limit.speed != anchor_speed_ || t < virtual_anchor_) {
    anchor_speed_ = limit.speed;
    virtual_anchor_ = now_;
    wall_anchor_ = std::chrono::steady_clock::now();
  }
  const auto wall_offset = std::chrono::nanoseconds(
      static_cast<std::int64_t>(static_cast<double>(t - virtual_anchor_) / limit.speed));
  const auto deadline = wall_anchor_ + wall_offset;
  // Waiting for wall time is the pacing itself, not synchronisation; a pause request (polled
  // every few milliseconds) cuts it short so the app stays responsive at slow speeds.
  while (std::chrono::steady_clock::now() < deadline) {
    if (limit.pause != nullptr && limit.pause->load(std::memory_order_acquire)) return false;
    idle_.wait_until(lock, std::min(deadline, std::chrono::steady_clock::now() +
                                                  std::chrono::milliseconds(5)));
  }
  return true;
}

RunOutcome ThreadRunner::run(const RunLimit& limit) {
  std::unique_lock<std::mutex> lock(mu_);
  limit_ = &limit;
  stop_hit_ = false;
  const std::uint64_t steps_at_start = steps_;
  auto outcome = [&](RunStop why) {
    limit_ = nullptr;
    return RunOutcome{why, steps_ - steps_at_start};
  };
  for (;;) {
    idle_.wait(lock, [&] { return in_flight_ == 0; });
    if (settle_finished_locked()) {
      lock.unlock();
      finish_run();
      lock.lock();
      return outcome(RunStop::finished);
    }
    if (stop_hit_) return outcome(RunStop::event);
    const std::uint64_t taken = steps_ - steps_at_start;
    if (taken >= limit.max_steps) return outcome(RunStop::step_limit);
    if (limit.pause != nullptr && limit.pause->load(std::memory_order_acquire)) {
      return outcome(RunStop::paused);
    }
    if (kind_ == RunnerKind::conducted) {
      if (schedule_pos_ >= schedule_.size() && ready_.begin()->first > limit.until_ns) {
        return outcome(RunStop::time_limit);
      }
      auto chosen = choose_locked();
      if (!chosen) return outcome(RunStop::schedule_error);
      admit_locked(*chosen);
      continue;
    }
    // Threaded: everyone due at the earliest instant goes at once.
    const std::uint64_t t = ready_.begin()->first;
    if (t > limit.until_ns) return outcome(RunStop::time_limit);
    if (!pace_locked(lock, t, limit)) return outcome(RunStop::paused);
    std::uint64_t budget = limit.max_steps - taken;
    while (!ready_.empty() && ready_.begin()->first == t && budget-- > 0) {
      admit_locked(ready_.begin()->second);
    }
  }
}

std::unique_ptr<Runner> make_runner(RunnerKind kind, Trace& trace, Liveness& liveness,
                                    std::uint64_t seed) {
  if (kind == RunnerKind::inline_) return std::make_unique<InlineRunner>(trace, liveness, seed);
  return std::make_unique<ThreadRunner>(kind, trace, liveness, seed);
}

}  // namespace cq
