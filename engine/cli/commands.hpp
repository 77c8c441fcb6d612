// The subcommands of cleanupq, each in its own file; main() only dispatches.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cli/checked_flags.hpp"
#include "cli/exit_codes.hpp"
#include "cli/scenario_flags.hpp"
#include "runtime/scenario.hpp"

namespace cq::cli {

// `cleanupq run --trace NAME.cqtrace` writes the compact format; any other name, Chrome JSON.
inline constexpr std::string_view kCompactTraceSuffix = ".cqtrace";

struct RunOptions {
  ScenarioFlags flags;
  std::string trace_file;
  bool json = false;
};
void add_run_command(CLI::App& app, RunOptions& o);
std::string hex_hash(std::uint64_t h);  // 16 hex digits: how hashes appear in every JSON
int run_command(RunOptions& o);

struct FlushOptions {
  std::uint32_t capacity = 60;
  std::string fills;
  bool json = false;
  CheckedFlags checked;  // --capacity
};
void add_flush_command(CLI::App& app, FlushOptions& o);
int flush_command(const FlushOptions& o);

struct ExploreOptions {
  std::string protocol = "level";
  std::uint32_t gomaxprocs = 8;
  std::uint32_t blocks = 1;
  std::uint64_t max_schedules = 200000;
  std::uint32_t max_depth = 400;  // a safety net: hashing, not depth, bounds the search
  bool json = false;
  CheckedFlags checked;  // explore's own flags but --json
  ScenarioFlags table;   // the scenario table's options explore takes (kExploreTableOptions)
};
void add_explore_command(CLI::App& app, ExploreOptions& o);
int explore_command(const ExploreOptions& o);

// cleanupq lesson check|list|play|quantities (lesson_command.cpp).
struct LessonOptions {
  CLI::App* check = nullptr;  // which action was chosen
  CLI::App* list = nullptr;
  CLI::App* play = nullptr;
  CLI::App* quantities = nullptr;
  CLI::App* concepts = nullptr;
  CLI::App* worksheet = nullptr;
  CLI::App* practice = nullptr;
  std::vector<std::string> files;    // check
  std::string lesson;                // play, practice: an id or a file
  std::string dir;                   // list, play by id: default lessons/ of the source tree
  std::string runner;                // empty: each lesson's own runner
  bool no_play = false;              // list: parse only
  std::vector<std::string> lessons;  // worksheet: ids or files
  std::uint64_t seed = 0;  // play and worksheet --seed (worksheet: when seed_flag->count() > 0)
  CLI::Option* seed_flag = nullptr;
  std::string format = "md";  // worksheet: md or html
  bool answers = false;       // worksheet, practice: the answers too
  std::uint32_t count = 5;    // practice: how many questions
  CLI::Option* practice_seed_flag = nullptr;
  std::string out;       // worksheet: a file instead of standard output
  CheckedFlags checked;  // --runner, --seed (play, worksheet, practice), --format, --count
};
void add_lesson_command(CLI::App& app, LessonOptions& o);
int lesson_command(const LessonOptions& o);

// cleanupq trace FILE.cqtrace [--from N] [--count K] [--verify] (trace_command.cpp; native
// builds only: the compact format needs zstd).
struct TraceOptions {
  std::string file;
  std::uint64_t from = 0;
  std::uint64_t count = 0;
  bool verify = false;
  std::uint64_t model_at = 0;
  const CLI::Option* model_at_flag = nullptr;  // given?
  CheckedFlags checked;                        // --from, --count, --model-at
};
void add_trace_command(CLI::App& app, TraceOptions& o);
int trace_command(const TraceOptions& o);

// cleanupq import-go-trace FILE [--out F] [--probe-json J] (import_go_trace_command.cpp).
struct ImportGoTraceOptions {
  std::string file;
  std::string out;
  std::string probe_json;
};
void add_import_go_trace_command(CLI::App& app, ImportGoTraceOptions& o);
int import_go_trace_command(const ImportGoTraceOptions& o);

}  // namespace cq::cli
