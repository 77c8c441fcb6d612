// The subcommands of cleanupq, each in its own file; main() only dispatches.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "runtime/scenario.hpp"

namespace cq::cli {

struct RunOptions {
  Scenario scenario;
  std::string protocol = "level";
  std::string design = "go125";
  std::string worker_cap = "quarter";
  std::string runner = "threaded";
  std::string schedule;
  bool unthrottled = false;
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
};
void add_flush_command(CLI::App& app, FlushOptions& o);
int flush_command(const FlushOptions& o);

struct ExploreOptions {
  std::string protocol = "level";
  std::uint32_t gomaxprocs = 8;
  std::uint32_t blocks = 1;
  std::uint64_t max_schedules = 200000;
  bool json = false;
};
void add_explore_command(CLI::App& app, ExploreOptions& o);
int explore_command(const ExploreOptions& o);

}  // namespace cq::cli
