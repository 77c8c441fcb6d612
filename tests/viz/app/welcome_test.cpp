// The welcome a first visit opens on (views/welcome_view.cpp, App::open_start_view): when it
// shows, that its one button starts lesson 1 or the lesson named, the `welcome` setting and the
// --welcome flag, a bad setting or lesson id named with what is allowed; a lesson seed taken by
// the lesson opened; the speed control's words and the controls row wrapping when narrow.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <utility>

#include "ui/image.hpp"
#include "viz_test_support.hpp"

namespace cq::viz {
namespace {

using test::HeadlessUi;

// A settings folder of the test's own ($XDG_CONFIG_HOME), with settings.ini holding `text`
// (none when empty); the shared test folder is back when it goes. A windowed App saves its
// settings when it ends: into this folder, never the other tests'.
class ScopedConfig {
 public:
  explicit ScopedConfig(const std::string& name, const std::string& text = "") {
    test::isolate_settings();
    previous_ = std::getenv("XDG_CONFIG_HOME");  // NOLINT(concurrency-mt-unsafe)
    dir_ = std::filesystem::path(::testing::TempDir()) / ("cq-welcome-" + name);
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_ / "cleanupq");
    if (!text.empty()) std::ofstream(dir_ / "cleanupq" / "settings.ini") << text;
    // Before the App (and its threads) exist, and after they are gone: no getenv races it.
    ::setenv("XDG_CONFIG_HOME", dir_.c_str(), 1);  // NOLINT(concurrency-mt-unsafe)
  }
  ~ScopedConfig() {
    ::setenv("XDG_CONFIG_HOME", previous_.c_str(), 1);  // NOLINT(concurrency-mt-unsafe)
    std::filesystem::remove_all(dir_);
  }
  ScopedConfig(const ScopedConfig&) = delete;
  ScopedConfig& operator=(const ScopedConfig&) = delete;

