// LessonAnswers, the rules of answering (viz/model/lesson_answers.hpp), without drawing: which
// wrong answer earns a second try, when an answer is final, and when it may be revealed.
#include "model/lesson_answers.hpp"

#include <gtest/gtest.h>

#include "lesson/lesson_parser.hpp"
#include "support/small_lesson.hpp"

namespace cq::viz {
namespace {

// At the first full block, full_blocks is 1. Question 1 predicts it, with a hint; question 2
// observes it with a hint, question 3 without one.
const std::string kLesson = test_support::small_lesson(R"(
[[step]]
text = "A block filled."
until = { event = "block_full" }
[[step.question]]
kind = "predict"
ask = "How many blocks will be on `full`?"
hint = "A block goes onto `full` the moment it fills."
answer = "full_blocks"
explain = "{full_blocks}."
[[step.question]]
ask = "How many blocks are on `full`?"
hint = "Count them."
answer = "full_blocks"
explain = "{full_blocks}."
[[step.question]]
ask = "How many blocks are on `full` now?"
answer = "full_blocks"
explain = "{full_blocks}."
)",
                                                       "Answers");

class Answering : public ::testing::Test {
 protected:
  Answering() {
    lesson::ParseResult r = lesson::parse_lesson_text(kLesson, "t.toml");
    EXPECT_TRUE(r.ok());
    player_ = std::make_unique<lesson::LessonPlayer>(*r.lesson);
    answers_.begin_step(*player_);  // before the run, as the app does
    EXPECT_EQ(player_->advance(), lesson::StepStatus::reached);
  }
  const LessonAnswers::Entry& answer(std::size_t i, std::int64_t value) {
    return answers_.answer(i, player_->check_number(i, value), std::to_string(value));
  }

  std::unique_ptr<lesson::LessonPlayer> player_;
  LessonAnswers answers_;
};

TEST_F(Answering, APredictionIsFilledInBeforeTheRunAndHeldUntilTheStepHasPlayed) {
  EXPECT_EQ(answers_.phase(), PredictPhase::answering);
  EXPECT_EQ(answers_.entries()[0].ask_before_run, "How many blocks will be on `full`?");
  EXPECT_FALSE(answers_.predictions_locked());
  EXPECT_TRUE(answer(0, 1).locked) << "a right first answer is final";
  EXPECT_TRUE(answers_.predictions_locked());
  EXPECT_FALSE(answers_.revealed(0)) << "not before the step has played";
  answers_.set_phase(PredictPhase::watching);
  EXPECT_FALSE(answers_.revealed(0));
  answers_.set_phase(PredictPhase::revealed);
  EXPECT_TRUE(answers_.revealed(0));
}

TEST_F(Answering, AWrongFirstAnswerWithAHintGetsOneMoreTry) {
  const LessonAnswers::Entry& first = answer(1, 5);
  EXPECT_TRUE(first.hint_shown);
  EXPECT_FALSE(first.locked);
  EXPECT_EQ(first.first_given, "5");
  EXPECT_FALSE(answers_.revealed(1));
  const LessonAnswers::Entry& second = answer(1, 6);
  EXPECT_TRUE(second.locked) << "the second answer is final, right or wrong";
  EXPECT_FALSE(second.check.correct);
  EXPECT_EQ(second.given, "6");
  EXPECT_TRUE(answers_.revealed(1)) << "an observe question is revealed once final";
  EXPECT_EQ(answer(1, 1).given, "6") << "a final answer does not change";
}

TEST_F(Answering, AWrongAnswerWithoutAHintIsFinal) {
  const LessonAnswers::Entry& e = answer(2, 5);
  EXPECT_TRUE(e.locked);
  EXPECT_FALSE(e.hint_shown);
  EXPECT_EQ(e.check.expected_text, "1");
}

}  // namespace
}  // namespace cq::viz
