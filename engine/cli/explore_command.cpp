// cleanupq explore: search the interleavings of a small scenario for a lost wakeup
// (docs/algorithm.md §9.2) or a crash. With --protocol oneshot (e46c8e) it finds the schedule that
// leaves a block on `full` while its goroutine sleeps; with --protocol level (go1.25) it must find
// none. With --grow-gomaxprocs-to, e46c8e's flush meets the new, still nil Ps and the program dies
// ("crash", nil P in flush); go1.25's flush skips them and the search must find nothing. Each
// violation comes with the `cleanupq run` line that replays it on real threads, one step at a time.
#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "runtime/runtime_explorer.hpp"

namespace cq::cli {
namespace {

// The scenario table's options explore takes, as they are written there (help, range, messages):
// a GOMAXPROCS growth as the sweep ends, the nil-P crash of e46c8e's flush. Not
// --resize-during-cycle: explore's scenario has one GC cycle, the only one that can resize.
const std::vector<std::string_view> kExploreTableOptions = {"grow-gomaxprocs-to"};

}  // namespace

void add_explore_command(CLI::App& app, ExploreOptions& o) {
  CLI::App* e = app.add_subcommand("explore", "search interleavings for a lost wakeup or a crash");
  o.checked
      .add_word(*e, "--protocol", o.protocol, {"oneshot", "level"},
                "the wake protocol to check, and with it the Go profile: oneshot is e46c8e, "
                "level go1.25")
      ->required();
  o.checked.add_count(*e, "--gomaxprocs", o.gomaxprocs, kMinGomaxprocs, kMaxExplorationGomaxprocs,
                      "number of Ps (the pool cap is max(N/4, 1))");
  o.checked.add_count(*e, "--blocks", o.blocks, 1u, kMaxExplorationBlocks,
                      "blocks of cleanups the one mutator registers");
  o.checked.add_count(*e, "--max-schedules", o.max_schedules, std::uint64_t{1},
                      std::uint64_t{1'000'000'000}, "stop after this many complete schedules");
  o.checked.add_count(*e, "--max-depth", o.max_depth, 1u, 100'000u,
                      "longest schedule explored, in steps");
  add_scenario_flags(*e, o.table, kExploreTableOptions);
  e->footer(
      "The scenario: one mutator, one sweeper, one GC cycle (so --grow-gomaxprocs-to grows "
      "GOMAXPROCS as its sweep ends), one scheduler-round actor under the poll scheduler, "
      "blocks of 2 cleanups. Violations: stranded, lost, duplicated, incomplete, invariant, "
      "and crash (with its cause, e.g. nil P in flush (e46c8e)); each with the `cleanupq run` "
      "line that replays it on real threads.");
  e->add_flag("--json", o.json, "print exactly one JSON object");
}

int explore_command(const ExploreOptions& o) {
  if (const auto& problem = o.checked.problem()) {
    std::cerr << "cleanupq explore: " << *problem << "\n";
    return 2;
  }
  Scenario scenario =
      exploration_scenario(*parse_wake_protocol(o.protocol), o.gomaxprocs, o.blocks);
  // The table's options on top, then the checks of cq::validate (--grow-gomaxprocs-to must grow
  // --gomaxprocs).
  if (auto problem = apply_options(scenario, o.table.given)) {
    std::cerr << "cleanupq explore: " << problem->message << "\n";
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
                          {"detail", v.detail},
                          {"steps", v.schedule.size()},
                          {"schedule", v.schedule},
                          {"replay", to_command_line(replay) + " --json"}});
  }
  const nlohmann::json j = {
      {"protocol", o.protocol},
      {"gomaxprocs", o.gomaxprocs},
      {"blocks", o.blocks},
      {"grow_gomaxprocs_to", scenario.grow_gomaxprocs_to},
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
