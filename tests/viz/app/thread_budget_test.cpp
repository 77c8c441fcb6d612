// App::threads_ready: a front end whose threads must exist before a run starts (the web page,
// whose Web Workers start only when the page's thread is free) defers a reset, or a lesson's
// opening, until they do. The hook here is a stand-in for the page's Worker pool; what is checked
// is the App's side: it asks for the right number, keeps the old run until the threads are there,
// then resets or opens the lesson.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <limits>
#include <string>
#include <vector>

#include "lesson/lesson_check.hpp"
#include "lesson/lesson_parser.hpp"
#include "viz_test_support.hpp"

namespace cq::viz {
namespace {

using test::HeadlessUi;
using test::small_scenario;

// A stand-in for the page's Worker pool, served as the App's threads_ready: `free` threads are
// there (kEveryThread: as many as asked), and every request is recorded in `asked`.
constexpr std::size_t kEveryThread = std::numeric_limits<std::size_t>::max();
struct WorkerPool {
  std::size_t free = 0;
  std::vector<std::size_t> asked;

  explicit WorkerPool(App& app, std::size_t free_threads = 0) : free(free_threads) {
    app.threads_ready = [this](std::size_t more) -> std::string {
      asked.push_back(more);
      return free >= more ? "" : "starting more threads";
    };
  }
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Once what waited has started, the App stops asking.
  void expect_no_more_requests(HeadlessUi& ui) const {
    const std::size_t before = asked.size();
    ui.frames(2);
    EXPECT_EQ(asked.size(), before) << "and stops asking";
  }
};

TEST(ThreadBudget, AResetWaitsForItsThreadsThenHappens) {
  HeadlessUi ui(small_scenario());  // inline: the current run holds only the engine thread
  WorkerPool pool(ui.app());
  const std::vector<std::size_t>& asked = pool.asked;
  Scenario bigger = small_scenario();
  bigger.gomaxprocs = 16;
  bigger.runner = RunnerKind::threaded;
  ui.app().ui().edited = bigger;
  ui.app().reset();
  ASSERT_EQ(asked.size(), 1u);
  // Its actors and its engine thread, less the engine thread the current run gives back.
  EXPECT_EQ(asked[0], actor_threads(bigger));
  EXPECT_EQ(ui.app().session().scenario().gomaxprocs, small_scenario().gomaxprocs)
      << "the old run stays";
  EXPECT_NE(ui.app().ui().message.find("more threads"), std::string::npos) << ui.app().ui().message;
  ui.frames(3);
  EXPECT_GE(asked.size(), 4u) << "asked again each frame";
  EXPECT_EQ(ui.app().session().scenario().gomaxprocs, small_scenario().gomaxprocs);
  pool.free = asked.back();
  ui.frame();
  EXPECT_EQ(ui.app().session().scenario().gomaxprocs, 16u) << "reset once the threads are there";
  pool.expect_no_more_requests(ui);
}

// The threads a lesson's run takes: its worker (LessonSession) and one per actor of its
// scenario when its runner is not the inline one (lesson 13 runs the conducted runner).
std::size_t lesson_threads(const std::string& id) {
  const lesson::FoundLessonFile found = lesson::find_lesson_file(lesson::default_lessons_dir(), id);
  EXPECT_TRUE(found.path.has_value()) << found.error;
  if (!found.path) return 0;
  const lesson::ParseResult parsed = lesson::parse_lesson_file(*found.path);
  EXPECT_TRUE(parsed.ok());
  if (!parsed.ok()) return 0;
  EXPECT_EQ(parsed.lesson->scenario.runner, RunnerKind::conducted) << "lesson " << id;
  return actor_threads(parsed.lesson->scenario) + 1;
}

// Before, a lesson opened from the welcome or the lessons tab made its threads at once: on the
// page a thread whose Worker had not loaded yet starts only once the page's thread returns to the
// browser, and the page's thread waits for the lesson's worker when it reads the player.
TEST(ThreadBudget, ALessonWaitsForItsThreadsThenOpens) {
  HeadlessUi ui(small_scenario());
  WorkerPool pool(ui.app());
  const std::vector<std::size_t>& asked = pool.asked;
  const std::size_t needed = lesson_threads("13");
  ASSERT_GT(needed, 2u);
  ASSERT_TRUE(ui.app().open_lesson("13")) << ui.app().ui().message;
  ASSERT_EQ(asked.size(), 1u);
  EXPECT_EQ(asked[0], needed);
  EXPECT_EQ(ui.app().lesson(), nullptr) << "not before its threads";
  EXPECT_TRUE(ui.app().lesson_pending());
  EXPECT_EQ(ui.app().ui().message, "starting more threads");
  ui.frames(3);
  EXPECT_GE(asked.size(), 4u) << "asked again each frame";
  EXPECT_EQ(ui.app().lesson(), nullptr);
  pool.free = needed;
  ui.frame();
  ASSERT_NE(ui.app().lesson(), nullptr) << "opened once the threads are there";
  EXPECT_EQ(ui.app().lesson()->lesson().id, 13u);
  EXPECT_FALSE(ui.app().lesson_pending());
  pool.expect_no_more_requests(ui);
}

TEST(ThreadBudget, AResetWhileALessonWaitsIsWhatHappens) {
  HeadlessUi ui(small_scenario());
  WorkerPool pool(ui.app());
  ASSERT_TRUE(ui.app().open_lesson("13"));
  ASSERT_TRUE(ui.app().lesson_pending());
  Scenario s = small_scenario();
  s.gomaxprocs = 3;
  ui.app().ui().edited = s;
  ui.app().reset();  // inline: needs no thread beyond the one the current run gives back
  EXPECT_FALSE(ui.app().lesson_pending()) << "the reset was asked for last";
  ui.frames(2);
  EXPECT_EQ(ui.app().lesson(), nullptr);
  EXPECT_EQ(ui.app().session().scenario().gomaxprocs, 3u);
}

// ?welcome&lesson=13&practice: the welcome's start opens the lesson and its practice, both once
// the threads are there.
TEST(ThreadBudget, TheWelcomesStartWaitsForTheLessonsThreadsAndKeepsPractice) {
  AppOptions options = HeadlessUi::headless_options(small_scenario());
  options.welcome = true;
  options.lesson = "13";
  options.practice = true;
  HeadlessUi ui(options, 1440, 900);
  ASSERT_EQ(ui.app().lesson(), nullptr) << "the welcome first";
  WorkerPool pool(ui.app());
  ASSERT_TRUE(ui.app().start_welcome_lesson());
  EXPECT_TRUE(ui.app().lesson_pending());
  EXPECT_EQ(ui.app().practice(), nullptr);
  ui.frame();
  EXPECT_EQ(ui.app().lesson(), nullptr);
  pool.free = kEveryThread;
  ui.frame();
  ASSERT_NE(ui.app().lesson(), nullptr);
  EXPECT_EQ(ui.app().lesson()->lesson().id, 13u);
  EXPECT_NE(ui.app().practice(), nullptr) << "practice opens with the lesson";
}

// The page's first frame waits for no Worker (issue 17, item 4): the App starts with a stand-in,
// the same scenario on the inline runner, and runs the URL's scenario once its threads are
// there; a link copied meanwhile names the URL's scenario; a lesson opened meanwhile keeps its
// picture, and the run starts when it closes.
TEST(ThreadBudget, AStandInShowsUntilTheRunsThreadsAreThere) {
  HeadlessUi ui(small_scenario());  // the stand-in: inline
  ASSERT_EQ(ui.app().session().scenario().runner, RunnerKind::inline_);
  WorkerPool pool(ui.app());
  const std::vector<std::size_t>& asked = pool.asked;
  Scenario wanted = small_scenario();
  wanted.gomaxprocs = 4;
  wanted.runner = RunnerKind::threaded;
  ui.app().run_when_threads_ready(wanted);
  ASSERT_EQ(asked.size(), 1u);
  EXPECT_EQ(asked[0], actor_threads(wanted)) << "the stand-in gives back its engine thread";
  EXPECT_EQ(ui.app().session().scenario().runner, RunnerKind::inline_);
  EXPECT_EQ(ui.app().scenario_to_share().runner, RunnerKind::threaded);
  EXPECT_EQ(ui.app().scenario_to_share().gomaxprocs, 4u);
  EXPECT_EQ(ui.app().ui().edited.runner, RunnerKind::threaded) << "the editor shows what will run";
  EXPECT_EQ(ui.app().ui().message.rfind("starting more threads", 0), 0u) << ui.app().ui().message;
  EXPECT_NE(ui.app().ui().message.find("inline runner"), std::string::npos)
      << "says what shows meanwhile: " << ui.app().ui().message;
  EXPECT_TRUE(ui.app().animating()) << "frames keep coming to find the threads";
  ui.frames(2);
  EXPECT_EQ(ui.app().session().scenario().runner, RunnerKind::inline_);

  // A lesson opened meanwhile (lesson 2 is inline: its worker is all it needs) keeps its picture
  // when the run's threads come.
  pool.free = 1;
  ASSERT_LT(pool.free, actor_threads(wanted));
  ASSERT_TRUE(ui.app().open_lesson("2"));
  ASSERT_NE(ui.app().lesson(), nullptr);
  pool.free = 1000;
  ui.frames(2);
  EXPECT_EQ(ui.app().session().scenario().runner, RunnerKind::inline_);
  ui.app().close_lesson();
  ui.frame();
  EXPECT_EQ(ui.app().session().scenario().runner, RunnerKind::threaded);
  EXPECT_EQ(ui.app().session().scenario().gomaxprocs, 4u);
  EXPECT_EQ(ui.app().ui().message,
            "runner threaded: its threads are ready, the run starts on them");
  pool.expect_no_more_requests(ui);
}

TEST(ThreadBudget, AResetBeforeTheRunsThreadsAreThereIsWhatRuns) {
  HeadlessUi ui(small_scenario());
  WorkerPool pool(ui.app());
  Scenario wanted = small_scenario();
  wanted.runner = RunnerKind::threaded;
  ui.app().run_when_threads_ready(wanted);
  Scenario chosen = small_scenario();
  chosen.gomaxprocs = 3;
  ui.app().ui().edited = chosen;
  ui.app().reset();  // inline: ready at once
  ui.frames(2);
  EXPECT_EQ(ui.app().session().scenario().gomaxprocs, 3u);
  EXPECT_EQ(ui.app().session().scenario().runner, RunnerKind::inline_);
  EXPECT_EQ(ui.app().scenario_to_share().gomaxprocs, 3u);
}

TEST(ThreadBudget, AStandInThatWasPlayedGoesOnWhenTheThreadsCome) {
  HeadlessUi ui(small_scenario());
  WorkerPool pool(ui.app());
  Scenario wanted = small_scenario();
  wanted.runner = RunnerKind::threaded;
  ui.app().run_when_threads_ready(wanted);
  ui.app().step_forward();
  ui.app().session().wait_idle();
  const std::size_t events = ui.app().session().trace().size();
  ASSERT_GT(events, 0u);
  pool.free = kEveryThread;
  ui.frame();
  EXPECT_EQ(ui.app().session().scenario().runner, RunnerKind::inline_) << "not started again";
  EXPECT_GE(ui.app().session().trace().size(), events);
  EXPECT_NE(ui.app().ui().message.find("Reset starts the scenario in the editor"),
            std::string::npos)
      << ui.app().ui().message;
  EXPECT_EQ(ui.app().ui().edited.runner, RunnerKind::threaded) << "what Reset runs";
  ui.app().reset();
  EXPECT_EQ(ui.app().session().scenario().runner, RunnerKind::threaded);
}

// Whichever the student asked for last happens, not whichever gets its threads first: a lesson
// asked for after a reset that waits drops the reset; the first run waits for a lesson asked
// for, and starts when it closes.
TEST(ThreadBudget, ALessonAskedForAfterAWaitingResetIsWhatHappens) {
  HeadlessUi ui(small_scenario());
  WorkerPool pool(ui.app());
  Scenario bigger = small_scenario();
  bigger.gomaxprocs = 16;
  bigger.runner = RunnerKind::threaded;
  ui.app().ui().edited = bigger;
  ui.app().reset();
  ASSERT_EQ(ui.app().session().scenario().gomaxprocs, small_scenario().gomaxprocs);
  ASSERT_TRUE(ui.app().open_lesson("13"));
  ASSERT_TRUE(ui.app().lesson_pending());
  pool.free = actor_threads(bigger);  // enough for the reset, the lesson's first
  ASSERT_GT(pool.free, lesson_threads("13"));
  ui.frames(2);
  ASSERT_NE(ui.app().lesson(), nullptr);
  EXPECT_EQ(ui.app().session().scenario().gomaxprocs, small_scenario().gomaxprocs)
      << "the reset was dropped: the lesson was asked for last";
}

TEST(ThreadBudget, TheFirstRunWaitsForALessonAskedForAndStartsWhenItCloses) {
  HeadlessUi ui(small_scenario());
  WorkerPool pool(ui.app());
  Scenario wanted = small_scenario();
  wanted.gomaxprocs = 4;
  wanted.runner = RunnerKind::threaded;
  ui.app().run_when_threads_ready(wanted);
  ASSERT_TRUE(ui.app().open_lesson("13"));
  ASSERT_TRUE(ui.app().lesson_pending());
  pool.free = 1000;  // both could start now: the lesson does, the run waits for it
  ui.frame();
  ASSERT_NE(ui.app().lesson(), nullptr);
  EXPECT_EQ(ui.app().session().scenario().runner, RunnerKind::inline_);
  EXPECT_EQ(ui.app().ui().message.find("runner threaded"), std::string::npos)
      << "says nothing of a run not shown: " << ui.app().ui().message;
  ui.app().close_lesson();
  ui.frame();
  EXPECT_EQ(ui.app().session().scenario().runner, RunnerKind::threaded);
}

// A scenario the App refuses (here more cleanups than kMaxAppCleanups) never runs through the
// stand-in's way either.
TEST(ThreadBudget, TheFirstRunRefusesWhatAResetRefuses) {
  HeadlessUi ui(small_scenario());
  WorkerPool pool(ui.app(), kEveryThread);
  Scenario huge = small_scenario();
  huge.runner = RunnerKind::threaded;
  huge.cleanups = 2'000'000;  // 4 mutators (one per P) x 3 cycles: 24 M in all
  huge.gc_cycles = 3;
  ASSERT_GT(huge.total_cleanups(), kMaxAppCleanups);
  ASSERT_TRUE(app_scenario_problem(huge).has_value());
  ui.app().run_when_threads_ready(huge);
  ui.frames(2);
  EXPECT_EQ(ui.app().session().scenario().runner, RunnerKind::inline_);
  EXPECT_EQ(ui.app().ui().message.rfind("cannot run: ", 0), 0u) << ui.app().ui().message;
  EXPECT_EQ(ui.app().scenario_to_share().cleanups, small_scenario().cleanups);
}

TEST(ThreadBudget, AnInlineRunNeedsNoThreads) {
  HeadlessUi ui(small_scenario());
  WorkerPool pool(ui.app());
  const std::vector<std::size_t>& asked = pool.asked;
  Scenario s = small_scenario();
  s.gomaxprocs = 64;
  ui.app().ui().edited = s;
  ui.app().reset();
  ASSERT_EQ(asked.size(), 1u);
  EXPECT_EQ(asked[0], 0u);
  EXPECT_EQ(ui.app().session().scenario().gomaxprocs, 64u);
}

// A page has a budget of Web Workers (web_main.cpp, kMaxPageWorkers): a scenario whose actors need
// more runs with the inline runner, and the reset says so. Before the budget, GOMAXPROCS 256 asked
// the page for 583 Workers.
TEST(ThreadBudget, AScenarioNeedingMoreThreadsThanTheBudgetRunsInlineAndSaysSo) {
  HeadlessUi ui(small_scenario());
  ui.app().max_actor_threads = 40;
  WorkerPool pool(ui.app(), kEveryThread);
  const std::vector<std::size_t>& asked = pool.asked;
  // Resets to a threaded scenario at `gomaxprocs`; returns the threads its actors need.
  auto reset_to_threaded = [&](std::uint32_t gomaxprocs) {
    Scenario s = small_scenario();
    s.gomaxprocs = gomaxprocs;
    s.runner = RunnerKind::threaded;
    ui.app().ui().edited = s;
    ui.app().reset();
    return actor_threads(s);
  };
  const std::uint32_t needed = reset_to_threaded(256);
  ASSERT_GT(needed, 40u);
  ASSERT_EQ(asked.size(), 1u);
  EXPECT_EQ(asked[0], 0u) << "no Worker is asked for";
  EXPECT_EQ(ui.app().session().scenario().gomaxprocs, 256u);
  EXPECT_EQ(ui.app().session().scenario().runner, RunnerKind::inline_);
  const std::string& said = ui.app().ui().message;
  EXPECT_NE(said.find("runner threaded needs " + std::to_string(needed) + " threads"),
            std::string::npos)
      << said;
  EXPECT_NE(said.find("at most 40, so it runs with the inline runner"), std::string::npos) << said;
  // Within the budget nothing changes.
  ASSERT_LE(reset_to_threaded(8), 40u);
  EXPECT_EQ(ui.app().session().scenario().runner, RunnerKind::threaded);
}

// The page loads only the start-up threads' Workers before main() (web/CMakeLists.txt,
// CQ_WEB_START_WORKERS, which web_main.cpp checks against its spares); a pool sized for the URL's
// scenario (index.html's guess, 25 Workers at GOMAXPROCS 8) held the first frame back until every
// Worker had loaded (issue 17). The actors' Workers are loaded after main(), for the scenario the
// URL asks for.
TEST(ThreadBudget, ThePageLoadsOnlyTheStartUpThreadsWorkersBeforeMain) {
  auto text_of = [](const std::string& file) {
    std::ifstream in(std::string(CQ_TEST_SOURCE_DIR) + "/" + file);
    EXPECT_TRUE(in.good()) << file;
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  };
  const std::string cmake = text_of("web/CMakeLists.txt");
  EXPECT_NE(cmake.find("-sPTHREAD_POOL_SIZE=${CQ_WEB_START_WORKERS}"), std::string::npos);
  const std::string key = "set(CQ_WEB_START_WORKERS ";
  const std::size_t at = cmake.find(key);
  ASSERT_NE(at, std::string::npos) << "web/CMakeLists.txt has no " << key;
  EXPECT_LE(std::stoi(cmake.substr(at + key.size())), 4);
  EXPECT_EQ(text_of("web/index.html").find("cqThreadPool"), std::string::npos);
}

}  // namespace
}  // namespace cq::viz
