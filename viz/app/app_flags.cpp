#include "app/app_flags.hpp"

namespace cq::viz {

cli::ScenarioFlags watchable_scenario_flags() {
  cli::ScenarioFlags flags;
  flags.scenario.cleanups = 150;
  return flags;
}

void add_view_flags(CLI::App& cli, AppOptions& options) {
  cli.add_option("--lesson", options.lesson, "open this lesson (id or file)");
  cli.add_option("--step", options.lesson_step, "with --lesson: open at this step (1-based)")
      ->check(CLI::PositiveNumber);
  cli.add_option("--tab", options.tab,
                 "bottom tab to show: log, metrics, scenario, compare, lessons, help")
      ->check(CLI::IsMember({"log", "metrics", "scenario", "compare", "lessons", "help"}));
  cli.add_option("--palette", options.palette, "dark, light or okabe-ito")
      ->check(CLI::IsMember({"dark", "light", "okabe-ito"}));
}

}  // namespace cq::viz
