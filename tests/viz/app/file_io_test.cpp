// The app's files: settings.ini read through io::read_text_file with its numbers range-checked,
// and every export (PNG, GIF, trace, settings) written through io::OutputFile, so a failed
// write is a message and never "written to ...".
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>

#include "app/gif_writer.hpp"
#include "app/settings.hpp"
#include "io_test_support.hpp"
#include "ui/image.hpp"
#include "viz_test_support.hpp"

namespace cq::viz {
namespace {

using io_test::contents;
using io_test::FileSizeLimit;
using io_test::fresh_dir;
using io_test::mentions;
using io_test::put;
using test::HeadlessUi;

Image small_image() {
  Image image;
  image.width = 8;
  image.height = 6;
  image.rgba.assign(static_cast<std::size_t>(image.width) * image.height * 4, 0x7f);
  return image;
}

// ---- settings.ini in ----

TEST(SettingsNumbers, NanInfinitiesAndOutOfRangeAreNamedAndReplacedByTheDefault) {
  Settings s;
  s.set("speed", "nan");
  s.set("a", "inf");
  s.set("b", "-1");
  s.set("c", "1e300");
  s.set("d", "fast");
  s.set("ok", "0.5");
  std::vector<std::string> problems;
  EXPECT_EQ(s.number("speed", 1e-6, 0, 1000, &problems), 1e-6);
  EXPECT_EQ(s.number("a", 2, 0, 1000, &problems), 2);
  EXPECT_EQ(s.number("b", 3, 0, 1000, &problems), 3);
  EXPECT_EQ(s.number("c", 4, 0, 1000, &problems), 4);
  EXPECT_EQ(s.number("d", 5, 0, 1000, &problems), 5);
  EXPECT_EQ(s.number("ok", 6, 0, 1000, &problems), 0.5);
  EXPECT_EQ(s.number("absent", 7, 0, 1000, &problems), 7);
  ASSERT_EQ(problems.size(), 5u);
  EXPECT_EQ(problems[0], "settings: speed = nan: expected a number from 0 to 1000; using 1e-06");
  EXPECT_EQ(problems[1], "settings: a = inf: expected a number from 0 to 1000; using 2");
  EXPECT_EQ(s.get("speed", ""), "1e-06") << "the bad value is replaced, so it is not saved back";
}

// A settings.ini of its own for one App (tests in parallel share the isolated folder).
class OwnConfig {
 public:
  explicit OwnConfig(const std::string& settings_text) {
    test::isolate_settings();
    shared_ = std::getenv("XDG_CONFIG_HOME");
    dir_ = fresh_dir();
    std::filesystem::create_directories(dir_ + "/cleanupq");
    if (!settings_text.empty()) put(dir_ + "/cleanupq/settings.ini", settings_text);
    ::setenv("XDG_CONFIG_HOME", dir_.c_str(), 1);
  }
  ~OwnConfig() { ::setenv("XDG_CONFIG_HOME", shared_.c_str(), 1); }
  std::string settings_path() const { return dir_ + "/cleanupq/settings.ini"; }

