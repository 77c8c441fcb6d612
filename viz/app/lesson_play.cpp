// The App playing a lesson: opening and leaving it, moving between steps, the student's answers
// (a predicted step is held, then watched, then revealed), challenges, and free explore.
#include <imgui.h>

#include <algorithm>
#include <sstream>

#include "app/app.hpp"
#include "lesson/lesson_scenario.hpp"

namespace cq::viz {

bool App::open_lesson(const std::string& id_or_path) {
  const lesson::FoundLessonFile found = lesson::find_lesson_file(lessons_dir_, id_or_path);
  const auto& file = found.path;
  if (!file) {
    say(lesson_not_found(id_or_path, found.error));
    return false;
  }
  lesson::ParseResult parsed = lesson::parse_lesson_file(*file);
  if (!parsed.ok()) {
    say(parsed.diagnostics.empty() ? *file + ": cannot be read"
                                   : parsed.diagnostics.front().to_string());
    return false;
  }
  // A teacher's variant: every run of the lesson with the seed of --seed or ?seed=N.
  if (options_.lesson_seed) lesson::override_lesson_seed(*parsed.lesson, *options_.lesson_seed);
  ui_.show_welcome = false;
  start_lesson(std::move(*parsed.lesson), false);
  return true;
}

void App::start_lesson(lesson::Lesson lesson, bool practice) {
  if (threads_ready) {
    // The lesson's worker and its runtime's actors (a conducted lesson has one thread each).
    // On the page a thread made before its Worker has loaded starts only once this thread
    // returns to the browser, and this thread waits for the lesson's worker when it reads the
    // player (LessonSession::player): the lesson waits for them here, as a reset does. The
    // threads of a lesson it replaces are not counted as free: they are given back as they end.
    const std::string waiting = threads_ready(actor_threads(lesson.scenario) + 1);
    if (!waiting.empty()) {
      if (!pending_lesson_) say(waiting);
      pending_lesson_ = PendingLesson{std::move(lesson), practice};
      pending_reset_ = false;  // a reset asked for before the lesson is dropped
      return;
    }
  }
  pending_lesson_.reset();
  pending_reset_ = false;
  session_->pause();
  practice_.reset();
  replaying_ = false;
  lesson_ = std::make_unique<LessonSession>(std::move(lesson));
  start_lesson_step(ui_.speed);
  after_lesson_move();
  ui_.select_tab = kLessonTab;
  if (practice) open_practice();
}

std::string App::lesson_not_found(const std::string& given, const std::string& error) const {
  std::string ids;
  for (std::size_t i = 0; i < catalog_.size();) {
    // Runs of consecutive ids as "1..12".
    std::size_t j = i;
    while (j + 1 < catalog_.size() && catalog_[j + 1].id == catalog_[j].id + 1) ++j;
    ids += (ids.empty() ? "" : ", ") + std::to_string(catalog_[i].id);
    if (j > i) ids += ".." + std::to_string(catalog_[j].id);
    i = j + 1;
  }
  const std::string input =
      options_.backend == "web" ? "URL parameter lesson=" + given : "--lesson " + given;
  return input + ": " + error +
         "; allowed: " + (ids.empty() ? "" : "a lesson id (" + ids + ") or ") + "a lesson file";
}

void App::go_to_lesson_step(std::size_t step) {
  if (!lesson_) return;
  const std::size_t steps = lesson_->lesson().steps.size();
  if (step < 1 || step > steps) {
    say("step " + std::to_string(step) + " is out of range: lesson " +
        std::to_string(lesson_->lesson().id) + " has steps 1.." + std::to_string(steps));
    return;
  }
  practice_.reset();
  lesson_->go_to_step(step - 1);
  start_lesson_step(0);  // jumping to a step is instant
  after_lesson_move();
}

void App::close_lesson() {
  pending_lesson_.reset();
  practice_.reset();
  lesson_.reset();
  attach_projection();
}

void App::after_lesson_move() {
  lesson_step_ = lesson_view().step_index();
  if (lesson_->generation() != lesson_generation_ || !projection_.attached()) attach_projection();
  const std::string key = "lesson." + std::to_string(lesson_->lesson().id) + ".furthest";
  if (static_cast<double>(lesson_step_ + 1) > settings_.get_number(key, 0, 0, kMaxLessonSteps)) {
    settings_.set_number(key, static_cast<double>(lesson_step_ + 1));
  }
}

int App::lesson_progress(std::uint32_t id) const {
  return static_cast<int>(
      settings_.get_number("lesson." + std::to_string(id) + ".furthest", 0, 0, kMaxLessonSteps));
}

void App::lesson_next() {
  if (!lesson_) return;
  if (practice_) close_practice();
  if (!lesson_->enter_next_step()) {
    say("that was the last step: Free explore goes on from here");
    return;
  }
  start_lesson_step(ui_.speed);
  after_lesson_move();
}

void App::lesson_back() {
  if (!lesson_) return;
  if (practice_) close_practice();
  lesson_->previous_step();
  start_lesson_step(0);
  after_lesson_move();
}

void App::start_lesson_step(double speed) {
  answers_.begin_step(lesson_view());
  if (!answers_.predicts()) {
    lesson_->advance(speed);
    return;
  }
  predict_hold_ = lesson_->trace().size();
  watch_limit_ = predict_hold_;
  lesson_->advance(0);
  lesson_->wait_idle();
}

std::size_t App::picture_limit() const {
  if (!lesson_) return ~std::size_t{0};
  if (practice_) {
    switch (practice_->phase()) {
      case PredictPhase::answering:
        return practice_->asked_events();
      case PredictPhase::watching:
        return watch_limit_;
      case PredictPhase::revealed:
        return practice_->answered_events();
      case PredictPhase::none:
        return ~std::size_t{0};  // no question: the whole run
    }
  }
  switch (answers_.phase()) {
    case PredictPhase::answering:
      return predict_hold_;
    case PredictPhase::watching:
      return watch_limit_;
    default:
      return ~std::size_t{0};
  }
}

void App::lesson_answer_number(std::size_t i, std::int64_t value) {
  if (!lesson_ || lesson_->busy() || i >= lesson_view().question_count()) return;
  lesson_answered(i, lesson_view().check_number(i, value), std::to_string(value));
}

void App::lesson_answer_choice(std::size_t i, std::size_t choice) {
  if (!lesson_ || lesson_->busy() || i >= lesson_view().question_count()) return;
  const lesson::Question& q = lesson_view().question(i);
  if (choice >= q.choices.size()) return;
  lesson_answered(i, lesson_view().check_choice(i, choice), q.choices[choice].text);
}

void App::lesson_answered(std::size_t i, const lesson::AnswerCheck& check, std::string given) {
  if (lesson_view().status() != lesson::StepStatus::reached) return;  // nothing to judge by
  const bool predict = lesson_view().question(i).predict();
  const PredictPhase phase = answers_.phase();
  // A prediction is made before the step plays; an observation after it.
  if (predict ? phase != PredictPhase::answering
              : phase == PredictPhase::answering || phase == PredictPhase::watching) {
    return;
  }
  answers_.answer(i, check, std::move(given));
  if (phase == PredictPhase::answering && answers_.predictions_locked()) {
    answers_.set_phase(PredictPhase::watching);
    watch_last_s_ = ImGui::GetCurrentContext() != nullptr ? ImGui::GetTime() : 0.0;
    ui_.follow_head = true;
  }
}

void App::lesson_skip_watch() {
  if (lesson_ && answers_.phase() == PredictPhase::watching) watch_limit_ = ~std::size_t{0};
}

void App::watch_tick() {
  if (watch_to(lesson_->trace(), lesson_->trace().size()))
    answers_.set_phase(PredictPhase::revealed);
}

bool App::watch_to(const Trace& trace, std::size_t end) {
  const std::size_t size = std::min(end, trace.size());
  if (watch_limit_ >= size) {
    watch_limit_ = ~std::size_t{0};
    return true;
  }
  // As replay_tick: the events due within this frame's share of virtual time, at least one.
  const double now = ImGui::GetCurrentContext() != nullptr ? ImGui::GetTime() : 0.0;
  const double dt = std::min(0.1, std::max(0.0, now - watch_last_s_));
  watch_last_s_ = now;
  const std::uint64_t from = watch_limit_ > 0 ? trace.at(watch_limit_ - 1).time_ns : 0;
  const double budget = ui_.speed == 0 ? 1e18 : dt * 1e9 * ui_.speed;
  std::size_t c = watch_limit_;
  while (c < size && static_cast<double>(trace.at(c).time_ns - from) <= budget) ++c;
  watch_limit_ = std::max(c, watch_limit_ + 1);
  return false;
}

void App::lesson_choose(const std::string& actor) {
  if (!lesson_) return;
  const lesson::ChallengeMove move = lesson_->choose(actor);
  if (!move.accepted) say(move.error);
  if (lesson_->generation() != lesson_generation_) attach_projection();
}

void App::lesson_reset_challenge() {
  if (!lesson_) return;
  lesson_->player().reset_challenge();
  attach_projection();
}

void App::lesson_play_hint() {
  if (!lesson_) return;
  lesson_->player().play_hint();
  attach_projection();
}

void App::free_explore() {
  if (!lesson_) return;
  // The lesson's run is deterministic (inline or conducted), so a fresh session of the same
  // scenario and schedule, run to the same event count, is the same state, live and editable.
  // From practice: its run (the inline runner's, as deterministic as the lesson's).
  Scenario s = practice_ ? practice_->scenario() : lesson_->player().scenario();
  const std::size_t events = projection_.cursor();
  std::vector<std::string> schedule =
      practice_ ? std::vector<std::string>{} : lesson_->player().choices();
  practice_.reset();
  if (!schedule.empty()) s.schedule = schedule;
  lesson_.reset();
  ui_.edited = s;
  session_ = std::make_unique<Session>(s);
  attach_projection();
  if (events > 0) {
    session_->advance_events(events);
    // Headless (pictures, tests): the state at once. A window shows it arriving instead: the
    // page's thread must not wait for a run (viz/model/session.hpp).
    if (options_.headless) session_->wait_idle();
  }
  say("free explore: the lesson's run, live; Play goes on from here");
}

std::string App::lesson_state_text() const {
  std::ostringstream out;
  for (const auto& [name, r] : item_rects) {
    out << "cleanupq-viz: item " << name << " " << r.x << " " << r.y << " " << r.w << " " << r.h
        << "\n";
  }
  // The event shown, so that a reader can tell a step that plays over many frames from a jump.
  out << "cleanupq-viz: predict " << to_string(answers_.phase()) << " at event "
      << projection().cursor() << "\n";
  if (practice_) {
    const PracticeSession::Answer& a = practice_->answer();
    out << "cleanupq-viz: practice seed " << practice_->seed() << " question "
        << practice_->index() + 1 << " of " << practice_->practice().questions.size() << " "
        << to_string(practice_->phase()) << " given '" << a.given << "' correct "
        << (a.locked && a.grade.correct ? "yes" : "no") << "\n";
  }
  out << lesson_answers_text();
  return out.str();
}

std::string App::lesson_answers_text() const {
  std::ostringstream out;
  for (std::size_t i = 0; i < answers_.entries().size(); ++i) {
    const LessonAnswers::Entry& e = answers_.entries()[i];
    out << "cleanupq-viz: answer " << i << " tries " << e.tries << " hint "
        << (e.hint_shown ? "yes" : "no") << " locked " << (e.locked ? "yes" : "no") << " first '"
        << e.first_given << "' given '" << e.given << "' correct "
        << (e.locked && e.check.correct ? "yes" : "no") << "\n";
  }
  return out.str();
}

}  // namespace cq::viz
