// Lesson files (TOML, lessons/README.md) into Lesson values, with every problem reported as
// `file:line:column: message` at the key or value at fault. The parser never throws on bad
// input and never stops at the first problem: an author sees every mistake of a file at once.
//
// Parsing checks everything that can be known without running the engine (types, ranges,
// unknown keys, the scenario through cq::validate, quantity and event names). Whether each
// `until` is reachable and each multiple-choice question has exactly one right choice needs a
// run: that is check_lesson() in lesson_check.hpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lesson/lesson.hpp"

namespace cq::lesson {

struct ParseResult {
  std::optional<Lesson> lesson;         // set only when there is no diagnostic
  std::vector<Diagnostic> diagnostics;  // in file order
  bool ok() const { return lesson.has_value(); }
};

// `file` names the text in diagnostics (and its leading number must match the lesson's id).
ParseResult parse_lesson_text(std::string_view text, const std::string& file);
ParseResult parse_lesson_file(const std::string& path);

// Bounds on what the parser accepts at all (a lesson file is small; the fuzzer is not).
inline constexpr std::size_t kMaxLessonFileBytes = std::size_t{256} * 1024;

}  // namespace cq::lesson
