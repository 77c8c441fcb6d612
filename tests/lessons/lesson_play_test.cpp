// Every lesson in lessons/ is played headless to its end: every `until` must be reached, every
// challenge won by its hint, and every number the player computes (answers, text placeholders,
// and in fact every quantity at every checkpoint) must equal an independent count over the raw
// trace events (independent_counter.cpp). A lesson that can no longer reach a checkpoint, or
// whose question has no right choice any more, fails here.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

#include "independent_counter.hpp"
#include "lesson/lesson_check.hpp"
#include "lesson/lesson_parser.hpp"
#include "lesson/lesson_player.hpp"
#include "lesson_test_support.hpp"
#include "state_reading.hpp"
#include "support/small_lesson.hpp"

namespace cq::lesson_test {
namespace {

using lesson::LessonPlayer;
using lesson::StepStatus;

std::string diagnostics_text(const std::vector<lesson::Diagnostic>& ds) {
  std::string out;
  for (const auto& d : ds) out += d.to_string() + "\n";
  return out;
}

lesson::Lesson load(const std::string& path) {
  lesson::ParseResult parsed = lesson::parse_lesson_file(path);
  EXPECT_TRUE(parsed.ok()) << diagnostics_text(parsed.diagnostics);
  return parsed.lesson ? *parsed.lesson : lesson::Lesson{};
}

// Runs the current step to its checkpoint, as a student pressing "next" would.
StepStatus reach_checkpoint(LessonPlayer& player) {
  return player.step().kind == lesson::StepKind::challenge ? player.play_hint() : player.advance();
}

// The same, one engine step at a time, with the wake witness watching every step (a challenge's
// hint replays its own choices, unwatched).
StepStatus reach_checkpoint_watched(LessonPlayer& player, WakeWitness& witness) {
  if (player.step().kind == lesson::StepKind::challenge) return player.play_hint();
  lesson::RunControl one_step;
  one_step.max_steps = 1;
  StepStatus status = StepStatus::running;
  while (status == StepStatus::running) {
    witness.before_step(player);
    status = player.advance(one_step);
    witness.after_step(player);
  }
  return status;
}

// The quantity names inside a text's {placeholders}.
std::vector<std::string> placeholders(const std::string& text) {
  std::vector<std::string> names;
  lesson::expand_placeholders(text, [&](std::string_view inner) {
    names.emplace_back(inner);
    return std::string();
  });
  return names;
}

class EveryLesson : public ::testing::TestWithParam<std::string> {};

TEST_P(EveryLesson, ParsesWithoutDiagnosticsAndFitsFiveMinutes) {
  const lesson::ParseResult parsed = lesson::parse_lesson_file(GetParam());
  ASSERT_TRUE(parsed.ok()) << diagnostics_text(parsed.diagnostics);
  EXPECT_GE(parsed.lesson->minutes, 4u);
  EXPECT_LE(parsed.lesson->minutes, 10u);
  EXPECT_GE(parsed.lesson->question_count(), 3u) << "a lesson checks understanding";
}

TEST_P(EveryLesson, ReachesEveryCheckpointAndEveryAnswerMatchesAnIndependentCount) {
  LessonPlayer player(load(GetParam()));
  std::size_t checked = 0;
  std::size_t answers_from_state = 0;
  WakeWitness witness;
  // Where the engine's state, or the witness of the sleeping list, has a quantity too.
  const auto from_state = [&](const lesson::QuantityRef& ref) {
    const auto state = value_from_state(player.runtime(), ref);
    return state ? state : witness.value(ref);
  };
  do {
    const lesson::LessonStep& step = player.step();
    SCOPED_TRACE("step " + std::to_string(player.step_index() + 1) + " (" + step.title + ")");
    const StepStatus status = reach_checkpoint_watched(player, witness);
    if (step.kind == lesson::StepKind::challenge) {
      ASSERT_EQ(status, StepStatus::won) << "its hint must win the challenge";
    } else {
      ASSERT_EQ(status, StepStatus::reached) << player.problem();
    }
    const Trace& trace = player.runtime().trace();
    ASSERT_EQ(player.checkpoint_events(), trace.size()) << "a checkpoint is a step boundary";
    const std::vector<TraceEvent> events = events_of(trace, player.checkpoint_events());
    const IndependentCounter counter(events, player.scenario());
    if (step.until.kind == lesson::UntilKind::event) {
      ASSERT_TRUE(player.matched_event().has_value());
      EXPECT_TRUE(step.until.matches(events.at(*player.matched_event())));
    }
    for (std::size_t q = 0; q < player.question_count(); ++q) {
      const lesson::Question& question = player.question(q);
      const lesson::QuantityValue answer = player.answer(q);
      ASSERT_TRUE(answer.ok()) << question.answer.spelling << ": " << answer.error;
      const auto independent = counter.value(question.answer);
      ASSERT_TRUE(independent.has_value()) << question.answer.spelling;
      EXPECT_EQ(answer.value, *independent)
          << question.ask << " (" << question.answer.spelling << ")";
      EXPECT_TRUE(player.check_number(q, *independent).correct);
      if (question.multiple_choice()) {
        std::size_t right = 0;
        for (std::size_t c = 0; c < question.choices.size(); ++c) {
          const bool is_right = question.choices[c].value == *independent;
          right += is_right ? 1 : 0;
          EXPECT_EQ(player.check_choice(q, c).correct, is_right);
        }
        EXPECT_EQ(right, 1u) << question.ask;
      }
      for (const std::string& text : {question.ask, question.explain}) {
        for (const std::string& name : placeholders(text)) {
          const auto ref = lesson::parse_quantity(name, &player.scenario()).quantity;
          ASSERT_TRUE(ref.has_value()) << name;
          EXPECT_EQ(player.quantity(*ref).value, counter.value(*ref).value_or(-1)) << name;
        }
      }
      ++checked;
    }
    for (const std::string& name : placeholders(step.text)) {
      const auto ref = lesson::parse_quantity(name, &player.scenario()).quantity;
      ASSERT_TRUE(ref.has_value()) << name;
      EXPECT_EQ(player.quantity(*ref).value, counter.value(*ref).value_or(-1)) << name;
    }
    EXPECT_EQ(player.text().find("?}"), std::string::npos) << "a placeholder had no value";
    // Beyond the questions: every quantity the player can compute agrees with the counter here,
    // and, where the engine's state has it, with the state (state_reading.hpp: the witnesses
    // that do not read the numbers the engine wrote into its events).
    const auto blocks = static_cast<std::uint32_t>(player.model().counters.blocks_allocated);
    for (const lesson::QuantityRef& ref : every_quantity(player.scenario(), blocks)) {
      const lesson::QuantityValue mine = player.quantity(ref);
      const auto theirs = counter.value(ref);
      EXPECT_EQ(mine.ok(), theirs.has_value()) << ref.spelling << ": " << mine.error;
      if (mine.ok() && theirs) {
        EXPECT_EQ(mine.value, *theirs) << ref.spelling;
      }
      if (const auto state = from_state(ref); state && mine.ok()) {
        EXPECT_EQ(mine.value, *state)
            << ref.spelling << " (the engine's state or the wake witness)";
      }
    }
    for (std::size_t q = 0; q < player.question_count(); ++q) {
      const lesson::QuantityRef& answer = player.question(q).answer;
      answers_from_state += from_state(answer) ? 1 : 0;
      if (answer.name == "last_wake_woken") {
        EXPECT_TRUE(witness.value(answer).has_value()) << "the witness watched every wake";
      }
    }
  } while (player.next_step());
  EXPECT_EQ(player.step_index() + 1, player.step_count());
  EXPECT_EQ(checked, player.lesson().question_count());
  std::printf("%s: %zu of %zu answers also checked against the engine's state\n",
              base_name(GetParam()).c_str(), answers_from_state, checked);
}

// A real lesson plays well inside the per-play-through budget, so the budget only ever stops a
// broken one.
TEST_P(EveryLesson, PlaysWithinAQuarterOfTheLessonStepBudget) {
  LessonPlayer player(load(GetParam()));
  do {
    reach_checkpoint(player);
  } while (player.next_step());
  std::printf("%s: %llu runner steps\n", base_name(GetParam()).c_str(),
              static_cast<unsigned long long>(player.steps_spent()));
  EXPECT_GT(player.steps_spent(), 0u);
  EXPECT_LE(player.steps_spent(), lesson::kMaxLessonSteps / 4);
}

// Inline and conducted runners make the same choices, so every checkpoint is the same state:
// a lesson link opened on another machine, or with real threads, shows the same numbers.
TEST_P(EveryLesson, InlineAndConductedRunnersReachTheSameCheckpoints) {
  const lesson::Lesson lesson = load(GetParam());
  LessonPlayer on_inline(lesson, RunnerKind::inline_);
  LessonPlayer on_threads(lesson, RunnerKind::conducted);
  for (;;) {
    ASSERT_EQ(reach_checkpoint(on_inline), reach_checkpoint(on_threads));
    EXPECT_EQ(on_inline.checkpoint_events(), on_threads.checkpoint_events());
    EXPECT_EQ(on_inline.runtime().trace().hash(), on_threads.runtime().trace().hash());
    EXPECT_EQ(on_inline.text(), on_threads.text());
    for (std::size_t q = 0; q < on_inline.question_count(); ++q) {
      EXPECT_EQ(on_inline.answer(q).value, on_threads.answer(q).value);
    }
    const bool more = on_inline.next_step();
    ASSERT_EQ(more, on_threads.next_step());
    if (!more) break;
  }
}

// A UI animates a step in slices (a pause flag, a step budget per frame); stopping and resuming
// must land on exactly the checkpoint one uninterrupted advance() reaches.
TEST_P(EveryLesson, AdvancingInSmallSlicesReachesTheSameCheckpoints) {
  const lesson::Lesson lesson = load(GetParam());
  LessonPlayer whole(lesson);
  LessonPlayer sliced(lesson);
  lesson::RunControl slice;
  slice.max_steps = 7;
  do {
    const StepStatus expected = reach_checkpoint(whole);
    if (sliced.step().kind == lesson::StepKind::challenge) {
      ASSERT_EQ(sliced.play_hint(), expected);
    } else {
      StepStatus s = StepStatus::running;
      for (int calls = 0; s == StepStatus::running && calls < 1'000'000; ++calls)
        s = sliced.advance(slice);
      ASSERT_EQ(s, expected);
    }
    EXPECT_EQ(sliced.checkpoint_events(), whole.checkpoint_events());
    EXPECT_EQ(sliced.matched_event(), whole.matched_event());
    EXPECT_EQ(sliced.text(), whole.text());
    sliced.next_step();
  } while (whole.next_step());
}

// go_to_step replays from the start: stepping back and forth shows the same state.
TEST_P(EveryLesson, GoingBackToAStepReplaysTheSameState) {
  LessonPlayer player(load(GetParam()));
  std::vector<std::size_t> events_at;
  do {
    reach_checkpoint(player);
    events_at.push_back(player.checkpoint_events());
  } while (player.next_step());
  const std::size_t middle = player.step_count() / 2;
  player.go_to_step(middle);
  EXPECT_EQ(player.step_index(), middle);
  reach_checkpoint(player);
  EXPECT_EQ(player.checkpoint_events(), events_at[middle]);
}

std::vector<std::string> lesson_files() {
  return toml_files(lessons_dir());
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = base_name(info.param);
  name = name.substr(0, name.find('.'));
  for (char& c : name) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return "lesson_" + name;
}

INSTANTIATE_TEST_SUITE_P(Lessons, EveryLesson, ::testing::ValuesIn(lesson_files()), test_name);

// A lesson whose checkpoints are never reached costs at most kMaxLessonSteps runner steps in all,
// however many steps restart a run that never ends (each run alone may take kMaxRunSteps): the
// stuck cleanup keeps every run going until its step limit. Under the poll scheduler: its rounds
// step every 2 us of the virtual second each cleanup takes, where findrunnable's idle Ps do not.
TEST(LessonBudget, BoundsTheRunnerStepsOfAPlayThroughWhoseCheckpointsAreNeverReached) {
  std::string steps =
      "scheduler = \"poll\"\n\n[scenario.costs]\ncleanup_ns = 1000000000\n\n[[step]]\ntext = "
      "\"a\"\nuntil = \"end\"\n";
  for (int i = 0; i < 6; ++i) {
    steps +=
        "\n[[step]]\ntext = \"b\"\nrestart = { costs = { cleanup_ns = 1000000000 } }\nuntil = "
        "\"end\"\n";
  }
  lesson::ParseResult parsed =
      lesson::parse_lesson_text(test_support::small_lesson(steps), "b.toml");
  ASSERT_TRUE(parsed.ok()) << diagnostics_text(parsed.diagnostics);
  LessonPlayer player(*parsed.lesson);
  std::uint64_t steps_of_runs = 0;
  std::vector<std::string> problems;
  do {
    EXPECT_EQ(player.advance(), StepStatus::unreachable);
    steps_of_runs += player.runtime().runner().steps();
    problems.push_back(player.problem());
  } while (player.next_step());
  ASSERT_EQ(problems.size(), 7u);
  EXPECT_EQ(problems.front(), "the run took 2000000 steps without ending");
  EXPECT_LE(steps_of_runs, lesson::kMaxLessonSteps);
  EXPECT_EQ(player.steps_spent(), steps_of_runs);
  EXPECT_EQ(problems.back(),
            "the lesson has spent its budget of 6000000 runner steps (all its runs together) "
            "without the run's end");
  // Going back to the start is a new play-through, with the whole budget again.
  player.go_to_step(0);
  EXPECT_EQ(player.steps_spent(), 0u);
}

TEST(LessonFolder, HoldsSixteenLessonsNumberedOneToSixteen) {
  const std::vector<std::string> files = lesson_files();
  ASSERT_EQ(files.size(), 16u);
  for (std::size_t i = 0; i < files.size(); ++i) {
    const lesson::ParseResult parsed = lesson::parse_lesson_file(files[i]);
    ASSERT_TRUE(parsed.ok()) << files[i];
    EXPECT_EQ(parsed.lesson->id, i + 1) << files[i];
  }
}

TEST(LessonFolder, EveryQuantityIsCountedIndependentlyAndDocumentedInTheReadme) {
  std::ifstream in(lessons_dir() + "/README.md");
  ASSERT_TRUE(in) << "lessons/README.md";
  std::stringstream readme;
  readme << in.rdbuf();
  const std::vector<std::string> counted = independently_counted();
  const std::set<std::string> counted_set(counted.begin(), counted.end());
  for (const lesson::QuantityInfo& q : lesson::all_quantities()) {
    const std::string name(q.name);
    EXPECT_TRUE(counted_set.count(name)) << name << " has no independent count in the tests";
    EXPECT_NE(readme.str().find("`" + name), std::string::npos) << name << " is not in the README";
  }
}

TEST(LessonCatalog, ListsEveryLessonAsPlayable) {
  const auto entries = lesson::load_lesson_catalog(lessons_dir(), true);
  ASSERT_EQ(entries.size(), 16u);
  for (const lesson::CatalogEntry& e : entries) {
    EXPECT_FALSE(e.broken()) << e.file << ": " << diagnostics_text(e.problems);
    EXPECT_FALSE(e.title.empty());
  }
}

TEST(LessonCatalog, MarksABrokenLessonWithItsPosition) {
  const auto dir = std::filesystem::temp_directory_path() / "cq_lesson_catalog_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::filesystem::copy_file(lesson_files().front(), dir / "01-good.toml");
  std::ofstream(dir / "02-bad.toml")
      << "id = 2\ntitle = \"Bad\"\n\n[scenario]\ngomaxprocs = \"4\"\n"
         "\n[[step]]\ntext = \"x\"\n";
  const auto entries = lesson::load_lesson_catalog(dir.string(), false);
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_FALSE(entries[0].broken());
  ASSERT_TRUE(entries[1].broken());
  EXPECT_EQ(entries[1].id, 2u) << "a broken lesson keeps the number of its file name";
  lesson::Diagnostic problem = entries[1].problems[0];
  problem.file = base_name(problem.file);
  EXPECT_EQ(problem.to_string(), "02-bad.toml:5:14: 'gomaxprocs' must be an integer, not a string");
  std::filesystem::remove_all(dir);
}

TEST(LessonLinks, FindsALessonByIdOrPath) {
  const lesson::FoundLessonFile by_id = lesson::find_lesson_file(lessons_dir(), "6");
  ASSERT_TRUE(by_id.ok()) << by_id.error;
  EXPECT_EQ(base_name(*by_id.path), "06-coalescing.toml");
  EXPECT_EQ(lesson::find_lesson_file(lessons_dir(), "06").path, by_id.path);
  EXPECT_EQ(lesson::find_lesson_file(lessons_dir(), *by_id.path).path, by_id.path);
  const lesson::FoundLessonFile missing = lesson::find_lesson_file(lessons_dir(), "99");
  EXPECT_FALSE(missing.ok());
  EXPECT_EQ(missing.error, "no lesson 99 in " + lessons_dir());
  EXPECT_EQ(lesson::find_lesson_file(lessons_dir(), "nope.toml").error,
            "no lesson file 'nope.toml'");
}

}  // namespace
}  // namespace cq::lesson_test
