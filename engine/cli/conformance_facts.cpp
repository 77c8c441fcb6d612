#include "cli/conformance_facts.hpp"

namespace cq::cli {

// Measured the way the Go probe measures a real runtime: the pool size after each AddCleanup
// that created goroutines, how many cleanups each taken block ran, the `executed` counter after
// each block (Go 1.26 adds b.n once a block is done: runtime/mcleanup.go, runCleanups), sweeps
// before the last AddCleanup, parks, and the queue at the end. Empty for go1.24 (no cleanup
// queue).
void ConformanceFacts::observe(std::span<const TraceEvent> step) {
  for (const TraceEvent& e : step) {
    switch (e.kind) {
      case EventKind::goroutines_created:
        ng_after_creations_.push_back(e.b);
        break;
      case EventKind::pop_full:
        running_[e.block] = 0;
        break;
      case EventKind::cleanup_run:
        ++running_[e.block];
        break;
      case EventKind::running_end:
        block_runs_.push_back(running_[e.block]);
        executed_ += running_[e.block];
        executed_values_.push_back(executed_);
        break;
      case EventKind::enqueue:
        ++enqueued_;
        break;
      case EventKind::cleanup_registered:
        enqueued_before_last_registration_ = enqueued_;
        break;
      default:
        break;
    }
  }
}

nlohmann::json ConformanceFacts::to_json(const SimRuntime& sim) const {
  const Trace& trace = sim.trace();
  nlohmann::json j = {
      // The facts are folded from every event. `cleanupq run` stores none (its --trace file is
      // written as the events come, whole), so both fields say so: true and 0. They stay for
      // the scripts that read them, and for a caller that stores a capped trace.
      {"trace_complete", !trace.recording() || trace.holds_every_event()},
      {"trace_events_stored", trace.size()},
      {"ng_after_creations", ng_after_creations_},
      {"block_runs", block_runs_},
      {"executed_values", executed_values_},
      {"swept_before_last_add_cleanup", enqueued_before_last_registration_},
      {"parks", trace.count(EventKind::park)},
      {"unparks", trace.count(EventKind::unpark)},
  };
  if (const CleanupQueue* q = sim.state().queue.get()) {
    const QueueSnapshot s = q->snapshot();
    std::uint64_t full = 0;
    for (const auto& b : s.full) full += b.n;
    std::uint64_t p_blocks = 0;
    for (std::int64_t id : s.p_block) p_blocks += id >= 0 ? 1 : 0;
    j["queue_end"] = {{"ng", s.ng},           {"needg", s.needg},
                      {"asleep", s.asleep},   {"sleeping", s.sleeping.size()},
                      {"running", s.running}, {"work_units", s.work_units},
                      {"flushed", s.flushed}, {"cleanups_on_full", full},
                      {"p_blocks", p_blocks}, {"worker_cap", s.worker_cap}};
  }
  return j;
}

}  // namespace cq::cli
