// App: the one UI, shared by every shell. It owns the live Session, the projection of the
// trace at the cursor, and the UI state; each frame it lays out the views (one file each in
// viz/views/) and handles the keyboard. The views see it only through the two interfaces it
// implements (views/active_run.hpp, views/view_actions.hpp).
//
// Its methods are split by concept: app.cpp (state, the frame, settings), playback.cpp (the
// ActiveRun), keyboard.cpp, lesson_play.cpp, layout.cpp (where the panels go), capture.cpp
// (screenshots, GIFs) and export.cpp (trace, slides).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/app_options.hpp"
#include "app/panel_layout.hpp"
#include "app/settings.hpp"
#include "lesson/lesson_check.hpp"
#include "lesson/lesson_parser.hpp"
#include "model/comparison.hpp"
#include "model/lesson_answers.hpp"
#include "model/lesson_session.hpp"
#include "model/practice_session.hpp"
#include "model/projection.hpp"
#include "model/session.hpp"
#include "runtime/scenario.hpp"
#include "ui/image.hpp"
#include "views/active_run.hpp"
#include "views/ui_state.hpp"
#include "views/view_actions.hpp"
#include "views/view_caches.hpp"

namespace cq::viz {

// One microsecond of virtual time per wall second: one cleanup at a time is visible.
inline constexpr double kDefaultSpeed = 1e-6;
inline constexpr double kMaxSpeed = 1e3;         // settings.ini's `speed` range is 0..kMaxSpeed
inline constexpr double kMaxLessonSteps = 1000;  // settings.ini's `lesson.N.furthest` range

class App final : public ActiveRun, public ViewActions {
 public:
  // Throws std::runtime_error naming the file when the palettes (assets/palettes.toml) cannot be
  // read: the app has no colours without them.
  explicit App(const AppOptions& options);
  ~App() override;

  // Builds one frame of UI (between ImGui::NewFrame and ImGui::Render).
  void frame();
  // Folds newly appended events; moves the cursor to the head when following it.
  void sync();

  Session& session() { return *session_; }
  // The compare tab's Go 1.24 / 1.25 runs (headless frames wait for them to finish).
  Comparison& comparison() { return comparison_; }
  const Projection& projection() const { return projection_; }
  UiState& ui() { return ui_; }
  const AppOptions& options() const { return options_; }
  Settings& settings() { return settings_; }
  // Whether the next frame can differ without input: the engine or a lesson runs, events wait to
  // be folded, blocks are in flight, a replay or a GIF recording goes on, a run or a lesson
  // waits for its threads. (A paused cursor behind the head is not motion.) The shells throttle
  // frames when it is false.
  bool animating() const;

  // The run that is showing (ActiveRun, playback.cpp), shared by buttons and keys.
  bool playing() const override;
  void toggle_play() override;
  void step_forward() override;
  void step_back() override;
  void next_interesting() override;
  void previous_interesting() override;
  void go_to(std::uint64_t cursor) override;
  void set_speed(double speed) override;
  void change_speed(double factor);  // the - and + keys

  void reset() override;  // restarts with ui().edited
  // A start that does not wait for threads (the web page, whose Workers load only while its
  // thread is free): the App was made with a stand-in, the same scenario on the inline runner,
  // which needs no thread but the engine's; `wanted` replaces it once threads_ready has its
  // threads, in the first frame after that with no lesson open or asked for (a stand-in the
  // student played goes on instead, and says so). A reset before then runs instead.
  void run_when_threads_ready(const Scenario& wanted);
  // What a link to this view names: the run waiting for its threads, if any, else the run.
  const Scenario& scenario_to_share() const {
    return first_run_ ? *first_run_ : session_->scenario();
  }
  void say(const std::string& message) override;
  void export_trace(const std::string& path) override;
  // Native key codes of the shell in use for keys Dear ImGui 1.86 has no name for (F1, S).
  void set_native_keys(int f1, int s) {
    native_f1_ = f1;
    native_s_ = s;
  }

