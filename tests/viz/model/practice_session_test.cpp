// PracticeSession (viz/model/practice_session.hpp), without drawing: the run the app shows is the
// run the engine's questions come from; each question's answer is recounted here from that run's
// raw events (not from the question); a wrong answer and a right one are graded as the engine's
// grade_practice says, once, after which the answer is locked; and the phases go answering,
// watching, revealed, with the picture's limits at the question's state and at its answer.
#include "model/practice_session.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>

#include "lesson/lesson_parser.hpp"

namespace cq::viz {
namespace {

using lesson::PracticeKind;
using lesson::PracticeQuestion;

lesson::Lesson load(const std::string& file) {
  lesson::ParseResult parsed =
      lesson::parse_lesson_file(std::string(CQ_TEST_LESSONS_DIR) + "/" + file);
  EXPECT_TRUE(parsed.lesson.has_value()) << file;
  return parsed.lesson ? *parsed.lesson : lesson::Lesson{};
}

// The answer, recounted from the run's events around the question's checkpoint; nullopt where
// the raw events do not name it (which goroutine ran a cleanup: an actor, not an index).
std::optional<std::int64_t> recount(const Trace& trace, const PracticeQuestion& q) {
  const TraceEvent& answering = trace.at(q.answered_by);
  switch (q.kind) {
    case PracticeKind::block_fills_next:
      EXPECT_EQ(answering.kind, EventKind::block_full);
      return static_cast<std::int64_t>(answering.p);
    case PracticeKind::flush_pushes: {
      EXPECT_EQ(answering.kind, EventKind::flush_end);
      EXPECT_EQ(trace.at(q.asked_at).kind, EventKind::flush_begin);
      std::int64_t pushes = 0;
      for (std::size_t i = q.asked_at; i < q.answered_by; ++i) {
        if (trace.at(i).kind == EventKind::flush_push) ++pushes;
      }
      return pushes;
    }
    case PracticeKind::goroutines_started:
      EXPECT_EQ(answering.kind, EventKind::goroutines_created);
      return static_cast<std::int64_t>(answering.a);
    case PracticeKind::cleanup_runs_next:
      EXPECT_EQ(answering.kind, EventKind::cleanup_run);
      return std::nullopt;
  }
  return std::nullopt;
}

std::optional<std::int64_t> shown(const PracticeQuestion& q, const std::string& quantity) {
  for (const lesson::ShownNumber& n : q.shown) {
    if (n.quantity == quantity) return n.value;
  }
  return std::nullopt;
}

// A wrong answer to `q`, given `right`: another choice, or another number.
bool answer_wrong(PracticeSession& s, const PracticeQuestion& q, std::int64_t right) {
  if (q.choices.empty()) return s.answer_number(right + 1);
  for (std::size_t c = 0; c < q.choices.size(); ++c) {
    if (q.choices[c].value != right) return s.answer_choice(c);
  }
  ADD_FAILURE() << "a choice question with one choice: " << q.ask;
  return false;
}

bool answer_right(PracticeSession& s, const PracticeQuestion& q, std::int64_t right) {
  if (q.choices.empty()) return s.answer_number(right);
  for (std::size_t c = 0; c < q.choices.size(); ++c) {
    if (q.choices[c].value == right) return s.answer_choice(c);
  }
  ADD_FAILURE() << "the recounted answer " << right << " is not among the choices: " << q.ask;
  return false;
}

TEST(PracticeSession, TheAppShowsTheRunTheEngineAsksAbout) {
  const lesson::Lesson lesson = load("02-p-local-blocks.toml");
  const PracticeSession session(lesson, 9);
  const lesson::Practice engine = lesson::generate_practice(lesson, 9, kPracticeQuestionsPerSeed);
  EXPECT_EQ(session.seed(), 9u);
  EXPECT_EQ(session.trace().hash(), engine.trace_hash);
  EXPECT_EQ(session.trace().size(), engine.trace_events);
  ASSERT_EQ(session.practice().questions.size(), engine.questions.size());
  ASSERT_EQ(engine.questions.size(), kPracticeQuestionsPerSeed) << engine.problem;
  for (std::size_t i = 0; i < engine.questions.size(); ++i) {
    EXPECT_EQ(session.practice().questions[i].ask, engine.questions[i].ask);
    EXPECT_EQ(session.practice().questions[i].answered_by, engine.questions[i].answered_by);
  }
  EXPECT_EQ(session.next_seed(), 10u);
  EXPECT_NE(PracticeSession(lesson, session.next_seed()).trace().hash(), session.trace().hash())
      << "another seed, another run";
}

// Every question of a few lessons and seeds: wrong first (graded wrong, the engine's answer
// shown), then, in a second session of the same seed, right.
TEST(PracticeSession, WrongAndRightAnswersAreGradedAsTheRunSays) {
  int recounted = 0;
  for (const char* file :
       {"02-p-local-blocks.toml", "05-last-sweeper.toml", "06-coalescing.toml", "10-needg.toml"}) {
    const lesson::Lesson lesson = load(file);
    for (const std::uint64_t seed : {1u, 9u}) {
      PracticeSession wrong(lesson, seed);
      std::size_t single_choice = 0;
      PracticeSession right(lesson, seed);
      const std::size_t count = wrong.practice().questions.size();
      ASSERT_GT(count, 0u) << file << " seed " << seed << ": " << wrong.practice().problem;
      for (std::size_t i = 0; i < count; ++i) {
        SCOPED_TRACE(std::string(file) + " seed " + std::to_string(seed) + " question " +
                     std::to_string(i + 1));
        const PracticeQuestion& q = *wrong.question();
        EXPECT_EQ(wrong.index(), i);
        EXPECT_EQ(wrong.phase(), PredictPhase::answering);
        EXPECT_EQ(wrong.asked_events(), q.asked_at);
        EXPECT_EQ(wrong.answered_events(), q.answered_by + 1);
        ASSERT_LT(q.asked_at, q.answered_by + 1);
        const std::optional<std::int64_t> counted = recount(wrong.trace(), q);
        const std::int64_t answer = counted.value_or(q.answer);
        if (counted) {
          ++recounted;
          EXPECT_EQ(*counted, q.answer);
        }
        if (q.kind == PracticeKind::block_fills_next) {
          // Asked before the entry that fills the block: the block lacks exactly that entry.
          EXPECT_EQ(shown(q, "p_fill(" + std::to_string(answer) + ")").value_or(-1),
                    shown(q, "block_capacity").value_or(-1) - 1);
        }
        // Not yet revealed: next_question refuses.
        EXPECT_FALSE(wrong.next_question());
        // The engine asks a question with one choice only when nothing else is left: it cannot
        // be answered wrong, so both sessions answer it right.
        const bool one_choice = q.choices.size() == 1;
        if (one_choice) {
          ASSERT_TRUE(answer_right(wrong, q, answer));
          EXPECT_TRUE(wrong.answer().grade.correct);
          ++single_choice;
        } else {
          ASSERT_TRUE(answer_wrong(wrong, q, answer));
          EXPECT_FALSE(wrong.answer().grade.correct);
        }
        EXPECT_EQ(wrong.phase(), PredictPhase::watching);
        EXPECT_TRUE(wrong.answer().locked);
        EXPECT_EQ(wrong.answer().grade.expected_text, q.answer_text);
        EXPECT_FALSE(wrong.answer().grade.explanation.empty());
        // Locked: a second answer, even the right one, changes nothing.
        const std::string given = wrong.answer().given;
        EXPECT_FALSE(answer_right(wrong, q, answer));
        EXPECT_EQ(wrong.answer().given, given);
        EXPECT_EQ(wrong.answer().grade.correct, one_choice);
        wrong.reveal();
        EXPECT_EQ(wrong.phase(), PredictPhase::revealed);

        ASSERT_TRUE(answer_right(right, *right.question(), answer));
        EXPECT_TRUE(right.answer().grade.correct);
        EXPECT_EQ(right.answer().given, q.choices.empty() ? std::to_string(answer) : q.answer_text);
        right.reveal();

        EXPECT_EQ(wrong.next_question(), i + 1 < count);
        EXPECT_EQ(right.next_question(), i + 1 < count);
      }
      EXPECT_EQ(wrong.answered(), count);
      EXPECT_EQ(wrong.right(), single_choice);
      EXPECT_EQ(right.right(), count);
      EXPECT_EQ(right.phase(), PredictPhase::revealed) << "the last question stays revealed";
    }
  }
  EXPECT_GT(recounted, 10) << "too few answers recounted from the run";
}

TEST(PracticeSession, ABadAnswerIsRefused) {
  PracticeSession session(load("02-p-local-blocks.toml"), 9);
  const PracticeQuestion& q = *session.question();
  if (q.choices.empty()) {
    EXPECT_FALSE(session.answer_choice(0)) << "a number question takes no choice";
  } else {
    EXPECT_FALSE(session.answer_choice(q.choices.size())) << "no such choice";
    EXPECT_FALSE(session.answer_number(0)) << "a choice question takes no number";
  }
  EXPECT_EQ(session.phase(), PredictPhase::answering);
  EXPECT_FALSE(session.answer().locked);
  session.reveal();  // not watching: nothing to reveal
  EXPECT_EQ(session.phase(), PredictPhase::answering);
}

}  // namespace
}  // namespace cq::viz
