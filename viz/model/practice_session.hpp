// PracticeSession: practice without end for the open lesson (engine/lesson/practice.hpp) as the
// app asks it. One seed's run, made here and kept, is both the picture and where the questions
// come from; the questions are asked one at a time as predict questions: answering (the picture
// held at the question's state), watching (the run plays to the event that answers it), revealed
// (the engine's grade, grade_practice, beside the student's answer, with its explanation).
// No drawing here (lesson_view.cpp draws it; tests drive it). The run is the inline runner's,
// made at once when the session is made (a fraction of a second, kMaxPracticeSteps at most):
// nothing waits for a thread, in the browser either.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "lesson/practice.hpp"
#include "model/lesson_answers.hpp"
#include "runtime/sim_runtime.hpp"

namespace cq::viz {

// Questions per seed: a few minutes of practice; "New seed" makes more.
inline constexpr std::size_t kPracticeQuestionsPerSeed = 5;

class PracticeSession {
 public:
  struct Answer {
    std::int64_t typed = 0;  // the number field's value
    bool locked = false;     // answered: one answer per question, final at once
    std::string given;       // as the student gave it ("P1", "3")
    lesson::PracticeGrade grade;
  };

  // `lesson` as opened (a --seed / ?seed= override already applied); `seed` names the variant.
  PracticeSession(const lesson::Lesson& lesson, std::uint64_t seed,
                  std::size_t count = kPracticeQuestionsPerSeed);

  std::uint64_t seed() const { return practice_.seed; }
  // The seed "New seed" moves to: the next one (after the largest a seed may be, 0).
  std::uint64_t next_seed() const;
  const lesson::Practice& practice() const { return practice_; }
  const Trace& trace() const { return sim_->trace(); }
  const Scenario& scenario() const { return sim_->scenario(); }

  // The question asked now (nullptr: the run had none to ask), its index and the student's answer.
  const lesson::PracticeQuestion* question() const;
  std::size_t index() const { return index_; }
  Answer& answer() { return answer_; }
  const Answer& answer() const { return answer_; }
  PredictPhase phase() const { return question() != nullptr ? phase_ : PredictPhase::none; }
  // Answers questions so far, and how many of them were right.
  std::size_t answered() const { return answered_; }
  std::size_t right() const { return right_; }

  // The student's answer to the current question, graded by the engine and locked; false (and
  // nothing changes) when it is not open for an answer or the choice does not exist.
  bool answer_choice(std::size_t choice);
  bool answer_number(std::int64_t value);

  // The events the picture may show: the question's state while answering, `watched` while it
  // plays, through the answering event once revealed.
  std::size_t asked_events() const;
  std::size_t answered_events() const;
  // The run played to the answering event: the grade may show.
  void reveal();
  // After the reveal: the next question; false after the last one (the phase stays revealed).
  bool next_question();

 private:
  bool lock(std::int64_t value, std::string given);

  std::unique_ptr<SimRuntime> sim_;
  lesson::Practice practice_;
  std::size_t index_ = 0;
  Answer answer_;
  PredictPhase phase_ = PredictPhase::answering;
  std::size_t answered_ = 0;
  std::size_t right_ = 0;
};

}  // namespace cq::viz
