// Where the model departs from Go, per thing the inspector can show: the notes of
// docs/model-vs-go.md that bear on an event kind, a cleanup goroutine or a P, by their id and
// title exactly as the document writes them (tests/viz/model/model_vs_go_notes_test.cpp reads the
// document and fails on a title that drifted). The inspector lists them under what was clicked,
// so a student looking at a model event also sees what Go does differently there.
#pragma once

#include <span>
#include <string_view>

#include "model/code_cursor.hpp"
#include "trace/trace_event.hpp"

namespace cq::viz {

struct ModelVsGoNote {
  std::string_view id;     // "P1"
  std::string_view title;  // "A separate \"sweep\" phase."
};

std::span<const ModelVsGoNote> all_model_vs_go_notes();
// The notes about events of this kind (none for bookkeeping events such as run_end).
std::span<const ModelVsGoNote* const> model_vs_go_notes(EventKind kind);
// The notes about this event: its kind's, narrowed to the cause's note where the event carries
// one (a crash's b names F1's nil P or F2's panic).
std::span<const ModelVsGoNote* const> model_vs_go_notes(const TraceEvent& event);
std::span<const ModelVsGoNote* const> model_vs_go_notes_for_goroutine(bool fing);
std::span<const ModelVsGoNote* const> model_vs_go_notes_for_p();
// An actor picked on the code pane: the notes about what it is (the GC, a mutator, a sweeper, a
// scheduler round, a cleanup goroutine or, with `fing`, Go 1.24's finalizer goroutine), then the
// code line's note where the pane lists the actor's code.
std::span<const ModelVsGoNote* const> model_vs_go_notes_for_actor(ActorKind kind, bool fing);

}  // namespace cq::viz
