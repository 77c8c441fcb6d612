// TraceChecker: docs/algorithm.md §6 invariants, checked on a trace. It folds the events into a
// TraceModel and, at every event, compares what the event claims with what the model says.
// A violation is a record {event index, invariant number, message}: counted, never a silent pass.
//
// What is checked (numbers are §6's):
//   1  bounds: slot < capacity, every n <= capacity, a run slot < the block's n
//   2  single location: a block moves only from where the model has it (pops take the top of
//      their stack, pushes come from the P / flusher / worker that holds the block), block ids
//      are allocated once, a worker runs only the block it took
//   3  free blocks are empty: push_free after every entry ran, flush_free_emptied with n 0
//   4  enqueue pushes exactly full blocks; a flush pushes full blocks but for its last one
//   5  flush accounting: pushed + emptied + missing == gomaxprocs, matching its events, every P
//      visited once, no P block left afterwards
//   6  conservation: enqueued == executed + entries in P blocks + in full blocks + held by
//      goroutines (+ the finq for go124); each cleanup registered, enqueued and run at most once;
//      run_end agrees
//   7  no enqueue outside the sweep phase (never during mark); for a gc_phases "go" trace (one
//      with a sweep termination or mark termination phase), only in _GCoff and sweep termination
//   8  exactly one flush per sweep phase, by the last sweeper, after the drain; no sweeper begins
//      after the drain ("go": one flush between a mark termination and the next mark)
//   9  exclusive P: only the sweeper holding P p enqueues into it
//   10 (level) 0 <= work signalled - blocks taken <= blocks on full
//   11 a wake never wakes more goroutines than are parked
//   12 pool size: ng only grows, and each creation leaves ng <= max(cap, previous ng)
//   13 (level) no run ends stranded
//   14 running == goroutines between running_begin and running_end
//   and every invariant_violation event the runtime itself emitted.
//
// Ordering: inline and conducted traces are one step at a time, so every check applies at every
// event (strict_order). The threaded runner appends the events of steps that ran in parallel at
// one virtual instant in any order; the model defers a pop until its push (trace_model.hpp), so
// the checks run in causal order, but with strict_order off the ones that depend on the order
// between parallel steps (which of two pushes is on top, who held a P first, the counts carried
// in b, per-event conservation) run only where the order is exact again: at each change of
// virtual time. A pop whose push never came in its instant is a violation in both modes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "trace/trace.hpp"
#include "trace/trace_model.hpp"

namespace cq {

struct TraceCheckOptions {
  std::uint32_t block_capacity = 60;
  std::uint32_t gomaxprocs = 8;
  std::uint32_t worker_cap = 2;  // max(GOMAXPROCS/4, 1) under the default policy
  bool go124 = false;            // the Go 1.24 design: finalizer queue, one fing
  bool level_protocol = true;    // false: e46c8e's oneshot wakes (no work-unit accounting)
  bool strict_order = true;      // true for inline/conducted traces, false for threaded ones
};

struct TraceViolation {
  std::size_t event_index;  // the event at which it was detected (events() at the end: finish)
  std::uint32_t invariant;  // docs/algorithm.md §6 number
  std::string message;
};

class TraceChecker : private TraceFoldObserver {
 public:
  static constexpr std::size_t kMaxRecorded = 1000;  // further violations are only counted

  explicit TraceChecker(const TraceCheckOptions& options);

  void check(const TraceEvent& e);
  void check(std::span<const TraceEvent> events) {
    for (const TraceEvent& e : events) check(e);
  }
  // End-of-trace checks (whole-model consistency, a last conservation check). Call once.
  void finish();

  const std::vector<TraceViolation>& violations() const { return violations_; }
  std::uint64_t violation_count() const { return count_; }
  const TraceModel& model() const { return model_; }

 private:
  // TraceFoldObserver: the model calls these as it folds, in causal order.
  void before_fold(const TraceModel&, const TraceEvent& e, std::size_t index) override;
  void after_fold(const TraceModel&, const TraceEvent& e, std::size_t index) override;
  void on_deferred(const TraceModel&, const TraceEvent& e, std::size_t index) override;
  void on_forced(const TraceModel&, const TraceEvent& e, std::size_t index) override;

  void fail(std::uint32_t invariant, std::string message);
  // Checks that need the model between steps (all steps of an instant ended, threaded or not).
  void check_settled();
  void check_conservation();
  void check_work_accounting();
  void before_event(const TraceEvent& e);
  void after_event(const TraceEvent& e);
  void check_block_event(const TraceEvent& e);
  void check_flush_event(const TraceEvent& e);
  void check_worker_event(const TraceEvent& e);
  void check_gc_event(const TraceEvent& e);
  void check_ids(const TraceEvent& e);
  void check_model_consistency();
  // May a span be swept in the model's phase now (runtime_state.hpp, RuntimeState::sweep_allowed)?
  bool sweep_allowed() const;

  const TraceCheckOptions options_;
  TraceModel model_;
  std::vector<TraceViolation> violations_;
  std::uint64_t count_ = 0;
  std::size_t index_ = 0;  // index of the event being checked (events folded, at the end)
  bool have_time_ = false;
  std::uint64_t time_ = 0;

  // Per cleanup id: bit 0 registered, bit 1 enqueued, bit 2 ran.
  std::vector<std::uint8_t> cleanup_flags_;
  std::vector<bool> allocated_;  // block ids seen in block_allocated
  std::uint32_t max_ng_ = 0;
  std::uint64_t flushes_in_phase_ = 0;
  bool go_phases_ = false;           // a gc_phases "go" trace: a stop-the-world phase was seen
  bool swept_before_ = false;        // "go": a mark termination opened a sweep
  bool last_sweeper_ended_ = false;  // sweeper_end a=1 just seen (flush must follow)
  std::uint64_t drained_at_ = 0;     // virtual time the drained bit was set
  std::uint32_t empty_flush_pushes_ = 0;
  std::vector<std::uint8_t> ps_seen_in_flush_;
  std::uint32_t gomaxprocs_ = 0;  // options_.gomaxprocs until a procresize event changes it
};

// Folds a whole trace (every stored event) through a TraceChecker.
std::vector<TraceViolation> check_trace(const Trace& trace, const TraceCheckOptions& options);
std::vector<TraceViolation> check_events(std::span<const TraceEvent> events,
                                         const TraceCheckOptions& options);

}  // namespace cq
