// cleanupq: the headless front end. Tests, lessons and users script against this contract:
//   cleanupq run      one run of the simulated runtime; --json prints exactly one JSON object
//   cleanupq flush    what the last sweeper's flush does to P blocks with given fill levels
//   cleanupq explore  systematic search of interleavings for the lost wakeup or a crash
//   cleanupq lesson   check, list and play lesson files (lessons/*.toml)
//   cleanupq import-go-trace  a real Go execution trace reduced to its cleanup goroutines
//   cleanupq trace    a compact trace file (run --trace FILE.cqtrace): summary, events, check
//   cleanupq --version  "cleanupq 0.2.0 (commit 1a2b3c4)"
// Exit codes: 0 all good, 1 a cleanup lost/duplicated/stranded or an invariant broke (explore:
// a violation found, a crash among them; lesson: a problem in a lesson), 2 bad usage, 3 an output
// could not be written (a --trace file, or standard output: a full disk, a closed pipe), named with
// the OS's reason on stderr, 4 (run only) the modelled Go program crashed.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "data/version.hpp"
#include "io/output_file.hpp"

namespace {

int run_cleanupq(int argc, char** argv) {
  cq::io::check_stdout();  // a failed write to stdout is an error (exit 3), with its reason
  CLI::App app{"cleanupq: Go 1.25's runtime cleanup queue, on real threads, headless"};
  app.set_version_flag("--version", cq::version_line("cleanupq"),
                       "print the version and git commit");
  app.require_subcommand(1);
  // A flag given twice takes its last value, so scripts can append overrides to a base line.
  app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  cq::cli::RunOptions run_opts;
  cq::cli::add_run_command(app, run_opts);
  cq::cli::FlushOptions flush_opts;
  cq::cli::add_flush_command(app, flush_opts);
  cq::cli::ExploreOptions explore_opts;
  cq::cli::add_explore_command(app, explore_opts);
  cq::cli::LessonOptions lesson_opts;
  cq::cli::add_lesson_command(app, lesson_opts);
  cq::cli::ImportGoTraceOptions import_opts;
  cq::cli::add_import_go_trace_command(app, import_opts);
#ifdef CQ_COMPACT_TRACE
  cq::cli::TraceOptions trace_opts;
  cq::cli::add_trace_command(app, trace_opts);
#endif
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Help is success; any other parse error is usage (exit 2), with CLI11's message naming
    // the flag.
    const int code = app.exit(e);
    if (code != 0) return 2;
    if (const auto error = cq::io::finish_stdout()) {
      std::cerr << "cleanupq: " << *error << "\n";  // the help went nowhere
      return cq::cli::kExitOutputFailed;
    }
    return 0;
  }
  int status = 0;
  if (app.got_subcommand("run")) {
    status = cq::cli::run_command(run_opts);
  } else if (app.got_subcommand("flush")) {
    status = cq::cli::flush_command(flush_opts);
  } else if (app.got_subcommand("lesson")) {
    status = cq::cli::lesson_command(lesson_opts);
  } else if (app.got_subcommand("import-go-trace")) {
    status = cq::cli::import_go_trace_command(import_opts);
#ifdef CQ_COMPACT_TRACE
  } else if (app.got_subcommand("trace")) {
    status = cq::cli::trace_command(trace_opts);
#endif
  } else {
    status = cq::cli::explore_command(explore_opts);
  }
  // What was printed must have arrived: `cleanupq run --json > /dev/full` is not a success.
  if (const auto error = cq::io::finish_stdout()) {
    std::cerr << "cleanupq: " << *error << "\n";
    return cq::cli::kExitOutputFailed;
  }
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run_cleanupq(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "cleanupq: internal error: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "cleanupq: internal error: an exception of unknown type\n";
  }
  return cq::cli::kExitInternalError;
}
