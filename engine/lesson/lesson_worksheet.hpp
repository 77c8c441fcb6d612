// A printable worksheet of lessons' questions, and its separate answer key (`cleanupq lesson
// worksheet`): each lesson is played headless, as `lesson play` does, and each question is
// written with its text as the student sees it (a predict question filled in before its step
// runs, an observe question at its checkpoint). The key adds the engine-computed answers and
// their explanations; the worksheet never holds them, so it can be handed out.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lesson/lesson.hpp"

namespace cq::lesson {

struct WorksheetQuestion {
  std::size_t step = 0;  // 1-based
  std::string step_title;
  bool predict = false;
  std::string ask;  // placeholders filled in
  std::vector<std::string> choices;
  std::string answer;       // the number, or the right choice's text
  std::string explanation;  // placeholders filled in
  std::string problem;      // non-empty: the question has no answer here (a broken lesson)
};

struct WorksheetLesson {
  std::uint32_t id = 0;
  std::string title;
  std::string summary;
  std::uint32_t minutes = 0;
  std::uint64_t seed = 0;
  std::vector<std::string> challenges;  // the titles of challenge steps: played in the app
  std::vector<WorksheetQuestion> questions;
  std::vector<std::string> problems;  // steps that could not be reached
  bool ok() const;
};

// Plays `lesson` to its end (a challenge by its hint) and collects its questions.
WorksheetLesson collect_worksheet(const Lesson& lesson,
                                  std::optional<RunnerKind> runner = std::nullopt);

enum class WorksheetFormat : std::uint8_t { markdown, html };

// The worksheet (answer_key false: questions and space to answer) or the answer key.
std::string render_worksheet(const std::vector<WorksheetLesson>& lessons, WorksheetFormat format,
                             bool answer_key);

// `text` with &, <, >, " and ' as entities; `code spans` become <code> and *stars* <em>
// elements.
std::string html_text(std::string_view text);

}  // namespace cq::lesson
