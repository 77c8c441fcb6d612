#include "app/app.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "app/gif_writer.hpp"
#include "app/keys.hpp"
#include "io/output_file.hpp"
#include "runtime/scenario_options.hpp"
#include "sim/chrome_trace.hpp"
#include "views/splitter.hpp"
#include "views/view_context.hpp"

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
    if (std::string error = load_palettes(); !error.empty()) throw std::runtime_error(error);
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
  session_ = std::make_unique<Session>(options.scenario);
  projection_.set_flush_walk(!options.headless || options.flush_walk_when_headless);
  lessons_dir_ = lesson::default_lessons_dir();
  // Parsing only: playing every lesson to mark unreachable steps is CI's job (a second or two).
  catalog_ = lesson::load_lesson_catalog(lessons_dir_, false);
  attach_projection();
  if (!options.lesson.empty() && open_lesson(options.lesson) && options.lesson_step > 0) {
    go_to_lesson_step(options.lesson_step);
  }
  const std::pair<const char*, int> tabs[] = {
      {"log", 0}, {"metrics", 1}, {"scenario", 2}, {"compare", 3}, {"lessons", kLessonTab}};
  for (const auto& [name, index] : tabs) {
    if (options.tab == name) ui_.select_tab = index;
  }
  if (options.tab == "help") ui_.show_help = true;
  if (options.tab == "compare") ui_.start_compare = true;
}

const Scenario& App::active_scenario() const {
  return lesson_ ? lesson_view().scenario() : session_->scenario();
}

