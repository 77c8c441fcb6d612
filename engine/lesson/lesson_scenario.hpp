// The [scenario] table of a lesson (and a step's `restart` overrides): the options of the one
// table (runtime/scenario_options.hpp) that lessons may set, spelled with underscores (costs
// under [scenario.costs]), checked by the table's own parsers, with each message pinned to the
// key at fault:
//   lessons/06-coalescing.toml:9:14: 'gomaxprocs' = 0 is out of range: allowed 1..256
// plus what a lesson needs on top: a deterministic runner, and a size CI can play in seconds.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lesson/lesson.hpp"
#include "lesson/toml_reader.hpp"
#include "runtime/scenario.hpp"

namespace cq::lesson {

// A teacher's variant of a lesson (`cleanupq lesson play --seed N`, `lesson worksheet --seed N`,
// the app's --seed and the page's ?seed=N): every run of the lesson, its [scenario] and each step's
// `restart`, takes this seed. The seed is within the scenario table's range (the callers' flags
// check it).
void override_lesson_seed(Lesson& lesson, std::uint64_t seed);

// Where each key of a scenario table was written, to pin validation messages to it.
struct ScenarioKeyPositions {
  SourcePos table;
  std::map<std::string, SourcePos, std::less<>> keys;  // "gomaxprocs", "costs.cleanup_ns", ...
};

// The scenario a lesson starts from before its [scenario] table: Scenario's defaults, with the
// inline runner (deterministic and single-threaded) and the lesson's step budget.
Scenario lesson_default_scenario();

// Applies every key present in `table` to `scenario`; absent keys keep their value. Type errors
// and unknown keys are reported; `where` names the table ("[scenario]", "step 3's 'restart'").
void read_scenario_keys(TomlReader& reader, const toml::table& table, Scenario& scenario,
                        ScenarioKeyPositions& positions, std::string_view where);

// cq::check_scenario plus the lesson's own limits. A message about a key is reported at that key in
// `primary` (the table just read), else in `fallback` (the lesson's [scenario]), else at the
// primary table. Returns whether the scenario is valid.
bool check_lesson_scenario(TomlReader& reader, const Scenario& scenario,
                           const ScenarioKeyPositions& primary,
                           const ScenarioKeyPositions* fallback);

// The actors a scenario starts or may start, by the names schedules use: gc, mutator0..,
// sweeper0.., sched0.., and worker0.. up to the pool's cap (fing in Go 1.24).
std::vector<std::string> scenario_actor_names(const Scenario& scenario);

// nullopt when `name` is one of them; otherwise the message, with a did-you-mean.
std::optional<std::string> check_actor_name(const Scenario& scenario, std::string_view name);

}  // namespace cq::lesson
