// cleanupq-web: the desktop app in a browser page. The same App, views and engine; this file
// only does what a page needs:
//   - the URL's query is the desktop's flags (url_state.hpp); bad parameters are shown on the
//     page and in the app, and their defaults used;
//   - settings, window layout (imgui.ini) and lesson progress live in files of the in-memory
//     file system, restored from and saved back to localStorage;
//   - frames come from the browser (emscripten_set_main_loop); a paused app skips idle frames;
//   - window.cqStatus tells the page and the browser tests what runs (build, event count,
//     lesson step, where the Play button is).
#include <emscripten.h>
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <sstream>
#include <utility>

#include "app/app.hpp"
#include "app/app_flags.hpp"
#include "app/url_state.hpp"
#include "io/output_file.hpp"
#include "io/text_file.hpp"
#include "lesson/lesson_check.hpp"
#include "lesson/lesson_parser.hpp"
#include "model/session.hpp"
#include "shells/render_frame.hpp"
#include "shells/web_bridge.hpp"
#include "sim/threads_available.hpp"
#include "ui/fonts.hpp"
#include "ui/theme.hpp"

namespace cq::viz {
namespace {

constexpr const char* kConfigHome = "/config";  // XDG_CONFIG_HOME inside the page
constexpr const char* kSettingsFile = "/config/cleanupq/settings.ini";
constexpr const char* kLayoutFile = "/config/cleanupq/imgui.ini";
constexpr const char* kSettingsKey = "cleanupq.settings";
constexpr const char* kLayoutKey = "cleanupq.layout";

// The in-memory copies of localStorage go through the same checked reader and writer as the
// desktop's files. A problem goes to the console; Settings::load says its own in the app.
constexpr std::size_t kMaxLayoutBytes = 1024 * 1024;

std::string read_file(const char* path, std::size_t max_bytes) {
  const io::TextFile file = io::read_text_file(path, max_bytes, "a stored file");
  if (!file.ok() && file.problem != io::ReadProblem::missing) {
    std::fprintf(stderr, "%s\n", file.message().c_str());
  }
  return file.ok() ? file.text : std::string();
}

void write_file(const char* path, const std::string& text) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  if (const auto error = io::write_file(path, text)) {
    std::fprintf(stderr, "%s\n", error->c_str());
  }
}

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

struct Page {
  std::unique_ptr<Shell> shell;
  std::unique_ptr<App> app;
  Scenario defaults;            // what a link leaves out
  std::string shown_query;      // the address bar's query, kept in step with the view
  std::string stored_settings;  // last copies written to localStorage
  std::string stored_layout;
  std::uint64_t frames = 0;
  int idle_frames = 0;
  double first_frame_ms = -1;
  std::string first_frame_runner;  // the runner the first frame showed (a stand-in's: inline)
  double persisted_ms = 0;
  AppOptions options;                 // from the URL, until the app starts
  std::vector<std::string> problems;  // what was wrong with the URL, for the page's status
  int first_run_workers = 0;          // Workers loaded before the app starts (threaded build)
  int later_workers = 0;              // loaded after the first frame, waited for by nobody
  // The URL's run, when its Workers were not loaded at start: the App shows it on the inline
  // runner meanwhile (App::run_when_threads_ready), so the first frame waits for no Worker.
  std::optional<Scenario> first_run;
};

Page* g_page = nullptr;  // the page lives as long as the tab: no teardown

std::vector<UrlParam> current_share_params(Page& p) {
  App& app = *p.app;
  if (LessonSession* lesson = app.lesson()) {
    std::vector<UrlParam> params =
        share_params(std::as_const(*lesson).player().scenario(), p.defaults, lesson->lesson().id,
                     app.lesson_step_shown() + 1);
    // A teacher's variant (?seed=N) stays in the link a student copies; practising, the seed in
    // use (after New seed, the new one) and `practice`, so the link opens the same questions.
    if (const PracticeSession* practice = std::as_const(app).practice()) {
      params.push_back({"seed", std::to_string(practice->seed())});
      params.push_back({"practice", ""});
    } else if (const auto seed = app.lesson_seed()) {
      params.push_back({"seed", std::to_string(*seed)});
    }
    return params;
  }
  return share_params(app.scenario_to_share(), p.defaults, std::nullopt, 0);
}

void persist(Page& p) {
  // Lesson progress and the palette are settings; ImGui writes the layout every few seconds.
  p.app->save_settings();
  const std::string settings = read_file(kSettingsFile, Settings::kMaxFileBytes);
  if (settings != p.stored_settings) {
    storage_set(kSettingsKey, settings);
    p.stored_settings = settings;
  }
  ImGuiIO& io = ImGui::GetIO();
  if (io.WantSaveIniSettings) {
    ImGui::SaveIniSettingsToDisk(kLayoutFile);
    io.WantSaveIniSettings = false;
  }
  const std::string layout = read_file(kLayoutFile, kMaxLayoutBytes);
  if (!layout.empty() && layout != p.stored_layout) {
    storage_set(kLayoutKey, layout);
    p.stored_layout = layout;
  }
}

// The student's answers to the step's questions, for the browser tests: tries, hint, lock.
std::string answers_json(const LessonAnswers& answers) {
  std::ostringstream s;
  s << "[";
  for (std::size_t i = 0; i < answers.entries().size(); ++i) {
    const LessonAnswers::Entry& e = answers.entries()[i];
    s << (i ? "," : "") << "{\"tries\":" << e.tries
      << ",\"hint\":" << (e.hint_shown ? "true" : "false")
      << ",\"locked\":" << (e.locked ? "true" : "false") << ",\"given\":" << json_string(e.given)
      << ",\"firstGiven\":" << json_string(e.first_given) << ",\"typed\":" << e.typed
      << ",\"correct\":" << (e.locked && e.check.correct ? "true" : "false") << "}";
  }
  s << "]";
  return s.str();
}

// The practice question asked, for the browser tests: the seed, where the picture is held and
// where the answer is, the phase and the graded answer (null: not practising).
std::string practice_json(const PracticeSession* practice) {
  if (practice == nullptr || practice->question() == nullptr) return "null";
  const lesson::PracticeQuestion& q = *practice->question();
  const PracticeSession::Answer& a = practice->answer();
  std::ostringstream s;
  s << "{\"seed\":" << practice->seed() << ",\"question\":" << practice->index() + 1
    << ",\"questions\":" << practice->practice().questions.size()
    << ",\"kind\":" << json_string(std::string(lesson::to_string(q.kind)))
    << ",\"choices\":" << q.choices.size() << ",\"askedAt\":" << q.asked_at
    << ",\"answeredBy\":" << q.answered_by
    << ",\"phase\":" << json_string(std::string(to_string(practice->phase())))
    << ",\"locked\":" << (a.locked ? "true" : "false") << ",\"given\":" << json_string(a.given)
    << ",\"correct\":" << (a.locked && a.grade.correct ? "true" : "false") << ",\"expected\":"
    << json_string(practice->phase() == PredictPhase::revealed ? a.grade.expected_text
                                                               : std::string())
    << "}";
  return s.str();
}

void publish(Page& p) {
  App& app = *p.app;
  // Read-only: the lesson's worker may be advancing (LessonSession::player() would stop it).
  const Scenario& scenario =
      app.lesson() ? std::as_const(*app.lesson()).player().scenario() : app.session().scenario();
  std::ostringstream s;
  s << "{\"build\":" << json_string(kThreadsAvailable ? "threaded" : "single-threaded")
    << ",\"runner\":" << json_string(std::string(to_string(scenario.runner)))
    << ",\"cursor\":" << app.projection().cursor() << ",\"head\":" << app.projection().head()
    << ",\"playing\":" << (app.playing() ? "true" : "false")
    << ",\"gomaxprocs\":" << scenario.gomaxprocs << ",\"seed\":" << scenario.seed
    << ",\"welcome\":" << (app.ui().show_welcome ? "true" : "false")
    << ",\"lesson\":" << (app.lesson() ? static_cast<int>(app.lesson()->lesson().id) : 0)
    << ",\"step\":" << (app.lesson() ? static_cast<int>(app.lesson_step_shown() + 1) : 0)
    << ",\"message\":"
    << json_string(ImGui::GetTime() < app.ui().message_until ? app.ui().message : "")
    << ",\"predict\":" << json_string(std::string(to_string(app.lesson_answers().phase())))
    << ",\"answers\":" << answers_json(app.lesson_answers())
    << ",\"practice\":" << practice_json(std::as_const(app).practice())
    << ",\"timelineFirst\":" << app.ui().timeline_first
    << ",\"timelineSpan\":" << app.ui().timeline_span << ",\"urlProblems\":[";
  for (std::size_t i = 0; i < p.problems.size(); ++i)
    s << (i ? "," : "") << json_string(p.problems[i]);
  s << "],\"frames\":" << p.frames << ",\"firstFrameMs\":" << p.first_frame_ms
    << ",\"firstFrameRunner\":" << json_string(p.first_frame_runner) << ",\"items\":{";
  bool first = true;
  for (const auto& [name, r] : app.item_rects) {
    s << (first ? "" : ",") << json_string(name) << ":{\"x\":" << r.x << ",\"y\":" << r.y
      << ",\"w\":" << r.w << ",\"h\":" << r.h << "}";
    first = false;
  }
  s << "}}";
  publish_status(s.str());
}

void frame(void*) {
  Page& p = *g_page;
  App& app = *p.app;
  // A paused app with nothing moving and no input draws a few frames a second, not sixty.
  const bool busy = app.animating();
  const bool input = web_shell_input_seen(*p.shell);
  // Saved about once a second, idle or not: a closed tab loses at most that.
  const double now_ms = emscripten_get_now();
  if (now_ms - p.persisted_ms >= 1000 && p.frames > 0) {
    persist(p);
    p.persisted_ms = now_ms;
  }
  if (!busy && !input && ++p.idle_frames < 15) return;
  p.idle_frames = 0;
  render_frame(*p.shell, app);
  ++p.frames;
  // After the first frame, without waiting: the Workers a lesson or a reset opened later needs,
  // so that its threads find them loaded (a thread on a Worker still loading waits for this
  // thread to return to the browser, and this thread may be joining it). A stand-in's run asks
  // for its own from the first frame on (App::run_when_threads_ready).
  if (p.frames == 1 && p.later_workers > idle_workers()) prepare_workers(p.later_workers);
  if (p.first_frame_ms < 0) {
    // Since the page began to load (performance.now), downloads included: what a student waits.
    p.first_frame_ms = emscripten_get_now();
    p.first_frame_runner = to_string(app.session().scenario().runner);
    std::printf("cleanupq-web: first frame after %.0f ms (%s build)\n", p.first_frame_ms,
                kThreadsAvailable ? "threaded" : "single-threaded");
    std::fflush(stdout);
  }
  const std::string query = encode_query(current_share_params(p));
  if (query != p.shown_query) {
    set_page_query(query);
    p.shown_query = query;
  }
  publish(p);
}

// Threads kept free beyond what a run or a lesson asks for (App::threads_ready: a run's actors
// and engine thread, a lesson's worker and actors): the comparison's worker, and room for the
// new run's threads while the old run's still end (a reset makes the new Session before the old
// one's engine thread has gone). A lesson the URL opens counts its worker among them
// (first_run_workers).
constexpr int kSpareThreads = 3;
// The Web Workers a page makes at most. One per actor would be 583 at GOMAXPROCS 256: seconds to
// start and hundreds of MiB; a scenario whose actors need more than the budget runs with the
// inline runner instead (fit_to_threads), and the page says so.
constexpr int kMaxPageWorkers = 96;
constexpr std::uint32_t kMaxActorThreads = kMaxPageWorkers - 1 - kSpareThreads;
#ifdef CQ_WEB_START_WORKERS
// The Workers loaded before main() (web/CMakeLists.txt): the engine thread's and the spares'.
static_assert(CQ_WEB_START_WORKERS == 1 + kSpareThreads,
              "web/CMakeLists.txt: CQ_WEB_START_WORKERS is the engine thread and kSpareThreads");
#endif

// Workers a run with these actor threads needs free: theirs, its engine thread's, the spares.
int run_workers(std::uint32_t actors) {
  return static_cast<int>(actors) + 1 + kSpareThreads;
}

// Workers the first run needs free before it starts: its own, and the actors of a lesson the URL
// opens (its worker runs it at once, and this thread may wait for that worker: a lesson opened at
// a step).
int first_run_workers(const AppOptions& options) {
  // The App shows the default scenario instead of one it refuses (app_scenario_problem).
  std::uint32_t actors =
      actor_threads(app_scenario_problem(options.scenario) ? Scenario{} : options.scenario);
  if (!options.lesson.empty() && !options.welcome) {
    const lesson::FoundLessonFile found =
        lesson::find_lesson_file(lesson::default_lessons_dir(), options.lesson);
    if (found.path) {
      const lesson::ParseResult parsed = lesson::parse_lesson_file(*found.path);
      if (parsed.ok()) actors += actor_threads(parsed.lesson->scenario);
    }
  }
  return run_workers(actors);
}

void start_app(Page& p) {
  const AppOptions& options = p.options;
  Page* page = &p;
  p.app = std::make_unique<App>(options);
  App& app = *p.app;
  app.set_native_keys(112 /* DOM F1 */, 83 /* DOM S */);
  app.on_file_written = [](const std::string& path) { offer_download(path); };
  app.copy_link = [page] {
    const std::string link = page_base_url() + encode_query(current_share_params(*page));
    copy_to_clipboard(link);
    page->app->say("link copied: " + link);
  };
  // A lesson or step the URL named that cannot be opened (or offered by the welcome): the App
  // said why, naming the parameter. Its message then is that, not a stored setting's problem.
  const bool lesson_refused = app.named_lesson_refused();
  const bool step_refused = app.lesson() != nullptr && options.lesson_step > 0 &&
                            app.lesson_step_shown() + 1 != options.lesson_step;
  if ((lesson_refused || step_refused) && !app.ui().message.empty()) {
    show_page_message(app.ui().message, false);
    p.problems.push_back(app.ui().message);
  }
#if CQ_THREADS
  app.max_actor_threads = kMaxActorThreads;
  app.threads_ready = [](std::size_t more) -> std::string {
    const int wanted = static_cast<int>(more) + kSpareThreads;
    const int idle = idle_workers();
    if (idle >= wanted) return "";
    prepare_workers(wanted);
    return "starting " + std::to_string(wanted - idle) +
           " more threads (Web Workers) for this run...";
  };
  if (p.first_run) app.run_when_threads_ready(*p.first_run);
#endif
  // Last: a problem with the URL is what the status line says first.
  if (!p.problems.empty()) app.say(p.problems.front());
}

void wait_for_workers(void*) {
  Page& p = *g_page;
  if (idle_workers() < p.first_run_workers) return;
  emscripten_cancel_main_loop();
  start_app(p);
  emscripten_set_main_loop_arg(frame, nullptr, 0, false);
}

}  // namespace

