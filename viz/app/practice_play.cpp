// The App practising the open lesson: fresh predict questions from a seed (model/
// practice_session.hpp), asked one at a time over the practice run's own picture; Lock in plays
// the run from the question's state to the event that answers it, then the engine's grade shows.
#include <imgui.h>

#include "app/app.hpp"

namespace cq::viz {

void App::open_practice() {
  if (!lesson_) return;
  // The lesson's seed: --seed / ?seed=N when given (already applied to the lesson when it was
  // opened), else the lesson's own; the same seed, the same questions.
  start_practice(practice_ ? practice_->seed() : lesson_->lesson().scenario.seed);
}

void App::practice_new_seed() {
  if (lesson_) start_practice(practice_ ? practice_->next_seed() : lesson_->lesson().scenario.seed);
}

void App::start_practice(std::uint64_t seed) {
  // The lesson's worker stops: practice shows its own run, and Play does nothing while it shows.
  lesson_->pause();
  practice_ = std::make_unique<PracticeSession>(lesson_->lesson(), seed);
  attach_projection();
  const lesson::Practice& p = practice_->practice();
  say("practice: lesson " + std::to_string(lesson_->lesson().id) + ", seed " +
      std::to_string(seed) + ", " + std::to_string(p.questions.size()) + " question(s)" +
      (p.problem.empty() ? "" : " (" + p.problem + ")"));
}

void App::close_practice() {
  if (!practice_) return;
  practice_.reset();
  attach_projection();
}

void App::practice_answer_choice(std::size_t choice) {
  if (practice_ && practice_->answer_choice(choice)) watch_from(practice_->asked_events());
}

void App::practice_answer_number(std::int64_t value) {
  if (practice_ && practice_->answer_number(value)) watch_from(practice_->asked_events());
}

void App::watch_from(std::size_t events) {
  watch_limit_ = events;
  watch_last_s_ = ImGui::GetCurrentContext() != nullptr ? ImGui::GetTime() : 0.0;
  ui_.follow_head = true;
}

void App::practice_skip_watch() {
  if (practice_ && practice_->phase() == PredictPhase::watching) watch_limit_ = ~std::size_t{0};
}

void App::practice_next() {
  if (!practice_) return;
  // The picture goes back to the next question's state (earlier than the last answer, for a
  // question asked before it was answered): follow it there.
  if (practice_->next_question()) ui_.follow_head = true;
  attach_projection();
}

}  // namespace cq::viz
