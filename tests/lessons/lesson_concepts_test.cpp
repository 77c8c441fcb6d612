// The concepts lessons teach and need (lesson_concepts.hpp), the `teaches` and `needs` keys, and
// the order check of a set of lessons (lesson_set.hpp).
#include "lesson/lesson_concepts.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "lesson/lesson_parser.hpp"
#include "lesson/lesson_set.hpp"
#include "lesson_test_support.hpp"

namespace cq::lesson_test {
namespace {

// A lesson of one step that only needs to parse; `keys` are its top-level concept keys.
lesson::Lesson lesson_with(std::uint32_t id, const std::string& keys) {
  const std::string text = "id = " + std::to_string(id) + "\ntitle = \"L" + std::to_string(id) +
                           "\"\n" + keys +
                           "\n[scenario]\ngomaxprocs = 4\nmutators = 1\ncleanups = 40\n"
                           "sweepers = 1\nspan_objects = 20\nblock_capacity = 20\n\n[[step]]\n"
                           "text = \"A block fills.\"\nuntil = { event = \"block_full\" }\n";
  lesson::ParseResult parsed = lesson::parse_lesson_text(text, "l" + std::to_string(id) + ".toml");
  EXPECT_TRUE(parsed.ok()) << (parsed.diagnostics.empty() ? "" : parsed.diagnostics[0].to_string());
  return parsed.lesson.value_or(lesson::Lesson{});
}

std::vector<std::string> messages(const std::vector<lesson::Diagnostic>& diagnostics) {
  std::vector<std::string> out;
  for (const lesson::Diagnostic& d : diagnostics) out.push_back(d.to_string());
  return out;
}

TEST(LessonConcepts, AreAFixedVocabularyOfDistinctNamesEachWithAMeaning) {
  const auto concepts = lesson::all_concepts();
  EXPECT_GE(concepts.size(), 15u);
  EXPECT_LE(concepts.size(), 24u);
  std::set<std::string_view> names;
  for (const lesson::ConceptInfo& c : concepts) {
    EXPECT_TRUE(names.insert(c.name).second) << c.name << " is listed twice";
    const bool kebab = std::all_of(c.name.begin(), c.name.end(), [](char ch) {
      return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-';
    });
    EXPECT_TRUE(kebab) << c.name << ": lower case words joined by '-'";
    EXPECT_FALSE(c.meaning.empty()) << c.name;
    EXPECT_LE(c.meaning.size(), 90u) << c.name << ": a meaning is one line";
    EXPECT_EQ(lesson::find_concept(c.name), &c);
  }
  EXPECT_EQ(lesson::find_concept("whole-blocks"), nullptr);
}

TEST(LessonConcepts, AnUnknownNameGetsADidYouMean) {
  EXPECT_EQ(lesson::check_concept_name("whole-block"), std::nullopt);
  EXPECT_EQ(lesson::check_concept_name("whole-blocks"),
            "'whole-blocks' is not a concept (did you mean 'whole-block'?): `cleanupq lesson "
            "concepts` lists them");
  EXPECT_EQ(lesson::check_concept_name("banana"),
            "'banana' is not a concept: `cleanupq lesson concepts` lists them");
}

TEST(LessonConcepts, EveryLessonDeclaresThemAndEveryConceptIsTaught) {
  std::set<std::string> taught;
  for (const std::string& file : toml_files(lessons_dir())) {
    const lesson::ParseResult parsed = lesson::parse_lesson_file(file);
    ASSERT_TRUE(parsed.ok()) << file;
    EXPECT_GE(parsed.lesson->teaches_pos.line, 1u) << file << " has no 'teaches'";
    EXPECT_GE(parsed.lesson->needs_pos.line, 1u) << file << " has no 'needs'";
    EXPECT_FALSE(parsed.lesson->teaches.empty()) << file << " teaches nothing";
    for (const lesson::ConceptUse& c : parsed.lesson->teaches) taught.insert(c.name);
  }
  for (const lesson::ConceptInfo& c : lesson::all_concepts()) {
    EXPECT_TRUE(taught.count(std::string(c.name))) << c.name << " is taught by no lesson";
  }
}

TEST(LessonConcepts, TheLessonsInFileOrderTeachEachNeedFirst) {
  std::vector<lesson::Lesson> lessons;
  for (const std::string& file : toml_files(lessons_dir())) {
    lessons.push_back(*lesson::parse_lesson_file(file).lesson);
  }
  std::vector<const lesson::Lesson*> order;
  for (const lesson::Lesson& l : lessons) order.push_back(&l);
  EXPECT_EQ(messages(lesson::check_lesson_order(order)), std::vector<std::string>{});
  // Reversed, lesson 11 comes first and needs what lessons 4, 9 and 10 teach.
  std::reverse(order.begin(), order.end());
  const auto reversed = lesson::check_lesson_order(order);
  ASSERT_FALSE(reversed.empty());
  EXPECT_NE(reversed.front().message.find("is taught only by a later lesson"), std::string::npos)
      << reversed.front().to_string();
}

TEST(LessonSet, RejectsANeedTaughtOnlyLaterOrNowhere) {
  const lesson::Lesson four = lesson_with(4, "teaches = [\"whole-block\"]\nneeds = []");
  const lesson::Lesson nine =
      lesson_with(9, "teaches = [\"wake\"]\nneeds = [\"work-units\", \"whole-block\"]");
  EXPECT_EQ(messages(lesson::check_lesson_order({&nine, &four})),
            (std::vector<std::string>{
                "l9.toml:4:10: 'needs' item 1: 'work-units' is taught by no lesson before this "
                "one, and by none of the 2 lessons given",
                "l9.toml:4:24: 'needs' item 2: 'whole-block' is taught only by a later lesson: "
                "lesson 4 (l4.toml); put it before this one"}));
  const lesson::Lesson units = lesson_with(5, "teaches = [\"work-units\"]\nneeds = []");
  EXPECT_EQ(messages(lesson::check_lesson_order({&four, &units, &nine})),
            std::vector<std::string>{});
}

TEST(LessonSet, RejectsALessonWithoutItsKeysAndOneThatNeedsWhatItTeaches) {
  const lesson::Lesson bare = lesson_with(1, "");
  const lesson::Lesson keyed = lesson_with(2, "teaches = [\"flush\"]\nneeds = []");
  const auto missing = messages(lesson::check_lesson_order({&bare, &keyed}));
  ASSERT_EQ(missing.size(), 2u);
  EXPECT_EQ(missing[0].rfind("l1.toml:1:1: the lesson has no 'teaches'", 0), 0u) << missing[0];
  EXPECT_EQ(missing[1].rfind("l1.toml:1:1: the lesson has no 'needs'", 0), 0u) << missing[1];
  const lesson::Lesson self = lesson_with(3, "teaches = [\"flush\"]\nneeds = [\"flush\"]");
  EXPECT_EQ(messages(lesson::check_lesson_order({&self})),
            std::vector<std::string>{"l3.toml:4:10: 'needs' item 1: 'flush' is also in this "
                                     "lesson's 'teaches': a lesson needs only what an earlier "
                                     "lesson taught"});
}

}  // namespace
}  // namespace cq::lesson_test
