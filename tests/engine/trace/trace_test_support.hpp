// Helpers for the trace suites (trace_model, trace_index, retention, invariants): hand-written
// events, the scenarios every suite runs, and the fold / check of a finished run.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "runtime/runtime_state.hpp"
#include "runtime/scenario.hpp"
#include "runtime/sim_runtime.hpp"
#include "support/runtime_test_support.hpp"  // events_of, kSanitized
#include "trace/trace.hpp"
#include "trace/trace_invariants.hpp"
#include "trace/trace_model.hpp"

namespace cq {

inline void PrintTo(BlockPlace p, std::ostream* os) {
  *os << to_string(p);
}
inline void PrintTo(WorkerPhase p, std::ostream* os) {
  *os << to_string(p);
}
inline void PrintTo(const TraceViolation& v, std::ostream* os) {
  *os << "{event " << v.event_index << ", invariant " << v.invariant << ": " << v.message << "}";
}

}  // namespace cq

namespace cq::test {

// One hand-written event; the time defaults to 0 (one instant, which is what a strict fold needs).
inline TraceEvent ev(EventKind kind, std::uint16_t actor = 0, std::uint16_t p = kNoP,
                     std::uint32_t block = kNoBlock, std::uint64_t a = 0, std::uint32_t b = 0,
                     std::uint64_t time_ns = 0) {
  TraceEvent e;
  e.kind = kind;
  e.actor = actor;
  e.p = p;
  e.block = block;
  e.a = a;
  e.b = b;
  e.time_ns = time_ns;
  return e;
}

struct NamedScenario {
  std::string name;
  Scenario scenario;
};

// Small runs (a few thousand events) that between them reach every kind of event: eager pushes
// and flush merges, both wake protocols, Go 1.24, several GC cycles, one-entry blocks, a cleanup
// that never returns.
inline Scenario base_scenario(RunnerKind runner) {
  Scenario s;
  s.gomaxprocs = 4;
  s.mutators = 3;
  s.cleanups = 70;
  s.sweepers = 2;
  s.span_objects = 6;
  s.block_capacity = 8;
  s.runner = runner;
  s.seed = 5;
  s.costs.cleanup_ns = 300;
  return s;
}

inline std::vector<NamedScenario> trace_scenarios(RunnerKind runner) {
  std::vector<NamedScenario> out;
  out.push_back({"level", base_scenario(runner)});
  Scenario oneshot = base_scenario(runner);
  oneshot.protocol = WakeProtocol::oneshot;
  oneshot.seed = 11;
  out.push_back({"oneshot", oneshot});
  Scenario go124 = base_scenario(runner);
  apply_go_profile(go124, GoVersion::go1_24);
  out.push_back({"go124", go124});
  Scenario cycles = base_scenario(runner);
  cycles.gomaxprocs = 8;
  cycles.gc_cycles = 3;
  cycles.sweepers = 3;
  cycles.costs.cleanup_ns = 2'000;  // slow runners: blocks pile up, the pool grows to the cap
  cycles.seed = 42;
  out.push_back({"multi_cycle", cycles});
  Scenario one = base_scenario(runner);
  one.block_capacity = 1;
  one.cleanups = 25;
  out.push_back({"capacity_1", one});
  Scenario stuck = cycles;
  stuck.gc_cycles = 2;
  stuck.stuck_cleanup = 17;
  stuck.worker_cap = WorkerCapPolicy::gomaxprocs;
  out.push_back({"stuck", stuck});
  // Every action costs the same, so many steps share an instant: the threaded runner then runs
  // them in parallel and appends them in any order, and one-entry blocks go free -> P -> full ->
  // worker -> free within one instant (the model's deferred pops).
  Scenario collide = base_scenario(runner);
  collide.block_capacity = 1;
  collide.mutators = 4;
  collide.cleanups = 60;
  collide.sweepers = 3;
  collide.span_objects = 3;
  collide.protocol = WakeProtocol::oneshot;
  collide.worker_cap = WorkerCapPolicy::gomaxprocs;
  collide.costs = {.add_cleanup_ns = 10,
                   .sweep_object_ns = 10,
                   .cleanup_ns = 10,
                   .sched_round_ns = 20,
                   .wake_latency_ns = 10,
                   .root_scan_ns = 10,
                   .gc_phase_ns = 10,
                   .sweep_gate_ns = 10};
  out.push_back({"collisions", collide});
  return out;
}

inline std::unique_ptr<SimRuntime> run_scenario(const Scenario& s) {
  const auto invalid = validate(s);
  EXPECT_FALSE(invalid.has_value()) << *invalid;
  auto sim = std::make_unique<SimRuntime>(s);
  const RunOutcome out = sim->run();
  EXPECT_EQ(out.why, RunStop::finished) << to_string(out.why);
  return sim;
}

inline TraceModel fold(std::span<const TraceEvent> events, std::uint32_t gomaxprocs) {
  TraceModel model(gomaxprocs);
  model.apply(events);
  return model;
}

inline bool has_invariant(const std::vector<TraceViolation>& violations, std::uint32_t number) {
  for (const TraceViolation& v : violations) {
    if (v.invariant == number) return true;
  }
  return false;
}

inline std::string describe(const std::vector<TraceViolation>& violations) {
  std::string out;
  for (std::size_t i = 0; i < violations.size() && i < 8; ++i) {
    out += "\n  event " + std::to_string(violations[i].event_index) + ", invariant " +
           std::to_string(violations[i].invariant) + ": " + violations[i].message;
  }
  return out;
}

}  // namespace cq::test
