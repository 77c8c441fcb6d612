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
#include "sim/actor.hpp"

namespace cq {

enum class GcPhase : std::uint8_t { off, mark, sweep };
constexpr std::string_view to_string(GcPhase p) {
  return p == GcPhase::off ? "off" : p == GcPhase::mark ? "mark" : "sweep";
}

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

// A span: a run of one mutator's dead objects that one sweeper sweeps under one begin/end.
struct Span {
  std::uint32_t mutator;
  std::uint32_t begin;
  std::uint32_t end;
};

inline constexpr std::uint32_t kMaxWorkers = kMaxGomaxprocs;
inline constexpr ActorId kNoActor = 0xffff;

struct RuntimeState {
  explicit RuntimeState(const Scenario& s);

  const Scenario scenario;
  std::unique_ptr<CleanupQueue> queue;  // the queue (e46c8e, go1.25, go1.26)
  std::unique_ptr<FinalizerQueue> fin;  // go1.24: finq and one fing
  PSet ps;
  SweepGate gate;

  std::atomic<GcPhase> phase{GcPhase::off};
  std::uint32_t cycle = 0;  // written by the GC actor between cycles only

  // Dead objects awaiting sweep, one list per mutator (each writes only its own; the GC reads
  // them after the last mutator's seq_cst check-in).
  std::vector<std::vector<CleanupId>> dead;
  std::vector<Span> spans;  // built at mark termination, read-only during sweep
  std::atomic<std::uint32_t> next_span{0};
  std::atomic<std::uint32_t> mutators_checked_in{0};

  // Who is who, for unparking.
  ActorId gc_actor = kNoActor;
  std::vector<ActorId> mutator_actors;
  std::vector<ActorId> sweeper_actors;
  std::array<std::atomic<ActorId>, kMaxWorkers + 1> worker_actor{};  // by goroutine id
  std::atomic<ActorId> fing_actor{kNoActor};
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
  std::atomic<std::uint64_t> invariant_violations{0};

  // Records a violation: counted, and an event in the trace, never a silent pass.
  void violation(StepContext& ctx, Invariant which, std::uint64_t detail = 0);

  // Cleanup ids are 1-based and unique without any shared counter: cycle, mutator, index.
  CleanupId cleanup_id(std::uint32_t cycle_index, std::uint32_t mutator,
                       std::uint32_t index) const {
    const std::uint64_t per_cycle = std::uint64_t{scenario.mutator_count()} * scenario.cleanups;
    return cycle_index * per_cycle + std::uint64_t{mutator} * scenario.cleanups + index + 1;
  }

  // The one place a cleanup "runs": exactly-once accounting for every design.
  void record_run(CleanupId id) {
    run_count[id].fetch_add(1, std::memory_order_relaxed);
    executed.fetch_add(1, std::memory_order_relaxed);
  }

  // AddCleanup's goroutine provisioning (needG / createGs, or Go 1.24's createfing): starts the
  // goroutines it asks for, outside the queue's lock.
  void provision_goroutines(StepContext& ctx, std::uint16_t p);
};

}  // namespace cq