 private:
  std::string previous_;
  std::filesystem::path dir_;
};

// A window's start (not headless): what a student double-clicking the app gets.
AppOptions windowed() {
  AppOptions options = HeadlessUi::headless_options(test::small_scenario());
  options.headless = false;
  return options;
}

bool welcome_on_screen(HeadlessUi& ui) {
  return test::find_text(ui.text(), "Welcome to Cleanup Queue Lab").has_value();
}

// CQ_KEEP_SHOTS=<dir>: keeps a picture of the frame just rendered, to look at.
void keep_shot(HeadlessUi& ui, const std::string& name) {
  const char* dir = std::getenv("CQ_KEEP_SHOTS");  // NOLINT(concurrency-mt-unsafe)
  if (dir == nullptr || *dir == '\0') return;
  ui.frame();
  const auto error = write_png(ui.capture(), std::string(dir) + "/" + name + ".png");
  EXPECT_FALSE(error.has_value()) << *error;
}

void click_item(HeadlessUi& ui, const std::string& name) {
  const auto it = ui.app().item_rects.find(name);
  ASSERT_NE(it, ui.app().item_rects.end()) << name << " was not drawn\n"
                                           << test::dump_text(ui.text());
  ui.click(ImVec2(it->second.cx(), it->second.cy()));
}

TEST(Welcome, AFirstStartOpensOnItAndOneClickStartsLessonOne) {
  ScopedConfig config("first");
  HeadlessUi ui(windowed(), 1440, 900);
  ui.frames(3);
  ASSERT_TRUE(welcome_on_screen(ui)) << test::dump_text(ui.text());
  EXPECT_TRUE(test::find_text(ui.text(), "Start lesson 1:").has_value())
      << test::dump_text(ui.text());
  EXPECT_EQ(ui.app().lesson(), nullptr);
  keep_shot(ui, "welcome");
  click_item(ui, "welcome_start");
  ASSERT_NE(ui.app().lesson(), nullptr) << ui.app().ui().message;
  EXPECT_EQ(ui.app().lesson()->lesson().id, 1u);
  EXPECT_FALSE(ui.app().ui().show_welcome);
  ui.frames(2);
  keep_shot(ui, "welcome-after-one-click");
  EXPECT_FALSE(welcome_on_screen(ui)) << "the welcome is gone once the lesson starts";
}

TEST(Welcome, ExploreOnMyOwnLeavesItWithoutALesson) {
  ScopedConfig config("explore");
  HeadlessUi ui(windowed(), 1440, 900);
  ui.frames(3);
  click_item(ui, "welcome_explore");
  EXPECT_FALSE(ui.app().ui().show_welcome);
  EXPECT_EQ(ui.app().lesson(), nullptr);
  ui.frames(2);
  EXPECT_FALSE(welcome_on_screen(ui));
}

TEST(Welcome, ALessonTabOrScenarioNamedOpensInsteadAndPicturesNeverShowIt) {
  {
    ScopedConfig config("lesson");
    AppOptions options = windowed();
    options.lesson = "6";
    HeadlessUi ui(options, 1440, 900);
    ui.frames(3);
    EXPECT_FALSE(welcome_on_screen(ui));
    ASSERT_NE(ui.app().lesson(), nullptr);
    EXPECT_EQ(ui.app().lesson()->lesson().id, 6u);
  }
  {
    ScopedConfig config("named");
    AppOptions options = windowed();
    options.names_what_to_show = true;  // e.g. --gomaxprocs 16, --tab metrics
    HeadlessUi ui(options, 1440, 900);
    ui.frames(3);
    EXPECT_FALSE(welcome_on_screen(ui));
  }
  // Headless pictures show what their flags ask for (the README's, the tests' references).
  HeadlessUi headless(test::small_scenario());
  headless.frames(3);
  EXPECT_FALSE(welcome_on_screen(headless));
}

TEST(Welcome, TheSettingTurnsItOffTheFlagForcesItAndTheCheckboxWritesIt) {
  {
    ScopedConfig config("off", "welcome = off\n");
    HeadlessUi ui(windowed(), 1440, 900);
    ui.frames(3);
    EXPECT_FALSE(welcome_on_screen(ui));
  }
  ScopedConfig config("forced", "welcome = off\n");
  AppOptions options = HeadlessUi::headless_options(test::small_scenario());
  options.welcome = true;  // --welcome, ?welcome: also headless, for its picture
  HeadlessUi ui(options, 1440, 900);
  ui.frames(3);
  ASSERT_TRUE(welcome_on_screen(ui));
  EXPECT_FALSE(ui.app().welcome_at_start());
  const auto checkbox = test::find_text(ui.text(), "Show this welcome when the app starts");
  ASSERT_TRUE(checkbox.has_value()) << test::dump_text(ui.text());
  ui.click(ImVec2(checkbox->min.x - 10, checkbox->centre().y));  // the box, left of its label
  EXPECT_TRUE(ui.app().welcome_at_start());
  EXPECT_EQ(ui.app().settings().get("welcome", ""), "on");
}

TEST(Welcome, ABadSettingIsNamedWithWhatIsAllowedAndTheWelcomeStillOpens) {
  ScopedConfig config("bad", "welcome = maybe\n");
  HeadlessUi ui(windowed(), 1440, 900);
  ui.frames(3);
  EXPECT_EQ(ui.app().ui().message, "settings: welcome = maybe: expected on or off; using on");
  EXPECT_TRUE(welcome_on_screen(ui));
  EXPECT_TRUE(test::find_text(ui.text(), "welcome = maybe", "welcome").has_value())
      << "the welcome repeats the problem: " << test::dump_text(ui.text());
}

TEST(Welcome, TheLessonNamedWithWelcomeIsTheOneItsButtonStarts) {
  ScopedConfig config("named-lesson");
  AppOptions options = windowed();
  options.welcome = true;
  options.lesson = "6";
  HeadlessUi ui(options, 1440, 900);
  ui.frames(3);
  EXPECT_EQ(ui.app().lesson(), nullptr) << "the welcome first";
  EXPECT_FALSE(ui.app().named_lesson_refused()) << "offered, so a picture of it is no error";
  EXPECT_TRUE(test::find_text(ui.text(), "Start lesson 6:").has_value())
      << test::dump_text(ui.text());
  click_item(ui, "welcome_start");
  ASSERT_NE(ui.app().lesson(), nullptr) << ui.app().ui().message;
  EXPECT_EQ(ui.app().lesson()->lesson().id, 6u);
}

TEST(Welcome, AnUnknownLessonIsNamedWithTheLessonsThereAreAndLessonOneIsOffered) {
  ScopedConfig config("unknown-lesson");
  AppOptions options = windowed();
  options.lesson = "99";
  HeadlessUi ui(options, 1440, 900);
  ui.frames(3);
  const std::string& message = ui.app().ui().message;
  EXPECT_EQ(message.rfind("--lesson 99: no lesson 99 in ", 0), 0u) << message;
  EXPECT_NE(message.find("; allowed: a lesson id (1.."), std::string::npos) << message;
  EXPECT_NE(message.find(") or a lesson file"), std::string::npos) << message;
  EXPECT_TRUE(welcome_on_screen(ui)) << "the app keeps running, on the welcome";
  EXPECT_EQ(ui.app().ui().welcome_lesson, "1");
  EXPECT_TRUE(ui.app().named_lesson_refused());
}

TEST(Welcome, ASeedIsTakenByEveryLessonOpened) {
  AppOptions options = HeadlessUi::headless_options(test::small_scenario());
  options.lesson_seed = 42;
  options.welcome = true;
  HeadlessUi ui(options, 1440, 900);
  ui.frames(3);
  EXPECT_TRUE(test::find_text(ui.text(), "seed 42").has_value()) << test::dump_text(ui.text());
  ASSERT_TRUE(ui.app().start_welcome_lesson()) << ui.app().ui().message;
  EXPECT_EQ(ui.app().lesson()->lesson().scenario.seed, 42u);
  ASSERT_TRUE(ui.app().open_lesson("2")) << ui.app().ui().message;
  EXPECT_EQ(ui.app().lesson()->lesson().scenario.seed, 42u);
  EXPECT_EQ(std::as_const(*ui.app().lesson()).player().scenario().seed, 42u);
}

TEST(Controls, TheSpeedSaysInWordsWhatItDoes) {
  HeadlessUi ui(test::small_scenario());
  ui.app().set_speed(1e-3);
  ui.frames(2);
  EXPECT_TRUE(test::find_text(ui.text(), "1 ms of Go time per second").has_value())
      << test::dump_text(ui.text());
  ui.app().set_speed(0);
  ui.frames(2);
  EXPECT_TRUE(test::find_text(ui.text(), "unthrottled").has_value());
}

TEST(Controls, TheRowWrapsWhenNarrow) {
  // One app at a time: each has its own ImGui context, current while it lives.
  {
    HeadlessUi wide(test::small_scenario());
    wide.frames(2);
    EXPECT_EQ(wide.app().item_rects.at("reset").y, wide.app().item_rects.at("play").y)
        << "one row at 1440 pixels";
  }
  HeadlessUi narrow(HeadlessUi::headless_options(test::small_scenario()), 640, 400);
  narrow.frames(2);
  const Rect play = narrow.app().item_rects.at("play");
  const Rect reset = narrow.app().item_rects.at("reset");
  EXPECT_GT(reset.y, play.y) << "Reset goes to a second row";
  EXPECT_LE(reset.x + reset.w, 640.f) << "and stays on screen";
}

}  // namespace
}  // namespace cq::viz
