#include "app/app_flags.hpp"

#include <algorithm>

#include "lesson/lesson.hpp"
#include "model/real_go_model.hpp"

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
                   {"log", "metrics", "scenario", "compare", "lessons", "realgo", "code", "help"},
                   "bottom tab to show");
  checked.add_word(
      cli, "--recording", options.recording,
      std::vector<std::string_view>(std::begin(kGoRecordings), std::end(kGoRecordings)),
      "the Real Go tab's recorded Go trace (with --tab realgo)");
  checked.add_word(cli, "--palette", options.palette, {"dark", "light", "okabe-ito"},
                   "colour palette (default: the saved one)");
  cli.add_flag("--practice", options.practice,
               "with --lesson: open its practice, fresh predict questions (--seed: which variant)");
  cli.add_flag(
      "--welcome", options.welcome,
      "open on the welcome even when a lesson is named or settings.ini says welcome = off");
}

void apply_start_choices(const cli::ScenarioFlags& flags, AppOptions& options) {
  if (flags.given.contains("seed")) options.lesson_seed = flags.scenario.seed;
  const bool scenario_named = std::any_of(flags.given.begin(), flags.given.end(),
                                          [](const auto& given) { return given.first != "seed"; });
  options.names_what_to_show = scenario_named || flags.unthrottled || !options.tab.empty();
}

}  // namespace cq::viz
