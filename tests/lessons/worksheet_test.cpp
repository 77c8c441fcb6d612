// `cleanupq lesson worksheet` and lesson_worksheet.hpp: a worksheet holds the questions and no
// answer; the answer key (--answers) holds the engine's answers and explanations; HTML escapes
// what a lesson writes; a write that fails is an error naming the file.
#include <gtest/gtest.h>

#include <string>

#include "lesson/lesson_parser.hpp"
#include "lesson/lesson_player.hpp"
#include "lesson/lesson_scenario.hpp"
#include "lesson/lesson_worksheet.hpp"
#include "lesson_test_support.hpp"

namespace cq::lesson_test {
namespace {

lesson::Lesson lesson_file(const std::string& name) {
  return *lesson::parse_lesson_file(lessons_dir() + "/" + name).lesson;
}

// A lesson as a worksheet sees it, with text that HTML must not take as markup.
lesson::WorksheetLesson hostile() {
  lesson::WorksheetLesson l;
  l.id = 99;
  l.title = "Tags <b>& \"quotes\"";
  l.questions.push_back({1,
                         "Step <i>",
                         false,
                         "Is 1 < 2 && `a<b`? <script>alert('x')</script>",
                         {"yes <b>", "no & never"},
                         "yes <b>",
                         "Because <2>",
                         ""});
  return l;
}

TEST(Worksheet, HtmlEscapesEverythingALessonWrites) {
  const std::string html =
      lesson::render_worksheet({hostile()}, lesson::WorksheetFormat::html, true);
  EXPECT_EQ(html.find("<script>"), std::string::npos) << html;
  EXPECT_EQ(html.find("<b>"), std::string::npos) << html;
  EXPECT_EQ(html.find("<i>"), std::string::npos) << html;
  EXPECT_NE(html.find("Is 1 &lt; 2 &amp;&amp; <code>a&lt;b</code>? &lt;script&gt;alert(&#39;x&#39;)"
                      "&lt;/script&gt;"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("Tags &lt;b&gt;&amp; &quot;quotes&quot;"), std::string::npos) << html;
  EXPECT_NE(html.find("yes &lt;b&gt;"), std::string::npos) << html;
  EXPECT_NE(html.find("Because &lt;2&gt;"), std::string::npos) << html;
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("</html>"), std::string::npos);
}

TEST(Worksheet, HtmlTextKeepsCodeSpansAndALoneBacktick) {
  EXPECT_EQ(lesson::html_text("`full` & `free`"), "<code>full</code> &amp; <code>free</code>");
  EXPECT_EQ(lesson::html_text("a ` b"), "a ` b");
  EXPECT_EQ(lesson::html_text("the *tail* of `b*`, 2 * 3"),
            "the <em>tail</em> of <code>b*</code>, 2 * 3");
  EXPECT_EQ(lesson::html_text("\"'<>&"), "&quot;&#39;&lt;&gt;&amp;");
}

TEST(Worksheet, HoldsEveryQuestionPredictFirstAndAnswersOnlyInTheKey) {
  const lesson::WorksheetLesson sheet =
      lesson::collect_worksheet(lesson_file("06-coalescing.toml"));
  ASSERT_TRUE(sheet.ok());
  const lesson::Lesson lesson = lesson_file("06-coalescing.toml");
  EXPECT_EQ(sheet.questions.size(), lesson.question_count());
  for (lesson::WorksheetFormat format :
       {lesson::WorksheetFormat::markdown, lesson::WorksheetFormat::html}) {
    const std::string worksheet = lesson::render_worksheet({sheet}, format, false);
    const std::string key = lesson::render_worksheet({sheet}, format, true);
    EXPECT_EQ(worksheet.find("Answer key"), std::string::npos);
    EXPECT_NE(key.find("Answer key"), std::string::npos);
    for (const lesson::WorksheetQuestion& q : sheet.questions) {
      ASSERT_FALSE(q.explanation.empty());
      const std::string explanation = format == lesson::WorksheetFormat::html
                                          ? lesson::html_text(q.explanation)
                                          : q.explanation;
      const std::string ask =
          format == lesson::WorksheetFormat::html ? lesson::html_text(q.ask) : q.ask;
      EXPECT_NE(worksheet.find(ask), std::string::npos) << q.ask;
      EXPECT_EQ(worksheet.find(explanation), std::string::npos)
          << "worksheet shows " << q.explanation;
      EXPECT_NE(key.find(explanation), std::string::npos) << "key lacks " << q.explanation;
      EXPECT_NE(key.find("Answer: " + q.answer), std::string::npos) << q.answer;
      EXPECT_EQ(worksheet.find("Answer: " + q.answer), std::string::npos) << q.answer;
    }
  }
  // Within a step, predict questions come first: they are asked before the step runs.
  for (std::size_t i = 1; i < sheet.questions.size(); ++i) {
    const auto& a = sheet.questions[i - 1];
    const auto& b = sheet.questions[i];
    EXPECT_TRUE(a.step < b.step || (a.step == b.step && (a.predict || !b.predict)));
  }
}

TEST(Worksheet, TheKeysAnswersAreThePlayersAtEachCheckpoint) {
  // Computed independently of the worksheet: play lesson 2 and read step 2's first answer.
  const lesson::Lesson lesson = lesson_file("02-p-local-blocks.toml");
  lesson::LessonPlayer player(lesson);
  ASSERT_EQ(player.advance(), lesson::StepStatus::reached);
  ASSERT_TRUE(player.next_step());
  ASSERT_EQ(player.advance(), lesson::StepStatus::reached);
  const lesson::QuantityValue expected = player.answer(0);
  ASSERT_TRUE(expected.ok());
  const lesson::WorksheetLesson sheet = lesson::collect_worksheet(lesson);
  bool found = false;
  for (const lesson::WorksheetQuestion& q : sheet.questions) {
    if (q.step == 2 && q.ask == lesson.steps[1].questions[0].ask) {
      EXPECT_EQ(q.answer, std::to_string(expected.value));
      found = true;
    }
  }
  EXPECT_TRUE(found);
}

TEST(Worksheet, ASeedOverridePlaysEveryRunWithIt) {
  lesson::Lesson lesson = lesson_file("10-needg.toml");
  lesson::override_lesson_seed(lesson, 99);
  EXPECT_EQ(lesson.scenario.seed, 99u);
  std::size_t restarts = 0;
  for (const lesson::LessonStep& step : lesson.steps) {
    if (!step.restart) continue;
    EXPECT_EQ(step.restart->seed, 99u);
    ++restarts;
  }
  EXPECT_GE(restarts, 1u) << "lesson 10 restarts its run: the override must reach the restarts";
  EXPECT_EQ(lesson::collect_worksheet(lesson).seed, 99u);
}

TEST(WorksheetCli, PrintsAnswersOnlyWithAnswersFlag) {
  const CliResult sheet = cleanupq("lesson worksheet --dir " + lessons_dir() + " 5 6");
  ASSERT_EQ(sheet.exit_code, 0) << sheet.output;
  EXPECT_NE(sheet.output.find("## Lesson 5: The last sweeper"), std::string::npos);
  EXPECT_NE(sheet.output.find("## Lesson 6: Coalescing"), std::string::npos);
  EXPECT_LT(sheet.output.find("## Lesson 5"), sheet.output.find("## Lesson 6"));
  EXPECT_EQ(sheet.output.find("**Answer:"), std::string::npos) << sheet.output;
  const CliResult key = cleanupq("lesson worksheet --answers --dir " + lessons_dir() + " 5 6");
  ASSERT_EQ(key.exit_code, 0) << key.output;
  EXPECT_NE(key.output.find("**Answer:"), std::string::npos) << key.output;
}

TEST(WorksheetCli, AFailedWriteIsAnErrorThatNamesTheFile) {
  const CliResult r = cleanupq("lesson worksheet --out /dev/full --dir " + lessons_dir() + " 2");
  EXPECT_EQ(r.exit_code, 3) << r.output;
  EXPECT_NE(r.output.find("/dev/full"), std::string::npos) << r.output;
  const std::string missing = "/nonexistent-folder-of-the-test/sheet.md";
  const CliResult m =
      cleanupq("lesson worksheet --out " + missing + " --dir " + lessons_dir() + " 2");
  EXPECT_EQ(m.exit_code, 3) << m.output;
  EXPECT_NE(m.output.find(missing), std::string::npos) << m.output;
}

TEST(WorksheetCli, RefusesABadFormatAndAnUnknownLesson) {
  const CliResult format = cleanupq("lesson worksheet --format pdf 2");
  EXPECT_EQ(format.exit_code, 2);
  EXPECT_NE(format.output.find("--format pdf is not a choice: allowed md or html"),
            std::string::npos)
      << format.output;
  const CliResult unknown = cleanupq("lesson worksheet --dir " + lessons_dir() + " 98");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.output.find("no lesson 98"), std::string::npos) << unknown.output;
}

}  // namespace
}  // namespace cq::lesson_test
