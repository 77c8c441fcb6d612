#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "io/output_file.hpp"
#include "runtime/sim_runtime.hpp"
#include "sim/chrome_trace.hpp"

namespace cq::cli {

void add_run_command(CLI::App& app, RunOptions& o) {
  CLI::App* run = app.add_subcommand("run", "run the simulated runtime and summarise it");
  add_scenario_flags(*run, o.flags);
  run->add_option("--trace", o.trace_file, "write the trace as Chrome trace-event JSON");
  run->add_flag("--json", o.json, "print exactly one JSON object");
}

std::string hex_hash(std::uint64_t h) {
  // A string: JSON numbers above 2^53 lose digits in JavaScript and many other readers.
  char text[19];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(h));
  return text;
}

int run_command(RunOptions& o) {
  Scenario& s = o.flags.scenario;
  if (auto problem = resolve(o.flags)) {
    std::cerr << "cleanupq run: " << problem->message << "\n";
    return 2;
  }
  SimRuntime sim(s);
  const RunOutcome out = sim.run();
  const RunSummary r = sim.summary();
  if (out.why == RunStop::schedule_error) {
    std::cerr << "cleanupq run: --schedule: " << sim.runner().schedule_error() << "\n";
  }
  // A trace that could not be written is reported and the summary still printed; the exit
  // code then says the output failed (kExitOutputFailed), whatever the run found.
  bool trace_failed = false;
  if (!o.trace_file.empty()) {
    const std::string error = io::write_file_with(o.trace_file, [&](std::ostream& file) {
      write_chrome_trace(file, sim.trace(), sim.runner().actors());
    });
    if (!error.empty()) {
      std::cerr << "cleanupq run: --trace " << error << "\n";
      trace_failed = true;
    }
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
      {"go", describe_go(s)},
      {"options", all_options(s)},
  };
  if (o.json) {
    std::cout << j.dump() << "\n";
  } else {
    std::cout << j.dump(2) << "\n";
  }
  // A schedule naming an actor that cannot step is bad input (2); the run up to that point is
  // still printed (and traced), so nothing recorded is lost.
  if (out.why == RunStop::schedule_error) return 2;
  if (trace_failed) return kExitOutputFailed;
  return r.ok() ? 0 : 1;
}

}  // namespace cq::cli
