// The scenario's command-line flags, generated from the one table of scenario options
// (runtime/scenario_options.hpp) for every program that takes them: `cleanupq run` and
// `cleanupq-viz` accept exactly the same flags with the same checks and messages.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/scenario_options.hpp"

namespace cq::cli {

struct ScenarioFlags {
  // The scenario the flags start from (the app's is smaller than the CLI's) and, after resolve(),
  // the scenario they describe.
  Scenario scenario;
  OptionValues given;        // the text of each flag given, by option name
  bool unthrottled = false;  // --unthrottled: the same as --speed unthrottled
};

// One flag per option of the table, with its help, unit, default and allowed values.
void add_scenario_flags(CLI::App& app, ScenarioFlags& f);
// The same for only the named options (`cleanupq explore` builds its own small scenario and takes
// a few of the table's options on top of it, with the table's help, ranges and messages).
void add_scenario_flags(CLI::App& app, ScenarioFlags& f,
                        const std::vector<std::string_view>& names);

// Applies the given flags to the starting scenario, in the table's order, and validates the result.
// nullopt when valid; otherwise the problem, whose message names the flag, the value and what
// is allowed. `spelling` is how the message names the input (the web page says "URL parameter").
std::optional<ScenarioProblem> resolve(ScenarioFlags& f, Spelling spelling = Spelling::flag);

}  // namespace cq::cli
