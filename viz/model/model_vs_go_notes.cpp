#include "model/model_vs_go_notes.hpp"

#include <array>
#include <stdexcept>
#include <vector>

#include "runtime/runtime_state.hpp"

namespace cq::viz {
namespace {

// docs/model-vs-go.md, in its order.
constexpr std::array kNotes = {
    ModelVsGoNote{"P1", "GC phases: Go's (the default), or the model's own \"sweep\" phase."},
    ModelVsGoNote{"P2",
                  "Mutators run through mark and sweep (go, the default), or are parked (parked)."},
    ModelVsGoNote{"P3", "AddCleanup sweeps under gc_phases go (the default), never under parked."},
    ModelVsGoNote{"P4",
                  "An unfinished sweep at the next cycle under gc_phases go (the default), never "
                  "under parked."},
    ModelVsGoNote{"P5",
                  "Stop-the-world pauses: states under go (the default), costs under parked."},
    ModelVsGoNote{"P6", "Every registered object dies at once."},
    ModelVsGoNote{"P7", "Marking is only the root scan."},
    ModelVsGoNote{"P8", "Spans are made up."},
    ModelVsGoNote{"P9", "Sweepers are a fixed set of actors."},
    ModelVsGoNote{"S1",
                  "Scheduler rounds run at findRunnable's scheduling points, or are a periodic "
                  "poll."},
    ModelVsGoNote{"S2", "`injectglist` does not need a P."},
    ModelVsGoNote{"S3", "Goroutines do not compete for Ps."},
    ModelVsGoNote{"S4", "No preemption inside a step."},
    ModelVsGoNote{"S5", "The priming shape's idle wait is a poll that schedules nothing."},
    ModelVsGoNote{"F1", "GOMAXPROCS changes, as scenario events."},
    ModelVsGoNote{"F2", "Faults inside a cleanup."},
    ModelVsGoNote{"F3", "Losses by cause."},
    ModelVsGoNote{"G1", "The block header is Go's 32 bytes."},
    ModelVsGoNote{"G2", "Capacity is a parameter."},
    ModelVsGoNote{"G3", "What a slot holds."},
    ModelVsGoNote{"G4", "Tag width."},
    ModelVsGoNote{"G5", "Clearing order in the runner."},
    ModelVsGoNote{"T1", "`queued` and `executed`."},
    ModelVsGoNote{"T2", "Not modelled at all:"},
    ModelVsGoNote{"T3", "The cap policy `gomaxprocs` is not Go."},
    ModelVsGoNote{"R1", "Virtual time with fixed costs."},
    ModelVsGoNote{"R2", "Chosen interleavings."},
    ModelVsGoNote{"R3", "The code pane is pseudocode, and steps are coarser than lines."},
    ModelVsGoNote{"B1", "Cleanups only."},
};

constexpr const ModelVsGoNote* note(std::string_view id) {
  for (const ModelVsGoNote& n : kNotes) {
    if (n.id == id) return &n;
  }
  return nullptr;
}

// Which notes bear on which event kind, as space-separated ids. Bookkeeping kinds (take_failed,
// running_begin/_end, invariant_violation, run_end) have none.
struct EventNotes {
  EventKind kind;
  std::string_view ids;
};
constexpr EventNotes kEventNotes[] = {
    {EventKind::cleanup_registered, "P2 P6"},
    {EventKind::goroutines_created, "P2"},
    {EventKind::worker_started, "S3"},
    {EventKind::gc_phase, "P1 P5"},
    {EventKind::root_scan, "P7"},
    {EventKind::sweeper_begin, "P3 P8 P9"},
    {EventKind::sweeper_refused, "P3 P9"},
    {EventKind::sweeper_end, "P3 P9"},
    {EventKind::sweep_drained, "P3 P4"},
    {EventKind::p_acquired, "P9 S3"},
    {EventKind::p_released, "P9 S3"},
    {EventKind::block_allocated, "G1 G2"},
    {EventKind::block_from_free, "G1 G2"},
    {EventKind::enqueue, "G2 G3"},
    {EventKind::block_full, "G2"},
    {EventKind::work_signalled, "G2"},
    {EventKind::flush_begin, "P4"},
    {EventKind::flush_missing, "P4 F1"},
    {EventKind::flush_adopt, "P4"},
    {EventKind::flush_merge, "P4"},
    {EventKind::flush_push, "P4"},
    {EventKind::flush_free_emptied, "P4"},
    {EventKind::flush_end, "P4"},
    {EventKind::needs_wake, "S1"},
    {EventKind::wake, "S1 S2"},
    {EventKind::needg_raised, "S1"},
    {EventKind::pop_full, "G4"},
    {EventKind::push_free, "G4"},
    {EventKind::announce_sleep, "S3 S4"},
    {EventKind::park, "S3 S4"},
    {EventKind::unpark, "S2 S3"},
    {EventKind::spurious_wake, "S3"},
    {EventKind::cleanup_run, "G5 R1"},
    {EventKind::cleanup_stuck, "F2"},
    {EventKind::fin_enqueue, "B1"},
    {EventKind::fin_take_all, "B1"},
    {EventKind::fin_wake, "B1"},
    {EventKind::stranded, "F3"},
    {EventKind::procresize, "F1"},
    {EventKind::cleanup_goexit, "F2 F3"},
    // Either fault that kills the program (F1's nil P in e46c8e's flush, F2's panic); an event
    // that carries its cause gets only that cause's note (model_vs_go_notes(const TraceEvent&)).
    {EventKind::crash, "F1 F2"},
};

using NoteList = std::vector<const ModelVsGoNote*>;

NoteList notes_named(std::string_view ids) {
  NoteList out;
  while (!ids.empty()) {
    const std::size_t space = ids.find(' ');
    const ModelVsGoNote* n = note(ids.substr(0, space));
    if (n == nullptr) throw std::logic_error("model_vs_go_notes: unknown note id in a table");
    out.push_back(n);
    ids = space == std::string_view::npos ? std::string_view{} : ids.substr(space + 1);
  }
  return out;
}

}  // namespace

std::span<const ModelVsGoNote> all_model_vs_go_notes() {
  return kNotes;
}

std::span<const ModelVsGoNote* const> model_vs_go_notes(EventKind kind) {
  static const std::array<NoteList, kEventKindCount> by_kind = [] {
    std::array<NoteList, kEventKindCount> table;
    for (const EventNotes& e : kEventNotes)
      table[static_cast<std::size_t>(e.kind)] = notes_named(e.ids);
    return table;
  }();
  return by_kind[static_cast<std::size_t>(kind)];
}

std::span<const ModelVsGoNote* const> model_vs_go_notes(const TraceEvent& e) {
  if (e.kind == EventKind::crash) {
    // The crash event's b is its CrashCause (trace/trace_event.hpp).
    static const NoteList panic = notes_named("F2");
    static const NoteList nil_p = notes_named("F1");
    switch (static_cast<CrashCause>(e.b)) {
      case CrashCause::panic_in_cleanup:
        return panic;
      case CrashCause::nil_p_in_flush:
        return nil_p;
      case CrashCause::none:
        break;
    }
  }
  return model_vs_go_notes(e.kind);
}

std::span<const ModelVsGoNote* const> model_vs_go_notes_for_goroutine(bool fing) {
  // F2: a cleanup is user code run on this goroutine, and its faults end or stall it. fing is
  // B1's goroutine, woken from findRunnable (S1); F2 names how Goexit kills the one fing.
  static const NoteList goroutine = notes_named("S3 S4 G5 F2");
  static const NoteList finalizer_goroutine = notes_named("B1 S1 F2");
  return fing ? finalizer_goroutine : goroutine;
}

std::span<const ModelVsGoNote* const> model_vs_go_notes_for_p() {
  static const NoteList p = notes_named("S3 P9");
  return p;
}

std::span<const ModelVsGoNote* const> model_vs_go_notes_for_actor(ActorKind kind, bool fing) {
  // What the actor stands for in Go and how the model simplifies it, then R3 (its line on the
  // code pane is pseudocode). Chosen from each note's text in docs/model-vs-go.md.
  // GC: its phases (P1), the stops it makes (P5), its mark that is only the root scan (P7),
  // the spans it cuts at mark termination (P8), and the leftover sweep it finishes, and may
  // flush, under sweep termination (P4).
  static const NoteList gc = notes_named("P1 P4 P5 P7 P8 R3");
  // Mutator: runs through mark and sweep (P2), sweeps inside AddCleanup (P3), its objects all
  // die at once (P6), the priming shape's idle wait is its own (S5).
  static const NoteList mutator = notes_named("P2 P3 P6 S5 R3");
  // Sweeper: a fixed actor standing for bgsweep and every other sweeper (P9), over made-up
  // spans (P8), and the only actor that takes a P (S3).
  static const NoteList sweeper = notes_named("P9 P8 S3 R3");
  // Scheduler round: when it runs (S1) and how its wake readies goroutines (S2).
  static const NoteList scheduler = notes_named("S1 S2 R3");
  // The runtime's own track writes stranded (F3) and run_end.
  static const NoteList runtime = notes_named("F3 R3");
  static const NoteList goroutine = [] {
    NoteList out(model_vs_go_notes_for_goroutine(false).begin(),
                 model_vs_go_notes_for_goroutine(false).end());
    out.push_back(note("R3"));
    return out;
  }();
  switch (kind) {
    case ActorKind::gc:
      return gc;
    case ActorKind::mutator:
      return mutator;
    case ActorKind::sweeper:
      return sweeper;
    case ActorKind::scheduler:
      return scheduler;
    case ActorKind::worker:
      // R3 leaves Go 1.24's fing out of the code pane: no pseudocode note for it.
      return fing ? model_vs_go_notes_for_goroutine(true)
                  : std::span<const ModelVsGoNote* const>(goroutine);
    case ActorKind::other:
      break;
  }
  return runtime;
}

}  // namespace cq::viz
