// LessonPlayer: plays a Lesson on a SimRuntime, one step at a time, for the app's lesson panel,
// the CLI (`cleanupq lesson check`) and the tests. No GUI here: a UI calls these and draws.
//
// [SECTION] Steps: enter a step, advance() to its checkpoint, read text/highlights/questions
// [SECTION] Questions: computed answers, check_number() / check_choice()
// [SECTION] The scheduler challenge: one button per runnable actor, choose(), hints
// [SECTION] The engine underneath, for the UI's picture
//
// A step's life: next_step() enters it (starting a fresh run if the step says `restart`, or is
// a challenge); advance() runs the engine until the step's `until` holds; then status() is
// `reached` and text(), highlights() and the questions apply to the state at that checkpoint.
// Runs stop only at step boundaries, and the inline and conducted runners make the same choices,
// so a checkpoint is the same state on every machine and every runner.
//
// Threads: one thread drives a player. A UI that animates calls advance() with a speed and a
// pause flag (RunControl) from its own worker thread and reads the picture from the Trace,
// which is safe to read while the engine appends; everything else is for the driving thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lesson/lesson.hpp"
#include "lesson/quantities.hpp"
#include "runtime/sim_runtime.hpp"
#include "trace/trace_model.hpp"

namespace cq::lesson {

enum class StepStatus : std::uint8_t {
  running,      // the step's condition does not hold yet (not advanced, or paused)
  reached,      // at the checkpoint: text, highlights and questions apply
  unreachable,  // the run ended, or was already past, without the condition: a broken lesson
  challenge,    // a challenge is open: the student picks the next actor
  won,          // the challenge's win condition held when the run ended
  lost,         // the run ended without it, or the student ran out of choices
};
std::string_view to_string(StepStatus status);

struct RunControl {
  double speed = 0;                             // virtual ns per wall ns; 0 = as fast as possible
  const std::atomic<bool>* pause = nullptr;     // set from another thread to stop at a boundary
  std::uint64_t max_steps = ~std::uint64_t{0};  // at most this many engine steps per call
  std::uint64_t until_ns = ~std::uint64_t{0};   // take no step due later than this virtual time
};

struct AnswerCheck {
  bool correct = false;
  std::int64_t expected = 0;
  std::string expected_text;  // the number, or the right choice's text
  std::string explanation;    // the question's `explain`, placeholders filled in
};

struct ActorButton {
  std::string name;  // what choose() takes
  ActorKind kind;
  std::string next_step;  // what its step will do ("AddCleanup 2 of 4"): the button says so
};

struct ChallengeMove {
  bool accepted = false;
  std::string error;  // why a choice was refused ("'worker0' cannot take a step now: ...")
  StepStatus status = StepStatus::challenge;
};

class LessonPlayer {
 public:
  // `runner` overrides the lesson's runner (inline or conducted; both give the same checkpoints).
  explicit LessonPlayer(Lesson lesson, std::optional<RunnerKind> runner = std::nullopt);
  ~LessonPlayer();
  LessonPlayer(const LessonPlayer&) = delete;
  LessonPlayer& operator=(const LessonPlayer&) = delete;

  // [SECTION] Steps.
  const Lesson& lesson() const { return lesson_; }
  std::size_t step_count() const { return lesson_.steps.size(); }
  std::size_t step_index() const { return index_; }
  const LessonStep& step() const { return lesson_.steps[index_]; }
  StepStatus status() const { return status_; }
  // Runs toward the current step's checkpoint; returns the new status (running = paused or the
  // control's step budget ran out: call again).
  StepStatus advance(const RunControl& control = {});
  // Enters the next step; false (and nothing changes) after the last one.
  bool next_step();
  // Back to the start of step `target` (0: the lesson's start), replaying every earlier step.
  void go_to_step(std::size_t target);
  // Why the step is unreachable, or what happened while replaying challenge choices.
  const std::string& problem() const { return problem_; }
  const std::string& note() const { return note_; }
  // Runner steps this play-through has taken, all its runs together (go_to_step starts a new
  // play-through). At kMaxLessonSteps the step that is running becomes unreachable.
  std::uint64_t steps_spent() const { return steps_spent_; }

