// CodeCursor: the code pane's state at the cursor: each actor's line is the line of that actor's
// last event before the cursor (runtime/code_location.hpp), folded from the trace like every
// other panel's state (docs/architecture.md, "The picture is a fold of the trace"). Moving the
// cursor forward folds only the new events; moving it back folds again from the trace's first
// retained event (a few million cheap steps at most, and only on a seek backwards).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "runtime/code_location.hpp"
#include "runtime/scenario.hpp"
#include "trace/trace.hpp"
#include "trace/trace_model.hpp"

namespace cq::viz {

class CodeCursor {
 public:
  // Each actor's line after the first `cursor` events of `trace` (clamped to its size).
  void seek(const Trace& trace, const CodeVariant& variant, std::size_t cursor);
  // Empty until the first seek.
  const ActorCodeLines* lines() const { return fold_ ? &*fold_ : nullptr; }
  std::size_t cursor() const { return cursor_; }

 private:
  const Trace* trace_ = nullptr;
  CodeVariant variant_;
  std::optional<ActorCodeLines> fold_;
  std::size_t cursor_ = 0;
};

// Who an actor is, for the pane's labels and colours: the names a challenge's choices use
// (lesson_scenario.hpp: gc, mutator0, sweeper0, sched0, worker0), in the engine's spawn order.
enum class ActorKind : std::uint8_t { gc, mutator, sweeper, scheduler, worker, other };
ActorKind actor_kind(const Scenario& scenario, std::uint16_t actor);
std::string actor_name(const Scenario& scenario, const TraceModel& model, std::uint16_t actor);

}  // namespace cq::viz
