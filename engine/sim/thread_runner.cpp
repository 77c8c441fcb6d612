#include "sim/thread_runner.hpp"

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

RunOutcome ThreadRunner::run(const RunLimit& limit) {
  std::unique_lock<std::mutex> lock(mu_);
  limit_ = &limit;
  stop_hit_ = false;
  restart_pacing();  // wall time spent outside run() (paused) is not owed to the clock
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
      const std::uint64_t earliest = ready_.begin()->first;
      if (schedule_pos_ >= schedule_.size() && earliest > limit.until_ns) {
        return outcome(RunStop::time_limit);
      }
      if (!pace_locked(lock, earliest, limit)) return outcome(RunStop::paused);
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
