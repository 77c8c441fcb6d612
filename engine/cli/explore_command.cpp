// cleanupq explore: search the interleavings of a small scenario for a lost wakeup
// (docs/algorithm.md §9.2). With --protocol oneshot (e46c8e) it finds the schedule that leaves a
// block on `full` while its goroutine sleeps; with --protocol level it must find none. Each
// violation comes with the `cleanupq run` line that replays it on real threads, one step at a time.
#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "runtime/runtime_explorer.hpp"

namespace cq::cli {

void add_explore_command(CLI::App& app, ExploreOptions& o) {
  CLI::App* e = app.add_subcommand("explore", "search interleavings for a lost wakeup");
  o.checked
      .add_word(*e, "--protocol", o.protocol, {"oneshot", "level"},
                "the wake protocol to check (oneshot is e46c8e's)")
      ->required();
  o.checked.add_count(*e, "--gomaxprocs", o.gomaxprocs, kMinGomaxprocs, kMaxExplorationGomaxprocs,
                      "number of Ps (the pool cap is max(N/4, 1))");
  o.checked.add_count(*e, "--blocks", o.blocks, 1u, kMaxExplorationBlocks,
                      "blocks of cleanups the one mutator registers");
  o.checked.add_count(*e, "--max-schedules", o.max_schedules, std::uint64_t{1},
                      std::uint64_t{1'000'000'000}, "stop after this many complete schedules");
  o.checked.add_count(*e, "--max-depth", o.max_depth, 1u, 100'000u,
                      "longest schedule explored, in steps");
  e->add_flag("--json", o.json, "print exactly one JSON object");
}

int explore_command(const ExploreOptions& o) {
  if (const auto& problem = o.checked.problem()) {
    std::cerr << "cleanupq explore: " << *problem << "\n";
    return 2;
  }
  const Scenario scenario =
      exploration_scenario(*parse_wake_protocol(o.protocol), o.gomaxprocs, o.blocks);
  if (auto error = validate(scenario)) {
    std::cerr << "cleanupq explore: " << *error << "\n";
    return 2;
  }
  RuntimeExplorationTarget target(scenario);
  const auto start = std::chrono::steady_clock::now();
  const ExplorationReport report =
      explore_schedules(target, {.max_depth = o.max_depth, .max_schedules = o.max_schedules});
  const double wall_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();

  nlohmann::json violations = nlohmann::json::array();
  for (const ScheduleViolation& v : report.violations) {
    Scenario replay = scenario;
    replay.schedule = v.schedule;
    violations.push_back({{"kind", v.kind},
                          {"steps", v.schedule.size()},
                          {"schedule", v.schedule},
                          {"replay", to_command_line(replay) + " --json"}});
  }
  const nlohmann::json j = {
      {"protocol", o.protocol},
      {"gomaxprocs", o.gomaxprocs},
      {"blocks", o.blocks},
      {"block_capacity", scenario.block_capacity},
      {"worker_cap", max_cleanup_goroutines(scenario.gomaxprocs, scenario.worker_cap)},
      {"scenario", to_command_line(scenario)},
      {"schedules", report.schedules},
      {"states", report.states},
      {"replays", report.replays},
      {"steps_replayed", report.steps_replayed},
      {"max_depth", o.max_depth},
      {"deepest", report.deepest},
      {"depth_cutoffs", report.depth_cutoffs},
      {"max_schedules", o.max_schedules},
      {"end", std::string(to_string(report.end))},
      {"violations", violations},
      {"wall_ms", wall_ms},
  };
  std::cout << (o.json ? j.dump() : j.dump(2)) << "\n";
  return report.violations.empty() ? 0 : 1;
}

}  // namespace cq::cli
