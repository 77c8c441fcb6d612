// TraceModel: the state of the simulated runtime as the trace tells it, folded one event at a
// time (docs/architecture.md, "The picture is a fold of the trace").
//
// [SECTION] Places: where a block can be (docs/algorithm.md §6 invariant 2)
// [SECTION] Per-P, per-block, per-worker records, the flush in progress, counters
// [SECTION] TraceModel: the fold
//
// Plain data, public fields, cheap to copy (a few vectors sized by Ps, blocks and workers): the
// visualizer projects its picture from it, TraceIndex keeps copies of it as seek snapshots, and
// the trace checker compares it against docs/algorithm.md invariants. apply() never fails: a
// trace that contradicts the model (a corrupted one, or the threaded runner's reordering, below)
// still folds, and the contradiction stays visible in the fields the checker reads.
//
// Reordering in threaded traces. Steps that run in parallel at one virtual instant append their
// events in whatever order their threads finish, so a pop can come before the push it popped
// (a worker's pop_full before the sweeper's block_full; a sweeper's block_from_free before the
// worker's push_free; with one-entry blocks even chains of them: push_free, block_from_free,
// block_full, pop_full of one block in one instant, appended in any order). The fold therefore
// defers a pop that does not find its block on its stack, together with everything after it from
// the same actor, and folds it as soon as a later event of the same instant puts the block there:
// the deferred events are the steps still "in flight" at that point of the trace. When the instant
// ends (the next event has another time_ns) every step of it has ended, so a pop still deferred
// then had no push at all: it is folded anyway and counted in counters.forced_events (the trace
// checker reports it). Inline and conducted traces are causal: nothing is ever deferred there.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "trace/trace_event.hpp"