  std::string text() const;  // the step's text, {placeholders} filled in with their values
  const std::vector<Highlight>& highlights() const { return step().highlights; }

  // [SECTION] Questions (of the current step, at its checkpoint).
  std::size_t question_count() const { return step().questions.size(); }
  const Question& question(std::size_t i) const { return step().questions[i]; }
  QuantityValue answer(std::size_t i) const;  // the computed right answer
  AnswerCheck check_number(std::size_t i, std::int64_t given) const;
  AnswerCheck check_choice(std::size_t i, std::size_t choice) const;
  QuantityValue quantity(const QuantityRef& q) const;
  std::string fill(std::string_view text) const;  // any text with {placeholders}

  // [SECTION] The scheduler challenge (status() is challenge / won / lost).
  std::vector<ActorButton> challenge_buttons() const;  // the runnable actors, in id order
  ChallengeMove choose(const std::string& actor);
  const std::vector<std::string>& choices() const { return choices_; }
  std::uint32_t choices_left() const;
  // The hint: the file's list, or the schedule explorer's shortest winning schedule (searched
  // once, on first use: a fraction of a second for the explorer's small scenarios).
  const std::vector<std::string>& hint();
  // The hint's next actor while the student's choices so far follow it; nullopt otherwise.
  std::optional<std::string> next_hint();
  void reset_challenge();  // a fresh run of the challenge's scenario, no choices
  StepStatus play_hint();  // reset, then choose every hint actor (headless play, "show me")

  // [SECTION] The engine underneath.
  const SimRuntime& runtime() const { return *sim_; }
  SimRuntime& runtime() { return *sim_; }
  const Scenario& scenario() const { return scenario_; }
  std::uint64_t run_generation() const { return generation_; }  // +1 on every fresh run
  const TraceModel& model() const { return model_; }            // folded over every event so far
  std::size_t checkpoint_events() const { return model_.events; }
  std::optional<std::size_t> matched_event() const { return matched_event_; }  // trace index

 private:
  void start_run(Scenario scenario);
  void enter_step();
  void catch_up();  // folds new trace events into model_
  void settle();    // lets a run that just became quiescent emit its closing events
  RunOutcome run_engine(const RunControl& control, std::uint64_t max_steps,
                        std::function<bool(const TraceEvent&)> stop_on);
  StepStatus advance_to_event(const RunControl& control);
  StepStatus advance_to_step(const RunControl& control);
  StepStatus advance_to_events(const RunControl& control);
  StepStatus advance_to_end(const RunControl& control);
  StepStatus fail(std::string why);
  StepStatus reach(std::optional<std::size_t> matched = std::nullopt);
  void finish_challenge_if_over();
  QuantityContext context() const;

  Lesson lesson_;
  std::optional<RunnerKind> runner_override_;
  Scenario scenario_;
  std::unique_ptr<SimRuntime> sim_;
  std::uint64_t generation_ = 0;
  std::uint64_t steps_spent_ = 0;
  TraceModel model_;
  std::size_t index_ = 0;
  StepStatus status_ = StepStatus::running;
  std::string problem_;
  std::string note_;
  // Event conditions: where the next match may start (just after the previous checkpoint's
  // matched event, so that "flush_begin" then "flush_end" finds the flush_end of the same step),
  // how far the trace has been searched, and the matches counted so far.
  std::size_t search_from_ = 0;
  std::size_t scanned_to_ = 0;
  std::uint64_t matches_ = 0;
  std::uint64_t matches_needed_ = 0;
  bool prepared_ = false;
  std::optional<std::size_t> matched_event_;
  // The challenge.
  std::vector<std::string> choices_;
  std::vector<std::string> winning_choices_;      // the student's last win, for replays
  std::optional<std::vector<std::string>> hint_;  // computed on first use
  std::size_t hint_step_ = ~std::size_t{0};       // the step hint_ belongs to
};

}  // namespace cq::lesson
