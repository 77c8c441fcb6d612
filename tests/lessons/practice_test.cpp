// Practice without end (engine/lesson/practice.hpp, `cleanupq lesson practice`): every lesson
// yields questions, each answer and each number shown is recounted from the raw trace by the
// IndependentCounter or by scanning the events, a seed names one set of questions, another seed
// another, and bad flags are refused with the flag, the value and what is allowed.
#include "lesson/practice.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "independent_counter.hpp"
#include "lesson/lesson_parser.hpp"
#include "lesson/quantities.hpp"
#include "lesson_test_support.hpp"
#include "runtime/sim_runtime.hpp"

namespace cq::lesson_test {
namespace {

using lesson::PracticeKind;
using lesson::PracticeQuestion;

lesson::Lesson load(const std::string& file) {
  lesson::ParseResult parsed = lesson::parse_lesson_file(file);
  EXPECT_TRUE(parsed.lesson.has_value()) << file;
  return parsed.lesson ? *parsed.lesson : lesson::Lesson{};
}

// The lesson's scenario with `seed`, run here as the practice documents it (inline runner, its
// step limit), so the events below are a second copy of the run the questions came from.
std::vector<TraceEvent> run_events(const lesson::Lesson& l, std::uint64_t seed,
                                   std::uint64_t* hash) {
  Scenario scenario = l.scenario;
  scenario.seed = seed;
  scenario.runner = RunnerKind::inline_;
  scenario.record_trace = true;
  scenario.trace_retained_chunks = 0;
  scenario.speed = 0;
  SimRuntime sim(scenario);
  RunLimit limit;
  limit.max_steps = lesson::kMaxPracticeSteps;
  sim.run(limit);
  limit.max_steps = 0;
  sim.run(limit);
  *hash = sim.trace().hash();
  return events_of(sim.trace(), sim.trace().size());
}

std::optional<std::int64_t> counted(const std::vector<TraceEvent>& events, std::size_t upto,
                                    const Scenario& scenario, const std::string& quantity) {
  const IndependentCounter counter(std::span<const TraceEvent>(events).first(upto), scenario);
  const auto parsed = lesson::parse_quantity(quantity, &scenario);
  if (!parsed.quantity) return std::nullopt;
  return counter.value(*parsed.quantity);
}

// The first event of `kind` at or after `from`.
std::size_t next_of(const std::vector<TraceEvent>& events, std::size_t from, EventKind kind) {
  while (from < events.size() && events[from].kind != kind) ++from;
  return from;
}

// Checks one question against the raw events.
void check_question(const PracticeQuestion& q, const std::vector<TraceEvent>& events,
                    const Scenario& scenario, const std::string& where) {
  SCOPED_TRACE(where + ": " + q.ask);
  ASSERT_LE(q.asked_at, q.answered_by);
  ASSERT_LT(q.answered_by, events.size());
  for (const lesson::ShownNumber& n : q.shown) {
    const auto independent = counted(events, q.asked_at, scenario, n.quantity);
    ASSERT_TRUE(independent.has_value()) << n.quantity;
    EXPECT_EQ(*independent, n.value) << n.quantity << " shown with the question";
  }
  if (!q.choices.empty()) {
    const auto right = std::count_if(q.choices.begin(), q.choices.end(),
                                     [&](const auto& c) { return c.value == q.answer; });
    EXPECT_EQ(right, 1) << "exactly one choice is right";
  }
  if (q.choices.empty()) {
    EXPECT_NE(q.explanation.find(std::to_string(q.answer)), std::string::npos) << q.explanation;
  }
  switch (q.kind) {
    case PracticeKind::block_fills_next: {
      // The next block_full from where the question is asked names the P.
      const std::size_t full = next_of(events, q.asked_at, EventKind::block_full);
      ASSERT_LT(full, events.size());
      EXPECT_EQ(static_cast<std::int64_t>(events[full].p), q.answer);
      // And that P's block really was one entry short when asked.
      const auto fill =
          counted(events, q.asked_at, scenario, "p_fill(" + std::to_string(q.answer) + ")");
      const auto capacity = counted(events, q.asked_at, scenario, "block_capacity");
      ASSERT_TRUE(fill && capacity);
      EXPECT_EQ(*fill + 1, *capacity);
      break;
    }
    case PracticeKind::flush_pushes: {
      // flush_push events between the flush's begin and end, counted one by one (not the
      // flush_end's own count).
      ASSERT_EQ(events[q.asked_at].kind, EventKind::flush_begin);
      const std::size_t end = next_of(events, q.asked_at, EventKind::flush_end);
      ASSERT_LT(end, events.size());
      const auto pushes =
          std::count_if(events.begin() + static_cast<std::ptrdiff_t>(q.asked_at),
                        events.begin() + static_cast<std::ptrdiff_t>(end),
                        [](const TraceEvent& e) { return e.kind == EventKind::flush_push; });
      EXPECT_EQ(pushes, q.answer);
      break;
    }
    case PracticeKind::goroutines_started: {
      const auto before = counted(events, q.asked_at, scenario, "workers");
      const auto after = counted(events, q.answered_by + 1, scenario, "workers");
      ASSERT_TRUE(before && after);
      EXPECT_EQ(*after - *before, q.answer);
      break;
    }
    case PracticeKind::cleanup_runs_next: {
      // Exactly the answer's goroutine ran one more cleanup across the next cleanup_run.
      const std::size_t run = next_of(events, q.asked_at, EventKind::cleanup_run);
      ASSERT_EQ(run, q.answered_by);
      const std::string g = std::to_string(q.answer);
      const auto before = counted(events, run, scenario, "worker_executed(" + g + ")");
      const auto after = counted(events, run + 1, scenario, "worker_executed(" + g + ")");
      ASSERT_TRUE(before && after);
      EXPECT_EQ(*after, *before + 1);
      break;
    }
  }
}

TEST(Practice, EveryLessonYieldsQuestionsWhoseAnswersARecountedFromTheRawTrace) {
  for (const std::string& file : toml_files(lessons_dir())) {
    const lesson::Lesson l = load(file);
    for (const std::uint64_t seed : {l.scenario.seed, std::uint64_t{5}}) {
      const lesson::Practice p = lesson::generate_practice(l, seed, 6);
      const std::string where = base_name(file) + " seed " + std::to_string(seed);
      EXPECT_GE(p.questions.size(), 1u) << where << ": " << p.problem;
      std::uint64_t hash = 0;
      const std::vector<TraceEvent> events = run_events(l, seed, &hash);
      ASSERT_EQ(hash, p.trace_hash) << where << ": the same run";
      Scenario scenario = l.scenario;
      scenario.seed = seed;
      for (const PracticeQuestion& q : p.questions) check_question(q, events, scenario, where);
      // No question twice: the same kind, numbers and answer at another moment is a repeat.
      for (std::size_t i = 0; i < p.questions.size(); ++i) {
        for (std::size_t j = i + 1; j < p.questions.size(); ++j) {
          const PracticeQuestion& a = p.questions[i];
          const PracticeQuestion& b = p.questions[j];
          bool same = a.kind == b.kind && a.answer == b.answer && a.shown.size() == b.shown.size();
          for (std::size_t k = 0; same && k < a.shown.size(); ++k) {
            same = a.shown[k].value == b.shown[k].value;
          }
          EXPECT_FALSE(same) << where << ": questions " << i + 1 << " and " << j + 1;
        }
      }
    }
  }
}

TEST(Practice, TheSameSeedGivesTheSameQuestions) {
  const lesson::Lesson l = load(lessons_dir() + "/02-p-local-blocks.toml");
  const lesson::Practice a = lesson::generate_practice(l, 11, 8);
  const lesson::Practice b = lesson::generate_practice(l, 11, 8);
  ASSERT_EQ(a.questions.size(), b.questions.size());
  ASSERT_FALSE(a.questions.empty());
  for (std::size_t i = 0; i < a.questions.size(); ++i) {
    EXPECT_EQ(a.questions[i].ask, b.questions[i].ask);
    EXPECT_EQ(a.questions[i].asked_at, b.questions[i].asked_at);
    EXPECT_EQ(a.questions[i].answer, b.questions[i].answer);
    EXPECT_EQ(a.questions[i].explanation, b.questions[i].explanation);
  }
}

std::vector<std::pair<std::size_t, std::int64_t>> fingerprint(const lesson::Practice& p) {
  std::vector<std::pair<std::size_t, std::int64_t>> out;
  for (const PracticeQuestion& q : p.questions) out.emplace_back(q.asked_at, q.answer);
  return out;
}

TEST(Practice, AnotherSeedGivesOtherQuestions) {
  std::size_t differing = 0;
  std::size_t other_runs = 0;
  for (const std::string& file : toml_files(lessons_dir())) {
    const lesson::Lesson l = load(file);
    const lesson::Practice one = lesson::generate_practice(l, 1, 5);
    const lesson::Practice two = lesson::generate_practice(l, 2, 5);
    if (fingerprint(one) != fingerprint(two)) ++differing;
    if (one.trace_hash != two.trace_hash) ++other_runs;
  }
  EXPECT_GE(differing, 1u);
  EXPECT_GE(other_runs, 1u) << "at least one lesson's runner chooses differently with the seed";
}

TEST(Practice, GradingComparesWithTheEngineAnswer) {
  const lesson::Lesson l = load(lessons_dir() + "/02-p-local-blocks.toml");
  const lesson::Practice p = lesson::generate_practice(l, 3, 3);
  ASSERT_FALSE(p.questions.empty());
  const PracticeQuestion& q = p.questions.front();
  EXPECT_TRUE(lesson::grade_practice(q, q.answer).correct);
  const lesson::PracticeGrade wrong = lesson::grade_practice(q, q.answer + 1);
  EXPECT_FALSE(wrong.correct);
  EXPECT_EQ(wrong.expected_text, q.answer_text);
  EXPECT_FALSE(wrong.explanation.empty());
}

TEST(PracticeCli, PrintsQuestionsAndAnswersOnlyWhenAsked) {
  const std::string practice = "lesson practice 2 --dir " + lessons_dir();
  const CliResult plain = cleanupq(practice + " --seed 4 --count 3");
  EXPECT_EQ(plain.exit_code, 0) << plain.output;
  EXPECT_NE(plain.output.find("seed 4 (from --seed)\n"), std::string::npos) << plain.output;
  EXPECT_NE(plain.output.find("Q3. "), std::string::npos) << plain.output;
  EXPECT_EQ(plain.output.find("Q4. "), std::string::npos) << plain.output;
  EXPECT_EQ(plain.output.find("answer:"), std::string::npos) << plain.output;
  EXPECT_EQ(plain.output.find("[x]"), std::string::npos) << plain.output;
  const CliResult answers = cleanupq(practice + " --seed 4 --count 3 --answers");
  EXPECT_EQ(answers.exit_code, 0) << answers.output;
  EXPECT_NE(answers.output.find("answer:"), std::string::npos) << answers.output;
  const CliResult own = cleanupq(practice);
  EXPECT_NE(own.output.find("seed 3 (the lesson's own)\n"), std::string::npos) << own.output;
}

TEST(PracticeCli, BadFlagsAreRefusedWithTheFlagValueAndRange) {
  const std::string practice = "lesson practice 2 --dir " + lessons_dir();
  const CliResult zero = cleanupq(practice + " --count 0");
  EXPECT_EQ(zero.exit_code, 2);
  EXPECT_NE(zero.output.find("cleanupq lesson practice: --count 0 is out of range: allowed 1..50"),
            std::string::npos)
      << zero.output;
  const CliResult word = cleanupq(practice + " --seed many");
  EXPECT_EQ(word.exit_code, 2);
  EXPECT_NE(word.output.find("--seed many"), std::string::npos) << word.output;
  EXPECT_NE(word.output.find("allowed 0.."), std::string::npos) << word.output;
  const CliResult missing = cleanupq("lesson practice 99 --dir " + lessons_dir());
  EXPECT_EQ(missing.exit_code, 2) << missing.output;
  EXPECT_NE(missing.output.find("no lesson 99"), std::string::npos) << missing.output;
}

}  // namespace
}  // namespace cq::lesson_test
