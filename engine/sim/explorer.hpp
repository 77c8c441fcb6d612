// ScheduleExplorer: systematic search of the interleavings of small-step actors, for small
// configurations (docs/architecture.md, "sim/ ... schedule explorer").
//
// The search is breadth-first over schedules (sequences of actor names, as Runner::set_schedule
// takes them). The system under test cannot be copied (it holds real atomics, mutexes and
// threads' worth of state), so every node is reached by replaying its schedule from a fresh
// start on the inline runner: stateless re-execution, cheap for the few dozen steps of a small
// configuration. Two things keep the search finite and small:
//   - state hashing: a node whose fingerprint was seen before is not expanded again. A step
//     that changes nothing (a scheduler round with nobody to wake) leads back to a seen state,
//     which is what makes always-ready background actors harmless;
//   - a depth bound, as a safety net: nodes at the bound are counted, not expanded.
// Breadth-first order means the first violation found has a shortest schedule, so reported
// schedules need no separate minimisation.
//
// Generic: it knows actor names and fingerprints, nothing about cleanups (the runtime's
// adapter is runtime/runtime_explorer.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cq {

// A property a replay broke: its kind ("stranded", "crash", ...) and, where the kind alone does not
// say what happened, a detail (a crash's cause, "nil P in flush (e46c8e)"; else empty).
struct BrokenProperty {
  std::string kind;
  std::string detail;
};

// Where one replayed schedule leaves the system under test.
struct ReplayedState {
  bool diverged = false;  // the schedule named an actor that was not ready: replay broke
  bool finished = false;  // the run is over: nothing can move any more
  std::uint64_t fingerprint = 0;
  std::vector<std::string> ready;          // actors that may take the next step, in a fixed order
  std::vector<BrokenProperty> violations;  // properties broken ("stranded", "lost", ...)
};

// The system under exploration. replay() rebuilds it from its initial state and takes exactly
// the given steps; it must be deterministic (same schedule, same state).
class ExplorationTarget {
 public:
  virtual ~ExplorationTarget() = default;
  virtual ReplayedState replay(const std::vector<std::string>& schedule) = 0;
};

struct ExplorerLimits {
  std::uint32_t max_depth = 400;          // steps in one schedule; nodes at this depth are cut
  std::uint64_t max_schedules = 200'000;  // complete schedules before the search gives up
  // Steps over all replays before the search gives up (0: no bound). Schedules alone do not
  // bound the work: with many actors few replays finish, and the unfinished ones cost too.
  std::uint64_t max_steps_replayed = 0;
};

enum class ExplorationEnd : std::uint8_t {
  exhausted,        // every state within the depth bound was explored
  violation,        // stopped at the first violation (it has a shortest schedule)
  schedule_budget,  // max_schedules complete schedules explored; the search is partial
  step_budget,      // max_steps_replayed steps replayed; the search is partial
};
constexpr std::string_view to_string(ExplorationEnd e) {
  switch (e) {
    case ExplorationEnd::exhausted:
      return "exhausted";
    case ExplorationEnd::violation:
      return "violation";
    case ExplorationEnd::schedule_budget:
      return "schedule_budget";
    case ExplorationEnd::step_budget:
      return "step_budget";
  }
  return "unknown";
}

struct ScheduleViolation {
  std::string kind;                   // "stranded", "lost", "duplicated", "invariant", "crash", ...
  std::string detail;                 // BrokenProperty::detail: a crash's cause, or empty
  std::vector<std::string> schedule;  // replays it from the start, step by step
};

struct ExplorationReport {
  std::uint64_t schedules = 0;       // complete schedules: replays that reached the run's end
  std::uint64_t states = 0;          // distinct fingerprints visited
  std::uint64_t replays = 0;         // runs from the start (one per edge of the search)
  std::uint64_t steps_replayed = 0;  // steps taken over all replays: the cost of statelessness
  std::uint64_t depth_cutoffs = 0;   // new states found at max_depth, left unexpanded
  std::uint32_t deepest = 0;         // longest schedule explored
  ExplorationEnd end = ExplorationEnd::exhausted;
  std::vector<ScheduleViolation> violations;  // the first violating schedule, one per kind
};

ExplorationReport explore_schedules(ExplorationTarget& target, const ExplorerLimits& limits);

}  // namespace cq
