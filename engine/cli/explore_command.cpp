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
  e->add_option("--protocol", o.protocol, "wake protocol to check: oneshot (e46c8e) or level")
      ->check(CLI::IsMember({"oneshot", "level"}))
      ->required();
  e->add_option("--gomaxprocs", o.gomaxprocs, "number of Ps (the pool cap is max(N/4, 1))")
      ->check(CLI::Range(kMinGomaxprocs, kMaxExplorationGomaxprocs))
      ->capture_default_str();
  e->add_option("--blocks", o.blocks, "blocks of cleanups the one mutator registers")
      ->check(CLI::Range(1u, kMaxExplorationBlocks))
      ->capture_default_str();
  e->add_option("--max-schedules", o.max_schedules, "stop after this many complete schedules")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1'000'000'000}))
      ->capture_default_str();
  e->add_option("--max-depth", o.max_depth, "longest schedule explored, in steps")
      ->check(CLI::Range(1u, 100'000u))
      ->capture_default_str();
  e->add_flag("--json", o.json, "print exactly one JSON object");
}

int explore_command(const ExploreOptions& o) {
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
