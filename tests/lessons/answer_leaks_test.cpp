// The rule that a question's answer must not stand in the text shown before it
// (engine/lesson/answer_leaks.hpp): which text counts as "the answer", and which text counts as
// "shown before" a predict question and an observe question.
#include "lesson/answer_leaks.hpp"

#include <gtest/gtest.h>

#include "lesson/lesson_check.hpp"
#include "lesson/lesson_parser.hpp"
#include "support/small_lesson.hpp"

namespace cq::lesson_test {
namespace {

using lesson::contains_answer;

TEST(AnswerLeaks, ANumberCountsOnlyWhenItStandsAlone) {
  EXPECT_TRUE(contains_answer("the Ps hold 4 blocks", "4"));
  EXPECT_TRUE(contains_answer("blocks: 4.", "4"));
  EXPECT_TRUE(contains_answer("(4)", "4"));
  // Part of a version, an issue, a name or a longer number: not the answer.
  EXPECT_FALSE(contains_answer("Go 1.25 and Go 1.24", "1"));
  EXPECT_FALSE(contains_answer("golang/go#71772", "71772"));
  EXPECT_FALSE(contains_answer("worker0 and sched0", "0"));
  EXPECT_FALSE(contains_answer("20,000 cleanups", "20"));
  EXPECT_FALSE(contains_answer("commit e46c8e", "46"));
  std::size_t at = 0;
  ASSERT_TRUE(contains_answer("worker0 ran 0 cleanups", "0", &at));
  EXPECT_EQ(at, 12u);
}

TEST(AnswerLeaks, AChoiceOfWordsCountsAsWholeWordsInAnyCase) {
  EXPECT_TRUE(contains_answer("Yes: no span is left to claim.", "yes: no span is left to claim"));
  EXPECT_FALSE(contains_answer("the eyes have it", "yes"));
  EXPECT_TRUE(contains_answer("so: yes, it is", "yes"));
}

TEST(AnswerLeaks, SaysWhereTheAnswerWasShown) {
  const std::vector<lesson::ShownText> shown = {{"nothing here", "the title"},
                                                {"the flush pushed 2 blocks onto full", "text"}};
  const auto sighting = lesson::find_answer_in("2", shown);
  ASSERT_TRUE(sighting.has_value());
  EXPECT_EQ(sighting->what, "text");
  EXPECT_NE(sighting->excerpt.find("pushed 2 blocks"), std::string::npos) << sighting->excerpt;
  EXPECT_FALSE(lesson::find_answer_in("3", shown).has_value());
}

std::vector<lesson::Diagnostic> play(const std::string& steps) {
  const lesson::ParseResult r =
      lesson::parse_lesson_text(test_support::small_lesson(steps), "t.toml");
  EXPECT_TRUE(r.ok()) << (r.diagnostics.empty() ? "" : r.diagnostics[0].to_string());
  if (!r.ok()) return {};
  return lesson::play_and_check(*r.lesson);
}

// Step 1's text shows "1", the number of blocks on `full` at step 2's checkpoint.
constexpr const char* kStepOneShowsOne = R"(
[[step]]
text = "Watch 1 sweeper fill a block."
)";

constexpr const char* kFullBlocksAtTheFirstFill = R"(
[[step]]
text = "A block filled; it went onto `full` at once."
until = { event = "block_full" }
[[step.question]]
%KIND%
ask = "How many blocks are on `full`?"
hint = "A block goes onto `full` the moment it fills."
answer = "full_blocks"
explain = "{full_blocks}: the block that filled."
%OPT_OUT%
)";

std::string second_step(const std::string& kind, const std::string& opt_out = "") {
  std::string s = kFullBlocksAtTheFirstFill;
  s.replace(s.find("%KIND%"), 6, kind);
  s.replace(s.find("%OPT_OUT%"), 9, opt_out);
  return s;
}

TEST(AnswerLeaks, APredictQuestionMayNotBeAnsweredByThePreviousStep) {
  const auto problems = play(kStepOneShowsOne + second_step("kind = \"predict\""));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].pos, (lesson::SourcePos{22, 10})) << problems[0].to_string();
  EXPECT_NE(problems[0].message.find("step 2's question 1: its answer (1) is shown before it is "
                                     "asked, in step 1: the step's text: \"Watch 1 sweeper"),
            std::string::npos)
      << problems[0].message;
}

TEST(AnswerLeaks, AWrittenReasonLetsTheAnswerBeShown) {
  EXPECT_TRUE(play(kStepOneShowsOne +
                   second_step("kind = \"predict\"",
                               "answer_shown_because = \"one sweeper is the scenario, not the "
                               "count of blocks\""))
                  .empty());
}

TEST(AnswerLeaks, AnObserveQuestionIsJudgedByItsOwnStepNotThePreviousOne) {
  // The previous step's "1" is gone from the screen when step 2's checkpoint is shown...
  EXPECT_TRUE(play(kStepOneShowsOne + second_step("")).empty());
  // ... but its own step's text, read just before it, counts.
  std::string leaky = second_step("");
  leaky.replace(leaky.find("it went onto"), 12, "1 block went onto");
  const auto problems = play(leaky);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].message.find("in the step's text"), std::string::npos)
      << problems[0].message;
}

TEST(AnswerLeaks, APredictQuestionIsAskedBeforeItsStepsTextIsShown) {
  // The same text in a predict question's own step is shown only after the reveal.
  std::string text_after_reveal = second_step("kind = \"predict\"");
  text_after_reveal.replace(text_after_reveal.find("it went onto"), 12, "1 block went onto");
  EXPECT_TRUE(play(text_after_reveal).empty());
}

}  // namespace
}  // namespace cq::lesson_test