  // Lessons. While a lesson is open the picture shows its run.
  // (lesson_play.cpp)
  const std::vector<lesson::CatalogEntry>& lesson_catalog() const override { return catalog_; }
  const std::string& lessons_dir() const override { return lessons_dir_; }
  LessonSession* lesson() override { return lesson_.get(); }
  // Opens the lesson, or (threads_ready says its threads are not there yet) opens it in a later
  // frame and says so; false (and says why) when it cannot be read.
  bool open_lesson(const std::string& id_or_path) override;
  // A lesson opened and waiting for its threads (open_lesson).
  bool lesson_pending() const { return pending_lesson_.has_value(); }
  void close_lesson() override;
  void go_to_lesson_step(std::size_t step);  // 1-based; out of range: says so, stays put
  void lesson_next() override;
  void lesson_back() override;
  void free_explore() override;
  void lesson_choose(const std::string& actor) override;
  void lesson_reset_challenge() override;
  void lesson_play_hint() override;
  std::size_t lesson_step_shown() const override { return lesson_step_; }
  int lesson_progress(std::uint32_t id) const override;
  const LessonAnswers& lesson_answers() const override { return answers_; }
  LessonAnswers::Entry& lesson_answer_entry(std::size_t i) override { return answers_.at(i); }
  // The student answers question i of the current step (a number, or choice c). A predict
  // question takes answers only before the step plays, an observe question only at the
  // checkpoint; the last prediction locked starts the step playing.
  void lesson_answer_number(std::size_t i, std::int64_t value) override;
  void lesson_answer_choice(std::size_t i, std::size_t choice) override;
  void lesson_skip_watch() override;
  bool lesson_hint_visible() const override { return hint_visible_; }
  void set_lesson_hint_visible(bool on) override { hint_visible_ = on; }
  std::optional<std::uint64_t> lesson_seed() const override { return options_.lesson_seed; }
  // Practice for the open lesson (practice_play.cpp): fresh predict questions from a seed.
  PracticeSession* practice() override { return practice_.get(); }
  const PracticeSession* practice() const { return practice_.get(); }
  void open_practice() override;
  void practice_new_seed() override;
  void close_practice() override;
  void practice_answer_choice(std::size_t choice) override;
  void practice_answer_number(std::int64_t value) override;
  void practice_skip_watch() override;
  void practice_next() override;
  // The welcome (views/welcome_view.cpp): whether it opens at start, and its one button.
  // (app.cpp)
  bool start_welcome_lesson() override;
  // The lesson the flags or URL named was refused at start (no such lesson, a broken file; with
  // --welcome, not offered): ui().message says why.
  bool named_lesson_refused() const {
    return !options_.lesson.empty() &&
           (options_.welcome ? ui_.welcome_lesson != options_.lesson : lesson_ == nullptr);
  }
  bool welcome_at_start() const override { return settings_.get("welcome", "on") == "on"; }
  void set_welcome_at_start(bool on) override { settings_.set("welcome", on ? "on" : "off"); }
  // Headless: writes one PNG per step of the open lesson. Returns nullopt, or the error.
  std::optional<std::string> export_slides(const std::string& dir,
                                           const std::function<Image()>& settled_picture);

  // Set by front ends that need to hear of them (the web page offers each written file as a
  // download; it can share a link, so the controls then show "Copy link").
  std::function<void(const std::string& path)> on_file_written;
  std::function<void()> copy_link;
  bool offers_share_link() const override { return static_cast<bool>(copy_link); }
  void copy_share_link() override { copy_link(); }
  // Set by front ends whose threads must exist before a run starts (the web page: a browser
  // starts a Worker only when the page's thread is free). Given how many more threads a reset
  // or a lesson needs, returns "" when they are ready, or what it is waiting for; the reset or
  // the lesson then starts in a later frame.
  std::function<std::string(std::size_t more_threads)> threads_ready;
  // The most threads a run's actors may take here (0: no limit). The web page sets its Web
  // Workers' budget; a reset to a scenario that needs more runs it with the inline runner and
  // says so (fit_to_threads).
  std::uint32_t max_actor_threads = 0;
  // Where named controls were drawn this frame (logical pixels), for the browser tests that
  // click them like a person would and for the page's status.
  std::map<std::string, Rect> item_rects;
  // --print-lesson-state: item_rects, the predict phase and each answer, one line each (the
  // window prints it whenever it changes, headless once at exit).
  std::string lesson_state_text() const;
  // Its answer lines alone: the window compares them across a frame (desktop_loop.cpp).
  std::string lesson_answers_text() const;
  void note_item(const std::string& name, const Rect& where) override { item_rects[name] = where; }

  // (capture.cpp) Grabs the next rendered frame into a PNG at this path; a view's is cropped
  // to `area` (logical pixels).
  void request_screenshot(const std::string& path) override { pending_screenshot_ = path; }
  void request_view_screenshot(const std::string& path, const Rect& area) override {
    pending_screenshot_ = path;
    pending_crop_ = area;
  }
  // Records an animated GIF of the events [from, to]: `frames` frames, one per rendered frame.
  void start_gif(std::size_t from, std::size_t to, const std::string& path, int frames) override;
  bool recording_gif() const { return gif_.active; }
  // Every shell's render_frame (shells/render_frame.hpp) calls this after the render: takes
  // screenshots and GIF frames.
  void after_render(const std::function<Image()>& capture);
  void save_settings();
  // Where the borders between panels are (dragged with the splitters, kept in the settings).
  PanelLayout& panel_layout() { return layout_; }
  void reset_layout() override;

