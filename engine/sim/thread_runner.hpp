// ThreadRunner: one OS thread per actor, in two admission policies.
//
//   threaded   the clock advances virtual time to the earliest due step, then releases every
//              actor due at that instant at once: they run truly in parallel, on real atomics.
//              At a speed, the clock waits for wall time to catch up before each instant.
//   conducted  the same threads, but exactly one step is admitted at a time, chosen as the
//              inline runner would, and the next is chosen only when it has ended.
//
// Each actor thread sleeps on its own condition variable between steps, so pausing is simply
// not admitting anyone: every actor is then at a step boundary.
//
// Waking a thread is what a step costs here (a futex wake and a context switch, several
// microseconds, against well under one for the step itself), so the runner wakes as few as it
// can, and a woken thread does not queue on a shared lock:
//   - There is no clock thread. The step that ends a batch (the last one in flight) records the
//     batch's results, chooses the next batch and admits it; if its own actor is in it, the
//     thread goes on without sleeping. A batch of one costs one wake, or none when the same
//     actor steps again, where a clock thread cost two wakes and three context switches.
//   - A thread waits under its own mutex, and a step that is not the batch's last only stores
//     its result and counts itself out on an atomic: the runner's mu_ is taken once per batch,
//     not twice per step, so the 64 threads of a wide batch never queue on it.
// The caller of run() only starts the first batch and waits for the run to stop.
#pragma once

#include <atomic>
#include <condition_variable>
#include <optional>
#include <thread>
#include <vector>

#include "sim/runner.hpp"

namespace cq {

class ThreadRunner final : public Runner {
 public:
  ThreadRunner(RunnerKind kind, Trace& trace, Liveness& liveness, std::uint64_t seed);
  ~ThreadRunner() override;

  RunnerKind kind() const override { return kind_; }
  RunOutcome run(const RunLimit& limit) override;

 private:
  struct Worker {
    std::thread thread;
    std::mutex mu;  // guards go and shutdown
    std::condition_variable wake;
    bool go = false;
    bool shutdown = false;
    // Written at admission (mu_ held), read by the step and by whoever ends the batch.
    std::uint64_t now = 0;
    // Written by the step's thread before it counts itself out of in_flight_; read by the
    // thread that ends the batch, after its own count-out (acquire-release on in_flight_).
    StepResult result;
    bool hit = false;  // the step emitted an event matching limit.stop_on
  };

  void on_spawned_locked(ActorId id) override;
  void actor_loop(ActorId id);
  // Records every result of the batch that just ended, then stops the run (sets stop_ and
  // wakes run()'s caller) or admits the next batch. Admitted actors other than `self` are
  // appended to `waking` (stable pointers: workers_ may grow once mu_ is released), to be woken
  // after mu_ is released, so that they do not wake only to wait for it.
  void end_batch_locked(std::unique_lock<std::mutex>& lock, ActorId self,
                        std::vector<Worker*>& waking);
  void next_batch_locked(std::unique_lock<std::mutex>& lock, ActorId self,
                         std::vector<Worker*>& waking);
  void admit_batch_locked(ActorId self, std::vector<Worker*>& waking);
  static void wake_unlocked(std::unique_lock<std::mutex>& lock, std::vector<Worker*>& waking);
  void stop_locked(RunStop why);

  const RunnerKind kind_;
  std::deque<Worker> workers_;  // parallel to slots_; grows under mu_
  std::vector<ActorId> batch_;  // the steps in flight (mu_)
  // Steps of batch_ not yet ended: set to the batch's size before any of them is woken, so the
  // step that brings it to 0 is the batch's last.
  std::atomic<std::uint32_t> in_flight_{0};
  std::condition_variable stopped_cv_;  // signalled when the run stops
  const RunLimit* limit_ = nullptr;     // the current run()'s limit, read by actor threads
  std::uint64_t steps_at_start_ = 0;
  bool stop_hit_ = false;        // a step matched limit.stop_on
  std::optional<RunStop> stop_;  // why the current run() stops, once decided
};

}  // namespace cq
