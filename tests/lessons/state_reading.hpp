// Lesson quantities read from the engine's own state at a checkpoint (the queue, the sweep gate,
// the runtime's books), never from the numbers in the trace's events (the wake witness below
// reads only which kinds of event a step emitted).
//
// IndependentCounter re-derives every answer from the trace, but where an event carries a number
// the engine computed (ng after a creation, needg after a round, a block's n, the phase) it can
// only read that number back: an engine that wrote a wrong one would still "agree". The state
// the run is left in is the second witness: a quantity with a counterpart here must equal it.
#pragma once

#include <cstdint>
#include <optional>

#include "lesson/lesson.hpp"
#include "lesson/lesson_player.hpp"
#include "runtime/sim_runtime.hpp"

namespace cq::lesson_test {

// nullopt when the quantity has no counterpart in the state (a count of past events, the
// latest flush's figures) or in this design (Go 1.24 has no cleanup queue). Read only while no
// step runs: at a checkpoint.
std::optional<std::int64_t> value_from_state(const SimRuntime& sim,
                                             const lesson::QuantityRef& quantity);

// The quantities no state at a checkpoint holds: how many goroutines the latest `wake` took off
// the sleeping list (last_wake_woken) and the largest such batch (largest_wake). The event's
// payload is the engine's own count; this witness watches the queue instead: the sleeper count
// just before and just after the engine step that emitted each `wake`. So the run must be
// advanced one engine step at a time, with before_step and after_step around every step.
class WakeWitness {
 public:
  void before_step(const lesson::LessonPlayer& player);
  void after_step(const lesson::LessonPlayer& player);
  // nullopt for another quantity, and when a `wake` of this run happened unwatched (in a step
  // advanced without the witness, such as a challenge's hint) or beside a park in one step.
  std::optional<std::int64_t> value(const lesson::QuantityRef& quantity) const;

 private:
  void follow(const lesson::LessonPlayer& player);  // a new run: watch it from here
  std::uint64_t generation_ = ~std::uint64_t{0};
  std::uint64_t events_seen_ = 0;
  std::uint32_t asleep_before_ = 0;
  bool known_ = false;
  std::int64_t last_ = 0;
  std::int64_t largest_ = 0;
};

}  // namespace cq::lesson_test
