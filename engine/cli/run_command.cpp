#include <algorithm>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/conformance_facts.hpp"
#include "io/output_file.hpp"
#include "runtime/sim_runtime.hpp"
#include "trace/chrome_trace.hpp"

namespace cq::cli {

void add_run_command(CLI::App& app, RunOptions& o) {
  CLI::App* run = app.add_subcommand("run", "run the simulated runtime and summarise it");
  add_scenario_flags(*run, o.flags);
  run->add_option("--trace", o.trace_file,
                  "write the trace as Chrome trace-event JSON (without it the run stores no "
                  "event: the summary needs only counts and the hash)");
  o.checked.add_count(*run, "--trace-memory-mib", o.trace_memory_mib, kMinTraceMemoryMib,
                      kMaxTraceMemoryMib,
                      "memory for the trace --trace records [MiB]; past it the run goes on, "
                      "counted and hashed, but no more events are stored (the JSON's "
                      "trace_complete is false, and the --trace file holds only the stored "
                      "ones: exit 3)");
  run->add_flag("--json", o.json, "print exactly one JSON object");
}

std::string hex_hash(std::uint64_t h) {
  // A string: JSON numbers above 2^53 lose digits in JavaScript and many other readers.
  char text[19];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(h));
  return text;
}

namespace {

// The statistics the Go of the run itself exposes about its cleanup queue, with where it exposes
// them, so a run can be compared with a real program's numbers. Both count as Go counts:
// `queued` every cleanup ever enqueued (pp.cleanupsQueued++ in enqueue), `executed` by whole
// blocks, b.n once a block's cleanups all ran (runCleanups); both in runtime/mcleanup.go,
// readQueueStats. Null where the run's Go has no such statistics, with the reason.
nlohmann::json go_stats(const SimRuntime& sim) {
  const Scenario& s = sim.scenario();
  const CleanupQueue* q = sim.state().queue.get();
  const auto none = [](const char* why) -> nlohmann::json {
    return {{"queued", nullptr}, {"executed", nullptr}, {"exposed_as", nullptr}, {"why_null", why}};
  };
  const char* exposed = nullptr;
  switch (s.go) {
    case GoVersion::go1_26:
      exposed =
          "runtime/metrics: /gc/cleanups/queued:cleanups and /gc/cleanups/executed:cleanups "
          "(runtime/metrics.go; readQueueStats in runtime/mcleanup.go)";
      break;
    case GoVersion::go1_25:
      exposed =
          "GODEBUG=checkfinalizers=1: after each GC, 'checkfinalizers: queue: F finalizers + C "
          "cleanups' with C = queued - executed (runtime/mgc.go, gcMarkTermination; "
          "readQueueStats in runtime/mcleanup.go); not in runtime/metrics before Go 1.26";
      break;
    case GoVersion::e46c8e:
      return none(
          "not reported for e46c8e: this project has not checked that commit's source for "
          "readQueueStats");
    case GoVersion::go1_24:
      return none(
          "Go 1.24 has no cleanup queue: cleanups run on the finalizer goroutine from finq "
          "(runtime/mfinal.go)");
  }
  if (q == nullptr) return nullptr;
  return {{"queued", q->queued()}, {"executed", q->executed()}, {"exposed_as", exposed}};
}

}  // namespace

int run_command(RunOptions& o) {
  Scenario& s = o.flags.scenario;
  if (const auto& problem = o.checked.problem()) {
    std::cerr << "cleanupq run: " << *problem << "\n";
    return 2;
  }
  if (auto problem = resolve(o.flags)) {
    std::cerr << "cleanupq run: " << problem->message << "\n";
    return 2;
  }
  // A run records only what was asked for: without --trace it keeps no events, only the counts,
  // the hash and the folded conformance facts, so its memory does not grow with its length.
  s.record_trace = !o.trace_file.empty();
  s.trace_stored_chunks = Trace::chunks_in_mib(o.trace_memory_mib);
  ConformanceFacts facts;
  SimRuntime sim(s, &facts);
  const RunOutcome out = sim.run();
  const RunSummary r = sim.summary();
  if (out.why == RunStop::schedule_error) {
    std::cerr << "cleanupq run: --schedule: " << sim.runner().schedule_error() << "\n";
  }
  // A trace that could not be written is reported and the summary still printed; the exit
  // code then says the output failed (kExitOutputFailed), whatever the run found.
  bool trace_failed = false;
  if (!o.trace_file.empty()) {
    const auto error = io::write_file_with(o.trace_file, [&](std::ostream& file) {
      write_chrome_trace(file, sim.trace(), sim.runner().trace_tracks());
    });
    if (error) {
      std::cerr << "cleanupq run: --trace " << *error << "\n";
      trace_failed = true;
    } else if (!sim.trace().holds_every_event()) {
      std::cerr << "cleanupq run: --trace " << o.trace_file << ": holds the first "
                << sim.trace().size() << " of the run's " << sim.trace().total_events()
                << " events: the rest did not fit in --trace-memory-mib " << o.trace_memory_mib
                << " (allowed " << kMinTraceMemoryMib << ".." << kMaxTraceMemoryMib
                << "); raise it, or run fewer cleanups\n";
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
      // Cleanups that will never run, by cause, from the final state (count_losses).
      {"losses",
       {{"lost_wakeup", r.losses.lost_wakeup},
        {"stranded_by_shrink", r.losses.stranded_by_shrink},
        {"killed_by_goexit", r.losses.killed_by_goexit}}},
      {"crash", r.crash == CrashCause::none ? nlohmann::json(nullptr)
                                            : nlohmann::json(std::string(to_string(r.crash)))},
      {"finished", r.finished},
      {"stop", std::string(to_string(out.why))},
      {"scenario", to_command_line(s)},
      {"go", describe_go(s)},
      {"options", all_options(s)},
      {"conformance", facts.to_json(sim)},
  };
  j["go_stats"] = go_stats(sim);
  // Go 1.24 has no cleanup queue: no blocks pushed whole, no flush, no needg. Null says "no such
  // thing in this Go" where 0 would say "it never happened".
  if (s.design() == Design::finalizer_queue) {
    for (const char* queue_only : {"full_pushes", "flushes", "needg_raised"})
      j[queue_only] = nullptr;
  }
  if (o.json) {
    std::cout << j.dump() << "\n";
  } else {
    std::cout << j.dump(2) << "\n";
  }
  // A schedule naming an actor that cannot step is bad input (2); the run up to that point is
  // still printed (and traced), so nothing recorded is lost.
  if (out.why == RunStop::schedule_error) return 2;
  if (trace_failed) return kExitOutputFailed;
  if (r.crash != CrashCause::none) return kExitCrashed;
  return r.ok() ? 0 : 1;
}

}  // namespace cq::cli
