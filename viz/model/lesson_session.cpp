#include "model/lesson_session.hpp"

namespace cq::viz {

// Moves between steps, for both builds: pause() stops the worker (or the slices) first.
lesson::LessonPlayer& LessonSession::player() {
  pause();
  return *player_;
}

bool LessonSession::next_step(double speed) {
  if (!enter_next_step()) return false;
  advance(speed);
  return true;
}

bool LessonSession::enter_next_step() {
  pause();
  if (!player_->next_step()) return false;
  status_.store(player_->status(), std::memory_order_release);
  return true;
}

void LessonSession::previous_step() {
  pause();
  const std::size_t index = player_->step_index();
  go_to_step(index > 0 ? index - 1 : 0);
}

void LessonSession::go_to_step(std::size_t index) {
  pause();
  // go_to_step replays every earlier step at full speed: jumping to a step is instant.
  player_->go_to_step(std::min(index, player_->lesson().steps.size() - 1));
  status_.store(player_->status(), std::memory_order_release);
}

lesson::ChallengeMove LessonSession::choose(const std::string& actor) {
  pause();
  lesson::ChallengeMove move = player_->choose(actor);
  status_.store(player_->status(), std::memory_order_release);
  return move;
}

#if CQ_THREADS

LessonSession::LessonSession(lesson::Lesson lesson)
    : player_(std::make_unique<lesson::LessonPlayer>(std::move(lesson))),
      worker_([this](const std::atomic<bool>& stop) { worker_loop(stop); }) {}

LessonSession::~LessonSession() {
  {
    // Under mu_, so the worker cannot test the stop flag, miss it and then sleep.
    std::lock_guard<std::mutex> guard(mu_);
    worker_.request_stop();
    pause_.store(true, std::memory_order_release);  // stops an advance in progress
  }
  cv_.notify_all();
  // Then worker_'s destructor (the first member to go) joins the worker.
}

void LessonSession::advance(double speed) {
  pause();
  std::lock_guard<std::mutex> guard(mu_);
  pause_.store(false, std::memory_order_release);
  speed_ = speed;
  has_work_ = true;
  busy_.store(true, std::memory_order_release);
  cv_.notify_all();
}

void LessonSession::pause() {
  pause_.store(true, std::memory_order_release);
  wait_idle();
}

void LessonSession::wait_idle() {
  std::unique_lock<std::mutex> lock(mu_);
  idle_cv_.wait(lock, [&] { return !busy_.load(std::memory_order_acquire); });
}

void LessonSession::pump(double) {}  // the worker does the work

void LessonSession::worker_loop(const std::atomic<bool>& stop) {
  std::unique_lock<std::mutex> lock(mu_);
  auto stopping = [&] { return stop.load(std::memory_order_acquire); };
  for (;;) {
    cv_.wait(lock, [&] { return has_work_ || stopping(); });
    if (stopping()) return;
    has_work_ = false;
    const double speed = speed_;
    lock.unlock();
    lesson::RunControl control;
    control.speed = speed;
    control.pause = &pause_;
    const lesson::StepStatus s = player_->advance(control);
    status_.store(s, std::memory_order_release);
    lock.lock();
    busy_.store(false, std::memory_order_release);
    idle_cv_.notify_all();
  }
}

#endif  // CQ_THREADS

}  // namespace cq::viz
