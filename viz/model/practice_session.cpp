#include "model/practice_session.hpp"

#include <limits>

namespace cq::viz {

PracticeSession::PracticeSession(const lesson::Lesson& lesson, std::uint64_t seed,
                                 std::size_t count)
    : sim_(std::make_unique<SimRuntime>(lesson::practice_scenario(lesson, seed))) {
  lesson::run_practice(*sim_);
  practice_ = lesson::practice_from_run(*sim_, seed, count);
}

std::uint64_t PracticeSession::next_seed() const {
  // The scenario table's seed range ends where TOML's integers do (runtime/scenario_options.cpp).
  constexpr auto kLast = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  return practice_.seed >= kLast ? 0 : practice_.seed + 1;
}

const lesson::PracticeQuestion* PracticeSession::question() const {
  return index_ < practice_.questions.size() ? &practice_.questions[index_] : nullptr;
}

bool PracticeSession::answer_choice(std::size_t choice) {
  const lesson::PracticeQuestion* q = question();
  if (q == nullptr || choice >= q->choices.size()) return false;
  return lock(q->choices[choice].value, q->choices[choice].text);
}

bool PracticeSession::answer_number(std::int64_t value) {
  const lesson::PracticeQuestion* q = question();
  if (q == nullptr || !q->choices.empty()) return false;
  return lock(value, std::to_string(value));
}

bool PracticeSession::lock(std::int64_t value, std::string given) {
  if (phase() != PredictPhase::answering || answer_.locked) return false;
  answer_.locked = true;
  answer_.given = std::move(given);
  answer_.grade = lesson::grade_practice(*question(), value);
  ++answered_;
  if (answer_.grade.correct) ++right_;
  phase_ = PredictPhase::watching;
  return true;
}

std::size_t PracticeSession::asked_events() const {
  const lesson::PracticeQuestion* q = question();
  return q != nullptr ? q->asked_at : 0;
}

std::size_t PracticeSession::answered_events() const {
  const lesson::PracticeQuestion* q = question();
  return q != nullptr ? q->answered_by + 1 : 0;
}

void PracticeSession::reveal() {
  if (phase() == PredictPhase::watching) phase_ = PredictPhase::revealed;
}

bool PracticeSession::next_question() {
  if (phase() != PredictPhase::revealed || index_ + 1 >= practice_.questions.size()) return false;
  ++index_;
  answer_ = Answer{};
  phase_ = PredictPhase::answering;
  return true;
}

}  // namespace cq::viz
