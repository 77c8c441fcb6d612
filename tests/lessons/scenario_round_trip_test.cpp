// The one table of scenario options, end to end: every lesson's scenarios and 200 random valid
// scenarios survive scenario -> command line -> scenario and scenario -> lesson TOML -> scenario,
// and the run reproduced from a lesson's copied command line has the lesson's trace hash. (The URL
// round trip is in tests/viz/app/url_state_test.cpp: the URL reader is the app's.)
#include <gtest/gtest.h>

#include <random>
#include <sstream>

#include "cli/scenario_flags.hpp"
#include "lesson/lesson_parser.hpp"
#include "lesson/lesson_scenario.hpp"
#include "lesson_test_support.hpp"
#include "runtime/sim_runtime.hpp"
#include "support/random_scenario.hpp"

namespace cq {
namespace {

// What `cleanupq run` does with a command line: the same flags, the same resolve().
Scenario from_command_line(const std::string& line) {
  std::istringstream words(line);
  std::vector<std::string> args;
  std::string word;
  while (words >> word) args.push_back(word);
  EXPECT_GE(args.size(), 2u);
  EXPECT_EQ(args[0], "cleanupq");
  EXPECT_EQ(args[1], "run");
  CLI::App app;
  cli::ScenarioFlags flags;
  cli::add_scenario_flags(app, flags);
  std::vector<const char*> argv{"run"};
  for (std::size_t i = 2; i < args.size(); ++i) argv.push_back(args[i].c_str());
  app.parse(static_cast<int>(argv.size()), argv.data());
  const auto problem = cli::resolve(flags);
  EXPECT_FALSE(problem) << (problem ? problem->message : "") << "\n" << line;
  return flags.scenario;
}

Scenario from_lesson_toml(const std::string& scenario_table) {
  const std::string text = "id = 99\ntitle = \"round trip\"\n" + scenario_table +
                           "\n[[step]]\ntext = \"x\"\nuntil = \"end\"\n";
  lesson::ParseResult parsed = lesson::parse_lesson_text(text, "round-trip.toml");
  std::string problems;
  for (const lesson::Diagnostic& d : parsed.diagnostics) problems += d.to_string() + "\n";
  EXPECT_TRUE(parsed.lesson) << problems << text;
  return parsed.lesson ? parsed.lesson->scenario : Scenario{};
}

// Every lesson's scenario and every step's restart scenario.
std::vector<std::pair<std::string, Scenario>> lesson_scenarios() {
  std::vector<std::pair<std::string, Scenario>> out;
  for (const std::string& file : lesson_test::toml_files(lesson_test::lessons_dir())) {
    lesson::ParseResult parsed = lesson::parse_lesson_file(file);
    EXPECT_TRUE(parsed.lesson) << file;
    if (!parsed.lesson) continue;
    out.emplace_back(lesson_test::base_name(file), parsed.lesson->scenario);
    for (std::size_t i = 0; i < parsed.lesson->steps.size(); ++i) {
      if (parsed.lesson->steps[i].restart) {
        out.emplace_back(lesson_test::base_name(file) + " step " + std::to_string(i + 1),
                         *parsed.lesson->steps[i].restart);
      }
    }
  }
  return out;
}

TEST(ScenarioRoundTrip, EveryLessonSurvivesTheCommandLineAndTheLessonTable) {
  const auto scenarios = lesson_scenarios();
  ASSERT_GE(scenarios.size(), 12u);
  for (const auto& [where, s] : scenarios) {
    const std::string line = to_command_line(s);
    EXPECT_EQ(all_options(from_command_line(line)), all_options(s)) << where << ": " << line;
    const std::string toml = to_lesson_toml(s, lesson::lesson_default_scenario());
    EXPECT_EQ(all_options(from_lesson_toml(toml)), all_options(s)) << where << ":\n" << toml;
  }
}

TEST(ScenarioRoundTrip, TheCopiedCommandLineReproducesEachLessonsRun) {
  for (const auto& [where, s] : lesson_scenarios()) {
    Scenario copied = from_command_line(to_command_line(s));
    copied.max_steps = s.max_steps;  // a safety net, not an option: the same for both runs
    SimRuntime lesson_run(s);
    lesson_run.run();
    SimRuntime copied_run(copied);
    copied_run.run();
    EXPECT_EQ(copied_run.summary().trace_hash, lesson_run.summary().trace_hash) << where;
    EXPECT_GT(lesson_run.summary().events, 0u) << where;
  }
}

TEST(ScenarioRoundTrip, RandomScenariosSurviveTheCommandLine) {
  std::mt19937_64 rng(20261203);
  for (int i = 0; i < 250; ++i) {
    const Scenario s = test::random_scenario(rng, Scenario{}, test::RandomFor::command_line);
    const std::string line = to_command_line(s);
    EXPECT_EQ(all_options(from_command_line(line)), all_options(s)) << line;
  }
}

TEST(ScenarioRoundTrip, RandomLessonScenariosSurviveTheLessonTable) {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 250; ++i) {
    const Scenario s = test::random_scenario(rng, lesson::lesson_default_scenario(),
                                             test::RandomFor::lesson, lesson::kMaxLessonCleanups);
    const std::string toml = to_lesson_toml(s, lesson::lesson_default_scenario());
    const Scenario back = from_lesson_toml(toml);
    OptionValues want = all_options(s);
    OptionValues got = all_options(back);
    for (const ScenarioOption& o : scenario_options()) {
      if (!(o.surfaces & kInLesson))
        want.erase(std::string(o.name)), got.erase(std::string(o.name));
    }
    EXPECT_EQ(got, want) << toml;
  }
}

// One message format: the same bad value is named the same way by each front end, each in its
// own spelling of the option.
TEST(ScenarioOptions, AnOutOfRangeValueGetsOneMessageInEverySpelling) {
  const ScenarioOption& o = *find_option("gomaxprocs");
  EXPECT_EQ(*check_value(o, "0", Spelling::flag), "--gomaxprocs 0 is out of range: allowed 1..256");
  EXPECT_EQ(*check_value(o, "0", Spelling::lesson),
            "'gomaxprocs' = 0 is out of range: allowed 1..256");
  EXPECT_EQ(*check_value(o, "0", Spelling::url),
            "URL parameter gomaxprocs=0 is out of range: allowed 1..256");
  EXPECT_EQ(*check_value(*find_option("cleanup-cost-ns"), "-5"),
            "--cleanup-cost-ns -5 cannot be negative: allowed 0..1000000000");
  EXPECT_EQ(*check_value(*find_option("speed"), "nan"),
            "--speed nan is not a number: allowed 0.001..1e+12 or unthrottled");
  EXPECT_EQ(*check_value(*find_option("speed"), "inf"),
            "--speed inf is not a number: allowed 0.001..1e+12 or unthrottled");
  EXPECT_EQ(*check_value(*find_option("seed"), "18446744073709551616"),
            "--seed 18446744073709551616 is out of range: allowed 0..9223372036854775807");
  EXPECT_EQ(*check_value(*find_option("speed"), "0x10"),
            "--speed 0x10 is not a number: allowed 0.001..1e+12 or unthrottled");
  EXPECT_EQ(*check_value(*find_option("schedule"), "gc, sweeper 0"),
            "--schedule gc, sweeper 0 is not a list of names: allowed actor names separated by "
            "commas");
  EXPECT_TRUE(check_value(*find_option("schedule"), ",,"));
  EXPECT_FALSE(check_value(*find_option("schedule"), "gc , sweeper0"));
  EXPECT_FALSE(check_value(*find_option("go"), "go1.26"));
  EXPECT_EQ(*check_value(*find_option("go"), "go1.23"),
            "--go go1.23 is not a choice: allowed e46c8e, go1.25, go1.26 or go1.24");
}

TEST(ScenarioOptions, EveryOptionIsOneRowWithAnAllowedRangeAndHelp) {
  std::set<std::string_view> names;
  for (const ScenarioOption& o : scenario_options()) {
    EXPECT_TRUE(names.insert(o.name).second) << o.name << " twice";
    EXPECT_FALSE(o.help.empty()) << o.name;
    EXPECT_FALSE(o.applies.empty()) << o.name;
    EXPECT_FALSE(check_value(o, o.text(Scenario{}))) << o.name << ": its default is refused";
  }
  EXPECT_EQ(scenario_options().front().name, "go") << "go must be applied before what it sets";
}

}  // namespace
}  // namespace cq
