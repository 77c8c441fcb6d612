// TraceObserver: sees every step's events as the trace takes them, stored or not.
//
// What a run must report about its events (the CLI's conformance facts) is folded as the events
// happen, so a run that keeps no trace (Scenario::record_trace = false: `cleanupq run` without
// --trace) still reports it, in memory that does not grow with the run's length.
#pragma once

#include <span>

#include "trace/trace_event.hpp"

namespace cq {

class TraceObserver {
 public:
  virtual ~TraceObserver() = default;
  // One step's events, in trace order: called under the trace's append lock, so calls never
  // overlap, even from the threaded runner's threads, and come in the order the hash folds them.
  virtual void observe(std::span<const TraceEvent> step) = 0;
};

}  // namespace cq
