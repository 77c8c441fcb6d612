// TraceEvent: the one record everything downstream reads (viz, lessons, CLI, tests).
//
// Fixed-size POD, 32 bytes. The engine appends; nobody else writes. Field meaning per kind is
// documented next to each kind; unused fields are zero so that the trace hash is stable.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string_view>

namespace cq {

inline constexpr std::uint32_t kNoBlock = 0xffffffffu;
inline constexpr std::uint16_t kNoP = 0xffffu;
// The model's GC phase, as gc_phase events carry it (in b): the runtime sets it, the trace model
// folds it, the views draw it. docs/model-vs-go.md (P1, P5) says how it differs from Go's gcphase.
// sweep: the phase of gc_phases "parked" only. sweep_termination and mark_termination: gc_phases
// "go" only, the two stop-the-world pauses, named as Go names them (runtime/proc.go,
// stwReasonStrings: "GC sweep termination", "GC mark termination"); Go's gcphase is _GCoff in the
// first and _GCmarktermination in the second (runtime/mgc.go: gcStart, gcMarkTermination).
enum class GcPhase : std::uint8_t { off, mark, sweep, sweep_termination, mark_termination };
inline constexpr GcPhase kLastGcPhase = GcPhase::mark_termination;
constexpr std::string_view to_string(GcPhase p) {
  switch (p) {
    case GcPhase::off:
      return "off";
    case GcPhase::mark:
      return "mark";
    case GcPhase::sweep:
      return "sweep";
    case GcPhase::sweep_termination:
      return "sweep termination";
    case GcPhase::mark_termination:
      return "mark termination";
  }
  return "unknown";
}
// A stop-the-world: nothing but the GC (and, in the model, the cleanup goroutines and the
// scheduler rounds) runs.
constexpr bool is_stop_the_world(GcPhase p) {
  return p == GcPhase::sweep_termination || p == GcPhase::mark_termination;
}

// The actor field of the events no actor emits: run_end and stranded, written by the runner.
inline constexpr std::uint16_t kRuntimeActor = 0xffff;

// X-macro so names, counts and exporters can never drift from the enum.
//        name                    fields used (besides time, actor)
// One aligned row per event kind: clang-format would break the columns.
// clang-format off
#define CQ_EVENT_KINDS(X)                                                                        \
  X(cleanup_registered)     /* p, a = cleanup id, b = mutator's cycle                         */ \
  X(goroutines_created)     /* a = how many, b = ng after; by a mutator inside AddCleanup     */ \
  X(worker_started)         /* actor = the new worker                                         */ \
  X(gc_phase)               /* b = GcPhase after, a = cycle                                   */ \
  X(root_scan)              /* block, b = n read atomically                                   */ \
  X(sweeper_begin)          /* b = active sweepers after                                      */ \
  X(sweeper_refused)        /* begin() refused: drained                                       */ \
  X(sweeper_end)            /* b = active sweepers after, a = 1 if last (it flushes)          */ \
  X(sweep_drained)          /* the drained bit was set by this sweeper                        */ \
  X(p_acquired)             /* p                                                              */ \
  X(p_released)             /* p                                                              */ \
  X(block_allocated)        /* p, block                                                       */ \
  X(block_from_free)        /* p, block, b = CAS retries                                      */ \
  X(enqueue)                /* p, block, a = cleanup id, b = slot                             */ \
  X(block_full)             /* p, block: pushed onto full, b = CAS retries                    */ \
  X(work_signalled)         /* b = units                                                      */ \
  X(flush_begin)            /*                                                                */ \
  X(flush_missing)          /* p                                                              */ \
  X(flush_adopt)            /* p, block (becomes the accumulator), b = its n                  */ \
  X(flush_merge)            /* p, block (from), a = into block, b = entries moved             */ \
  X(flush_push)             /* p, block, b = n; a = 1 if the final accumulator                */ \
  X(flush_free_emptied)     /* p, block                                                       */ \
  X(flush_end)              /* a = pushed, b = emptied | missing << 16                        */ \
  X(needs_wake)             /* p of the scheduler round that saw work and someone to wake     */ \
  X(wake)                   /* p, a = goroutines woken, b = extra demand                      */ \
  X(needg_raised)           /* p, a = added, b = needg after                                  */ \
  X(take_failed)            /* a worker found no block                                        */ \
  X(pop_full)               /* block, b = CAS retries, a = n                                  */ \
  X(announce_sleep)         /* b = 1 parked, 0 retry (level: work seen after announcing)      */ \
  X(park)                   /*                                                                */ \
  X(unpark)                 /* a = waker actor                                                */ \
  X(spurious_wake)          /* woken, found no block                                          */ \
  X(running_begin)          /* block; running flag and counter flip together, b = running    */ \
  X(cleanup_run)            /* block, a = cleanup id, b = slot                                */ \
  X(cleanup_stuck)          /* block, a = cleanup id: this cleanup never returns              */ \
  X(running_end)            /* block, b = running after                                       */ \
  X(push_free)              /* block, b = CAS retries                                         */ \
  X(fin_enqueue)            /* go124: block (finBlock), a = cleanup id, b = slot              */ \
  X(fin_take_all)           /* go124: a = entries taken                                       */ \
  X(fin_wake)               /* go124: the scheduler woke fing                                 */ \
  X(invariant_violation)    /* b = invariant number (docs/algorithm.md §6), a = detail               */ \
  X(stranded)               /* a = pending cleanups, b = sleeping goroutines                  */ \
  X(run_end)                /* a = executed, b = 1 if complete                                */ \
  X(procresize)             /* p of the actor, a = GOMAXPROCS after, b = before               */ \
  X(cleanup_goexit)         /* block, a = cleanup id, b = entries after it left in the block  */ \
  X(crash)                  /* a = cleanup id or P, b = CrashCause (runtime/runtime_state.hpp)*/
// New kinds go last: a kind's number enters the trace hash, so the others keep theirs.
// clang-format on

enum class EventKind : std::uint8_t {
#define CQ_EVENT_ENUM(name) name,
  CQ_EVENT_KINDS(CQ_EVENT_ENUM)
#undef CQ_EVENT_ENUM
};

#define CQ_EVENT_LIST(name) EventKind::name,
inline constexpr EventKind kEveryEventKind[] = {CQ_EVENT_KINDS(CQ_EVENT_LIST)};
#undef CQ_EVENT_LIST
inline constexpr std::size_t kEventKindCount = std::size(kEveryEventKind);

constexpr std::string_view to_string(EventKind kind) {
  switch (kind) {
#define CQ_EVENT_NAME(name) \
  case EventKind::name:     \
    return #name;
    CQ_EVENT_KINDS(CQ_EVENT_NAME)
#undef CQ_EVENT_NAME
  }
  return "unknown";
}

// The one reader of an event kind's name (lesson `until`, `count(...)`, cleanupq-viz
// --run-until): the name to_string gives, exactly.
constexpr std::optional<EventKind> parse_event_kind(std::string_view name) {
  for (EventKind kind : kEveryEventKind) {
    if (to_string(kind) == name) return kind;
  }
  return std::nullopt;
}

// Events a student wants to stop at: step-to-next-interesting skips everything else.
constexpr bool is_interesting(EventKind kind) {
  switch (kind) {
    case EventKind::block_full:
    case EventKind::flush_begin:
    case EventKind::flush_end:
    case EventKind::wake:
    case EventKind::goroutines_created:
    case EventKind::gc_phase:
    case EventKind::sweep_drained:
    case EventKind::stranded:
    case EventKind::invariant_violation:
    case EventKind::cleanup_stuck:
    case EventKind::run_end:
    case EventKind::procresize:
    case EventKind::cleanup_goexit:
    case EventKind::crash:
      return true;
    default:
      return false;
  }
}

struct TraceEvent;
constexpr bool is_interesting(const TraceEvent& e);

struct TraceEvent {
  std::uint64_t time_ns = 0;  // virtual time of the step that emitted it
  std::uint64_t a = 0;        // kind-specific (cleanup id, counts)
  std::uint32_t block = kNoBlock;
  std::uint32_t b = 0;  // kind-specific (slot, counts, flags)
  std::uint16_t actor = 0;
  std::uint16_t p = kNoP;
  EventKind kind{};
  std::uint8_t reserved[3] = {0, 0, 0};
};
static_assert(sizeof(TraceEvent) == 32, "events are compact and fixed-size");

// The same, for one event: a scheduler round that woke nobody (it only left a needg note, which
// under the level protocol happens on every round while work waits) is not a moment to stop at.
constexpr bool is_interesting(const TraceEvent& e) {
  if (e.kind == EventKind::wake) return e.a > 0;
  return is_interesting(e.kind);
}

}  // namespace cq
