// A predict question in the app, end to end, as a student meets it: the step's picture is held
// before its run while the question is open; a wrong first answer shows the hint and allows one
// more try; the locked answer starts the step playing, animated over many frames at the
// lesson's speed; then the computed answer shows beside the student's, with the explanation,
// and only then the step's text. The answers are clicked on the buttons the view draws.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>

#include "viz_test_support.hpp"

namespace cq::viz {
namespace {

using test::find_text;
using test::HeadlessUi;
using test::small_scenario;

// One step: runs to the first full block, asking beforehand how many blocks `full` will hold
// then (1). The words in capitals mark each text so the test can tell which one is on screen.
constexpr const char* kLesson = R"(id = 1
title = "Predict test"

[scenario]
gomaxprocs = 4
mutators = 1
cleanups = 40
sweepers = 1
block_capacity = 20
span_objects = 20

[[step]]
title = "First fill"
text = "STEPTEXT the block went onto `full` the moment it filled."
until = { event = "block_full" }

[[step.question]]
kind = "predict"
ask = "PREDICTASK how many blocks will be on `full` when the first block fills?"
hint = "HINTTEXT a block goes onto `full` the moment it fills."
answer = "full_blocks"
choices = [0, 1, 2]
explain = "EXPLAINED {full_blocks} on `full`."

[[step.question]]
kind = "predict"
ask = "SECONDASK how many blocks will have been allocated?"
hint = "SECONDHINT each P takes its own block."
answer = "blocks_allocated"
explain = "EXPLAINEDTOO {blocks_allocated} allocated."
)";

std::string write_lesson() {
  const auto dir = std::filesystem::path(::testing::TempDir()) / "cq-predict-test";
  std::filesystem::create_directories(dir);
  const auto path = dir / "01-predict.toml";
  std::ofstream(path) << kLesson;
  return path.string();
}

class PredictInTheApp : public ::testing::Test {
 protected:
  // Tall enough that both questions, a hint and the second try fit the lesson panel unscrolled.
  PredictInTheApp() : ui_(small_scenario(), 1440, 1200) {}

  void open() {
    ASSERT_TRUE(ui_.app().open_lesson(write_lesson())) << ui_.app().ui().message;
    ui_.frame();
    ui_.frame();  // the lesson tab comes forward
  }
  bool on_screen(const char* needle) { return find_text(ui_.text(), needle).has_value(); }
  void click_item(const std::string& name) {
    const auto it = ui_.app().item_rects.find(name);
    ASSERT_NE(it, ui_.app().item_rects.end()) << name << " was not drawn\n"
                                              << test::dump_text(ui_.text());
    ui_.click(ImVec2(it->second.cx(), it->second.cy()));
  }
  PredictPhase phase() { return ui_.app().lesson_answers().phase(); }
  std::size_t trace_size() { return ui_.app().lesson()->trace().size(); }

