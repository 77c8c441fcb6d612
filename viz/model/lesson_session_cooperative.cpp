// LessonSession without threads (the single-threaded web build): advance() runs in slices on the
// UI thread, one per frame, paced by a virtual time limit that follows the wall clock (see
// session_cooperative.cpp for why nothing here may wait).
#include "model/lesson_session.hpp"

#if !CQ_THREADS

namespace cq::viz {
LessonSession::LessonSession(lesson::Lesson lesson)
    : player_(std::make_unique<lesson::LessonPlayer>(std::move(lesson))) {}

LessonSession::~LessonSession() = default;

void LessonSession::advance(double speed) {
  speed_ = speed;
  pacing_.start(player_->runtime().runner().now_ns());
  busy_.store(true, std::memory_order_release);
}

void LessonSession::pause() {
  busy_.store(false, std::memory_order_release);
}

void LessonSession::wait_idle() {
  while (busy()) run_slice(true);
}

void LessonSession::pump(double now_s) {
  if (!busy()) return;
  pacing_.advance(now_s, speed_);
  run_slice(false);
}

void LessonSession::run_slice(bool whole) {
  lesson::RunControl control;
  control.max_steps = kStepsPerSlice;
  if (speed_ > 0 && !whole) control.until_ns = pacing_.until_ns();
  const std::uint64_t steps_before = player_->runtime().runner().steps();
  const lesson::StepStatus s = player_->advance(control);
  status_.store(s, std::memory_order_release);
  // Still running after a slice that took no step and had no clock to wait for: the player
  // cannot get further (it reports why through its status on the next call), so stop asking.
  const bool stalled =
      player_->runtime().runner().steps() == steps_before && (speed_ <= 0 || whole);
  if (s != lesson::StepStatus::running || stalled) pause();
}

}  // namespace cq::viz

#endif  // !CQ_THREADS