int web_main() {
  auto* page = new Page;
  g_page = page;
  setenv("XDG_CONFIG_HOME", kConfigHome, 1);
  setenv("CQ_LESSONS_DIR", "/lessons", 1);
  setenv("CQ_ASSETS_DIR", "/assets", 1);  // the palettes (web/CMakeLists.txt preloads them)
  if (const auto error = load_palettes()) {
    show_page_message(*error, true);
    return 1;
  }
  page->stored_settings = storage_get(kSettingsKey);
  page->stored_layout = storage_get(kLayoutKey);
  if (!page->stored_settings.empty()) write_file(kSettingsFile, page->stored_settings);
  if (!page->stored_layout.empty()) write_file(kLayoutFile, page->stored_layout);

  AppOptions options;
  cli::ScenarioFlags flags = watchable_scenario_flags();
  cli::resolve(flags);
  page->defaults = flags.scenario;
  std::vector<std::string> problems = apply_url_params(parse_query(page_query()), options, flags);
  apply_start_choices(flags, options);
  options.scenario = flags.scenario;
  // Each parameter may be in range while together they ask for more than the page shows
  // (kMaxAppCleanups): the App then shows the default scenario, and the page says why.
  if (const auto refused = app_scenario_problem(options.scenario)) {
    problems.push_back("URL parameters: " + *refused + "; the default scenario is shown");
  }
  options.backend = "web";
  for (const std::string& problem : problems) show_page_message(problem, false);
  if (kThreadsAvailable) {
    if (const auto fitted = fit_to_threads(options.scenario, kMaxActorThreads)) {
      show_page_message(*fitted, false);
    }
  }

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = kLayoutFile;
  page->shell = make_web_shell();
  if (const auto error = page->shell->init({})) {
    show_page_message(*error, true);
    return 1;
  }
  // Text rasterised at the device's pixel ratio, laid out in CSS pixels: sharp on high DPI.
  const float ratio = page->shell->content_scale();
  load_fonts(ratio);
  io.FontGlobalScale = 1.f / ratio;

  page->options = options;
  page->problems = problems;
  // The first run's threads must be Workers before it starts: the runtime makes its actors'
  // threads on this thread when the App makes its Session, and this thread may then wait for a
  // lesson's worker made after them, which would wait for a Worker that starts only once this
  // thread returns to the browser. The page loaded only the start-up threads' Workers before
  // main() (web/CMakeLists.txt, CQ_WEB_START_WORKERS): a scenario with no actor threads (the
  // inline runner) starts at once, and so does one with actors, on a stand-in (below); only a
  // lesson opened at start waits here for its threads and the run's, only as many as they have.
  if (kThreadsAvailable) {
    const bool lesson_at_start = !options.lesson.empty() && !options.welcome;
    if (!lesson_at_start && !app_scenario_problem(options.scenario) &&
        actor_threads(options.scenario) > 0 &&
        idle_workers() < run_workers(actor_threads(options.scenario))) {
      // Without a lesson the App waits for nothing at start: the stand-in (inline) shows the
      // same scenario until its actors' Workers have loaded after the first frame. (A lesson
      // opened at start still waits here: its worker may be waited for at once.)
      page->first_run = options.scenario;
      page->options.scenario.runner = RunnerKind::inline_;
    }
    page->first_run_workers = first_run_workers(page->options);
    // As many as the page loaded before main() once did for every start: the default scenario's
    // (a lesson's actors are no more: lessons are small), and a lesson's worker, so a lesson
    // opened from the welcome or the lessons tab (App::start_lesson asks for its worker and
    // actors with the spares still spare), or a reset to the defaults, does not wait.
    page->later_workers =
        std::max(page->first_run_workers, run_workers(actor_threads(page->defaults))) + 1;
  }
  const int wanted = page->first_run_workers;
  if (kThreadsAvailable && idle_workers() < wanted) {
    prepare_workers(wanted);
    std::printf("cleanupq-web: starting %d Web Workers for the first run\n",
                wanted - idle_workers());
    emscripten_set_main_loop_arg(wait_for_workers, nullptr, 0, false);
    return 0;
  }
  start_app(*page);
  emscripten_set_main_loop_arg(frame, nullptr, 0, false);
  return 0;
}

}  // namespace cq::viz

int main() {
  return cq::viz::web_main();
}