 private:
  void handle_keys();
  // At start: whether the welcome opens, and which lesson it offers (or the named lesson opens).
  void open_start_view();
  // "--lesson 99: no lesson 99 in lessons; the lessons are 1..12, or give a lesson file" (the
  // page says "URL parameter lesson=99").
  std::string lesson_not_found(const std::string& given, const std::string& error) const;
  void layout();
  void replay_tick();  // playing through the recorded part of the run, before the live head
  const Scenario& active_scenario() const;
  // The open lesson's player for reading: every frame reads it while the lesson's worker may be
  // advancing, and LessonSession::player() (for changes) would stop the worker.
  const lesson::LessonPlayer& lesson_view() const { return std::as_const(*lesson_).player(); }
  void attach_projection();  // to the lesson's run when a lesson is open, else the session's
  void after_lesson_move();  // a step was entered or left: reattach, remember progress
  // A step was just entered: its answers start afresh, and it runs at `speed`; a step with
  // predict questions runs to its checkpoint at once, out of sight (the picture is held at
  // predict_hold_ events), so the student's first answer can be judged before the reveal.
  void start_lesson_step(double speed);
  // Opens a parsed lesson once threads_ready has its threads; until then keeps it pending.
  void start_lesson(lesson::Lesson lesson, bool practice);
  void lesson_answered(std::size_t i, const lesson::AnswerCheck& check, std::string given);
  // While a predicted step plays: shows the recorded run up to the next events due at the
  // lesson's speed; at its end, the reveal.
  void watch_tick();
  // Moves watch_limit_ on by this frame's share of `trace` up to `end` events; true (and
  // watch_limit_ past everything) once it has shown them all.
  bool watch_to(const Trace& trace, std::size_t end);
  void start_practice(std::uint64_t seed);
  void watch_from(std::size_t events);  // a locked prediction: the run plays on from `events`
  std::size_t picture_limit() const;
  void draw_highlights(const std::map<int, Rect>& panels);
  // The splitters in the gaps of layout(): `row` is the top row's rectangle, `bottom` the
  // bottom row's, `top_share` the fraction of the height the top row uses (layout_.top or
  // layout_.top_lesson), `height` the height it is a fraction of.
  void drag_splitters(const Rect& row, const Rect& bottom, float gap, float& top_share,
                      float height);

  AppOptions options_;
  Settings settings_;
  std::string settings_path_;
  std::optional<std::string> last_save_error_;  // said once, not on every save
  PanelLayout layout_;
  std::unique_ptr<Session> session_;
  Comparison comparison_;
  ViewCaches view_caches_;  // what the views keep between frames (never a static in a view)
  Projection projection_;
  UiState ui_;
  std::string lessons_dir_;
  std::vector<lesson::CatalogEntry> catalog_;
  std::unique_ptr<LessonSession> lesson_;
  std::unique_ptr<PracticeSession> practice_;  // only while lesson_ is open
  std::uint64_t lesson_generation_ = 0;
  std::size_t lesson_step_ = 0;
  LessonAnswers answers_;
  std::size_t predict_hold_ = 0;  // events shown while the student predicts
  std::size_t watch_limit_ = 0;   // events shown so far while the step plays
  double watch_last_s_ = 0;
  bool hint_visible_ = false;
  struct GifRecording {
    bool active = false;
    std::string path;
    std::size_t from = 0, to = 0;
    int frames = 0;
    std::vector<Image> images;
  } gif_;
  bool replaying_ = false;
  bool pending_reset_ = false;  // waiting for threads_ready
  // run_when_threads_ready: the run the stand-in shows until its threads are there.
  std::optional<Scenario> first_run_;
  // Starts first_run_ if nothing comes first and its threads are there; else returns what
  // threads_ready waits for ("" while a lesson or a reset comes first).
  std::string start_first_run();
  // A lesson parsed and waiting for threads_ready (open_lesson), then opened by sync().
  struct PendingLesson {
    lesson::Lesson lesson;
    bool practice = false;  // opened with practice (the welcome's start with ?practice)
  };
  std::optional<PendingLesson> pending_lesson_;
  double replay_last_s_ = 0;
  std::string pending_screenshot_;
  std::optional<Rect> pending_crop_;
  int native_f1_ = -1;
  int native_s_ = -1;
};

}  // namespace cq::viz