  HeadlessUi ui_;
};

TEST_F(PredictInTheApp, AnswerHintSecondTryLockWatchReveal) {
  open();
  // Answering: the question, not the step's text; the picture held before the run although
  // the engine already ran to the checkpoint (so a first answer can be judged).
  ASSERT_EQ(phase(), PredictPhase::answering);
  EXPECT_TRUE(on_screen("PREDICTASK"));
  EXPECT_FALSE(on_screen("STEPTEXT"));
  EXPECT_FALSE(on_screen("EXPLAINED"));
  EXPECT_FALSE(on_screen("HINTTEXT"));
  const std::size_t held = ui_.projection().head();
  EXPECT_GT(trace_size(), held + 10) << "the step's run is not ahead of the picture";

  // Wrong first answer (0 blocks): the hint and a second try, nothing revealed, still held.
  click_item("predict-0-choice-0");
  ui_.frame();
  EXPECT_EQ(phase(), PredictPhase::answering);
  EXPECT_TRUE(ui_.app().lesson_answers().entries()[0].hint_shown);
  EXPECT_FALSE(ui_.app().lesson_answers().entries()[0].locked);
  EXPECT_TRUE(on_screen("HINTTEXT"));
  EXPECT_TRUE(on_screen("One more try:"));
  EXPECT_FALSE(on_screen("EXPLAINED"));
  EXPECT_EQ(ui_.projection().head(), held);

  // Second try, right (1): locked; the other prediction is still open, so nothing plays yet.
  click_item("predict-0-choice-1");
  EXPECT_TRUE(ui_.app().lesson_answers().entries()[0].locked);
  EXPECT_EQ(phase(), PredictPhase::answering);
  EXPECT_TRUE(on_screen("Locked in: 1"));
  EXPECT_EQ(ui_.projection().head(), held);

  // The lesson's speed, set so that the step's run (already recorded) spreads over about 30
  // frames. (Headless apps start at speed 0, which would show it in one frame.)
  const Trace& trace = ui_.app().lesson()->trace();
  const double span_ns =
      static_cast<double>(trace.at(trace.size() - 1).time_ns - trace.at(held).time_ns);
  ui_.app().ui().speed = span_ns / (30 * (1e9 / 60.0));

  // The typed prediction, wrong twice (the answer is at least 1, so -1 is wrong): locked after
  // the second try; then the step plays.
  ui_.app().lesson_answer_entry(1).typed = -1;
  click_item("predict-1-submit");
  EXPECT_TRUE(on_screen("SECONDHINT"));
  click_item("predict-1-submit");
  ASSERT_TRUE(ui_.app().lesson_answers().entries()[1].locked);
  ASSERT_EQ(phase(), PredictPhase::watching);

  // Watching: the picture's head moves through the recorded run frame by frame; nothing is
  // revealed until it arrives.
  std::set<std::size_t> heads;
  int frames = 0;
  while (phase() == PredictPhase::watching && frames < 2000) {
    ui_.frame();
    ++frames;
    heads.insert(ui_.projection().head());
    if (phase() == PredictPhase::watching) {
      EXPECT_FALSE(on_screen("EXPLAINED"));
      EXPECT_TRUE(on_screen("watching the step run"));
    }
  }
  EXPECT_GE(heads.size(), 10u) << "the step jumped instead of playing";
  EXPECT_GE(frames, 10);
  ASSERT_EQ(phase(), PredictPhase::revealed);

  // Revealed: the student's answers beside the engine's, the explanations, the step's text.
  ui_.frame();
  EXPECT_EQ(ui_.projection().head(), trace_size());
  EXPECT_TRUE(on_screen("Right. You predicted 1 (first 0); the engine says 1."))
      << test::dump_text(ui_.text());
  EXPECT_TRUE(on_screen("Not quite. You predicted -1 (first -1)")) << test::dump_text(ui_.text());
  EXPECT_TRUE(on_screen("EXPLAINED"));
  EXPECT_TRUE(on_screen("EXPLAINEDTOO"));
  EXPECT_TRUE(on_screen("STEPTEXT"));
}

TEST_F(PredictInTheApp, TheWatchCanBeSkippedToTheReveal) {
  open();
  ui_.app().ui().speed = 1e-9;  // far slower than the test
  ui_.app().lesson_answer_choice(0, 1);
  ui_.app().lesson_answer_number(1, 1);
  ASSERT_EQ(phase(), PredictPhase::watching);
  ui_.frames(3);
  EXPECT_EQ(phase(), PredictPhase::watching);
  EXPECT_LT(ui_.projection().head(), trace_size());
  click_item("predict-skip");
  ui_.frame();
  EXPECT_EQ(phase(), PredictPhase::revealed);
  EXPECT_EQ(ui_.projection().head(), trace_size());
}

TEST_F(PredictInTheApp, APredictionIsNotTakenAfterTheReveal) {
  open();
  // An answer to a prediction is taken only while predicting: after the reveal it changes
  // nothing.
  ui_.app().lesson_answer_choice(0, 2);
  ui_.app().lesson_answer_choice(0, 2);  // wrong twice: locked at 2
  ui_.app().lesson_answer_number(1, 1);
  ui_.app().lesson_skip_watch();
  ui_.frame();
  ASSERT_EQ(phase(), PredictPhase::revealed);
  ui_.app().lesson_answer_choice(0, 1);
  EXPECT_EQ(ui_.app().lesson_answers().entries()[0].given, "2");
  EXPECT_FALSE(ui_.app().lesson_answers().entries()[0].check.correct);
}

// Not a check: with CQ_PREDICT_PICTURES=DIR, draws lesson 6's first prediction (after a wrong
// first answer), its watch and its reveal into DIR, for a person to look at.
TEST(PredictPictures, WrittenOnlyWhenAsked) {
  const char* dir = std::getenv("CQ_PREDICT_PICTURES");
  if (dir == nullptr) GTEST_SKIP() << "set CQ_PREDICT_PICTURES=DIR to draw the pictures";
  HeadlessUi ui(small_scenario(), 1440, 900);
  App& app = ui.app();
  ASSERT_TRUE(app.open_lesson("6"));
  app.go_to_lesson_step(3);
  ui.frames(3);
  app.lesson_answer_choice(0, 0);  // 1 block: wrong, so the hint shows
  ui.settle();
  ASSERT_EQ(write_png(ui.capture(), std::string(dir) + "/predict-question.png"), std::nullopt);
  app.lesson_answer_choice(0, 1);
  app.lesson_answer_entry(1).typed = 2;
  app.lesson_answer_number(1, 2);
  const Trace& trace = app.lesson()->trace();
  app.ui().speed = static_cast<double>(trace.at(trace.size() - 1).time_ns - trace.at(0).time_ns) /
                   (240 * (1e9 / 60.0));
  ui.frames(120);
  ASSERT_EQ(write_png(ui.capture(), std::string(dir) + "/predict-watch.png"), std::nullopt);
  app.lesson_skip_watch();
  ui.frames(2);
  ui.settle();
  ASSERT_EQ(write_png(ui.capture(), std::string(dir) + "/predict-reveal.png"), std::nullopt);
}

}  // namespace
}  // namespace cq::viz