 private:
  std::string shared_, dir_;
};

// The review's case: speed = nan reached a float-to-int conversion (undefined) unannounced.
TEST(SettingsNumbers, TheAppSaysWhichSpeedItIgnored) {
  OwnConfig config("speed = nan\n");
  HeadlessUi ui(test::small_scenario());
  EXPECT_EQ(ui.app().ui().message,
            "settings: speed = nan: expected a number from 0 to 1000; using 1e-06");
  EXPECT_EQ(ui.app().settings().get("speed", ""), "1e-06");
}

TEST(SettingsNumbers, ALessonProgressThatIsNotACountIsIgnored) {
  OwnConfig config("lesson.6.furthest = inf\n");
  HeadlessUi ui(test::small_scenario());
  EXPECT_TRUE(mentions(ui.app().ui().message,
                       "settings: lesson.6.furthest = inf: expected a number from 0 to 1000"))
      << ui.app().ui().message;
  EXPECT_EQ(ui.app().lesson_progress(6), 0);
}

// Found by tests/fuzz/fuzz_settings (seeds/settings/indented-comment): an indented comment was
// read as a key "# note", which save() wrote back unindented, as a comment, and so lost; a CRLF
// file's empty line was "expected 'key = value'".
TEST(SettingsFile, IndentedCommentsAndCrlfBlankLinesAreNotKeys) {
  Settings s;
  EXPECT_TRUE(s.load_text("  # note = 1\r\n\r\n\t\r\nspeed = 2\r\n", "s.ini").empty());
  EXPECT_EQ(s.keys_with_prefix(""), std::vector<std::string>{"speed"});
  EXPECT_EQ(s.get("speed", ""), "2");
  Settings again;
  EXPECT_TRUE(again.load_text(s.to_text(), "again.ini").empty());
  EXPECT_EQ(again.keys_with_prefix(""), s.keys_with_prefix(""));
}

// Found by tests/fuzz/fuzz_settings (seeds/settings/carriage-return-key): trim() skipped " \t" at
// the start but " \t\r" at the end, so " \r= if" gave the key "\r", saved as "\r = if" and
// read back as the key "".
TEST(SettingsFile, AKeyOfBlanksReadsBackAsTheSameKey) {
  Settings s;
  s.load_text(" \r= if\n", "s.ini");
  EXPECT_EQ(s.keys_with_prefix(""), std::vector<std::string>{""});
  Settings again;
  again.load_text(s.to_text(), "again.ini");
  EXPECT_EQ(again.keys_with_prefix(""), s.keys_with_prefix(""));
  EXPECT_EQ(again.get("", "missing"), "if");
}

TEST(SettingsFile, AFifoInPlaceOfTheFileIsNamedAndTheDefaultsUsed) {
  const std::string path = fresh_dir() + "/settings.ini";
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  Settings s;
  const std::vector<std::string> problems = s.load(path);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(
      problems[0],
      path +
          ": is a FIFO (named pipe): only a regular file can be read; using the default settings");
}

TEST(SettingsFile, InvalidUtf8IsNamed) {
  const std::string path = fresh_dir() + "/settings.ini";
  put(path, "palette = dark\nspeed = \xff\n");
  Settings s;
  const std::vector<std::string> problems = s.load(path);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_TRUE(mentions(problems[0], path + ": invalid UTF-8 at line 2, column 9")) << problems[0];
  EXPECT_EQ(s.get("palette", "none"), "none") << "nothing of a refused file is used";
}

TEST(SettingsFile, AMissingFileIsTheFirstStartAndSilent) {
  Settings s;
  EXPECT_TRUE(s.load(fresh_dir() + "/settings.ini").empty());
}

// ---- settings.ini out ----

TEST(SettingsFile, AFailedSaveKeepsTheOldFileAndSaysSo) {
  const std::string path = fresh_dir() + "/settings.ini";
  put(path, "palette = light\n");
  Settings s;
  for (int i = 0; i < 50; ++i) s.set("lesson." + std::to_string(i) + ".furthest", "3");
  std::optional<std::string> error;
  {
    FileSizeLimit limit(64);  // a disk that fills up half-way through the new file
    error = s.save(path);
  }
  EXPECT_EQ(error, path + ": cannot write: File too large (the settings were not saved)");
  EXPECT_EQ(contents(path), "palette = light\n");
}

// ---- exports ----

// stbi_write_png's own fopen/fwrite/fclose never noticed the full disk: it said "written".
TEST(Exports, APngToAFullDiskIsAnError) {
  EXPECT_EQ(write_png(small_image(), "/dev/full"),
            "/dev/full: cannot write: No space left on device");
}

TEST(Exports, APngIsWrittenWholeOrNotAtAll) {
  const std::string path = fresh_dir() + "/shot.png";
  put(path, "old picture");
  {
    FileSizeLimit limit(16);
    EXPECT_EQ(write_png(small_image(), path), path + ": cannot write: File too large");
  }
  EXPECT_EQ(contents(path), "old picture");
  EXPECT_EQ(write_png(small_image(), path), std::nullopt);
  EXPECT_EQ(contents(path).substr(1, 3), "PNG");
}

TEST(Exports, AGifToAFullDiskIsAnError) {
  EXPECT_EQ(write_gif({small_image(), small_image()}, "/dev/full", 8),
            "/dev/full: cannot write: No space left on device");
}

TEST(Exports, AGifIsWritten) {
  const std::string path = fresh_dir() + "/timeline.gif";
  EXPECT_EQ(write_gif({small_image(), small_image()}, path, 8), std::nullopt);
  EXPECT_EQ(contents(path).substr(0, 6), "GIF89a");
}

// std::ofstream's failed close went unchecked: the app said "trace written".
TEST(Exports, ATraceToAFullDiskIsSaidInTheStatusLine) {
  HeadlessUi ui(test::small_scenario());
  ui.advance(50);
  ui.app().export_trace("/dev/full");
  EXPECT_EQ(ui.app().ui().message,
            "/dev/full: cannot write: No space left on device (the trace was not written)");
}

TEST(Exports, ALessonThatIsAFifoIsNamedInTheStatusLine) {
  const std::string path = fresh_dir() + "/06-pipe.toml";
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  HeadlessUi ui(test::small_scenario());
  EXPECT_FALSE(ui.app().open_lesson(path));
  EXPECT_EQ(ui.app().ui().message,
            path + ":1:1: is a FIFO (named pipe): only a regular file can be read");
}

}  // namespace
}  // namespace cq::viz
