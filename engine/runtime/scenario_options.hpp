// The one table of scenario options. Every front end is generated from it: the `cleanupq run` and
// `cleanupq-viz` flags and their --help, the lesson [scenario] keys, the web page's URL keys, the
// app's scenario editor, the command line and URL that reproduce a run, and the JSON summary.
// Adding an option is adding one row in scenario_options.cpp.
//
// Each option travels as text ("8", "level", "sweeper0,gc"): the one parser per row checks the
// syntax and the row's range, so a value out of range gets the same message wherever it was
// written; checks that involve several options are cq::validate's.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/scenario.hpp"

namespace cq {

enum class OptionKind : std::uint8_t {
  count,   // an unsigned integer within [min, max]
  real,    // a finite number within [min, max], or the row's `word` (speed: "unthrottled")
  choice,  // one of `choices`
  names,   // a comma-separated list of actor names (the schedule)
};

// Where an option may be written. Every option is a flag; some make no sense elsewhere.
enum OptionSurface : std::uint8_t {
  kInLesson = 1,  // a lesson's [scenario] or a step's restart (lessons pace themselves)
  kInEditor = 2,  // the app's scenario editor (speed has its own control)
};

struct ScenarioOption {
  std::string_view name;  // the flag without its dashes and the URL key: "gc-cycles"
  std::string_view key;   // the lesson key: "gc_cycles", "costs.cleanup_ns"
  OptionKind kind = OptionKind::count;
  std::string_view help;     // one line, for --help and the editor's tooltip
  std::string_view unit;     // "Ps", "ns", "" ...
  std::string_view applies;  // which Go profiles and protocols it matters for
  std::uint64_t min = 0;     // count: inclusive range
  std::uint64_t max = 0;
  double real_min = 0;  // real: inclusive range
  double real_max = 0;
  std::string_view word;  // real: the one word allowed besides a number (speed: "unthrottled")
  std::string_view zero_means;  // count: what 0 stands for ("one per P", "none"), if special
  std::vector<std::string_view> choices;
  std::uint8_t surfaces = kInLesson | kInEditor;
  // Only the queue's profiles have it (protocol, block capacity, worker cap): written for go1.24,
  // whose one finalizer goroutine has none of them, it is refused, not ignored.
  bool queue_only = false;
  // The value as text, the inverse of `store` for every value `store` accepts.
  std::function<std::string(const Scenario&)> text;
  // Stores a value that parse() has accepted.
  std::function<void(Scenario&, std::string_view)> store;

  std::string flag() const { return "--" + std::string(name); }
  // "1..256", "oneshot or level", "0.001..1e+12 or unthrottled"; `quote_words`: "\"oneshot\" or
  // \"level\"", as a lesson's TOML writes them
  std::string allowed(bool quote_words = false) const;
};

// How a front end spells an option in its messages.
enum class Spelling : std::uint8_t {
  flag,    // --gomaxprocs 0 is out of range: allowed 1..256
  lesson,  // 'gomaxprocs' = 0 is out of range: allowed 1..256
  url,     // URL parameter gomaxprocs=0 is out of range: allowed 1..256
};

// The table, in the order options are applied: `go` first, because it sets the protocol, block
// capacity and pool cap that later options may override.
const std::vector<ScenarioOption>& scenario_options();
// By flag name ("gc-cycles") or lesson key ("gc_cycles", "costs.cleanup_ns").
const ScenarioOption* find_option(std::string_view name_or_key);

// When `option` was written for a scenario that does not have it (a queue-only option for go1.24),
// the message; else nullopt. Front ends call it for the options a user actually wrote.
std::optional<std::string> check_applies(const ScenarioOption& option, const Scenario& scenario,
                                         Spelling spelling = Spelling::flag);

// nullopt when `text` is a valid value of `option`; otherwise the one message format, e.g.
// "--gomaxprocs 0 is out of range: allowed 1..256".
std::optional<std::string> check_value(const ScenarioOption& option, std::string_view text,
                                       Spelling spelling = Spelling::flag);
// The one message format (value_message.hpp), "<input as the front end spells it> <problem>:
// allowed <allowed>", for a value already known to be bad. `allowed` replaces the option's own
// range where the scenario narrows it (scheduler rounds at most GOMAXPROCS; nothing under go1.24).
std::string option_message(const ScenarioOption& option, std::string_view value,
                           std::string_view problem, Spelling spelling,
                           std::string_view allowed = {});

// A scenario that no front end may run, and the option to blame (to point at it in a lesson).
struct ScenarioProblem {
  const ScenarioOption* option;
  std::string message;
};
// Every option's own range, then the checks that involve several options (scheduler rounds at
// most GOMAXPROCS, the total number of cleanups, a schedule needing a stepping runner, options
// that do not apply to go1.24). cq::validate is this in the flag spelling.
std::optional<ScenarioProblem> check_scenario(const Scenario& scenario,
                                              Spelling spelling = Spelling::flag);

// Values by option name, as given on a command line, a URL or a lesson table.
using OptionValues = std::map<std::string, std::string, std::less<>>;

// Applies `values` to `scenario` in the table's order (so `go` comes before what it overrides),
// then check_scenario. nullopt when valid; else the first problem (its option is null for a
// name that is not an option).
std::optional<ScenarioProblem> apply_options(Scenario& scenario, const OptionValues& values,
                                             Spelling spelling = Spelling::flag);

// The options whose value differs from what they would be without them: `defaults` (the
// command line's Scenario{}, or the app's starting scenario) with the scenario's Go profile
// applied. Applying them to `defaults` gives back `scenario` (every field an option describes).
OptionValues differing_options(const Scenario& scenario, const Scenario& defaults = Scenario{});

// Every option's value (the JSON summary).
OptionValues all_options(const Scenario& scenario);

// The `cleanupq run` command line that reproduces the scenario.
std::string to_command_line(const Scenario& scenario);

// The scenario as a lesson's [scenario] table (TOML), for authors and the round-trip tests: the
// lesson options that differ from `defaults` (a lesson starts from lesson_default_scenario()).
std::string to_lesson_toml(const Scenario& scenario, const Scenario& defaults);

}  // namespace cq
