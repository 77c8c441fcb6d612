// The class plan of lessons/TEACHER.md: the table under its "## A 45-minute class" heading, one
// row per part of the class, checked against the lessons it plans:
//   | minutes | length | what                | how |
//   |---|---|---|---|
//   | 0-5     | 5      | Lesson 1, projected | ... |
// The rows follow each other without gaps, each row's length is its END - START, a row naming
// "Lesson N" lasts that lesson's `minutes`, the lengths add up to the heading's total, and every
// concept a planned lesson needs is taught by a lesson planned before it (lesson_set.hpp).
// `cleanupq lesson check` runs this on the TEACHER.md next to the lessons it is given.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lesson/lesson.hpp"

namespace cq::lesson {

struct ClassPlanRow {
  SourcePos pos;
  std::uint32_t start = 0;  // minutes from the start of the class
  std::uint32_t end = 0;
  std::uint32_t length = 0;             // as the row's "length" column says
  std::optional<std::uint32_t> lesson;  // the "Lesson N" of the "what" column
};

struct ClassPlan {
  std::string file;
  std::uint32_t total_minutes = 0;  // from the heading "## A 45-minute class"
  SourcePos heading;
  std::vector<ClassPlanRow> rows;
  std::vector<Diagnostic> problems;  // what could not be read; non-empty: not checked further
  bool ok() const { return problems.empty(); }
};

ClassPlan read_class_plan(std::string_view markdown, const std::string& file);

// The plan against `lessons` (the planned ones must be among them); problems at the plan's rows.
std::vector<Diagnostic> check_class_plan(const ClassPlan& plan,
                                         const std::vector<const Lesson*>& lessons);

}  // namespace cq::lesson
