#include "model/lesson_answers.hpp"

namespace cq::viz {

void LessonAnswers::begin_step(const lesson::LessonPlayer& player) {
  entries_.assign(player.question_count(), Entry{});
  predict_.assign(player.question_count(), false);
  has_hint_.assign(player.question_count(), false);
  phase_ = PredictPhase::none;
  for (std::size_t i = 0; i < player.question_count(); ++i) {
    const lesson::Question& q = player.question(i);
    has_hint_[i] = !q.hint.empty();
    if (!q.predict()) continue;
    predict_[i] = true;
    entries_[i].ask_before_run = player.fill(q.ask);
    entries_[i].hint_before_run = player.fill(q.hint);
    phase_ = PredictPhase::answering;
  }
}

LessonAnswers::Entry& LessonAnswers::at(std::size_t i) {
  if (i >= entries_.size()) {
    entries_.resize(i + 1);
    predict_.resize(i + 1, false);
    has_hint_.resize(i + 1, false);
  }
  return entries_[i];
}

const LessonAnswers::Entry& LessonAnswers::answer(std::size_t i, const lesson::AnswerCheck& check,
                                                  std::string given) {
  Entry& e = at(i);
  if (e.locked) return e;
  ++e.tries;
  e.check = check;
  if (!check.correct && e.tries == 1 && has_hint_[i]) {
    e.hint_shown = true;
    e.first_given = std::move(given);
    return e;
  }
  e.given = std::move(given);
  e.locked = true;
  return e;
}

bool LessonAnswers::predictions_locked() const {
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    if (predict_[i] && !entries_[i].locked) return false;
  }
  return true;
}

bool LessonAnswers::revealed(std::size_t i) const {
  if (i >= entries_.size() || !entries_[i].locked) return false;
  return !predict_[i] || phase_ == PredictPhase::revealed;
}

std::string_view to_string(PredictPhase phase) {
  switch (phase) {
    case PredictPhase::answering:
      return "answering";
    case PredictPhase::watching:
      return "watching";
    case PredictPhase::revealed:
      return "revealed";
    case PredictPhase::none:
      break;
  }
  return "none";
}

}  // namespace cq::viz
