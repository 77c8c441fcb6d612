#include "cli/scenario_flags.hpp"

namespace cq::cli {

void add_scenario_flags(CLI::App& app, ScenarioFlags& f) {
  for (const ScenarioOption& o : scenario_options()) {
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
}

std::optional<ScenarioProblem> resolve(ScenarioFlags& f, Spelling spelling) {
  if (f.unthrottled) f.given["speed"] = "unthrottled";
  return apply_options(f.scenario, f.given, spelling);
}

}  // namespace cq::cli
