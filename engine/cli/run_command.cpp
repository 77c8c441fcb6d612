#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "runtime/sim_runtime.hpp"
#include "sim/chrome_trace.hpp"

namespace cq::cli {

void add_run_command(CLI::App& app, RunOptions& o) {
  CLI::App* run = app.add_subcommand("run", "run the simulated runtime and summarise it");
  Scenario& s = o.scenario;
  run->add_option("--gomaxprocs", s.gomaxprocs, "number of Ps")
      ->check(CLI::Range(kMinGomaxprocs, kMaxGomaxprocs))->capture_default_str();
  run->add_option("--mutators", s.mutators, "goroutines calling AddCleanup (default: GOMAXPROCS)")
      ->check(CLI::Range(1u, kMaxMutators));
  run->add_option("--cleanups", s.cleanups, "AddCleanup calls per mutator per GC cycle")
      ->check(CLI::Range(0u, kMaxCleanupsPerMutator))->capture_default_str();
  run->add_option("--gc-cycles", s.gc_cycles, "GC cycles: each registers, then collects")
      ->check(CLI::Range(1u, kMaxGcCycles))->capture_default_str();
  run->add_option("--sweepers", s.sweepers, "sweeper goroutines")
      ->check(CLI::Range(1u, kMaxSweepers))->capture_default_str();
  run->add_option("--block-capacity", s.block_capacity, "cleanups per block (60 at e46c8e)")
      ->check(CLI::Range(kMinBlockCapacity, kMaxBlockCapacity))->capture_default_str();
  run->add_option("--protocol", o.protocol, "wake protocol")
      ->check(CLI::IsMember({"oneshot", "level"}))->capture_default_str();
  run->add_option("--design", o.design, "go125 (e46c8e) or go124 (one finalizer goroutine)")
      ->check(CLI::IsMember({"go125", "go124"}))->capture_default_str();
  run->add_option("--worker-cap", o.worker_cap, "quarter = max(GOMAXPROCS/4,1), or gomaxprocs")
      ->check(CLI::IsMember({"quarter", "gomaxprocs"}))->capture_default_str();
  run->add_option("--runner", o.runner, "threaded, conducted or inline")
      ->check(CLI::IsMember({"threaded", "conducted", "inline"}))->capture_default_str();
  run->add_option("--seed", s.seed, "seed for the conducted and inline runners")
      ->capture_default_str();
  run->add_option("--cleanup-cost-ns", s.costs.cleanup_ns, "virtual time one cleanup runs")
      ->capture_default_str();
  run->add_option("--sched-round-ns", s.costs.sched_round_ns, "virtual time between rounds of a P")
      ->check(CLI::PositiveNumber)->capture_default_str();
  run->add_option("--stuck-cleanup", s.stuck_cleanup, "id of a cleanup that never returns");
  run->add_option("--schedule", o.schedule,
                  "comma-separated actor names stepped first (conducted/inline)");
  auto* speed = run->add_option("--speed", s.speed, "virtual ns per wall ns (0.001 = 1/1000x)")
                    ->check(CLI::Range(kMinSpeed, 1e12));
  run->add_flag("--unthrottled", o.unthrottled, "as fast as possible (the default)")
      ->excludes(speed);
  run->add_option("--trace", o.trace_file, "write the trace as Chrome trace-event JSON");
  run->add_flag("--json", o.json, "print exactly one JSON object");
}

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

std::string hex_hash(std::uint64_t h) {
  // A string: JSON numbers above 2^53 lose digits in JavaScript and many other readers.
  char text[19];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(h));
  return text;
}

int run_command(RunOptions& o) {
  Scenario& s = o.scenario;
  s.protocol = *parse_wake_protocol(o.protocol);
  s.design = *parse_design(o.design);
  s.worker_cap = *parse_worker_cap(o.worker_cap);
  s.runner = *parse_runner(o.runner);
  s.schedule = split_commas(o.schedule);
  if (o.unthrottled) s.speed = 0;
  if (auto error = validate(s)) {
    std::cerr << "cleanupq run: " << *error << "\n";
    return 2;
  }
  SimRuntime sim(s);
  const RunOutcome out = sim.run();
  const RunSummary r = sim.summary();
  if (out.why == RunStop::schedule_error) {
    std::cerr << "cleanupq run: --schedule: " << sim.runner().schedule_error() << "\n";
  }
  if (!o.trace_file.empty()) {
    std::ofstream file(o.trace_file);
    if (!file) {
      std::cerr << "cleanupq run: --trace " << o.trace_file << ": cannot open for writing\n";
      return 2;
    }
    write_chrome_trace(file, sim.trace(), sim.runner().actors());
  }
  nlohmann::json j = {
      {"registered", r.registered},
      {"executed", r.executed},
      {"lost", r.lost},
      {"duplicated", r.duplicated},
      {"pending", r.pending},
      {"queued", r.queued},
      {"stuck_pending", r.stuck_pending},
      {"blocks_allocated", r.blocks_allocated},
      {"full_pushes", r.full_pushes},
      {"flushes", r.flushes},
      {"workers_created", r.workers_created},
      {"worker_cap", r.worker_cap},
      {"wakes", r.wakes},
      {"spurious_wakes", r.spurious_wakes},
      {"needg_raised", r.needg_raised},
      {"events", r.events},
      {"steps", r.steps},
      {"trace_hash", hex_hash(r.trace_hash)},
      {"virtual_ns", r.virtual_ns},
      {"wall_ms", r.wall_ms},
      {"invariant_violations", r.invariant_violations},
      {"stranded", r.stranded},
      {"finished", r.finished},
      {"stop", std::string(to_string(out.why))},
      {"scenario", to_command_line(s)},
  };
  if (o.json) {
    std::cout << j.dump() << "\n";
  } else {
    std::cout << j.dump(2) << "\n";
  }
  return r.ok() ? 0 : 1;
}

}  // namespace cq::cli
