#include "cli/scenario_flags.hpp"

#include <stdexcept>

namespace cq::cli {

namespace {

void add_flag(CLI::App& app, ScenarioFlags& f, const ScenarioOption& o) {
  std::string help(o.help);
  if (!o.unit.empty()) help += " [" + std::string(o.unit) + "]";
  help += "; allowed " + o.allowed() + "; applies to " + std::string(o.applies);
  // Text, checked by the table's own parser in resolve(): one message format for every front
  // end, and the option's order of application is the table's, not the command line's.
  CLI::Option* flag = app.add_option_function<std::string>(
      o.flag(), [&f, name = std::string(o.name)](const std::string& v) { f.given[name] = v; },
      help);
  flag->default_str(o.text(f.scenario));
  flag->type_name(o.kind == OptionKind::count  ? "UINT"
                  : o.kind == OptionKind::real ? "NUMBER"
                                               : "TEXT");
  if (!o.word.empty()) {
    app.add_flag("--" + std::string(o.word), f.unthrottled,
                 "the same as " + o.flag() + " " + std::string(o.word))
        ->excludes(flag);
  }
}

}  // namespace

void add_scenario_flags(CLI::App& app, ScenarioFlags& f) {
  for (const ScenarioOption& o : scenario_options()) add_flag(app, f, o);
}

void add_scenario_flags(CLI::App& app, ScenarioFlags& f,
                        const std::vector<std::string_view>& names) {
  for (std::string_view name : names) {
    const ScenarioOption* o = find_option(name);
    // A misspelt name is the program's mistake, found by any run of its --help.
    if (o == nullptr) throw std::logic_error("no scenario option " + std::string(name));
    add_flag(app, f, *o);
  }
}

std::optional<ScenarioProblem> resolve(ScenarioFlags& f, Spelling spelling) {
  if (f.unthrottled) f.given["speed"] = "unthrottled";
  return apply_options(f.scenario, f.given, spelling);
}

}  // namespace cq::cli
