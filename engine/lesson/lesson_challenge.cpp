// "You are the scheduler" (The Deadlock Empire's idea, docs/decisions.md): the student picks which
// actor takes the next step, one button per runnable actor, and wins by reaching the challenge's
// win condition when the run ends, e.g. a block stranded on `full` under the e46c8e one-shot wake
// protocol. Every choice is a one-name scripted schedule handed to the runner, so a student's
// attempt is an ordinary schedule: it replays on any runner and against the other protocol.
#include <algorithm>

#include "lesson/lesson_player.hpp"
#include "runtime/runtime_explorer.hpp"

namespace cq::lesson {
namespace {

// Bounds on the hint search: the explorer's scenarios need a few hundred states (lesson 11's
// search replays 8,441 steps in all); this keeps a lesson author's larger scenario from stalling
// the app or `lesson check`. Schedules alone did not: a fuzzed lesson 11 with 8 mutators
// searched for minutes (tests/fuzz/fuzz_lesson_check) without finishing one schedule.
constexpr ExplorerLimits kHintSearchLimits{
    .max_depth = 200, .max_schedules = 50'000, .max_steps_replayed = 500'000};

}  // namespace

std::vector<ActorButton> LessonPlayer::challenge_buttons() const {
  std::vector<ActorButton> buttons;
  if (status_ != StepStatus::challenge) return buttons;
  const std::vector<ActorInfo> actors = sim_->runner().actors();
  for (ActorId id : sim_->runner().runnable()) {
    if (id < actors.size()) {
      buttons.push_back({actors[id].name, actors[id].kind, sim_->runner().next_step(id)});
    }
  }
  return buttons;
}

std::uint32_t LessonPlayer::choices_left() const {
  const std::uint32_t max = step().challenge.max_choices;
  return choices_.size() >= max ? 0 : max - static_cast<std::uint32_t>(choices_.size());
}

ChallengeMove LessonPlayer::choose(const std::string& actor) {
  ChallengeMove move;
  if (status_ != StepStatus::challenge) {
    move.error = "no challenge is open (the step is " + std::string(to_string(status_)) + ")";
    move.status = status_;
    return move;
  }
  const std::vector<ActorButton> buttons = challenge_buttons();
  const bool ready = std::any_of(buttons.begin(), buttons.end(),
                                 [&](const ActorButton& b) { return b.name == actor; });
  if (!ready) {
    move.error = "'" + actor + "' cannot take a step now: it is parked, done or unknown";
    move.status = status_;
    return move;
  }
  sim_->runner().append_schedule(actor);
  run_engine({}, 1, nullptr);
  choices_.push_back(actor);
  finish_challenge_if_over();
  move.accepted = true;
  move.status = status_;
  return move;
}

void LessonPlayer::finish_challenge_if_over() {
  if (sim_->runner().finished()) {
    const QuantityValue win = quantity(step().challenge.win);
    status_ = win.ok() && win.value != 0 ? StepStatus::won : StepStatus::lost;
    if (status_ == StepStatus::won) winning_choices_ = choices_;
    search_from_ = sim_->trace().size();
    return;
  }
  if (choices_left() == 0) {
    status_ = StepStatus::lost;
    problem_ = "out of choices: the run is not over after " + std::to_string(choices_.size());
  }
}

const std::vector<std::string>& LessonPlayer::hint() {
  // The challenge this hint belongs to: the current step, or the latest one before it (a
  // replay step asks for the challenge's hint).
  std::size_t at = index_;
  while (at > 0 && lesson_.steps[at].kind != StepKind::challenge) --at;
  static const std::vector<std::string> none;
  if (lesson_.steps[at].kind != StepKind::challenge) return none;
  if (hint_ && hint_step_ == at) return *hint_;
  const LessonStep& challenge_step = lesson_.steps[at];
  hint_step_ = at;
  hint_ = challenge_step.challenge.hint;
  if (challenge_step.challenge.hint_from_explorer) {
    RuntimeExplorationTarget target(*challenge_step.restart);
    const ExplorationReport report = explore_schedules(target, kHintSearchLimits);
    hint_->clear();
    for (const ScheduleViolation& v : report.violations) {
      if (v.kind == "stranded") {
        *hint_ = v.schedule;
        break;
      }
    }
  }
  return *hint_;
}

std::optional<std::string> LessonPlayer::next_hint() {
  const std::vector<std::string>& h = hint();
  if (choices_.size() >= h.size() || !std::equal(choices_.begin(), choices_.end(), h.begin())) {
    return std::nullopt;
  }
  return h[choices_.size()];
}

void LessonPlayer::reset_challenge() {
  if (step().kind == StepKind::challenge) enter_step();
}

StepStatus LessonPlayer::play_hint() {
  reset_challenge();
  for (const std::string& actor : hint()) {
    if (status_ != StepStatus::challenge || !choose(actor).accepted) break;
  }
  return status_;
}

}  // namespace cq::lesson
