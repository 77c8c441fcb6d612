// ThreadRunner: the actors' steps run on a pool of OS threads, in two admission policies.
//
//   threaded   the clock advances virtual time to the earliest due step, then releases every
//              actor due at that instant at once: the pool's threads take its steps in
//              parallel, on real atomics. At a speed, the clock waits for wall time to catch up
//              before each instant.
//   conducted  the same threads, but exactly one step is admitted at a time, chosen as the
//              inline runner would, and the next is chosen only when it has ended.
//
// Actors are goroutines and the threads are Go's Ms: a step runs on whichever thread claims it,
// as a goroutine runs on whichever M holds a P (runtime/proc.go, schedule). A step never blocks
// (sim/actor.hpp), so no actor needs a thread of its own between its steps. The pool still has
// one thread per actor (scenario.hpp's actor_threads counts them: the web page starts that many
// Workers), but only as many as the machine has cores are ever awake at once.
//
// Waking a thread is what made a step costly here (a futex wake and a context switch, several
// microseconds, against well under one for the step itself): with a thread per actor, every step
// of an actor other than the last one's was a wake and a sleep. Now:
//   - The step that ends a batch (the last one in flight) records the batch's results, chooses
//     the next batch, publishes it and goes on to take its first step itself, without sleeping:
//     a batch of one step (every conducted step, most threaded ones) costs no wake at all.
//   - A wider batch wakes at most one sleeping thread per core besides its own; a thread whose
//     claims come up empty spins briefly for the next batch before it sleeps, so back-to-back
//     wide instants find it awake.
//   - Steps are claimed from the published batch with one compare-and-swap each; a step that is
//     not the batch's last only stores its result and counts itself out on an atomic, so the
//     runner's mu_ is taken once per batch, never per step.
// The caller of run() only publishes the first batch and waits for the run to stop.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
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
  // One admitted step. Written by the batch's publisher (mu_ held) before the batch is
  // published; `result` and `hit` by the thread that claimed it, read by whoever ends the batch
  // after its own count-out (acquire-release on in_flight_).
  struct BatchStep {
    ActorId id = 0;
    Actor* actor = nullptr;  // resolved under mu_: slots_ may grow while steps run
    StepResult result;
    bool hit = false;  // the step emitted an event matching limit.stop_on
  };

  void on_spawned_locked(ActorId id) override;
  void thread_loop();
  // Claims one step of the published batch and runs it; if it was the batch's last, ends the
  // batch (which may publish the next). False when nothing was left to claim.
  bool claim_and_run();
  // Records every result of the batch that just ended, then stops the run (sets stop_ and
  // wakes run()'s caller) or publishes the next batch.
  void end_batch_locked(std::unique_lock<std::mutex>& lock, bool caller_steps);
  void next_batch_locked(std::unique_lock<std::mutex>& lock, bool caller_steps);
  // Makes batch_ claimable. `caller_steps`: the calling thread goes on to claim a step itself,
  // so one fewer sleeper is woken.
  void publish_batch_locked(bool caller_steps);
  void stop_locked(RunStop why);

  const RunnerKind kind_;
  const std::uint32_t helpers_;      // threads awake at once besides the batch's ender: cores - 1
  std::deque<std::thread> threads_;  // one per actor; grows under mu_
  std::vector<BatchStep> batch_;     // the published batch (see BatchStep)
  std::uint64_t batch_now_ = 0;      // its virtual time, written with it
  // The claim word: generation (high 32 bits), batch size (16), next index to claim (low 16).
  // Published with release after batch_ is written; a claim is a CAS on the whole word, so a
  // thread holding a word of an older generation can never claim a step of a newer batch.
  std::atomic<std::uint64_t> claim_{0};
  // The generation alone, which sleeping threads wait on (a futex on its 32 bits).
  std::atomic<std::uint32_t> published_{0};
  // Steps of batch_ not yet ended: set to the batch's size before it is published, so the
  // step that brings it to 0 is the batch's last.
  std::atomic<std::uint32_t> in_flight_{0};
  std::atomic<bool> shutdown_{false};
  std::condition_variable stopped_cv_;  // signalled when the run stops
  const RunLimit* limit_ = nullptr;     // the current run()'s limit, read by the steps
  std::uint64_t steps_at_start_ = 0;
  bool stop_hit_ = false;        // a step matched limit.stop_on
  std::optional<RunStop> stop_;  // why the current run() stops, once decided
};

}  // namespace cq
