#include "cli/scenario_flags.hpp"

namespace cq::cli {
namespace {

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> out;
  std::string item;
  for (char c : text) {
    if (c == ',') {
      if (!item.empty()) out.push_back(item);
      item.clear();
    } else if (c != ' ') {
      item += c;
    }
  }
  if (!item.empty()) out.push_back(item);
  return out;
}

}  // namespace

void add_scenario_flags(CLI::App& app, ScenarioFlags& f) {
  Scenario& s = f.scenario;
  app.add_option("--gomaxprocs", s.gomaxprocs, "number of Ps")
      ->check(CLI::Range(kMinGomaxprocs, kMaxGomaxprocs))->capture_default_str();
  app.add_option("--mutators", s.mutators, "goroutines calling AddCleanup (default: GOMAXPROCS)")
      ->check(CLI::Range(1u, kMaxMutators));
  app.add_option("--cleanups", s.cleanups, "AddCleanup calls per mutator per GC cycle")
      ->check(CLI::Range(0u, kMaxCleanupsPerMutator))->capture_default_str();
  app.add_option("--gc-cycles", s.gc_cycles, "GC cycles: each registers, then collects")
      ->check(CLI::Range(1u, kMaxGcCycles))->capture_default_str();
  app.add_option("--sweepers", s.sweepers, "sweeper goroutines")
      ->check(CLI::Range(1u, kMaxSweepers))->capture_default_str();
  app.add_option("--scheduler-rounds", s.scheduler_rounds,
                 "actors running the scheduler's wake hook (default: one per P)")
      ->check(CLI::Range(1u, kMaxGomaxprocs));
  app.add_option("--block-capacity", s.block_capacity, "cleanups per block (60 at e46c8e)")
      ->check(CLI::Range(kMinBlockCapacity, kMaxBlockCapacity))->capture_default_str();
  app.add_option("--protocol", f.protocol, "wake protocol: oneshot (e46c8e) or level (later Go)")
      ->check(CLI::IsMember({"oneshot", "level"}))->capture_default_str();
  app.add_option("--design", f.design, "go125 (e46c8e) or go124 (one finalizer goroutine)")
      ->check(CLI::IsMember({"go125", "go124"}))->capture_default_str();
  app.add_option("--worker-cap", f.worker_cap, "quarter = max(GOMAXPROCS/4,1), or gomaxprocs")
      ->check(CLI::IsMember({"quarter", "gomaxprocs"}))->capture_default_str();
  app.add_option("--runner", f.runner, "threaded, conducted or inline")
      ->check(CLI::IsMember({"threaded", "conducted", "inline"}))->capture_default_str();
  app.add_option("--seed", s.seed, "seed for the conducted and inline runners")
      ->capture_default_str();
  app.add_option("--cleanup-cost-ns", s.costs.cleanup_ns, "virtual time one cleanup runs")
      ->capture_default_str();
  app.add_option("--sched-round-ns", s.costs.sched_round_ns, "virtual time between rounds of a P")
      ->check(CLI::PositiveNumber)->capture_default_str();
  app.add_option("--stuck-cleanup", s.stuck_cleanup, "id of a cleanup that never returns");
  app.add_option("--schedule", f.schedule,
                 "comma-separated actor names stepped first (conducted/inline)");
  auto* speed = app.add_option("--speed", s.speed, "virtual ns per wall ns (0.001 = 1/1000x)")
                    ->check(CLI::Range(kMinSpeed, 1e12));
  app.add_flag("--unthrottled", f.unthrottled, "as fast as possible")->excludes(speed);
}

std::optional<std::string> resolve(ScenarioFlags& f) {
  Scenario& s = f.scenario;
  // The IsMember checks have already rejected anything else.
  s.protocol = *parse_wake_protocol(f.protocol);
  s.design = *parse_design(f.design);
  s.worker_cap = *parse_worker_cap(f.worker_cap);
  s.runner = *parse_runner(f.runner);
  s.schedule = split_commas(f.schedule);
  if (f.unthrottled) s.speed = 0;
  return validate(s);
}

}  // namespace cq::cli
