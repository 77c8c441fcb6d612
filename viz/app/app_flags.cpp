#include "app/app_flags.hpp"

#include "lesson/lesson.hpp"

namespace cq::viz {

cli::ScenarioFlags watchable_scenario_flags() {
  cli::ScenarioFlags flags;
  flags.scenario.cleanups = 150;
  return flags;
}

void add_view_flags(CLI::App& cli, AppOptions& options, cli::CheckedFlags& checked) {
  cli.add_option("--lesson", options.lesson, "open this lesson (id or file)");
  // No lesson has more steps than the parser allows; a step past this lesson's own last one is
  // said by the app when it opens the lesson. No default shown: 0 (the first step) is not a
  // value to type.
  checked
      .add_count(cli, "--step", options.lesson_step, std::size_t{1}, lesson::kMaxStepsPerLesson,
                 "with --lesson: open at this step (1-based)")
      ->default_str("");
  checked.add_word(cli, "--tab", options.tab,
                   {"log", "metrics", "scenario", "compare", "lessons", "realgo", "help"},
                   "bottom tab to show");
  checked.add_word(cli, "--palette", options.palette, {"dark", "light", "okabe-ito"},
                   "colour palette (default: the saved one)");
}

}  // namespace cq::viz
