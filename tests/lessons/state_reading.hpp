// Lesson quantities read from the engine's own state at a checkpoint (the queue, the sweep gate,
// the runtime's books), never from the trace.
//
// IndependentCounter re-derives every answer from the trace, but where an event carries a number
// the engine computed (ng after a creation, needg after a round, a block's n, the phase) it can
// only read that number back: an engine that wrote a wrong one would still "agree". The state
// the run is left in is the second witness: a quantity with a counterpart here must equal it.
#pragma once

#include <cstdint>
#include <optional>

#include "lesson/lesson.hpp"
#include "runtime/sim_runtime.hpp"

namespace cq::lesson_test {

// nullopt when the quantity has no counterpart in the state (a count of past events, the
// latest flush's figures) or in this design (Go 1.24 has no cleanup queue). Read only while no
// step runs: at a checkpoint.
std::optional<std::int64_t> value_from_state(const SimRuntime& sim,
                                             const lesson::QuantityRef& quantity);

}  // namespace cq::lesson_test
