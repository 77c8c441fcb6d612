// Steps, checkpoints and questions. The scheduler challenge is lesson_challenge.cpp.
#include "lesson/lesson_player.hpp"

#include <algorithm>

namespace cq::lesson {

std::string_view to_string(StepStatus status) {
  switch (status) {
    case StepStatus::running:
      return "running";
    case StepStatus::reached:
      return "reached";
    case StepStatus::unreachable:
      return "unreachable";
    case StepStatus::challenge:
      return "challenge";
    case StepStatus::won:
      return "won";
    case StepStatus::lost:
      return "lost";
  }
  return "unknown";
}

LessonPlayer::LessonPlayer(Lesson lesson, std::optional<RunnerKind> runner)
    : lesson_(std::move(lesson)), runner_override_(runner) {
  go_to_step(0);
}

LessonPlayer::~LessonPlayer() = default;

void LessonPlayer::start_run(Scenario scenario) {
  if (runner_override_) scenario.runner = *runner_override_;
  scenario.record_trace = true;
  scenario.trace_retained_chunks = 0;  // questions may scan the whole run
  scenario.speed = 0;                  // the UI paces through RunControl
  scenario.max_steps = std::min(scenario.max_steps, kMaxRunSteps);
  scenario_ = std::move(scenario);
  sim_.reset();  // the old run's threads end before the new run's start
  sim_ = std::make_unique<SimRuntime>(scenario_);
  ++generation_;
  model_ = TraceModel(scenario_.gomaxprocs);
  search_from_ = 0;
}

void LessonPlayer::enter_step() {
  const LessonStep& s = step();
  problem_.clear();
  note_.clear();
  matched_event_.reset();
  prepared_ = false;
  if (s.restart) {
    Scenario scenario = *s.restart;
    if (s.replay_choices) {
      // The student's winning attempt, or (if they never won) the hint's, which wins.
      scenario.schedule = !winning_choices_.empty() ? winning_choices_ : hint();
    }
    start_run(std::move(scenario));
  }
  if (s.kind == StepKind::challenge) {
    choices_.clear();
    status_ = StepStatus::challenge;
    return;
  }
  status_ = s.until.kind == UntilKind::here ? StepStatus::reached : StepStatus::running;
}

bool LessonPlayer::next_step() {
  if (index_ + 1 >= lesson_.steps.size()) return false;
  ++index_;
  enter_step();
  return true;
}

void LessonPlayer::go_to_step(std::size_t target) {
  target = std::min(target, lesson_.steps.size() - 1);
  const std::vector<std::string> student_win = winning_choices_;
  steps_spent_ = 0;
  start_run(lesson_.scenario);
  index_ = 0;
  enter_step();
  while (index_ < target) {
    if (step().kind == StepKind::challenge) {
      // Replaying the past: the student's winning attempt if there was one, else the hint.
      const std::vector<std::string> attempt = !student_win.empty() ? student_win : hint();
      for (const std::string& actor : attempt) {
        if (!choose(actor).accepted) break;
      }
    } else {
      advance();
    }
    next_step();
  }
}

void LessonPlayer::catch_up() {
  const Trace& trace = sim_->trace();
  const std::size_t size = trace.size();
  if (model_.events >= size) return;
  trace.read(model_.events, size,
             [&](std::span<const TraceEvent> events) { model_.apply(events); });
  // Inline and conducted traces are causal: nothing stays deferred past its instant. Settling
  // keeps the model exact at a checkpoint even so.
  if (!model_.deferred.empty()) model_.settle();
}

void LessonPlayer::settle() {
  // A run that became quiescent in its last step emits stranded / run_end only when asked to
  // go on; asking for zero steps does exactly that, so every runner leaves the same trace here.
  RunLimit limit;
  limit.max_steps = 0;
  sim_->run(limit);
}

RunOutcome LessonPlayer::run_engine(const RunControl& control, std::uint64_t max_steps,
                                    std::function<bool(const TraceEvent&)> stop_on) {
  RunLimit limit;
  const std::uint64_t budget_left = kMaxLessonSteps - std::min(steps_spent_, kMaxLessonSteps);
  limit.max_steps = std::min({max_steps, control.max_steps, budget_left});
  const std::uint64_t steps_before = sim_->runner().steps();
  limit.speed = control.speed;
  limit.until_ns = control.until_ns;
  limit.pause = control.pause;
  limit.stop_on = std::move(stop_on);
  RunOutcome out = sim_->run(limit);
  if (out.why == RunStop::schedule_error) {
    // Replayed choices that this scenario cannot follow (another protocol): say where, drop
    // the rest of the script and let the seeded conductor carry on.
    note_ = "the replayed choices stop at " + sim_->runner().schedule_error();
    sim_->runner().set_schedule({});
    out = sim_->run(limit);
  }
  steps_spent_ += sim_->runner().steps() - steps_before;
  settle();
  catch_up();
  return out;
}

StepStatus LessonPlayer::fail(std::string why) {
  problem_ = std::move(why);
  status_ = StepStatus::unreachable;
  return status_;
}

StepStatus LessonPlayer::reach(std::optional<std::size_t> matched) {
  matched_event_ = matched;
  search_from_ = matched ? *matched + 1 : sim_->trace().size();
  status_ = StepStatus::reached;
  return status_;
}

StepStatus LessonPlayer::advance(const RunControl& control) {
  if (status_ != StepStatus::running) return status_;
  switch (step().until.kind) {
    case UntilKind::here:
      return reach();
    case UntilKind::end:
      advance_to_end(control);
      break;
    case UntilKind::event:
      advance_to_event(control);
      break;
    case UntilKind::step:
      advance_to_step(control);
      break;
    case UntilKind::events:
      advance_to_events(control);
      break;
  }
  if (status_ == StepStatus::running && steps_spent_ >= kMaxLessonSteps) {
    return fail("the lesson has spent its budget of " + std::to_string(kMaxLessonSteps) +
                " runner steps (all its runs together) without " + step().until.describe());
  }
  return status_;
}

StepStatus LessonPlayer::advance_to_end(const RunControl& control) {
  if (!sim_->runner().finished()) run_engine(control, ~std::uint64_t{0}, nullptr);
  if (sim_->runner().finished()) return reach();
  if (sim_->runner().steps() >= scenario_.max_steps) {
    return fail("the run took " + std::to_string(sim_->runner().steps()) + " steps without ending");
  }
  return status_;  // paused
}

StepStatus LessonPlayer::advance_to_step(const RunControl& control) {
  const std::uint64_t target = step().until.target;
  const std::uint64_t done = sim_->runner().steps();
  if (!prepared_ && done > target) {
    return fail("the run is already at step " + std::to_string(done) + " when this step starts");
  }
  prepared_ = true;
  if (done < target && !sim_->runner().finished()) run_engine(control, target - done, nullptr);
  if (sim_->runner().steps() >= target) return reach();
  if (sim_->runner().finished()) {
    return fail("the run ended after " + std::to_string(sim_->runner().steps()) + " steps");
  }
  return status_;
}

StepStatus LessonPlayer::advance_to_events(const RunControl& control) {
  const std::uint64_t target = step().until.target;
  const Trace& trace = sim_->trace();
  if (!prepared_ && trace.size() >= target) {
    return fail("the trace already holds " + std::to_string(trace.size()) +
                " events when this step starts");
  }
  prepared_ = true;
  if (trace.size() < target && !sim_->runner().finished()) {
    run_engine(control, ~std::uint64_t{0}, [&trace, target](const TraceEvent&) {
      return trace.size() >= target;  // the step's events are appended before this is asked
    });
  }
  if (trace.size() >= target) return reach();
  if (sim_->runner().finished()) {
    return fail("the run ended with " + std::to_string(trace.size()) + " events");
  }
  return status_;
}

StepStatus LessonPlayer::advance_to_event(const RunControl& control) {
  const RunUntil& until = step().until;
  const Trace& trace = sim_->trace();
  // Counts matches in [scanned_to_, size); returns the index of the one that completes the
  // count, if any.
  auto scan = [&]() -> std::optional<std::size_t> {
    std::optional<std::size_t> found;
    const std::size_t size = trace.size();
    trace.read(scanned_to_, size, [&](std::span<const TraceEvent> events) {
      for (const TraceEvent& e : events) {
        const std::size_t i = scanned_to_++;
        if (found || !until.matches(e)) continue;
        // Matches before search_from_ count towards an absolute nth, never as "the next".
        if (until.nth != 0 || i >= search_from_) {
          if (++matches_ >= matches_needed_) found = i;
        }
      }
    });
    scanned_to_ = size;
    return found;
  };
  if (!prepared_) {
    prepared_ = true;
    scanned_to_ = 0;
    matches_ = 0;
    matches_needed_ = until.nth == 0 ? 1 : until.nth;
    if (auto found = scan()) {
      if (*found < search_from_) {
        return fail(until.describe() + " is already past when this step starts");
      }
      return reach(found);
    }
  }
  if (!sim_->runner().finished()) {
    // Only a hint to stop: scan() below recounts exactly. By reference, because the runner
    // copies the predicate for every step (std::any_of takes it by value).
    std::uint64_t seen = matches_;
    const std::uint64_t needed = matches_needed_;
    run_engine(control, ~std::uint64_t{0}, [&until, &seen, needed](const TraceEvent& e) {
      return until.matches(e) && ++seen >= needed;
    });
    if (auto found = scan()) return reach(found);
  }
  if (sim_->runner().finished()) {
    return fail("the run ended after " + std::to_string(trace.size()) + " events without " +
                until.describe() + " (it had " + std::to_string(matches_) + " of them)");
  }
  if (sim_->runner().steps() >= scenario_.max_steps) {
    return fail("the run took " + std::to_string(sim_->runner().steps()) + " steps without " +
                until.describe());
  }
  return status_;
}

QuantityContext LessonPlayer::context() const {
  return {model_, sim_->trace(), model_.events, scenario_};
}

QuantityValue LessonPlayer::quantity(const QuantityRef& q) const {
  return evaluate(q, context());
}

std::string LessonPlayer::fill(std::string_view text) const {
  const auto number_or_mark = [&](std::string_view inner) {
    ParsedQuantity parsed = parse_quantity(inner, &scenario_);
    if (!parsed.quantity) return "{" + std::string(inner) + "?}";
    const QuantityValue v = quantity(*parsed.quantity);
    return v.ok() ? std::to_string(v.value) : "{" + std::string(inner) + "?}";
  };
  // A lesson that parsed has well-formed placeholders (its parser checks them); were one not, the
  // text up to it is still shown.
  return expand_placeholders(text, number_or_mark).text;
}

std::string LessonPlayer::text() const {
  return fill(step().text);
}

QuantityValue LessonPlayer::answer(std::size_t i) const {
  return quantity(question(i).answer);
}

AnswerCheck LessonPlayer::check_number(std::size_t i, std::int64_t given) const {
  AnswerCheck check;
  const QuantityValue right = answer(i);
  check.expected = right.value;
  check.expected_text = right.ok() ? std::to_string(right.value) : right.error;
  check.correct = right.ok() && given == right.value;
  check.explanation = fill(question(i).explain);
  return check;
}

AnswerCheck LessonPlayer::check_choice(std::size_t i, std::size_t choice) const {
  AnswerCheck check = check_number(i, 0);
  const std::vector<Choice>& choices = question(i).choices;
  check.correct = false;
  if (!answer(i).ok()) return check;  // expected_text says why; no choice is called right
  for (const Choice& c : choices) {
    if (c.value == check.expected) check.expected_text = c.text;
  }
  if (choice < choices.size()) check.correct = choices[choice].value == check.expected;
  return check;
}

}  // namespace cq::lesson
