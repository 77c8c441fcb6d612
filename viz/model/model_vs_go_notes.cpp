#include "model/model_vs_go_notes.hpp"

#include <array>

namespace cq::viz {
namespace {

// docs/model-vs-go.md, in its order.
constexpr std::array kNotes = {
    ModelVsGoNote{"P1", "A separate \"sweep\" phase."},
    ModelVsGoNote{"P2", "Mutators are parked through mark and sweep."},
    ModelVsGoNote{"P3", "AddCleanup never sweeps."},
    ModelVsGoNote{"P4", "No unfinished sweep at the next cycle."},
    ModelVsGoNote{"P5", "Stop-the-world pauses are costs, not states."},
    ModelVsGoNote{"P6", "Every registered object dies at once."},
    ModelVsGoNote{"P7", "Marking is only the root scan."},
    ModelVsGoNote{"P8", "Spans are made up."},
    ModelVsGoNote{"P9", "Sweepers are a fixed set of actors."},
    ModelVsGoNote{"S1", "Scheduler rounds are a periodic poll that always reaches the hook."},
    ModelVsGoNote{"S2", "`injectglist` does not need a P."},
    ModelVsGoNote{"S3", "Goroutines do not compete for Ps."},
    ModelVsGoNote{"S4", "No preemption inside a step."},
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
    ModelVsGoNote{"B1", "Cleanups only."},
};

constexpr const ModelVsGoNote* note(std::string_view id) {
  for (const ModelVsGoNote& n : kNotes) {
    if (n.id == id) return &n;
  }
  return nullptr;  // a compile error where a constant table names an unknown id
}

template <std::size_t N>
using Notes = std::array<const ModelVsGoNote*, N>;

constexpr Notes<2> k_cleanup_registered{note("P2"), note("P6")};
constexpr Notes<1> k_goroutines_created{note("P2")};
constexpr Notes<1> k_worker_started{note("S3")};
constexpr Notes<2> k_gc_phase{note("P1"), note("P5")};
constexpr Notes<1> k_root_scan{note("P7")};
constexpr Notes<3> k_sweeper_begin{note("P3"), note("P8"), note("P9")};
constexpr Notes<2> k_sweeper_refused{note("P3"), note("P9")};
constexpr Notes<2> k_sweeper_end{note("P3"), note("P9")};
constexpr Notes<2> k_sweep_drained{note("P3"), note("P4")};
constexpr Notes<2> k_p_acquired{note("P9"), note("S3")};
constexpr Notes<2> k_p_released{note("P9"), note("S3")};
constexpr Notes<2> k_block_allocated{note("G1"), note("G2")};
constexpr Notes<2> k_block_from_free{note("G1"), note("G2")};
constexpr Notes<2> k_enqueue{note("G2"), note("G3")};
constexpr Notes<1> k_block_full{note("G2")};
constexpr Notes<1> k_work_signalled{note("G2")};
constexpr Notes<1> k_flush_begin{note("P4")};
constexpr Notes<2> k_flush_missing{note("P4"), note("F1")};
constexpr Notes<1> k_flush_adopt{note("P4")};
constexpr Notes<1> k_flush_merge{note("P4")};
constexpr Notes<1> k_flush_push{note("P4")};
constexpr Notes<1> k_flush_free_emptied{note("P4")};
constexpr Notes<1> k_flush_end{note("P4")};
constexpr Notes<1> k_needs_wake{note("S1")};
constexpr Notes<2> k_wake{note("S1"), note("S2")};
constexpr Notes<1> k_needg_raised{note("S1")};
constexpr Notes<1> k_pop_full{note("G4")};
constexpr Notes<1> k_push_free{note("G4")};
constexpr Notes<2> k_announce_sleep{note("S3"), note("S4")};
constexpr Notes<2> k_park{note("S3"), note("S4")};
constexpr Notes<2> k_unpark{note("S2"), note("S3")};
constexpr Notes<1> k_spurious_wake{note("S3")};
constexpr Notes<2> k_cleanup_run{note("G5"), note("R1")};
constexpr Notes<1> k_cleanup_stuck{note("F2")};
constexpr Notes<1> k_fin_enqueue{note("B1")};
constexpr Notes<1> k_fin_take_all{note("B1")};
constexpr Notes<1> k_fin_wake{note("B1")};
constexpr Notes<1> k_stranded{note("F3")};
constexpr Notes<1> k_procresize{note("F1")};
constexpr Notes<2> k_cleanup_goexit{note("F2"), note("F3")};
constexpr Notes<1> k_crash{note("F2")};
constexpr Notes<3> kGoroutine{note("S3"), note("S4"), note("G5")};
constexpr Notes<1> kFing{note("B1")};
constexpr Notes<2> kP{note("S3"), note("P9")};

}  // namespace

std::span<const ModelVsGoNote> all_model_vs_go_notes() {
  return kNotes;
}

std::span<const ModelVsGoNote* const> model_vs_go_notes(EventKind kind) {
  switch (kind) {
    case EventKind::cleanup_registered:
      return k_cleanup_registered;
    case EventKind::goroutines_created:
      return k_goroutines_created;
    case EventKind::worker_started:
      return k_worker_started;
    case EventKind::gc_phase:
      return k_gc_phase;
    case EventKind::root_scan:
      return k_root_scan;
    case EventKind::sweeper_begin:
      return k_sweeper_begin;
    case EventKind::sweeper_refused:
      return k_sweeper_refused;
    case EventKind::sweeper_end:
      return k_sweeper_end;
    case EventKind::sweep_drained:
      return k_sweep_drained;
    case EventKind::p_acquired:
      return k_p_acquired;
    case EventKind::p_released:
      return k_p_released;
    case EventKind::block_allocated:
      return k_block_allocated;
    case EventKind::block_from_free:
      return k_block_from_free;
    case EventKind::enqueue:
      return k_enqueue;
    case EventKind::block_full:
      return k_block_full;
    case EventKind::work_signalled:
      return k_work_signalled;
    case EventKind::flush_begin:
      return k_flush_begin;
    case EventKind::flush_missing:
      return k_flush_missing;
    case EventKind::flush_adopt:
      return k_flush_adopt;
    case EventKind::flush_merge:
      return k_flush_merge;
    case EventKind::flush_push:
      return k_flush_push;
    case EventKind::flush_free_emptied:
      return k_flush_free_emptied;
    case EventKind::flush_end:
      return k_flush_end;
    case EventKind::needs_wake:
      return k_needs_wake;
    case EventKind::wake:
      return k_wake;
    case EventKind::needg_raised:
      return k_needg_raised;
    case EventKind::pop_full:
      return k_pop_full;
    case EventKind::push_free:
      return k_push_free;
    case EventKind::announce_sleep:
      return k_announce_sleep;
    case EventKind::park:
      return k_park;
    case EventKind::unpark:
      return k_unpark;
    case EventKind::spurious_wake:
      return k_spurious_wake;
    case EventKind::cleanup_run:
      return k_cleanup_run;
    case EventKind::cleanup_stuck:
      return k_cleanup_stuck;
    case EventKind::fin_enqueue:
      return k_fin_enqueue;
    case EventKind::fin_take_all:
      return k_fin_take_all;
    case EventKind::fin_wake:
      return k_fin_wake;
    case EventKind::stranded:
      return k_stranded;
    case EventKind::procresize:
      return k_procresize;
    case EventKind::cleanup_goexit:
      return k_cleanup_goexit;
    case EventKind::crash:
      return k_crash;
    default:
      return {};  // bookkeeping: take_failed, running_begin/_end, invariant_violation, run_end
  }
}

std::span<const ModelVsGoNote* const> model_vs_go_notes_for_goroutine(bool fing) {
  if (fing) return kFing;
  return kGoroutine;
}

std::span<const ModelVsGoNote* const> model_vs_go_notes_for_p() {
  return kP;
}

}  // namespace cq::viz
