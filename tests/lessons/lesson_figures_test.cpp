// Lesson figures: the names a step's `figure` key may take are exactly the SVGs in
// assets/figures, an unknown name is refused with the allowed ones listed, and every figure is
// shown by some lesson (a figure nobody shows is dead weight in the package).
#include "lesson/lesson_figures.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "lesson/lesson_parser.hpp"
#include "lesson_test_support.hpp"
#include "support/small_lesson.hpp"

namespace cq::lesson_test {
namespace {

const std::string kLesson = test_support::small_lesson("\n[[step]]\ntext = \"a\"\n");

TEST(LessonFigures, NamesAreTheSvgsInAssetsFigures) {
  std::vector<std::string> svgs;
  for (const auto& entry : std::filesystem::directory_iterator(CQ_TEST_FIGURES_DIR)) {
    if (entry.path().extension() == ".svg") svgs.push_back(entry.path().stem().string());
  }
  std::sort(svgs.begin(), svgs.end());
  EXPECT_EQ(lesson::figure_names(), svgs);
}

TEST(LessonFigures, StepKeyTakesAKnownNameOnly) {
  const lesson::ParseResult ok =
      lesson::parse_lesson_text(kLesson + "figure = \"sweep-gate\"\n", "t.toml");
  ASSERT_TRUE(ok.ok()) << ok.diagnostics.front().to_string();
  EXPECT_EQ(ok.lesson->steps[0].figure, "sweep-gate");

  const lesson::ParseResult bad =
      lesson::parse_lesson_text(kLesson + "figure = \"block_layout\"\n", "t.toml");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.diagnostics.front().to_string(),
            "t.toml:14:10: 'figure' of step 1 = \"block_layout\" is not a lesson figure: allowed "
            "block-layout, sweep-gate, tagged-stack, wake-protocols");
}

TEST(LessonFigures, EveryFigureIsShownBySomeLesson) {
  std::set<std::string> shown;
  for (const std::string& file : toml_files(lessons_dir())) {
    const lesson::ParseResult r = lesson::parse_lesson_file(file);
    ASSERT_TRUE(r.ok()) << file;
    for (const lesson::LessonStep& step : r.lesson->steps) {
      if (!step.figure.empty()) shown.insert(step.figure);
    }
  }
  for (const std::string& name : lesson::figure_names()) {
    EXPECT_TRUE(shown.count(name) == 1) << "no lesson shows the figure " << name;
  }
}

}  // namespace
}  // namespace cq::lesson_test
