// The scenario flags of `cleanupq run` and `cleanupq-viz` (cli/scenario_flags.hpp, over the one
// option table of runtime/scenario_options.hpp): the input is an argument list, one argument a
// line, parsed by CLI11 as `cleanupq run` does, then resolved.
// Properties: a refused scenario has a message naming a flag; an accepted one is valid, and the
// command line that reproduces it (to_command_line: the JSON summary's `scenario`, the app's
// "Copy command line") parses and resolves to the same scenario.
#include <CLI/CLI.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "cli/scenario_flags.hpp"
#include "fuzz_require.hpp"
#include "runtime/scenario_options.hpp"

namespace {

using cq::fuzz::require;

constexpr std::size_t kMaxArguments = 64;

// nullopt when CLI11 refuses the arguments (an unknown flag, a missing value, --help).
std::optional<cq::cli::ScenarioFlags> parse(const std::vector<std::string>& args) {
  CLI::App app("cleanupq run");
  cq::cli::ScenarioFlags flags;
  cq::cli::add_scenario_flags(app, flags);
  std::vector<const char*> argv{"run"};
  for (const std::string& a : args) argv.push_back(a.c_str());
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError&) {
    return std::nullopt;
  }
  return flags;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> args;
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  while (!rest.empty() && args.size() < kMaxArguments) {
    const std::size_t nl = rest.find('\n');
    args.emplace_back(rest.substr(0, nl));
    rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
  }
  std::optional<cq::cli::ScenarioFlags> flags = parse(args);
  if (!flags) return 0;
  const std::optional<cq::ScenarioProblem> problem = cq::cli::resolve(*flags);
  if (problem) {
    require(problem->message.find("--") != std::string::npos || problem->option == nullptr,
            "a refusal names the flag", problem->message);
    return 0;
  }
  const cq::Scenario& scenario = flags->scenario;
  require(!cq::check_scenario(scenario), "an accepted scenario is valid");

  const std::string line = cq::to_command_line(scenario);
  std::istringstream words(line);
  std::vector<std::string> again_args;
  std::string word;
  while (words >> word) again_args.push_back(word);
  require(again_args.size() >= 2 && again_args[0] == "cleanupq" && again_args[1] == "run",
          "the command line starts with cleanupq run", line);
  again_args.erase(again_args.begin(), again_args.begin() + 2);
  std::optional<cq::cli::ScenarioFlags> again = parse(again_args);
  require(again.has_value(), "the command line parses", line);
  const std::optional<cq::ScenarioProblem> again_problem = cq::cli::resolve(*again);
  require(!again_problem, "the command line resolves",
          line + "\n" + (again_problem ? again_problem->message : ""));
  require(again->scenario == scenario, "the command line gives the same scenario",
          line + "\nis: " + cq::to_command_line(again->scenario));
  return 0;
}