namespace cq {

// [SECTION] Places.

enum class BlockPlace : std::uint8_t {
  nowhere,  // not allocated yet (or, in a corrupted trace, lost track of)
  p,        // a P's current block (owner = P index)
  full,     // on the full stack
  free,     // on the free stack
  worker,   // taken by a cleanup goroutine (owner = worker index)
  flusher,  // in the last sweeper's hands during a flush (accumulator or merge source)
};

inline constexpr std::uint16_t kNoActorInModel = 0xffff;
inline constexpr std::uint32_t kNoWorker = 0xffffffffu;

// Larger ids cannot come from a run (100 M cleanups at capacity 1 is the most blocks a valid
// scenario allocates; 256 Ps; kMaxWorkers goroutines): events naming them are counted in
// counters.ignored_events rather than letting a corrupted trace allocate gigabytes.
inline constexpr std::uint32_t kMaxModelBlocks = std::uint32_t{1} << 28;
inline constexpr std::uint16_t kMaxModelPs = 4096;
inline constexpr std::uint64_t kMaxModelWorkers = 4096;

// [SECTION] Records.

struct TraceModel;

struct ModelBlock {
  BlockPlace place = BlockPlace::nowhere;
  std::uint32_t owner = 0;  // P index (place p) or worker index (place worker)
  std::uint32_t n = 0;      // valid entries, as the last event about this block said
  bool operator==(const ModelBlock&) const = default;
};

struct ModelP {
  std::uint32_t block = kNoBlock;          // current block, or kNoBlock
  std::uint32_t fill = 0;                  // that block's n
  std::uint16_t holder = kNoActorInModel;  // sweeper actor holding the P (p_acquired)
  bool operator==(const ModelP&) const = default;
};

enum class WorkerPhase : std::uint8_t {
  started,    // spawned by AddCleanup, first step under way
  taking,     // between blocks: tries to take one at its next step (or just failed to)
  running,    // holds `block`, runs its entries from `next_slot`
  announced,  // announced sleep (asleep++), parking in this step
  parked,     // on the sleeping list, waiting for a scheduler round
  woken,      // unparked by a wake; looks for a block in this step
  stuck,      // inside a cleanup that never returns
  exited,     // a cleanup called runtime.Goexit: the goroutine is dead, its block held for good
};

struct ModelWorker {
  std::uint16_t actor = kNoActorInModel;
  bool fing = false;              // Go 1.24's single finalizer goroutine
  bool running_cleanups = false;  // g.runningCleanups (running_begin .. running_end)
  WorkerPhase phase = WorkerPhase::started;
  std::uint32_t block = kNoBlock;  // held block (Go 1.25), or kNoBlock
  std::uint32_t next_slot = 0;     // slot of the next cleanup to run in `block`
  std::uint32_t pending = 0;       // taken, not yet run (the rest of the block / fing's list)
  std::uint64_t executed = 0;      // cleanups this goroutine ran
  bool operator==(const ModelWorker&) const = default;
};

// The last sweeper's flush, while flush_begin .. flush_end is being folded; after flush_end the
// fields tell the latest flush, until the next flush_begin starts a new one.
struct ModelFlush {
  bool active = false;
  std::uint32_t accumulator = kNoBlock;
  std::uint32_t source = kNoBlock;  // the P block just merged from, until pushed or freed
  std::uint32_t pushed = 0;
  std::uint32_t emptied = 0;
  std::uint32_t missing = 0;
  // Who flushed: flush_begin's actor (a sweeper, a mutator's sweep or, under gc_phases "go", the
  // GC in finishsweep_m); kNoActorInModel before the first flush.
  std::uint16_t actor = kNoActorInModel;
  bool operator==(const ModelFlush&) const = default;
};

// Queued entries by where they wait; kept incrementally so conservation is O(1) to check.
struct ModelEntryTotals {
  std::uint64_t in_p = 0;
  std::uint64_t in_full = 0;
  std::uint64_t in_flusher = 0;
  std::uint64_t held_by_workers = 0;  // taken by a goroutine, not yet run (incl. a stuck one)
  std::uint64_t finq = 0;             // Go 1.24: on the finalizer queue, not yet taken by fing
  std::uint64_t queued() const { return in_p + in_full + in_flusher + held_by_workers + finq; }
  bool operator==(const ModelEntryTotals&) const = default;
};

struct ModelCounters {
  std::uint64_t registered = 0;        // cleanup_registered
  std::uint64_t enqueued = 0;          // enqueue + fin_enqueue
  std::uint64_t executed = 0;          // cleanup_run
  std::uint64_t blocks_allocated = 0;  // block_allocated (Go 1.25) or finBlocks seen (1.24)
  std::uint64_t full_pushes = 0;       // block_full: eager pushes by enqueue
  std::uint64_t flush_pushes = 0;      // flush_push
  std::uint64_t flushes = 0;           // flush_end
  std::uint64_t work_signalled = 0;    // sum of work_signalled b
  std::uint64_t pops = 0;              // pop_full
  std::uint64_t wakes = 0;             // goroutines woken: sum of wake a, + 1 per fin_wake
  std::uint64_t spurious_wakes = 0;
  std::uint64_t needs_wake = 0;       // scheduler rounds that saw work and someone to wake
  std::uint64_t needg_raised = 0;     // sum of needg_raised a
  std::uint32_t needg = 0;            // raised by needg_raised a, reset by goroutines_created
  std::uint32_t ng = 0;               // the highest goroutines_created b
  std::uint64_t workers_created = 0;  // sum of goroutines_created a
  std::uint32_t running = 0;          // goroutines between running_begin and running_end
  std::uint32_t sleepers = 0;         // parked and not yet taken off the list by a wake
  std::uint64_t root_scans = 0;
  std::uint64_t runtime_violations = 0;  // invariant_violation events
  std::uint64_t forced_events = 0;       // deferred events folded only because the instant ended
  std::uint64_t ignored_events = 0;      // named an impossible P, block or goroutine id
  bool operator==(const ModelCounters&) const = default;
};

struct DeferredEvent {
  TraceEvent event;
  std::size_t index;  // its index in the trace
  bool operator==(const DeferredEvent& o) const {
    return index == o.index;  // an index names one event of one trace
  }
};

// Hooks for whoever checks the fold (TraceChecker): called with the model as it stands.
class TraceFoldObserver {
 public:
  virtual ~TraceFoldObserver() = default;
  virtual void before_fold(const TraceModel&, const TraceEvent&, std::size_t /*index*/) {}
  virtual void after_fold(const TraceModel&, const TraceEvent&, std::size_t /*index*/) {}
  // A pop that did not find its block on its stack; it waits for the rest of its instant.
  virtual void on_deferred(const TraceModel&, const TraceEvent&, std::size_t /*index*/) {}
  // A deferred event folded only because its instant ended (before_fold follows).
  virtual void on_forced(const TraceModel&, const TraceEvent&, std::size_t /*index*/) {}
};

// [SECTION] The fold.
struct TraceModel {
  // Ps known up front (so a P with no events yet still exists); more appear as events name them.
  explicit TraceModel(std::uint32_t gomaxprocs = 0) : ps(gomaxprocs) {}

