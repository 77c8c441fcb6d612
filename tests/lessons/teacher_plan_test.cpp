// lessons/TEACHER.md against the lessons: its 45-minute plan adds up and respects every lesson's
// needs (class_plan.hpp), and its table of lessons says what each lesson file says. The plan
// checker is also tested on plans that break each rule, so that a pass means something.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "lesson/class_plan.hpp"
#include "lesson/lesson_parser.hpp"
#include "lesson_test_support.hpp"

namespace cq::lesson_test {
namespace {

std::string teacher_guide() {
  std::ifstream in(lessons_dir() + "/TEACHER.md");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

struct Lessons {
  std::vector<lesson::Lesson> owned;
  std::vector<const lesson::Lesson*> all;
  const lesson::Lesson* by_id(std::uint32_t id) const {
    for (const lesson::Lesson* l : all) {
      if (l->id == id) return l;
    }
    return nullptr;
  }
};

Lessons read_lessons() {
  Lessons out;
  for (const std::string& file : toml_files(lessons_dir())) {
    lesson::ParseResult parsed = lesson::parse_lesson_file(file);
    EXPECT_TRUE(parsed.ok()) << file;
    if (parsed.lesson) out.owned.push_back(std::move(*parsed.lesson));
  }
  for (const lesson::Lesson& l : out.owned) out.all.push_back(&l);
  return out;
}

std::vector<std::string> messages(const std::vector<lesson::Diagnostic>& diagnostics) {
  std::vector<std::string> out;
  for (const lesson::Diagnostic& d : diagnostics) out.push_back(d.to_string());
  return out;
}

// The `names` in backticks of a table cell.
std::set<std::string> code_spans(const std::string& cell) {
  std::set<std::string> out;
  for (std::size_t open = cell.find('`'); open != std::string::npos;) {
    const std::size_t close = cell.find('`', open + 1);
    if (close == std::string::npos) break;
    out.insert(cell.substr(open + 1, close - open - 1));
    open = cell.find('`', close + 1);
  }
  return out;
}

std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream in(line.substr(1));
  std::string cell;
  while (std::getline(in, cell, '|')) out.push_back(cell);
  return out;
}

TEST(TeacherPlan, TheFortyFiveMinutePlanAddsUpAndRespectsEveryNeed) {
  const Lessons lessons = read_lessons();
  const lesson::ClassPlan plan = lesson::read_class_plan(teacher_guide(), "TEACHER.md");
  ASSERT_TRUE(plan.ok()) << messages(plan.problems).front();
  EXPECT_EQ(plan.total_minutes, 45u);
  EXPECT_EQ(messages(lesson::check_class_plan(plan, lessons.all)), std::vector<std::string>{});
  // Summed here too, from the lesson files' `minutes`, not from the plan's own column.
  std::uint32_t minutes = 0;
  std::vector<std::uint32_t> planned;
  for (const lesson::ClassPlanRow& row : plan.rows) {
    if (!row.lesson) {
      minutes += row.length;
      continue;
    }
    const lesson::Lesson* l = lessons.by_id(*row.lesson);
    ASSERT_NE(l, nullptr) << "lesson " << *row.lesson;
    minutes += l->minutes;
    planned.push_back(l->id);
  }
  EXPECT_EQ(minutes, 45u);
  // The consumer side needs the producer side: 4 (whole blocks) must come before 9.
  EXPECT_EQ(planned, (std::vector<std::uint32_t>{1, 2, 4, 5, 6, 9, 10, 11}));
}

TEST(TeacherPlan, TheTableOfLessonsSaysWhatEachLessonFileSays) {
  const Lessons lessons = read_lessons();
  std::stringstream guide(teacher_guide());
  std::set<std::uint32_t> rows;
  for (std::string line; std::getline(guide, line);) {
    if (line.rfind("| ", 0) != 0) continue;
    const std::vector<std::string> c = cells(line);
    if (c.size() != 5) continue;
    std::uint32_t id = 0;
    if (std::sscanf(c[0].c_str(), " %u ", &id) != 1) continue;  // a header or another table
    const lesson::Lesson* l = lessons.by_id(id);
    ASSERT_NE(l, nullptr) << line;
    rows.insert(id);
    EXPECT_EQ(std::stoul(c[2]), l->minutes) << line;
    std::set<std::string> teaches;
    std::set<std::string> needs;
    for (const lesson::ConceptUse& u : l->teaches) teaches.insert(u.name);
    for (const lesson::ConceptUse& u : l->needs) needs.insert(u.name);
    EXPECT_EQ(code_spans(c[3]), teaches) << line;
    EXPECT_EQ(code_spans(c[4]), needs) << line;
  }
  EXPECT_EQ(rows.size(), lessons.all.size()) << "one row per lesson";
}

// A plan over two lessons: 2 (teaches p-local-block) and 5 (needs it), 5 minutes each.
struct TwoLessons {
  lesson::Lesson two;
  lesson::Lesson five;
  std::vector<const lesson::Lesson*> all() const { return {&two, &five}; }
};

TwoLessons two_lessons() {
  TwoLessons t;
  t.two.id = 2;
  t.two.file = "02.toml";
  t.two.teaches = {{"p-local-block", {3, 12}}};
  t.five.id = 5;
  t.five.file = "05.toml";
  t.five.teaches = {{"sweep-gate", {3, 12}}};
  t.five.needs = {{"p-local-block", {4, 10}}};
  return t;
}

std::vector<std::string> check(const std::string& rows, std::uint32_t total = 12) {
  const std::string text =
      "# Guide\n\n## A " + std::to_string(total) +
      "-minute class\n\n| minutes | length | what | how |\n|---|---|---|---|\n" + rows +
      "\n## Next\n| 0-99 | 99 | Lesson 7 | not in the plan |\n";
  const lesson::ClassPlan plan = lesson::read_class_plan(text, "T.md");
  if (!plan.ok()) return messages(plan.problems);
  return messages(lesson::check_class_plan(plan, two_lessons().all()));
}

TEST(ClassPlanChecker, AcceptsAPlanThatAddsUpInOrder) {
  EXPECT_EQ(check("| 0-5 | 5 | Lesson 2 | x |\n| 5-10 | 5 | Lesson 5 | x |\n| 10-12 | 2 | Exit "
                  "ticket | x |"),
            std::vector<std::string>{});
}

TEST(ClassPlanChecker, RejectsALessonBeforeWhatItNeeds) {
  EXPECT_EQ(check("| 0-5 | 5 | Lesson 5 | x |\n| 5-10 | 5 | Lesson 2 | x |\n| 10-12 | 2 | Exit "
                  "ticket | x |"),
            std::vector<std::string>{
                "T.md:7:1: the plan's row 1 (0-5): lesson 5 needs 'p-local-block', which no "
                "lesson planned before it teaches (taught by lesson 2)"});
}

TEST(ClassPlanChecker, RejectsMinutesThatDoNotAddUp) {
  EXPECT_EQ(check("| 0-5 | 5 | Lesson 2 | x |\n| 5-10 | 5 | Lesson 5 | x |", 12),
            std::vector<std::string>{
                "T.md:3:1: the plan's rows add up to 10 minutes, not the 12 of its heading"});
  EXPECT_EQ(check("| 0-5 | 5 | Lesson 2 | x |\n| 6-11 | 5 | Lesson 5 | x |\n| 11-13 | 2 | x | x |"),
            std::vector<std::string>{"T.md:8:1: the plan's row 2 (6-11) starts at minute 6, but "
                                     "the row before ends at minute 5"});
  EXPECT_EQ(check("| 0-5 | 5 | Lesson 2 | x |\n| 5-10 | 5 | Lesson 5 | x |\n| 10-12 | 3 | x | x |"),
            (std::vector<std::string>{
                "T.md:9:1: the plan's row 3 (10-12) says it lasts 3 minutes, but its start and "
                "end are 2 minutes apart",
                "T.md:3:1: the plan's rows add up to 13 minutes, not the 12 of its heading"}));
}

TEST(ClassPlanChecker, RejectsALessonGivenOtherMinutesThanItsOwn) {
  EXPECT_EQ(check("| 0-4 | 4 | Lesson 2 | x |\n| 4-9 | 5 | Lesson 5 | x |\n| 9-12 | 3 | x | x |"),
            std::vector<std::string>{"T.md:7:1: the plan's row 1 (0-4) gives lesson 2 4 minutes, "
                                     "but its 'minutes' says 5 (02.toml)"});
  EXPECT_EQ(check("| 0-5 | 5 | Lesson 2 | x |\n| 5-10 | 5 | Lesson 3 | x |\n| 10-12 | 2 | x | x |"),
            std::vector<std::string>{"T.md:8:1: the plan's row 2 (5-10) plans lesson 3, which is "
                                     "not among the lessons checked"});
}

TEST(ClassPlanChecker, SaysWhenThereIsNoPlan) {
  const lesson::ClassPlan plan = lesson::read_class_plan("# Guide\n\nNo plan.\n", "T.md");
  EXPECT_EQ(messages(plan.problems),
            std::vector<std::string>{
                "T.md:1:1: no class plan: a heading such as \"## A 45-minute class\" is missing"});
  EXPECT_EQ(check("| five | 5 | Lesson 2 | x |"),
            std::vector<std::string>{"T.md:7:1: the plan's row 1 'five', '5': the first two "
                                     "columns must be START-END and LENGTH, in minutes (\"0-5\", "
                                     "\"5\")"});
}

}  // namespace
}  // namespace cq::lesson_test
