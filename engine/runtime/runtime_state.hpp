// RuntimeState: what the actors of one simulated Go runtime share. The queue is the real one;
// everything else is the minimum of a runtime the queue needs around it: Ps, a GC cycle with a
// sweep gate, the dead objects waiting to be swept, and the books that tell whether every
// registered cleanup ran exactly once.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "queue/cleanup_queue.hpp"
#include "queue/finalizer_queue.hpp"
#include "runtime/p_set.hpp"
#include "runtime/scenario.hpp"
#include "runtime/sweep_gate.hpp"
#include "runtime/world_stop.hpp"
#include "sim/actor.hpp"
#include "trace/trace_event.hpp"

namespace cq {

// Invariant numbers from docs/algorithm.md §6, carried by invariant_violation events.
enum class Invariant : std::uint32_t {
  bounds = 1,
  single_location = 2,
  free_blocks_empty = 3,
  enqueue_pushes_full = 4,
  flush_postcondition = 5,
  conservation = 6,
  no_growth_during_mark = 7,
  sweep_gate = 8,
  exclusive_p = 9,
  work_accounting = 10,
  sleep_accounting = 11,
  pool_size = 12,
  profile_coherence = 14,
};

// How the modelled program died (the crash event's b). The run ends at once: every actor stops at
// its next step, as every goroutine does when a Go program dies.
enum class CrashCause : std::uint8_t {
  none = 0,
  panic_in_cleanup = 1,  // an unrecovered panic in a cleanup kills the program (runtime/panic.go)
  nil_p_in_flush = 2,    // e46c8e's flush read pp.cleanups through a nil allp entry: SIGSEGV
};
constexpr std::string_view to_string(CrashCause c) {
  switch (c) {
    case CrashCause::none:
      return "none";
    case CrashCause::panic_in_cleanup:
      return "panic in cleanup";
    case CrashCause::nil_p_in_flush:
      return "nil P in flush (e46c8e)";
  }
  return "unknown";
}

// A span: a run of one mutator's dead objects that one sweeper sweeps under one begin/end.
struct Span {
  std::uint32_t mutator;
  std::uint32_t begin;
  std::uint32_t end;
};

inline constexpr std::uint32_t kMaxWorkers = kMaxGomaxprocs;
inline constexpr ActorId kNoActor = 0xffff;
// Who holds a P in PSet: sweeper w is w; mutator m (sweeping in its AddCleanup, gc_phases "go")
// is kMutatorHolder + m; the GC (finishsweep_m) is kGcHolder.
inline constexpr std::uint32_t kMutatorHolder = kMaxSweepers;
inline constexpr std::uint32_t kGcHolder = kMutatorHolder + kMaxMutators;

struct RuntimeState {
  explicit RuntimeState(const Scenario& s);

  const Scenario scenario;
  std::unique_ptr<CleanupQueue> queue;  // the queue (e46c8e, go1.25, go1.26)
  std::unique_ptr<FinalizerQueue> fin;  // go1.24: finq and one fing
  PSet ps;
  SweepGate gate;
  WorldStop world;  // gc_phases "go" only: the GC's stop-the-world

  std::atomic<GcPhase> phase{GcPhase::off};
  std::uint32_t cycle = 0;  // written by the GC actor between cycles only

  // Dead objects, one list per mutator (each writes only its own). `dead`: registered since the
  // cycle's objects were last fixed; the GC moves them to `dead_to_sweep` when they are: at mark
  // termination under "parked" (the mutators are parked), at gcStart's stop-the-world under "go",
  // after finishsweep_m has swept the lists of the cycle before. An object registered after a
  // cycle's gcStart is allocated black (runtime/mgc.go, _GCmark: "allocate black"; malloc.go's
  // mallocgc* call gcmarknewobject while writeBarrier.enabled) or, in _GCoff, from a span already
  // swept (mcentral.go cacheSpan), so it dies in the next cycle (docs/model-vs-go.md, P2).
  std::vector<std::vector<CleanupId>> dead;
  std::vector<std::vector<CleanupId>> dead_to_sweep;
  std::vector<Span> spans;  // built at mark termination from dead_to_sweep, read-only in sweep
  std::atomic<std::uint32_t> next_span{0};
  std::atomic<std::uint32_t> mutators_checked_in{0};
  // gc_phases "go": gcStarts done (a checked-in mutator waits for its cycle's), and sweeps whose
  // last end() has flushed (the GC waits for the last cycle's before it ends).
  std::atomic<std::uint32_t> gc_started{0};
  std::atomic<std::uint32_t> sweeps_done{0};

  // Who is who, for unparking.
  ActorId gc_actor = kNoActor;
  std::vector<ActorId> mutator_actors;
  std::vector<ActorId> sweeper_actors;
  std::array<std::atomic<ActorId>, kMaxWorkers + 1> worker_actor{};  // by goroutine id
  std::atomic<ActorId> fing_actor{kNoActor};
  // Each P's findRunnable actor (scheduler_round.cpp); with fewer actors than Ps (the explorer's
  // one), P p's rounds are those of actor p % size.
  std::vector<ActorId> round_actors;
  std::atomic<bool> fing_claimed{false};

