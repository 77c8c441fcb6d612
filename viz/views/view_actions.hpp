// ViewActions: everything a view may ask of the app besides driving the run (active_run.hpp):
// reset, feedback, pictures and files, the layout, and the lesson player. The app implements it;
// a view sees only this, so it never includes an app header and the app can change without the
// views (docs/architecture.md, "What may include what").
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lesson/lesson_check.hpp"
#include "model/lesson_answers.hpp"
#include "model/lesson_session.hpp"
#include "model/practice_session.hpp"
#include "model/projection.hpp"

namespace cq::viz {

// How many frames the Export GIF button records (one per rendered frame).
inline constexpr int kGifFrames = 60;

class ViewActions {
 public:
  virtual ~ViewActions() = default;

  // The run: restart with UiState::edited; one line of feedback in the status line.
  virtual void reset() = 0;
  virtual void say(const std::string& message) = 0;

  // Pictures and files. A screenshot is taken after the next frame is rendered; a view's is
  // cropped to `area` (logical pixels). A GIF shows the events [from, to] in `frames` frames.
  virtual void request_screenshot(const std::string& path) = 0;
  virtual void request_view_screenshot(const std::string& path, const Rect& area) = 0;
  virtual void start_gif(std::size_t from, std::size_t to, const std::string& path, int frames) = 0;
  virtual void export_trace(const std::string& path) = 0;
  // A shareable link exists only where the front end can make one (the web page).
  virtual bool offers_share_link() const = 0;
  virtual void copy_share_link() = 0;
  // Where a named control was drawn this frame (logical pixels), for tests and the web page.
  virtual void note_item(const std::string& name, const Rect& where) = 0;
  virtual void reset_layout() = 0;  // every panel back to its first size

  // Lessons: the catalogue, and the open lesson (nullptr: none). While one is open the picture
  // shows its run.
  virtual const std::vector<lesson::CatalogEntry>& lesson_catalog() const = 0;
  virtual const std::string& lessons_dir() const = 0;
  virtual LessonSession* lesson() = 0;
  virtual bool open_lesson(const std::string& id_or_path) = 0;  // false (and says why) when not
  virtual void close_lesson() = 0;
  virtual void lesson_next() = 0;
  virtual void lesson_back() = 0;
  virtual void free_explore() = 0;  // leaves the lesson, exploring on from its current state
  // The step shown, 0-based (cached: the player is not read while the lesson's worker runs).
  virtual std::size_t lesson_step_shown() const = 0;
  virtual int lesson_progress(std::uint32_t lesson_id) const = 0;  // furthest step reached
  virtual const LessonAnswers& lesson_answers() const = 0;
  virtual LessonAnswers::Entry& lesson_answer_entry(std::size_t question) = 0;
  virtual void lesson_answer_number(std::size_t question, std::int64_t value) = 0;
  virtual void lesson_answer_choice(std::size_t question, std::size_t choice) = 0;
  virtual void lesson_skip_watch() = 0;  // a predicted step plays: straight to the reveal
  virtual void lesson_choose(const std::string& actor) = 0;  // a challenge's next move
  virtual void lesson_reset_challenge() = 0;
  virtual void lesson_play_hint() = 0;
  virtual bool lesson_hint_visible() const = 0;
  virtual void set_lesson_hint_visible(bool on) = 0;
  // The seed every lesson opened runs with (--seed, ?seed=N): a teacher's variant; nullopt:
  // each lesson's own.
  virtual std::optional<std::uint64_t> lesson_seed() const = 0;
  // Practice for the open lesson: fresh predict questions from a seed (model/practice_session.hpp;
  // nullptr: not practising). open_practice starts with the lesson's seed (--seed, ?seed=N, or
  // its own), practice_new_seed moves to the next seed, close_practice goes back to the lesson.
  virtual PracticeSession* practice() = 0;
  virtual void open_practice() = 0;
  virtual void practice_new_seed() = 0;
  virtual void close_practice() = 0;
  virtual void practice_answer_choice(std::size_t choice) = 0;
  virtual void practice_answer_number(std::int64_t value) = 0;
  virtual void practice_skip_watch() = 0;  // the run plays to the answer: straight to the reveal
  virtual void practice_next() = 0;        // after the reveal: the next question

  // The welcome: starts UiState::welcome_lesson (false, and says why, when it cannot), and the
  // `welcome` setting (on: the app opens on it when nothing else was asked for).
  virtual bool start_welcome_lesson() = 0;
  virtual bool welcome_at_start() const = 0;
  virtual void set_welcome_at_start(bool on) = 0;
};

}  // namespace cq::viz
