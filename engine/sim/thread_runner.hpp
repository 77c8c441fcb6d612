// ThreadRunner: one OS thread per actor, in two admission policies.
//
//   threaded   the clock advances virtual time to the earliest due step, then releases every
//              actor due at that instant at once: they run truly in parallel, on real atomics.
//              At a speed, the clock waits for wall time to catch up before each instant.
//   conducted  the same threads, but the conductor (the caller of run()) admits exactly one
//              step, chosen as the inline runner would, and waits for it to end.
//
// Each actor thread sleeps on its own condition variable between steps, so pausing is simply
// not admitting anyone: every actor is then at a step boundary.
#pragma once

#include <condition_variable>
#include <thread>

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
    std::condition_variable wake;
    bool go = false;
  };

  void on_spawned_locked(ActorId id) override;
  void actor_loop(ActorId id);
  void admit_locked(ActorId id);

  const RunnerKind kind_;
  std::deque<Worker> workers_;    // parallel to slots_
  std::condition_variable idle_;  // signalled when the last in-flight step ends
  std::uint32_t in_flight_ = 0;
  bool shutdown_ = false;
  const RunLimit* limit_ = nullptr;  // the current run()'s limit, read by actor threads
  bool stop_hit_ = false;            // an actor's step matched limit.stop_on
};

}  // namespace cq