  // Folds the next event of the trace (deferring it if it is a pop that came too early).
  void apply(const TraceEvent& e, TraceFoldObserver* observer = nullptr);
  void apply(std::span<const TraceEvent> events, TraceFoldObserver* observer = nullptr) {
    for (const TraceEvent& e : events) apply(e, observer);
  }
  // Folds every deferred event now: the instant they belong to is over (apply() does this by
  // itself when the time changes; call it at the end of a trace).
  void settle(TraceFoldObserver* observer = nullptr);

  std::size_t events = 0;     // events applied (folded or deferred): the state after event
                              // events - 1
  std::uint64_t time_ns = 0;  // virtual time of the last event

  GcPhase phase = GcPhase::off;
  std::uint64_t cycle = 0;
  std::uint32_t active_sweepers = 0;  // the sweep gate's count
  // The sweep gate's drained bit. Set before the first GC, as the engine's gate starts
  // (runtime/sweep_gate.hpp: no sweep phase until the first GC); each sweep phase clears it.
  bool drained = true;

  std::vector<ModelP> ps;
  std::vector<ModelBlock> blocks;              // by block id
  std::vector<std::uint32_t> full_stack;       // block ids, bottom first: back() is the top
  std::vector<std::uint32_t> free_stack;       // block ids, bottom first: back() is the top
  std::vector<ModelWorker> workers;            // by goroutine id (fing: index 0 in Go 1.24)
  std::vector<std::uint32_t> worker_of_actor;  // actor id -> worker index, or kNoWorker
  ModelFlush flush;
  ModelEntryTotals entries;
  ModelCounters counters;
  std::vector<DeferredEvent> deferred;  // steps of this instant still in flight (see above)

  bool finished = false;  // run_end seen
  bool complete = false;  // run_end said every registered cleanup ran
  bool stranded = false;
  std::uint32_t gomaxprocs = 0;  // after the last procresize; 0 = none yet (as the run started)
  std::uint32_t goexits = 0;     // cleanup goroutines that died in runtime.Goexit
  std::uint32_t crash = 0;       // the CrashCause of a crash event; 0 = none

  // Convenience views for readers.
  std::vector<std::uint32_t> full_top_first() const {
    return {full_stack.rbegin(), full_stack.rend()};
  }
  std::vector<std::uint32_t> free_top_first() const {
    return {free_stack.rbegin(), free_stack.rend()};
  }
  const ModelBlock* block(std::uint32_t id) const {
    return id < blocks.size() ? &blocks[id] : nullptr;
  }
  // The worker an actor is, or nullptr when that actor is no cleanup goroutine.
  const ModelWorker* worker_for_actor(std::uint16_t actor) const {
    return actor < worker_of_actor.size() && worker_of_actor[actor] != kNoWorker
               ? &workers[worker_of_actor[actor]]
               : nullptr;
  }

  bool operator==(const TraceModel&) const = default;

 private:
  // nullptr (and the event counted as ignored) for an id no run can produce.
  ModelBlock* block_ptr(std::uint32_t id);
  ModelP* p_ptr(std::uint16_t p);
  // The worker an actor is; a worker event from an actor never introduced by worker_started is
  // Go 1.24's fing (spawned by createfing without such an event), so it is registered on sight.
  ModelWorker* worker_ptr(std::uint16_t actor);
  std::uint64_t* total_for(BlockPlace place);
  // Takes a block out of its place (stack, P slot), keeping the totals right.
  void detach(std::uint32_t id);
  void attach(std::uint32_t id, BlockPlace place, std::uint32_t owner);
  void set_n(std::uint32_t id, std::uint32_t n);
  void move(std::uint32_t id, BlockPlace place, std::uint32_t owner) {
    detach(id);
    attach(id, place, owner);
  }
  void set_worker_pending(ModelWorker& w, std::uint32_t pending);
  // Whether a pop finds its block where it pops from (everything else is always foldable).
  bool can_fold_now(const TraceEvent& e) const;
  bool has_deferred(std::uint16_t actor) const;
  void fold_deferred_that_can_go(TraceFoldObserver* observer);
  void fold(const TraceEvent& e, std::size_t index, TraceFoldObserver* observer);

  void apply_producer(const TraceEvent& e);
  void apply_flush(const TraceEvent& e);
  void apply_worker(const TraceEvent& e);
  void apply_runtime(const TraceEvent& e);
};

std::string_view to_string(BlockPlace place);
std::string_view to_string(WorkerPhase phase);

}  // namespace cq
