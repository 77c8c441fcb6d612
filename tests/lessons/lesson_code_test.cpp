// A step's `code` key: it names a line of the code pane (runtime/code_listing.hpp) of the code the
// step's run stands for; an unknown id, or one of another profile's code, is refused with the
// lesson, the step, the value and the allowed ids; and the shipped lessons point at code.
#include <gtest/gtest.h>

#include "lesson/lesson_parser.hpp"
#include "lesson_test_support.hpp"
#include "support/small_lesson.hpp"

namespace cq::lesson_test {
namespace {

const std::string kLesson = test_support::small_lesson("\n[[step]]\ntext = \"a\"\n");

TEST(LessonCode, StepKeyTakesALineOfThePane) {
  const lesson::ParseResult ok =
      lesson::parse_lesson_text(kLesson + "code = \"flush.nil_p_check\"\n", "t.toml");
  ASSERT_TRUE(ok.ok()) << ok.diagnostics.front().to_string();
  EXPECT_EQ(ok.lesson->steps[0].code, "flush.nil_p_check");
}

TEST(LessonCode, UnknownLineIsRefusedWithWhatIsAllowed) {
  const lesson::ParseResult bad =
      lesson::parse_lesson_text(kLesson + "code = \"flush.nil_check\"\n", "t.toml");
  ASSERT_FALSE(bad.ok());
  const std::string message = bad.diagnostics.front().to_string();
  EXPECT_TRUE(
      message.starts_with("t.toml:14:8: 'code' of step 1 = \"flush.nil_check\" is not a "
                          "line of the go1.25 code pane (did you mean "
                          "\"flush.nil_p_check\"?): allowed addcleanup.add, "))
      << message;
  EXPECT_NE(message.find("runcleanups.push_free"), std::string::npos) << message;
}

TEST(LessonCode, AnotherProfilesLineIsRefused) {
  // e46c8e's flush has no nil-P check: its pane has no such line to point at.
  const lesson::ParseResult bad = lesson::parse_lesson_text(
      test_support::small_lesson("go = \"e46c8e\"\n\n[[step]]\ntext = \"a\"\n") +
          "code = \"flush.nil_p_check\"\n",
      "t.toml");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.diagnostics.front().to_string().find("is not a line of the e46c8e code pane"),
            std::string::npos)
      << bad.diagnostics.front().to_string();
}

TEST(LessonCode, ShippedLessonsPointAtCode) {
  std::size_t pointing = 0;
  for (const std::string& file : toml_files(lessons_dir())) {
    const lesson::ParseResult r = lesson::parse_lesson_file(file);
    ASSERT_TRUE(r.ok()) << file << ": " << r.diagnostics.front().to_string();
    for (const lesson::LessonStep& step : r.lesson->steps) pointing += step.code.empty() ? 0 : 1;
  }
  EXPECT_GE(pointing, 2u);
}

}  // namespace
}  // namespace cq::lesson_test
