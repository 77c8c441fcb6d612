// The scenario's command-line flags, defined once for every program that takes them:
// `cleanupq run` and `cleanupq-viz` accept exactly the same flags with the same checks.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "runtime/scenario.hpp"

namespace cq::cli {

struct ScenarioFlags {
  Scenario scenario;
  std::string protocol = "level";
  std::string design = "go125";
  std::string worker_cap = "quarter";
  std::string runner{to_string(Scenario{}.runner)};
  std::string schedule;
  bool unthrottled = false;
};

void add_scenario_flags(CLI::App& app, ScenarioFlags& f);

// Turns the parsed text into a Scenario and validates it. nullopt when valid; otherwise the
// message names the flag and the allowed range.
std::optional<std::string> resolve(ScenarioFlags& f);

}  // namespace cq::cli
