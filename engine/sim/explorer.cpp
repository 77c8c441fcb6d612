#include "sim/explorer.hpp"

#include <deque>
#include <unordered_map>
#include <unordered_set>

namespace cq {
namespace {

// Actor names interned as small numbers: the frontier holds thousands of schedules, and a
// schedule of indices is a fraction of the size of one of strings.
class NameTable {
 public:
  std::uint16_t intern(const std::string& name) {
    auto [it, added] = index_.try_emplace(name, static_cast<std::uint16_t>(names_.size()));
    if (added) names_.push_back(name);
    return it->second;
  }
  std::vector<std::string> spell(const std::vector<std::uint16_t>& schedule) const {
    std::vector<std::string> out;
    out.reserve(schedule.size());
    for (std::uint16_t i : schedule) out.push_back(names_[i]);
    return out;
  }

 private:
  std::unordered_map<std::string, std::uint16_t> index_;
  std::vector<std::string> names_;
};

struct Node {
  std::vector<std::uint16_t> schedule;
  std::vector<std::uint16_t> ready;  // from the replay that discovered the node
};

class BreadthFirstSearch {
 public:
  BreadthFirstSearch(ExplorationTarget& target, const ExplorerLimits& limits)
      : target_(target), limits_(limits) {}

  ExplorationReport run() {
    // The root: the initial state, reached by the empty schedule.
    if (!visit({})) return report_;
    while (!frontier_.empty()) {
      const Node node = std::move(frontier_.front());
      frontier_.pop_front();
      for (std::uint16_t actor : node.ready) {
        std::vector<std::uint16_t> child = node.schedule;
        child.push_back(actor);
        if (!visit(std::move(child))) return report_;
      }
    }
    report_.end = ExplorationEnd::exhausted;
    return report_;
  }

 private:
  // Replays `schedule` and files the state it reaches. Returns false when the search must stop.
  bool visit(std::vector<std::uint16_t> schedule) {
    const std::vector<std::string> spelled = names_.spell(schedule);
    ReplayedState state = target_.replay(spelled);
    ++report_.replays;
    report_.steps_replayed += schedule.size();
    const auto depth = static_cast<std::uint32_t>(schedule.size());
    if (depth > report_.deepest) report_.deepest = depth;
    // The parent's replay said this actor was ready; a replay that disagrees means the system
    // is not deterministic, which breaks replay itself: report it like any broken property.
    if (state.diverged) state.violations.assign(1, {"nondeterministic", ""});
    const bool fresh = visited_.insert(state.fingerprint).second;
    if (fresh) ++report_.states;
    // Every finished replay is a distinct complete schedule, even when its end state is not.
    if (state.finished) ++report_.schedules;
    if (!state.violations.empty()) {
      for (BrokenProperty& broken : state.violations) {
        report_.violations.push_back({std::move(broken.kind), std::move(broken.detail), spelled});
      }
      report_.end = ExplorationEnd::violation;
      return false;
    }
    if (state.finished) {
      if (report_.schedules < limits_.max_schedules) return true;
      report_.end = ExplorationEnd::schedule_budget;
      return false;
    }
    if (limits_.max_steps_replayed != 0 && report_.steps_replayed >= limits_.max_steps_replayed) {
      report_.end = ExplorationEnd::step_budget;
      return false;
    }
    // Pruned: BFS first met this state at its least depth, and explores its futures from there.
    if (!fresh) return true;
    if (depth >= limits_.max_depth) {
      ++report_.depth_cutoffs;
      return true;
    }
    Node node{std::move(schedule), {}};
    node.ready.reserve(state.ready.size());
    for (const std::string& name : state.ready) node.ready.push_back(names_.intern(name));
    frontier_.push_back(std::move(node));
    return true;
  }

  ExplorationTarget& target_;
  const ExplorerLimits limits_;
  NameTable names_;
  std::unordered_set<std::uint64_t> visited_;
  std::deque<Node> frontier_;
  ExplorationReport report_;
};

}  // namespace

ExplorationReport explore_schedules(ExplorationTarget& target, const ExplorerLimits& limits) {
  return BreadthFirstSearch(target, limits).run();
}

}  // namespace cq
