// Checking a lesson end to end, headless: parse it, then play every step to its checkpoint and
// evaluate every question there. What only a run can tell is reported at the key responsible:
//   lessons/05-last-sweeper.toml:31:9: step 3 never reaches the 2nd flush_end: the run ended ...
//   lessons/06-coalescing.toml:44:11: step 4's question 1: none of the choices is right here
//       (last_flush_pushed = 3)
// This is what `cleanupq lesson check` runs, what CI runs on every lesson, and what the app runs
// before it lists a lesson as playable.
//
// The catalog is the app's lesson list: every lessons/*.toml with its id, title and problems.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "lesson/lesson.hpp"
#include "lesson/lesson_player.hpp"

namespace cq::lesson {

struct LessonCheck {
  std::optional<Lesson> lesson;         // parsed (even when playing it found problems)
  std::vector<Diagnostic> diagnostics;  // parse problems, else play problems; empty = ok
  std::size_t steps = 0;
  std::size_t questions = 0;
  double wall_ms = 0;
  bool ok() const { return lesson.has_value() && diagnostics.empty(); }
};

// Plays `lesson` to its end (challenges by their hint) and reports what does not hold.
// check_lesson_file adds the teaching rules of lesson_lint.hpp after what the run found.
std::vector<Diagnostic> play_and_check(const Lesson& lesson,
                                       std::optional<RunnerKind> runner = std::nullopt);
LessonCheck check_lesson_file(const std::string& path,
                              std::optional<RunnerKind> runner = std::nullopt);

// The current step's questions that cannot be answered at its checkpoint: an answer with no
// value here, or a multiple choice with no right choice (what `lesson check` reports too).
std::vector<Diagnostic> question_problems(const LessonPlayer& player, const std::string& file);

struct CatalogEntry {
  std::uint32_t id = 0;  // the lesson's id, or the file name's number when it does not parse
  std::string title;     // the file name when it does not parse
  std::string summary;
  std::uint32_t minutes = 0;
  std::string file;
  std::vector<Diagnostic> problems;  // non-empty: the list marks the lesson broken
  bool broken() const { return !problems.empty(); }
};

// Every *.toml in `dir`, by id then file name. `play` also plays each lesson (a few hundred
// milliseconds each), so that a lesson that can no longer reach a checkpoint shows as broken.
// Two files with one id are both marked.
std::vector<CatalogEntry> load_lesson_catalog(const std::string& dir, bool play);

// Where lessons live: $CQ_LESSONS_DIR, the installed share/cleanupq/lessons, else the source
// tree's lessons/ (data/data_dirs.hpp).
std::string default_lessons_dir();

// A lesson file, or why there is none ("no lesson 99 in lessons").
struct FoundLessonFile {
  std::optional<std::string> path;
  std::string error;
  bool ok() const { return path.has_value(); }
};
// A lesson by id ("6", "06") or by path, as `cleanupq-viz --lesson` and `cleanupq lesson` take it.
FoundLessonFile find_lesson_file(const std::string& dir, const std::string& id_or_path);

}  // namespace cq::lesson
