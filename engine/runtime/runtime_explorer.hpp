// The schedule explorer (sim/explorer.hpp) pointed at the simulated runtime: a scenario small
// enough to search exhaustively, a fingerprint of the runtime's state, and the replay of a
// schedule from scratch on the inline runner.
//
// The scenario is the shape of TestCleanupLost (docs/algorithm.md §9.2): one mutator registers its
// cleanups, one GC cycle sweeps them, and the cleanup goroutine must run them all. With
// GOMAXPROCS 8 the pool cap is 2 while one goroutine exists (ng < cap), the condition under which
// the e46c8e `oneshot` scheduler can consume the only wake and leave a block on `full` while its
// goroutine sleeps.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/scenario.hpp"
#include "runtime/sim_runtime.hpp"
#include "sim/explorer.hpp"

namespace cq {

// Small, so that every block fills (and is pushed eagerly, with its one wake) within a few steps.
inline constexpr std::uint32_t kExplorationBlockCapacity = 2;
inline constexpr std::uint32_t kMaxExplorationBlocks = 4;
inline constexpr std::uint32_t kMaxExplorationGomaxprocs = 16;

// One mutator, one sweeper, one GC cycle, one scheduler-round actor (rounds of different Ps are
// interchangeable) under the poll scheduler (a round between any two steps), `blocks` blocks'
// worth of cleanups. Its runner is `conducted`, so that
// to_command_line() of it, plus --schedule, is the replay on real threads.
Scenario exploration_scenario(WakeProtocol protocol, std::uint32_t gomaxprocs,
                              std::uint32_t blocks);

// Everything the runtime's next steps depend on: the runner's actors (state and fingerprint),
// the queue (blocks by id and count, the stacks, P blocks, sleepers, the wake word, pool
// counters), the GC and sweep gate, and the exactly-once books. Not virtual time, not
// statistics (CAS retries, wake counts) that no step reads. Call only between steps.
std::uint64_t state_fingerprint(const SimRuntime& sim);

// The properties a run breaks, as the explorer names them: "invariant" and "crash" (the modelled
// program died; the detail is the CrashCause's name, "nil P in flush (e46c8e)") at any moment; at
// the end also "stranded", "lost", "duplicated", or "incomplete" (cleanups left pending otherwise).
std::vector<BrokenProperty> broken_properties(const RunSummary& summary, bool finished);

// Replays schedules of one scenario on the inline runner, trace recording off.
class RuntimeExplorationTarget final : public ExplorationTarget {
 public:
  explicit RuntimeExplorationTarget(const Scenario& scenario);
  ReplayedState replay(const std::vector<std::string>& schedule) override;

 private:
  Scenario scenario_;
};

}  // namespace cq
