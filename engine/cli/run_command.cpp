#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "cli/commands.hpp"
#include "cli/conformance_facts.hpp"
#include "io/output_file.hpp"
#include "queue/cleanup_block.hpp"
#include "runtime/go_profile.hpp"
#include "runtime/sim_runtime.hpp"
#include "trace/trace_writer.hpp"
#ifdef CQ_COMPACT_TRACE
#include "trace/compact_trace_writer.hpp"
#endif

namespace cq::cli {

void add_run_command(CLI::App& app, RunOptions& o) {
  CLI::App* run = app.add_subcommand("run", "run the simulated runtime and summarise it");
  add_scenario_flags(*run, o.flags);
  run->add_option("--trace", o.trace_file,
                  "write the trace to this file as the run goes on: FILE.cqtrace in the compact "
                  "format (about 3 bytes an event, with an index: read it with `cleanupq "
                  "trace`), any other name as Chrome trace-event JSON for Perfetto (about 150 "
                  "bytes an event); the run holds no event in memory either way");
  run->add_flag("--json", o.json, "print exactly one JSON object");
}

std::string hex_hash(std::uint64_t h) {
  // A string: JSON numbers above 2^53 lose digits in JavaScript and many other readers.
  char text[19];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(h));
  return text;
}

namespace {

// nullopt when this build can write the --trace file named, or the message saying why not.
std::optional<std::string> trace_format_problem(const std::string& path) {
#ifdef CQ_COMPACT_TRACE
  (void)path;
  return std::nullopt;
#else
  if (!path.ends_with(kCompactTraceSuffix)) return std::nullopt;
  return path + ": this build of cleanupq (WebAssembly) writes no " +
         std::string(kCompactTraceSuffix) +
         " file (the compact format needs zstd): name a .json file for Chrome trace JSON";
#endif
}

// The writer the file's name asks for.
std::unique_ptr<StreamingTraceWriter> make_trace_writer(io::OutputFile& file, const Scenario& s) {
#ifdef CQ_COMPACT_TRACE
  // The model before the first event, as every fold of a run's trace starts (TraceIndex, lessons).
  if (file.path().ends_with(kCompactTraceSuffix)) {
    return std::make_unique<CompactTraceWriter>(file, TraceModel(s.gomaxprocs));
  }
#else
  (void)s;
#endif
  return std::make_unique<ChromeTraceWriter>(file);
}

// What the run's queue code is, beyond the options: the slot type and the block it makes, the
// stacks' tag width and flush's nil-P check (queue/queue_config.hpp cites each in Go's source).
// Null under go1.24, which has no queue.
nlohmann::json go_code(const Scenario& s) {
  if (s.design() == Design::finalizer_queue) return nullptr;
  const QueueConfig q = s.queue_config();
  return {{"slot", std::string(to_string(q.slot_kind))},
          {"slots_per_block", q.block_capacity},
          {"block_bytes", CleanupBlock::allocation_size(q.block_capacity, q.slot_kind)},
          {"tag_bits", q.tag_bits},
          {"flush_skips_nil_p", q.flush_skips_nil_p}};
}

// The statistics the Go of the run itself exposes about its cleanup queue, with where it exposes
// them, so a run can be compared with a real program's numbers. Both count as Go counts:
// `queued` every cleanup ever enqueued (pp.cleanupsQueued++ in enqueue), `executed` by whole
// blocks, b.n once a block's cleanups all ran (runCleanups); both in runtime/mcleanup.go,
// readQueueStats. Null where the run's Go has no such statistics, with the reason.
nlohmann::json go_stats(const SimRuntime& sim) {
  const GoQueueStatsExposure go = go_queue_stats_exposure(sim.scenario().go);
  if (go.exposed_as.empty()) {
    return {{"queued", nullptr},
            {"executed", nullptr},
            {"exposed_as", nullptr},
            {"why_null", std::string(go.why_not)}};
  }
  const CleanupQueue* q = sim.state().queue.get();
  if (q == nullptr) return nullptr;
  return {{"queued", q->queued()},
          {"executed", q->executed()},
          {"exposed_as", std::string(go.exposed_as)}};
}

}  // namespace

int run_command(RunOptions& o) {
  Scenario& s = o.flags.scenario;
  if (auto problem = resolve(o.flags)) {
    std::cerr << "cleanupq run: " << problem->message << "\n";
    return 2;
  }
  // A run records only what was asked for, and keeps no event in memory: the conformance facts
  // are folded and a --trace file is written as the events happen (both TraceObservers), so
  // its memory does not grow with its length.
  s.record_trace = false;
  std::optional<io::OutputFile> trace_file;
  std::unique_ptr<StreamingTraceWriter> trace_writer;
  if (!o.trace_file.empty()) {
    if (auto problem = trace_format_problem(o.trace_file)) {
      std::cerr << "cleanupq run: --trace " << *problem << "\n";
      return 2;
    }
    trace_file.emplace(o.trace_file);
    // A file that cannot be made is reported after the run, with its summary, like any other
    // failed write.
    if (trace_file->ok()) trace_writer = make_trace_writer(*trace_file, s);
  }
  ConformanceFacts facts;
  TraceObserverPair observers(&facts, trace_writer.get());
  SimRuntime sim(s, &observers);
  const RunOutcome out = sim.run();
  const RunSummary r = sim.summary();
  if (out.why == RunStop::schedule_error) {
    std::cerr << "cleanupq run: --schedule: " << sim.runner().schedule_error() << "\n";
  }
  // A trace that could not be written is reported and the summary still printed; the exit
  // code then says the output failed (kExitOutputFailed), whatever the run found.
  bool trace_failed = false;
  if (trace_file) {
    if (!trace_writer || !trace_writer->finish(sim.runner().trace_tracks()) ||
        !trace_file->commit()) {
      const std::string& why = trace_writer && !trace_writer->error().empty()
                                   ? trace_writer->error()
                                   : trace_file->error();
      std::cerr << "cleanupq run: --trace " << why << "\n";
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
      {"go_code", go_code(s)},
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
