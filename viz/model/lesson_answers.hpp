// LessonAnswers: the student's answers to the current step's questions, and where a step with
// predict questions stands. No drawing here (lesson_view.cpp draws it; tests drive it).
//
// A step with predict questions goes: answering (the picture is held where the previous step
// stopped; the student answers each prediction, and a wrong first answer with a hint gets the
// hint and one more try; the answer is then locked), watching (the step plays, animated at
// the lesson's speed, and can be skipped to its end), revealed (each prediction's computed
// answer beside the student's, with its explanation; then the step's text and its observe
// questions). The app runs the engine to the checkpoint before the student answers, out of
// sight, so that a first answer can be judged before anything is revealed.
//
// Every question, predict or observe, takes at most two answers: a wrong first answer gets the
// question's hint (if it has one) and a second try; without a hint, or after the second try,
// the answer is final.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lesson/lesson_player.hpp"

namespace cq::viz {

enum class PredictPhase : std::uint8_t {
  none,       // the step asks no predict question
  answering,  // predictions open; the picture is held before the step's run
  watching,   // every prediction locked; the step plays
  revealed,   // the step's checkpoint is shown, with the computed answers
};

// "none", "answering", "watching", "revealed": the page's status and the window test's lines.
std::string_view to_string(PredictPhase phase);

class LessonAnswers {
 public:
  struct Entry {
    std::int64_t typed = 0;      // the number field's value
    int tries = 0;               // answers given: 0, 1 or 2
    bool hint_shown = false;     // a wrong first answer earned the hint and one more try
    bool locked = false;         // the answer is final
    std::string given;           // the final answer as the student gave it ("3", "yes")
    std::string first_given;     // a wrong first answer that earned a second try
    lesson::AnswerCheck check;   // of the final answer (its expected answer shows on reveal)
    std::string ask_before_run;  // a predict question's ask and hint, filled in before the run
    std::string hint_before_run;
  };

  // Right after a step is entered, before it runs: a fresh set of entries, and the predict
  // questions' asks and hints filled in with the numbers the student sees now.
  void begin_step(const lesson::LessonPlayer& player);
  Entry& at(std::size_t i);
  const std::vector<Entry>& entries() const { return entries_; }

  // The student's answer to question i, judged by `check` (the player at the checkpoint).
  // Returns the entry, now locked or showing its hint.
  const Entry& answer(std::size_t i, const lesson::AnswerCheck& check, std::string given);

  PredictPhase phase() const { return phase_; }
  void set_phase(PredictPhase phase) { phase_ = phase; }
  bool predicts() const { return phase_ != PredictPhase::none; }
  // Every predict question of the step is locked: the step may play.
  bool predictions_locked() const;
  // Whether question i's computed answer and explanation may show: an observe question once
  // locked; a predict question once the step has played.
  bool revealed(std::size_t i) const;

 private:
  std::vector<Entry> entries_;
  std::vector<bool> predict_;   // by question
  std::vector<bool> has_hint_;  // by question
  PredictPhase phase_ = PredictPhase::none;
};

}  // namespace cq::viz
