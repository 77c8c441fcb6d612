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
  // One step's events, in trace order: called by the trace's one appender at a time (under its
  // append lock, or by the inline runner, its only appender), so calls never overlap and come in
  // the order the hash folds them; trace.size() does not count this step yet. The inline runner
  // holds its runner's lock across the call: an observer must not call the Runner.
  virtual void observe(std::span<const TraceEvent> step) = 0;
};

// Two observers as one (the CLI's conformance facts and its --trace file): `first` sees each
// step before `second`; either may be nullptr.
class TraceObserverPair final : public TraceObserver {
 public:
  TraceObserverPair(TraceObserver* first, TraceObserver* second) : first_(first), second_(second) {}
  void observe(std::span<const TraceEvent> step) override {
    if (first_ != nullptr) first_->observe(step);
    if (second_ != nullptr) second_->observe(step);
  }

 private:
  TraceObserver* first_;
  TraceObserver* second_;
};

}  // namespace cq
