// Practice in the app, end to end, as a student meets it: --lesson 2 --seed 9 --practice opens
// the practice at once with seed 9 (the seed said on screen); the picture is held at the
// question's state, with the numbers the engine shows with it; the answer clicked locks it,
// the run plays to the event that answers it, and the engine's grade shows beside the answer;
// Next question, New seed and Back to the lesson do what they say; --practice without a lesson
// is named.
#include <gtest/gtest.h>

#include "lesson/lesson_parser.hpp"
#include "viz_test_support.hpp"

namespace cq::viz {
namespace {

using test::find_text;
using test::HeadlessUi;
using test::small_scenario;

AppOptions practice_options(const char* lesson) {
  AppOptions options = HeadlessUi::headless_options(small_scenario());
  options.lesson = lesson;
  options.lesson_seed = 9;
  options.practice = true;
  return options;
}

class PracticeInTheApp : public ::testing::Test {
 protected:
  PracticeInTheApp() : ui_(practice_options("2"), 1440, 900) {
    ui_.frames(2);  // the lesson tab comes forward
  }
  bool on_screen(const std::string& needle) { return find_text(ui_.text(), needle).has_value(); }
  void click_item(const std::string& name) {
    const auto it = ui_.app().item_rects.find(name);
    ASSERT_NE(it, ui_.app().item_rects.end()) << name << " was not drawn\n"
                                              << test::dump_text(ui_.text());
    ui_.click(ImVec2(it->second.cx(), it->second.cy()));
  }
  PracticeSession& practice() { return *ui_.app().practice(); }

  HeadlessUi ui_;
};

TEST_F(PracticeInTheApp, AnswerLockWatchRevealNextNewSeedBack) {
  ASSERT_NE(ui_.app().practice(), nullptr) << ui_.app().ui().message;
  EXPECT_EQ(practice().seed(), 9u);
  EXPECT_TRUE(on_screen("Practice with seed 9")) << test::dump_text(ui_.text());
  const lesson::PracticeQuestion q = *practice().question();
  ASSERT_EQ(practice().phase(), PredictPhase::answering);
  // The numbers shown are the engine's (practice.hpp's `shown`), named as it names them.
  ASSERT_FALSE(q.shown.empty());
  EXPECT_TRUE(on_screen(q.shown[0].quantity + " = " + std::to_string(q.shown[0].value)))
      << test::dump_text(ui_.text());
  // Held at the question's state, though the run went on to its end.
  EXPECT_EQ(ui_.projection().head(), q.asked_at);
  EXPECT_GT(practice().trace().size(), q.answered_by);

  // The right answer, clicked: a choice, or the number typed and locked in.
  if (q.choices.empty()) {
    practice().answer().typed = q.answer;
    click_item("practice-submit");
  } else {
    std::size_t c = 0;
    while (q.choices[c].value != q.answer) ++c;
    click_item("practice-choice-" + std::to_string(c));
  }
  ASSERT_TRUE(practice().answer().locked);
  int frames = 0;
  while (practice().phase() == PredictPhase::watching && frames < 2000) {
    EXPECT_LE(ui_.projection().head(), q.answered_by + 1);
    ui_.frame();
    ++frames;
  }
  ASSERT_EQ(practice().phase(), PredictPhase::revealed);
  ui_.frame();
  EXPECT_EQ(ui_.projection().head(), q.answered_by + 1) << "shown through the answering event";
  EXPECT_TRUE(
      on_screen("Right. You predicted " + q.answer_text + "; the engine says " + q.answer_text))
      << test::dump_text(ui_.text());
  EXPECT_TRUE(practice().answer().grade.correct);

  // The next question: held at its own state again.
  click_item("practice-next");
  ASSERT_EQ(practice().index(), 1u);
  ui_.frame();
  EXPECT_EQ(ui_.projection().head(), practice().question()->asked_at);
  EXPECT_TRUE(on_screen("Question 2 of"));

  // A new seed: the next one, said on screen; then back to the lesson's own step.
  click_item("practice-new-seed");
  EXPECT_EQ(practice().seed(), 10u);
  EXPECT_EQ(practice().index(), 0u);
  ui_.frame();
  EXPECT_TRUE(on_screen("Practice with seed 10"));
  click_item("practice-close");
  EXPECT_EQ(ui_.app().practice(), nullptr);
  EXPECT_NE(ui_.app().lesson(), nullptr);
  ui_.frame();
  EXPECT_FALSE(on_screen("Practice with seed"));
  EXPECT_NE(ui_.app().item_rects.find("practice-open"), ui_.app().item_rects.end());
}

// Free explore and Lessons end the lesson (and its practice) from the lesson panel's own header:
// the panel must read nothing of the freed lesson after the click (ASan in CI sees it if it does).
TEST_F(PracticeInTheApp, FreeExploreFromTheHeaderEndsLessonAndPractice) {
  click_item("lesson-free-explore");
  EXPECT_EQ(ui_.app().practice(), nullptr);
  EXPECT_EQ(ui_.app().lesson(), nullptr);
  ui_.frame();
  EXPECT_FALSE(on_screen("Practice with seed"));
}

TEST_F(PracticeInTheApp, LessonsFromTheHeaderOpensTheCatalog) {
  click_item("lesson-close");
  EXPECT_EQ(ui_.app().practice(), nullptr);
  EXPECT_EQ(ui_.app().lesson(), nullptr);
  ui_.frame();
  EXPECT_FALSE(on_screen("Practice with seed"));
}

TEST(PracticeWithoutALesson, IsNamed) {
  AppOptions options = HeadlessUi::headless_options(small_scenario());
  options.practice = true;
  HeadlessUi ui(options, 1440, 900);
  EXPECT_EQ(ui.app().practice(), nullptr);
  EXPECT_NE(ui.app().ui().message.find("--practice: it needs --lesson"), std::string::npos)
      << ui.app().ui().message;
}

}  // namespace
}  // namespace cq::viz
