// IndependentCounter: every lesson quantity recomputed from the raw events of a run, without
// TraceModel and without engine/lesson's quantities.cpp, so that each answer the player
// computes is checked against a second, separately written reading of the same trace.
//
// It counts events and keeps the smallest state it needs (which block each P holds, each block's
// entries as counted enqueues and flush merges, the full stack, the latest flush's pushes,
// empties and missing Ps, the units of work: one per push onto full, a flush's once it ends).
// Where an event carries a number only the engine knows (ng, needg and running after a step, the
// sweep gate's count, the GC phase, how many a wake woke), it reads that number; state_reading.hpp
// then checks each of them against a second witness: the engine's state at the checkpoint, or,
// for a wake's batch, the sleeper count across the step that woke it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "lesson/lesson.hpp"
#include "runtime/scenario.hpp"
#include "trace/trace.hpp"

namespace cq::lesson_test {

// The first `count` events of `trace`, copied.
std::vector<TraceEvent> events_of(const Trace& trace, std::size_t count);

struct Facts;

// Reads the events once; then answers any quantity about the state after them.
class IndependentCounter {
 public:
  IndependentCounter(std::span<const TraceEvent> events, const Scenario& scenario);
  ~IndependentCounter();
  // nullopt when the quantity has no value there (a block never allocated, a worker never
  // started) or when this counter does not know the quantity (a test fails on that).
  std::optional<std::int64_t> value(const lesson::QuantityRef& quantity) const;

 private:
  std::unique_ptr<Facts> facts_;
  Scenario scenario_;
};

// Every quantity this counter implements, by name: the tests check it covers all of them.
std::vector<std::string> independently_counted();

}  // namespace cq::lesson_test
