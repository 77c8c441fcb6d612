// Helpers shared by the simulated-runtime and runner suites: small scenarios that run in
// milliseconds, a run-to-the-end wrapper, and readers that turn a finished run's trace into plain
// values (events in order, who emitted them, which GC phase each happened in).
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <span>
#include <string>
#include <vector>

#include "runtime/runtime_state.hpp"
#include "runtime/scenario.hpp"
#include "runtime/sim_runtime.hpp"
#include "sim/actor.hpp"
#include "sim/runner.hpp"
#include "trace/trace.hpp"
#include "trace/trace_event.hpp"
#include "trace/trace_invariants.hpp"

namespace cq {

// Readable test names and failure messages for the enums tests compare.
inline void PrintTo(RunnerKind k, std::ostream* os) {
  *os << to_string(k);
}
inline void PrintTo(EventKind k, std::ostream* os) {
  *os << to_string(k);
}
inline void PrintTo(RunStop s, std::ostream* os) {
  *os << to_string(s);
}
inline void PrintTo(GcPhase p, std::ostream* os) {
  *os << to_string(p);
}

}  // namespace cq

namespace cq::test {

// Sanitizers slow every step down; the properties hold at smaller sizes, so those builds run less.
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
inline constexpr bool kSanitized = true;
#else
inline constexpr bool kSanitized = false;
#endif

// A run of a few hundred steps: 2 mutators on 4 Ps, small blocks so several fill up eagerly, and
// spans that do not divide the blocks so the flush still has partial blocks to merge.
inline Scenario small_scenario(RunnerKind runner = RunnerKind::inline_) {
  Scenario s;
  s.gomaxprocs = 4;
  s.mutators = 2;
  s.cleanups = 45;
  s.gc_cycles = 1;
  s.sweepers = 2;
  s.span_objects = 6;
  s.block_capacity = 8;
  s.runner = runner;
  s.seed = 1;
  return s;
}

// A pool that grows to its cap: several cycles, and cleanups slow enough that blocks wait on
// `full` while the next cycle's mutators call AddCleanup again (docs/algorithm.md §3.8).
inline Scenario growing_scenario(std::uint32_t gomaxprocs = 16,
                                 WorkerCapPolicy cap = WorkerCapPolicy::quarter) {
  Scenario s = small_scenario();
  s.gomaxprocs = gomaxprocs;
  s.mutators = 4;
  s.cleanups = 120;
  s.gc_cycles = 4;
  s.sweepers = 2;
  s.span_objects = 16;
  s.block_capacity = 20;
  s.worker_cap = cap;
  s.costs.cleanup_ns = 20'000;
  s.costs.sched_round_ns = 20'000;  // under poll, fewer idle rounds; the waking is the same
  s.seed = 3;
  return s;
}

// Builds the runtime for a scenario that must be valid, and runs it to the end.
inline std::unique_ptr<SimRuntime> run_to_end(const Scenario& s) {
  const auto invalid = validate(s);
  EXPECT_FALSE(invalid.has_value()) << *invalid;
  auto sim = std::make_unique<SimRuntime>(s);
  const RunOutcome out = sim->run();
  EXPECT_EQ(out.why, RunStop::finished) << to_string(out.why);
  return sim;
}

// The books of a run that must lose nothing, as Go's TestCleanupLost asks: it finished, each of
// `expected` cleanups was registered and ran once, nothing is pending, duplicated or stranded,
// no invariant broke, there was one flush per GC cycle, and the trace counted one cleanup_run
// per cleanup.
inline void expect_every_cleanup_ran_once(const SimRuntime& sim, const RunOutcome& out,
                                          std::uint64_t expected, std::uint64_t flushes) {
  const RunSummary r = sim.summary();
  EXPECT_EQ(out.why, RunStop::finished);
  EXPECT_TRUE(r.ok()) << "registered " << r.registered << " executed " << r.executed;
  EXPECT_EQ(r.registered, expected);
  EXPECT_EQ(r.executed, expected) << "cleanups lost";
  EXPECT_EQ(r.lost, 0u);
  EXPECT_EQ(r.duplicated, 0u);
  EXPECT_EQ(r.pending, 0u);
  EXPECT_EQ(r.invariant_violations, 0u);
  EXPECT_FALSE(r.stranded);
  EXPECT_EQ(r.flushes, flushes);
  EXPECT_EQ(sim.trace().count(EventKind::cleanup_run), expected);
}

// Every stored event, through read(): spans, not a lock (and maybe a decode) per event.
inline std::vector<TraceEvent> events_of(const Trace& trace) {
  std::vector<TraceEvent> out;
  out.reserve(trace.size());
  trace.read(0, trace.size(), [&](std::span<const TraceEvent> events) {
    out.insert(out.end(), events.begin(), events.end());
  });
  return out;
}

// Every actor's kind, indexed by actor id (the runner's spawn order).
struct ActorTable {
  std::vector<ActorInfo> actors;

  explicit ActorTable(const Runner& runner) : actors(runner.actors()) {}

  bool is(ActorId id, ActorKind kind) const {
    return id < actors.size() && actors[id].kind == kind;
  }
  const std::string& name(ActorId id) const {
    static const std::string runtime = "runtime";
    return id < actors.size() ? actors[id].name : runtime;
  }
  std::size_t count(ActorKind kind) const {
    std::size_t n = 0;
    for (const ActorInfo& a : actors) n += a.kind == kind ? 1 : 0;
    return n;
  }
};

// Calls `visit(event, phase)` for every event, with the GC phase in force when it was emitted.
// gc_phase events carry the phase *after* them in `b`, so they are visited with the old phase.
inline void for_each_with_phase(const std::vector<TraceEvent>& events,
                                const std::function<void(const TraceEvent&, GcPhase)>& visit) {
  GcPhase phase = GcPhase::off;
  for (const TraceEvent& e : events) {
    visit(e, phase);
    if (e.kind == EventKind::gc_phase) phase = static_cast<GcPhase>(e.b);
  }
}

inline std::size_t count_kind(const std::vector<TraceEvent>& events, EventKind kind) {
  std::size_t n = 0;
  for (const TraceEvent& e : events) n += e.kind == kind ? 1 : 0;
  return n;
}

// Index of the first event of `kind` at or after `from`; events.size() if there is none.
inline std::size_t find_kind(const std::vector<TraceEvent>& events, EventKind kind,
                             std::size_t from = 0) {
  for (std::size_t i = from; i < events.size(); ++i) {
    if (events[i].kind == kind) return i;
  }
  return events.size();
}

// What the trace checker needs to know of the run that made the trace.
inline TraceCheckOptions check_options(const SimRuntime& sim) {
  const Scenario& s = sim.scenario();
  TraceCheckOptions o;
  o.block_capacity = s.block_capacity;
  o.gomaxprocs = s.gomaxprocs;
  o.worker_cap = sim.summary().worker_cap;
  o.go124 = s.design() == Design::finalizer_queue;
  o.level_protocol = s.protocol == WakeProtocol::level;
  o.strict_order = s.runner != RunnerKind::threaded;
  return o;
}

}  // namespace cq::test
