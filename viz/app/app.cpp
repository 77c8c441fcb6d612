// The App's state and its frame: what it owns, how it starts (settings, palettes, the first
// run, the lesson or tab the flags ask for), what each frame folds in, reset, and saving settings.
#include "app/app.hpp"

#include <imgui.h>

#include <cstdio>
#include <stdexcept>

#include "model/real_go_model.hpp"
#include "runtime/scenario_options.hpp"
#include "ui/theme.hpp"

namespace cq::viz {

App::App(const AppOptions& options) : options_(options) {
  const std::string dir = Settings::config_dir();
  if (!dir.empty()) {
    settings_path_ = dir + "/settings.ini";
    for (const std::string& problem : settings_.load(settings_path_)) say(problem);
  }
  std::vector<std::string> layout_problems;
  layout_ = PanelLayout::from_settings(settings_, &layout_problems);
  for (const std::string& problem : layout_problems) say(problem);
  if (!palettes_loaded()) {
    if (auto error = load_palettes()) throw std::runtime_error(*error);
  }
  std::string palette =
      options.palette.empty() ? settings_.get("palette", "dark") : options.palette;
  apply_palette(parse_palette(palette).value_or(Palette::dark));
  // Numbers from the settings file are checked once here (NaN, infinities, out of range: the
  // default, and a message); later reads go through the same ranges.
  std::vector<std::string> number_problems;
  ui_.speed = settings_.number("speed", kDefaultSpeed, 0, kMaxSpeed, &number_problems);
  for (const std::string& key : settings_.keys_with_prefix("lesson.")) {
    if (key.ends_with(".furthest")) settings_.number(key, 0, 0, kMaxLessonSteps, &number_problems);
  }
  for (const std::string& problem : number_problems) say(problem);
  if (options.headless) ui_.speed = 0;  // pictures of checkpoints, not animations
  ui_.edited = options.scenario;
  if (auto problem = app_scenario_problem(ui_.edited)) {
    say(*problem + ": the default scenario is shown");
    ui_.edited = Scenario{};
  }
  session_ = std::make_unique<Session>(ui_.edited);
  projection_.set_flush_walk(!options.headless || options.flush_walk_when_headless);
  lessons_dir_ = lesson::default_lessons_dir();
  // Parsing only: playing every lesson to mark unreachable steps is CI's job (a second or two).
  catalog_ = lesson::load_lesson_catalog(lessons_dir_, false);
  attach_projection();
  open_start_view();
  const std::pair<const char*, int> tabs[] = {
      {"log", 0},        {"metrics", 1},          {"scenario", 2},
      {"compare", 3},    {"lessons", kLessonTab}, {"realgo", kRealGoTab},
      {"code", kCodeTab}};
  for (const auto& [name, index] : tabs) {
    if (options.tab == name) ui_.select_tab = index;
  }
  for (std::size_t i = 0; i < std::size(kGoRecordings); ++i) {
    if (options.recording == kGoRecordings[i]) ui_.real_go_recording = static_cast<int>(i);
  }
  if (options.tab == "help") ui_.show_help = true;
  if (options.tab == "compare") ui_.start_compare = true;
}

void App::open_start_view() {
  // The `welcome` setting is checked here, once, like the numbers above: a bad value is named
  // with what is allowed, and the welcome opens (the default).
  std::vector<std::string> problems;
  const bool welcome_on = settings_.word("welcome", "on", {"on", "off"}, &problems) == "on";
  for (const std::string& problem : problems) say(problem);
  bool lesson_opened = false;
  if (!options_.lesson.empty()) {
    if (options_.welcome) {
      // The welcome offers the named lesson; one that does not exist is said now, and lesson 1
      // offered instead.
      const lesson::FoundLessonFile found = lesson::find_lesson_file(lessons_dir_, options_.lesson);
      if (found.ok()) {
        ui_.welcome_lesson = options_.lesson;
      } else {
        say(lesson_not_found(options_.lesson, found.error));
      }
    } else {
      lesson_opened = open_lesson(options_.lesson);
      if (lesson_opened && options_.lesson_step > 0) go_to_lesson_step(options_.lesson_step);
      if (lesson_opened && options_.practice) open_practice();
    }
  }
  if (options_.practice && options_.lesson.empty()) {
    say(options_.backend == "web"
            ? "URL parameter practice: it needs lesson=ID (a lesson id or file); no practice opened"
            : "--practice: it needs --lesson ID (a lesson id or file); no practice opened");
  }
  // A picture (headless) shows exactly what its flags ask for, unless they ask for the welcome.
  ui_.show_welcome = options_.welcome || (!options_.headless && welcome_on && !lesson_opened &&
                                          !options_.names_what_to_show);
}

bool App::start_welcome_lesson() {
  ui_.show_welcome = false;
  if (!open_lesson(ui_.welcome_lesson)) return false;
  if (options_.practice) {
    if (pending_lesson_) {
      pending_lesson_->practice = true;
    } else {
      open_practice();
    }
  }
  return true;
}

App::~App() {
  save_settings();
}

void App::frame() {
  sync();
  handle_keys();
  layout();
}

void App::sync() {
  // Builds without threads run the engine here, a slice per frame (a no-op with threads).
  const double wall_s = ImGui::GetCurrentContext() != nullptr ? ImGui::GetTime() : 0.0;
  session_->pump(wall_s);
  if (lesson_) lesson_->pump(wall_s);
  if (pending_reset_) reset();
  if (first_run_) start_first_run();
  if (pending_lesson_) {
    PendingLesson pending = std::move(*pending_lesson_);
    start_lesson(std::move(pending.lesson), pending.practice);
  }
  if (lesson_ && lesson_->generation() != lesson_generation_ && !lesson_->busy())
    attach_projection();
  if (practice_) {
    if (practice_->phase() == PredictPhase::watching &&
        watch_to(practice_->trace(), practice_->answered_events())) {
      practice_->reveal();
    }
  } else if (lesson_ && answers_.phase() == PredictPhase::watching) {
    watch_tick();
  }
  const std::size_t head = projection_.catch_up(picture_limit());
  if (gif_.active) {
    // Recording: each frame shows the next point of the range.
    const auto done = gif_.images.size();
    const std::size_t span = gif_.to - gif_.from;
    ui_.follow_head = false;
    ui_.cursor = gif_.from + span * done / static_cast<std::size_t>(std::max(1, gif_.frames - 1));
  }
  if (replaying_) replay_tick();
  if (ui_.follow_head) ui_.cursor = head;
  projection_.set_cursor(ui_.cursor,
                         ImGui::GetCurrentContext() != nullptr ? ImGui::GetTime() : 0.0);
}

bool App::animating() const {
  return session_->busy() || (lesson_ && lesson_->busy()) ||
         (lesson_ && answers_.phase() == PredictPhase::watching) ||
         (practice_ && practice_->phase() == PredictPhase::watching) ||
         !projection_.motions().empty() || replaying_ ||
         (projection_.trace() != nullptr && projection_.trace()->size() > projection_.head()) ||
         gif_.active ||
         // Waiting for threads: the frame that finds them there starts the run or the lesson.
         pending_reset_ || pending_lesson_.has_value() || (first_run_ && !lesson_);
}

const Scenario& App::active_scenario() const {
  if (practice_) return practice_->scenario();
  return lesson_ ? lesson_view().scenario() : session_->scenario();
}

void App::attach_projection() {
  if (practice_) {
    // The practice run (a lesson's worker never replaces it: practice_play.cpp).
    const Scenario& s = practice_->scenario();
    projection_.attach(practice_->trace(), s.gomaxprocs, s.total_cleanups());
    if (lesson_) lesson_generation_ = lesson_->generation();
  } else if (lesson_) {
    const Scenario& s = lesson_view().scenario();
    projection_.attach(lesson_->trace(), s.gomaxprocs, s.total_cleanups());
    lesson_generation_ = lesson_->generation();
  } else {
    const Scenario& s = session_->scenario();
    projection_.attach(session_->trace(), s.gomaxprocs, s.total_cleanups());
  }
  ui_.cursor = 0;
  ui_.follow_head = true;
  ui_.pick = UiState::Pick::none;
  ui_.timeline_first = 0;
  ui_.timeline_span = 0;
}

void App::reset() {
  // What the user asked for last wins: a run still waiting for its threads is dropped.
  first_run_.reset();
  if (auto problem = app_scenario_problem(ui_.edited)) {
    pending_reset_ = false;
    say("cannot reset: " + *problem);
    return;
  }
  std::string fitted;
  if (max_actor_threads != 0) fitted = fit_to_threads(ui_.edited, max_actor_threads).value_or("");
  if (threads_ready) {
    // The current run's threads come back when it ends; the new run needs its own and the
    // engine thread. sync() asks again each frame until they are there.
    const Runner& runner = session_->sim().runner();
    const std::size_t freed =
        (runner.kind() == RunnerKind::inline_ ? 0 : runner.actors().size()) + 1;
    const std::size_t wanted = actor_threads(ui_.edited) + 1;
    const std::string waiting = threads_ready(wanted > freed ? wanted - freed : 0);
    if (!waiting.empty()) {
      if (!pending_reset_) say(waiting);
      pending_reset_ = true;
      pending_lesson_.reset();  // a lesson asked for before the reset is dropped
      return;
    }
  }
  pending_reset_ = false;
  pending_lesson_.reset();
  practice_.reset();
  if (lesson_) lesson_.reset();
  replaying_ = false;
  session_ = std::make_unique<Session>(ui_.edited);
  attach_projection();
  ui_.edited_dirty = false;
  say("reset: " + to_command_line(ui_.edited) + (fitted.empty() ? "" : ". " + fitted));
}

void App::run_when_threads_ready(const Scenario& wanted) {
  if (auto problem = app_scenario_problem(wanted)) {
    say("cannot run: " + *problem);
    return;
  }
  first_run_ = wanted;
  ui_.edited = wanted;
  ui_.edited_dirty = false;
  // Said once; sync() asks again each frame.
  const std::string waiting = start_first_run();
  if (!waiting.empty()) say(waiting + " Until then the same scenario shows on the inline runner.");
}

std::string App::start_first_run() {
  // A lesson open or asked for, or a reset asked for, comes first: the run starts once the lesson
  // closes, and a reset drops it.
  if (lesson_ || pending_lesson_ || pending_reset_) return "";
  // The run's actors only: the engine thread is the stand-in's, given back as it ends (the
  // front end's spares cover the moment both exist).
  if (threads_ready) {
    std::string waiting = threads_ready(actor_threads(*first_run_));
    if (!waiting.empty()) return waiting;
  }
  const std::string runner(to_string(first_run_->runner));
  if (session_->busy() || session_->trace().size() != 0) {
    // The student played the stand-in: it goes on rather than start again under them.
    first_run_.reset();
    say("runner " + runner + ": its threads are ready; this run goes on with the inline " +
        "runner, and Reset starts the scenario in the editor");
    return "";
  }
  session_ = std::make_unique<Session>(*first_run_);
  first_run_.reset();
  attach_projection();
  say("runner " + runner + ": its threads are ready, the run starts on them");
  return "";
}

void App::say(const std::string& message) {
  ui_.message = message;
  ui_.message_until = ImGui::GetCurrentContext() != nullptr ? ImGui::GetTime() + 6.0 : 6.0;
}

void App::save_settings() {
  if (settings_path_.empty() || options_.headless) return;
  settings_.set("palette", std::string(to_string(active_palette())));
  settings_.set_number("speed", ui_.speed);
  layout_.save_to(settings_);
  // A failed save keeps the old file (io::write_file); the user is told, once per reason, in the
  // status line and on stderr (the app may be closing, and the status line with it).
  std::optional<std::string> error = settings_.save(settings_path_);
  if (error && error != last_save_error_) {
    say(*error);
    std::fprintf(stderr, "cleanupq-viz: %s\n", error->c_str());
  }
  last_save_error_ = std::move(error);
}

void App::reset_layout() {
  layout_ = PanelLayout{};
  say("layout reset: every panel back to its first size");
}

}  // namespace cq::viz