void App::attach_projection() {
  if (lesson_) {
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

bool App::open_lesson(const std::string& id_or_path) {
  const lesson::FoundLessonFile found = lesson::find_lesson_file(lessons_dir_, id_or_path);
  const auto& file = found.path;
  if (!file) {
    say("--lesson " + id_or_path + ": " + found.error);
    return false;
  }
  lesson::ParseResult parsed = lesson::parse_lesson_file(*file);
  if (!parsed.ok()) {
    say(parsed.diagnostics.empty() ? *file + ": cannot be read"
                                   : parsed.diagnostics.front().to_string());
    return false;
  }
  session_->pause();
  replaying_ = false;
  lesson_ = std::make_unique<LessonSession>(std::move(*parsed.lesson));
  start_lesson_step(ui_.speed);
  after_lesson_move();
  ui_.select_tab = kLessonTab;
  return true;
}

void App::go_to_lesson_step(std::size_t step) {
  if (!lesson_) return;
  const std::size_t steps = lesson_->lesson().steps.size();
  if (step < 1 || step > steps) {
    say("step " + std::to_string(step) + " is out of range: lesson " +
        std::to_string(lesson_->lesson().id) + " has steps 1.." + std::to_string(steps));
    return;
  }
  lesson_->go_to_step(step - 1);
  start_lesson_step(0);  // jumping to a step is instant
  after_lesson_move();
}

void App::close_lesson() {
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
  if (!lesson_->enter_next_step()) {
    say("that was the last step: Free explore goes on from here");
    return;
  }
  start_lesson_step(ui_.speed);
  after_lesson_move();
}

void App::lesson_back() {
  if (!lesson_) return;
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
  const Trace& trace = lesson_->trace();
  const std::size_t size = trace.size();
  if (watch_limit_ >= size) {
    answers_.set_phase(PredictPhase::revealed);
    watch_limit_ = ~std::size_t{0};
    return;
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

std::string App::export_slides(const std::string& dir, const std::function<Image()>& render_frame) {
  if (!lesson_) return "--export-slides needs --lesson ID";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return "--export-slides " + dir + ": " + ec.message();
  const lesson::Lesson& l = lesson_->lesson();
  for (std::size_t k = 0; k < l.steps.size(); ++k) {
    if (k > 0 && !lesson_->enter_next_step()) break;
    start_lesson_step(0);
    lesson_->wait_idle();
    // A slide shows the checkpoint: predictions revealed (unanswered), challenges won.
    if (answers_.predicts()) answers_.set_phase(PredictPhase::revealed);
    if (l.steps[k].kind == lesson::StepKind::challenge) lesson_->player().play_hint();  // the win
    after_lesson_move();
    ui_.follow_head = true;
    ui_.select_tab = kLessonTab;
    char name[64];
    std::snprintf(name, sizeof name, "/lesson-%02u-step-%02zu.png", l.id, k + 1);
    const std::string error = write_png(render_frame(), dir + name);
    if (!error.empty()) return "--export-slides " + error;
  }
  return "";
}

void App::free_explore() {
  if (!lesson_) return;
  // The lesson's run is deterministic (inline or conducted), so a fresh session of the same
  // scenario and schedule, run to the same event count, is the same state, live and editable.
  Scenario s = lesson_->player().scenario();
  const std::size_t events = projection_.cursor();
  std::vector<std::string> schedule = lesson_->player().choices();
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

App::~App() {
  save_settings();
}

void App::save_settings() {
  if (settings_path_.empty() || options_.headless) return;
  settings_.set("palette", std::string(to_string(active_palette())));
  settings_.set_number("speed", ui_.speed);
  layout_.save_to(settings_);
  // A failed save keeps the old file (io::write_file); the user is told, once per reason, in the
  // status line and on stderr (the app may be closing, and the status line with it).
  const std::string error = settings_.save(settings_path_);
  if (!error.empty() && error != last_save_error_) {
    say(error);
    std::fprintf(stderr, "cleanupq-viz: %s\n", error.c_str());
  }
  last_save_error_ = error;
}

void App::reset_layout() {
  layout_ = PanelLayout{};
  say("layout reset: every panel back to its first size");
}

void App::say(const std::string& message) {
  ui_.message = message;
  ui_.message_until = ImGui::GetCurrentContext() != nullptr ? ImGui::GetTime() + 6.0 : 6.0;
}

void App::sync() {
  // Builds without threads run the engine here, a slice per frame (a no-op with threads).
  const double wall_s = ImGui::GetCurrentContext() != nullptr ? ImGui::GetTime() : 0.0;
  session_->pump(wall_s);
  if (lesson_) lesson_->pump(wall_s);
  if (pending_reset_) reset();
  if (lesson_ && lesson_->generation() != lesson_generation_ && !lesson_->busy())
    attach_projection();
  if (lesson_ && answers_.phase() == PredictPhase::watching) watch_tick();
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

void App::replay_tick() {
  // Replaying the recorded part: the cursor moves through it in virtual time at the play speed.
  const double now = ImGui::GetTime();
  const double dt = std::min(0.1, now - replay_last_s_);
  replay_last_s_ = now;
  const Trace& trace = session_->trace();
  const std::size_t head = projection_.head();
  if (ui_.cursor >= head) {
    replaying_ = false;
    ui_.follow_head = true;
    if (!session_->finished()) session_->play(ui_.speed);
    return;
  }
  const std::uint64_t from = ui_.cursor > 0 ? trace.at(ui_.cursor - 1).time_ns : 0;
  const double budget = ui_.speed == 0 ? 1e18 : dt * 1e9 * ui_.speed;
  std::size_t c = ui_.cursor;
  while (c < head && static_cast<double>(trace.at(c).time_ns - from) <= budget) ++c;
  ui_.cursor = std::max<std::uint64_t>(c, ui_.cursor + 1);
}

bool App::animating() const {
  return session_->busy() || (lesson_ && lesson_->busy()) ||
         (lesson_ && answers_.phase() == PredictPhase::watching) ||
         !projection_.motions().empty() || replaying_ ||
         (projection_.trace() != nullptr && projection_.trace()->size() > projection_.head()) ||
         gif_.active;
}

void App::toggle_play() {
  if (lesson_) {
    // In a lesson, Play runs toward the step's checkpoint; the lesson decides where to stop.
    if (lesson_->busy()) {
      lesson_->pause();
    } else {
      ui_.follow_head = true;
      lesson_->advance(ui_.speed);
    }
    return;
  }
  if (session_->playing() || replaying_) {
    session_->pause();
    replaying_ = false;
    ui_.follow_head = false;
    ui_.cursor = projection_.cursor();
    return;
  }
  if (ui_.cursor < projection_.head()) {
    replaying_ = true;
    replay_last_s_ = ImGui::GetTime();
    return;
  }
  ui_.follow_head = true;
  session_->play(ui_.speed);
}

void App::step_forward() {
  session_->pause();
  replaying_ = false;
  if (ui_.cursor < projection_.head()) {
    ui_.follow_head = false;
    ++ui_.cursor;
    return;
  }
  if (lesson_) return;  // at the head of a lesson's run, Next moves on
  ui_.follow_head = true;
  session_->advance_events(1);
}

void App::step_back() {
  session_->pause();
  replaying_ = false;
  ui_.follow_head = false;
  ui_.cursor = projection_.cursor() > 0 ? projection_.cursor() - 1 : 0;
}

void App::next_interesting() {
  session_->pause();
  replaying_ = false;
  const std::size_t next = projection_.next_interesting(projection_.cursor());
  if (next < projection_.head()) {
    ui_.follow_head = false;
    ui_.cursor = next;
    return;
  }
  ui_.follow_head = true;
  session_->advance_to([](const TraceEvent& e) { return is_interesting(e); });
}

void App::previous_interesting() {
  session_->pause();
  replaying_ = false;
  ui_.follow_head = false;
  ui_.cursor = projection_.previous_interesting(projection_.cursor());
}

void App::go_to(std::uint64_t cursor) {
  session_->pause();
  replaying_ = false;
  ui_.follow_head = false;
  ui_.cursor = cursor;
}

void App::change_speed(double factor) {
  if (ui_.speed == 0) ui_.speed = 1.0;
  ui_.speed = std::clamp(ui_.speed * factor, 1e-7, kMaxSpeed);
  session_->set_speed(ui_.speed);
}

void App::reset() {
  if (auto problem = validate(ui_.edited)) {
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
      return;
    }
  }
  pending_reset_ = false;
  if (lesson_) lesson_.reset();
  replaying_ = false;
  session_ = std::make_unique<Session>(ui_.edited);
  attach_projection();
  ui_.edited_dirty = false;
  say("reset: " + to_command_line(ui_.edited) + (fitted.empty() ? "" : ". " + fitted));
}

void App::export_trace(const std::string& path) {
  const std::string error = io::write_file_with(path, [&](std::ostream& out) {
    write_chrome_trace(out, session_->trace(), session_->sim().runner().actors());
  });
  if (!error.empty()) {
    say(error + " (the trace was not written)");
    return;
  }
  say("trace written to " + path + " (open it in Perfetto)");
  if (on_file_written) on_file_written(path);
}

void App::start_gif(std::size_t from, std::size_t to, const std::string& path, int frames) {
  session_->pause();
  replaying_ = false;
  gif_ = GifRecording{true, path, std::min(from, to), std::max(from, to), std::max(2, frames), {}};
  say("recording " + std::to_string(gif_.frames) + " frames of events " +
      std::to_string(gif_.from) + ".." + std::to_string(gif_.to));
}

void App::after_render(const std::function<Image()>& capture) {
  if (!pending_screenshot.empty()) {
    Image picture = capture();
    if (pending_crop_) {
      // Logical to framebuffer pixels (the DPI scale of the window).
      const ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;
      const Rect& r = *pending_crop_;
      picture = picture.crop(static_cast<int>(r.x * scale.x), static_cast<int>(r.y * scale.y),
                             static_cast<int>(r.w * scale.x), static_cast<int>(r.h * scale.y));
      pending_crop_.reset();
    }
    const std::string error = write_png(picture, pending_screenshot);
    say(error.empty() ? "screenshot written to " + pending_screenshot : error);
    if (error.empty() && on_file_written) on_file_written(pending_screenshot);
    pending_screenshot.clear();
  }
  if (!gif_.active) return;
  gif_.images.push_back(half_size(capture()));
  if (static_cast<int>(gif_.images.size()) < gif_.frames) return;
  const std::string error = write_gif(gif_.images, gif_.path, 8);
  say(error.empty() ? "GIF written to " + gif_.path : error);
  if (error.empty() && on_file_written) on_file_written(gif_.path);
  gif_ = GifRecording{};
}

void App::handle_keys() {
  ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput) return;  // typing in a field is not a command
  auto pressed = [](ImGuiKey key) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(key)); };
  if (pressed(ImGuiKey_Space)) toggle_play();
  if (pressed(ImGuiKey_RightArrow)) io.KeyShift ? next_interesting() : step_forward();
  if (pressed(ImGuiKey_LeftArrow)) io.KeyShift ? previous_interesting() : step_back();
  if (pressed(ImGuiKey_Home)) go_to(0);
  if (pressed(ImGuiKey_PageDown)) lesson_next();
  if (pressed(ImGuiKey_PageUp)) lesson_back();
  if (pressed(ImGuiKey_End)) {
    replaying_ = false;
    ui_.follow_head = true;
  }
  if (native_f1_ >= 0 && ImGui::IsKeyPressed(native_f1_)) ui_.show_help = !ui_.show_help;
  if (native_s_ >= 0 && io.KeyCtrl && ImGui::IsKeyPressed(native_s_))
    pending_screenshot = "cleanupq-screenshot.png";
  for (ImWchar c : io.InputQueueCharacters) {
    switch (c) {
      case '?':
        ui_.show_help = !ui_.show_help;
        break;
      case '-':
        change_speed(0.5);
        break;
      case '+':
      case '=':
        change_speed(2.0);
        break;
      case 'r':
      case 'R':
        reset();
        break;
      default:
        break;
    }
  }
}

void App::frame() {
  sync();
  handle_keys();
  layout();
}

void App::layout() {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, colour(Role::background));
  ImGui::Begin("Cleanup Queue Lab", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoSavedSettings);
  ImGui::PopStyleColor();
  ViewContext ctx{*this, projection_,       projection_.model(),
                  ui_,   active_scenario(), ImGui::GetTime()};
  std::map<int, Rect> panels;  // by lesson::HighlightArea, for the lesson's highlights
  auto remember = [&](lesson::HighlightArea area) {
    panels[static_cast<int>(area)] = to_rect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  };
  draw_controls(ctx);
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const ImVec2 top_left = ImGui::GetCursorScreenPos();
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  // A lesson's text and questions need room: its bottom row is taller (a fraction of its own).
  float& top_share = lesson_ ? layout_.top_lesson : layout_.top;
  const float top_h = std::max(200.f, avail.y * top_share);
  const float timeline_h = 132.f;
  const float bottom_h =
      std::max(120.f, avail.y - top_h - timeline_h - 2 * ImGui::GetStyle().ItemSpacing.y);
  const float left_w = avail.x * layout_.left, mid_w = avail.x * layout_.mid;
  const float right_w = avail.x - left_w - mid_w - 2 * gap;
  // Top row: processors + GC | stacks | goroutines + scheduler. The GC panel keeps room for its
  // title, phase chips and two lines however short the row gets (a lesson's is short).
  const float spacing_y = ImGui::GetStyle().ItemSpacing.y;
  const float gc_min_h = ImGui::GetTextLineHeightWithSpacing() * 3 +
                         ImGui::GetFrameHeightWithSpacing() +
                         ImGui::GetStyle().WindowPadding.y * 2 + spacing_y;
  const float gc_h = std::min(top_h * 0.5f, std::max(top_h * 0.28f, gc_min_h));
  ImGui::BeginGroup();
  if (begin_panel("##processors", "Processors (P-local blocks)", ImVec2(left_w, top_h - gc_h),
                  this))
    draw_processors(ctx);
  end_panel();
  remember(lesson::HighlightArea::processors);
  if (begin_panel("##gc", "GC phase and sweep gate", ImVec2(left_w, gc_h - spacing_y), this))
    draw_gc_phase(ctx);
  end_panel();
  remember(lesson::HighlightArea::gc_phase);
  ImGui::EndGroup();
  ImGui::SameLine();
  if (begin_panel("##stacks", "Full list and free list", ImVec2(mid_w, top_h), this))
    draw_stacks(ctx);
  end_panel();
  remember(lesson::HighlightArea::full_stack);
  ImGui::SameLine();
  ImGui::BeginGroup();
  if (begin_panel("##workers", "Cleanup goroutines", ImVec2(right_w, top_h * 0.58f), this))
    draw_workers(ctx);
  end_panel();
  remember(lesson::HighlightArea::workers);
  if (begin_panel("##scheduler", "Scheduler",
                  ImVec2(right_w, top_h * 0.42f - ImGui::GetStyle().ItemSpacing.y), this))
    draw_scheduler(ctx);
  end_panel();
  remember(lesson::HighlightArea::scheduler);
  ImGui::EndGroup();
  if (begin_panel("##timeline", "Timeline", ImVec2(avail.x, timeline_h), this)) draw_timeline(ctx);
  end_panel();
  remember(lesson::HighlightArea::timeline);
  const float bottom_y = ImGui::GetCursorScreenPos().y;
  const float tabs_w = avail.x * layout_.tabs;
  if (begin_panel("##tabs", "Run", ImVec2(tabs_w, bottom_h), this)) {
    // SetSelected is a one-shot request: the tab bar keeps it until the next frame's layout.
    auto tab_flags = [&](int tab) {
      return ui_.select_tab == tab ? ImGuiTabItemFlags_SetSelected : 0;
    };
    if (ImGui::BeginTabBar("##bottom")) {
      if (ImGui::BeginTabItem(lesson_ ? "Lesson" : "Lessons", nullptr, tab_flags(kLessonTab))) {
        draw_lesson(ctx);
        ImGui::EndTabItem();
      }
      if (ImGui::BeginTabItem("Event log", nullptr, tab_flags(0))) {
        draw_event_log(ctx);
        ImGui::EndTabItem();
        panels[static_cast<int>(lesson::HighlightArea::event_log)] = to_rect(
            ImGui::GetWindowPos(), ImVec2(ImGui::GetWindowPos().x + ImGui::GetWindowSize().x,
                                          ImGui::GetWindowPos().y + ImGui::GetWindowSize().y));
      }
      if (ImGui::BeginTabItem("Metrics", nullptr, tab_flags(1))) {
        draw_metrics(ctx);
        ImGui::EndTabItem();
        panels[static_cast<int>(lesson::HighlightArea::metrics)] = to_rect(
            ImGui::GetWindowPos(), ImVec2(ImGui::GetWindowPos().x + ImGui::GetWindowSize().x,
                                          ImGui::GetWindowPos().y + ImGui::GetWindowSize().y));
      }
      if (ImGui::BeginTabItem("Scenario", nullptr, tab_flags(2))) {
        ImGui::BeginChild("##scenario-scroll",
                          ImGui::GetContentRegionAvail());  // taller than the tab
        draw_scenario(ctx);
        ImGui::EndChild();
        ImGui::EndTabItem();
      }
      if (ImGui::BeginTabItem("Compare with Go 1.24", nullptr, tab_flags(3))) {
        ImGui::BeginChild("##compare-scroll", ImGui::GetContentRegionAvail());
        draw_compare(ctx);
        ImGui::EndChild();
        ImGui::EndTabItem();
      }
      ImGui::EndTabBar();
      ui_.select_tab = -1;
    }
  }
  end_panel();
  ImGui::SameLine();
  if (begin_panel("##inspector", "Inspector", ImVec2(avail.x - tabs_w - gap, bottom_h), this))
    draw_inspector(ctx);
  end_panel();
  remember(lesson::HighlightArea::inspector);
  panels[static_cast<int>(lesson::HighlightArea::free_stack)] =
      panels[static_cast<int>(lesson::HighlightArea::full_stack)];
  drag_splitters(Rect{top_left.x, top_left.y, avail.x, top_h},
                 Rect{top_left.x, bottom_y, avail.x, bottom_h}, gap, top_share, avail.y);
  ImGui::End();
  draw_motions(ctx);
  if (lesson_) draw_highlights(panels);
  draw_help(ctx);
}

void App::drag_splitters(const Rect& row, const Rect& bottom, float gap, float& top_share,
                         float height) {
  // In the gaps between the panels just laid out; a drag takes effect from the next frame.
  const float left_edge = row.x + row.w * layout_.left;
  const float mid_edge = left_edge + gap + row.w * layout_.mid;
  if (const float dx =
          splitter("##split-left", SplitAxis::columns, Rect{left_edge, row.y, gap, row.h});
      dx != 0) {
    layout_.move_left_border(dx / row.w);
  }
  if (const float dx =
          splitter("##split-mid", SplitAxis::columns, Rect{mid_edge, row.y, gap, row.h});
      dx != 0) {
    layout_.move_mid_border(dx / row.w);
  }
  const float spacing_y = ImGui::GetStyle().ItemSpacing.y;
  if (const float dy =
          splitter("##split-top", SplitAxis::rows, Rect{row.x, row.y + row.h, row.w, spacing_y});
      dy != 0) {
    top_share = std::clamp(top_share + dy / height, PanelLayout::kMinRow, PanelLayout::kMaxRow);
  }
  const Rect tabs_gap{bottom.x + bottom.w * layout_.tabs, bottom.y, gap, bottom.h};
  if (const float dx = splitter("##split-tabs", SplitAxis::columns, tabs_gap); dx != 0) {
    layout_.tabs =
        std::clamp(layout_.tabs + dx / bottom.w, PanelLayout::kMinTabs, PanelLayout::kMaxTabs);
  }
}

void App::draw_highlights(const std::map<int, Rect>& panels) {
  // A pulsing frame around what the lesson's step points at, on top of everything.
  ImDrawList* draw = ImGui::GetForegroundDrawList();
  const float pulse = 0.6f + 0.4f * static_cast<float>(std::sin(ImGui::GetTime() * 4.0));
  const auto alpha = static_cast<std::uint8_t>(255 * pulse);
  for (const lesson::Highlight& h : lesson_->lesson().steps[lesson_step_].highlights) {
    const Rect* r = nullptr;
    Rect place;
    switch (h.area) {
      case lesson::HighlightArea::p:
        r = projection_.place_rect({BlockPlace::p, h.index});
        break;
      case lesson::HighlightArea::worker:
        r = projection_.place_rect({BlockPlace::worker, h.index});
        break;
      case lesson::HighlightArea::block:
        r = projection_.place_rect(projection_.place_of(h.index));
        break;
      case lesson::HighlightArea::quantity: {
        auto it = panels.find(static_cast<int>(lesson::HighlightArea::scheduler));
        if (it != panels.end()) r = &it->second;
        break;
      }
      default: {
        auto it = panels.find(static_cast<int>(h.area));
        if (it != panels.end()) r = &it->second;
        break;
      }
    }
    if (r == nullptr) continue;
    place = *r;
    draw->AddRect(ImVec2(place.x - 3, place.y - 3),
                  ImVec2(place.x + place.w + 3, place.y + place.h + 3),
                  colour(Role::highlight, alpha), 6.f, 0, 3.f);
  }
}

}  // namespace cq::viz