  // The books.
  std::unique_ptr<std::atomic<std::uint8_t>[]> run_count;  // by cleanup id
  std::atomic<std::uint64_t> registered{0};
  std::atomic<std::uint64_t> executed{0};
  std::atomic<std::uint64_t> stuck_pending{0};  // entries behind a cleanup that never returns
  std::atomic<std::uint64_t> full_pushes{0};
  std::atomic<std::uint64_t> flushes{0};
  std::atomic<std::uint64_t> workers_created{0};
  std::atomic<std::uint64_t> wakes{0};  // goroutines woken by scheduler rounds
  std::atomic<std::uint64_t> spurious_wakes{0};
  std::atomic<std::uint64_t> needg_raised{0};
  // Under the findrunnable scheduler, by P: the rounds run (for the tests and the JSON's count),
  // and when the P's last round was asked for (sysmon's schedwhen: a goroutine that has run
  // forcePreemptNS past it is preempted).
  std::unique_ptr<std::atomic<std::uint64_t>[]> rounds_by_p;
  std::unique_ptr<std::atomic<std::uint64_t>[]> schedwhen_by_p;
  // By round actor: a scheduling point asked for a round. Set before the unpark, so that a point
  // that comes before the actor's first step (which parks) or during its round is not lost.
  std::unique_ptr<std::atomic<bool>[]> round_wanted;
  // Rounds that returned before needsWake: a GC mark worker, the global run queue.
  std::atomic<std::uint64_t> rounds_to_gc_worker{0};
  std::atomic<std::uint64_t> rounds_to_global_runq{0};
  std::atomic<std::uint64_t> invariant_violations{0};

  // GOMAXPROCS changes and faults (docs/model-vs-go.md, "GOMAXPROCS changes and faults").
  std::atomic<std::uint8_t> crash_cause{0};  // CrashCause; the first crash wins
  // A goroutine that died in runtime.Goexit keeps its block (by goroutine id), from `goexit_slot`
  // on unrun: runCleanups never reaches endRunningCleanups or the free push (mcleanup.go).
  std::array<std::atomic<CleanupBlock*>, kMaxWorkers + 1> goexit_block{};
  std::array<std::atomic<std::uint32_t>, kMaxWorkers + 1> goexit_slot{};
  std::atomic<std::uint32_t> goexits{0};
  std::atomic<std::uint64_t> fing_goexit_held{0};  // go1.24: entries fing took and never ran

  bool go_phases() const { return scenario.gc_phases == GcPhasesModel::go; }
  // May a span be swept in this phase? "parked": in its sweep phase only. "go": in _GCoff, and
  // in sweep termination (finishsweep_m, under the stop); never in mark or mark termination.
  bool sweep_allowed(GcPhase p) const {
    return go_phases() ? p == GcPhase::off || p == GcPhase::sweep_termination : p == GcPhase::sweep;
  }

  // gc_phases "go": a mutator's or sweeper's way into and out of the world (world_stop.hpp),
  // unparking the GC when it is the last one out of a stop the GC waits for.
  bool enter_world(StepContext& ctx);
  void leave_world(StepContext& ctx);

  CrashCause crashed() const {
    return static_cast<CrashCause>(crash_cause.load(std::memory_order_acquire));
  }
  // The program dies: records the cause (the first one only) and the crash event.
  void crash(StepContext& ctx, CrashCause cause, std::uint64_t detail, std::uint16_t p = kNoP,
             std::uint32_t block = kNoBlock);
  // procresize(n) as the queue and the Ps see it (the world is stopped in Go: the caller is the
  // GC between cycles, or a sweeper whose step stands for the stop-the-world), and its event.
  void procresize(StepContext& ctx, std::uint32_t n, std::uint16_t p = kNoP);

  // Records a violation: counted, and an event in the trace, never a silent pass.
  void violation(StepContext& ctx, Invariant which, std::uint64_t detail = 0);

  // Cleanup ids are 1-based and unique without any shared counter: cycle, mutator, index.
  CleanupId cleanup_id(std::uint32_t cycle_index, std::uint32_t mutator,
                       std::uint32_t index) const {
    const std::uint64_t before =
        scenario.mutator_count() * scenario.cleanups_before_cycle(cycle_index);
    return before + std::uint64_t{mutator} * scenario.cleanups_in_cycle(cycle_index) + index + 1;
  }

  // The one place a cleanup "runs": exactly-once accounting for every design.
  void record_run(CleanupId id) {
    run_count[id].fetch_add(1, std::memory_order_relaxed);
    executed.fetch_add(1, std::memory_order_relaxed);
  }

  // A scheduling point on P p (findrunnable scheduler only; nothing under poll): the goroutine
  // running there parks, exits, is picked up, or is preempted, so the P goes through schedule()
  // and findRunnable (runtime/proc.go). Unparks that P's round at now.
  void schedule_point(StepContext& ctx, std::uint32_t p);
  // sysmon's retake (runtime/proc.go): a goroutine still running on P p forcePreemptNS after the
  // P's last round is preempted. Called by a goroutine's step that keeps running; true if it was.
  bool preempt_if_due(StepContext& ctx, std::uint32_t p);

  // AddCleanup's goroutine provisioning (needG / createGs, or Go 1.24's createfing): starts the
  // goroutines it asks for, outside the queue's lock.
  void provision_goroutines(StepContext& ctx, std::uint16_t p);
};

}  // namespace cq
