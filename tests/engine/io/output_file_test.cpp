// io::OutputFile and its helpers: a failed write is an error naming the file and the system's
// reason, and a failed replacement leaves the old file exactly as it was.
#include "io/output_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <optional>

#include "io_test_support.hpp"

namespace cq::io {
namespace {

using io_test::contents;
using io_test::FileSizeLimit;
using io_test::fresh_dir;
using io_test::mentions;
using io_test::put;

std::size_t entries_in(const std::string& dir) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++n;
  return n;
}

TEST(WriteFile, WritesANewFile) {
  const std::string path = fresh_dir() + "/new.txt";
  EXPECT_EQ(write_file(path, "hello\n"), std::nullopt);
  EXPECT_EQ(contents(path), "hello\n");
}

TEST(WriteFile, ReplacesAnOldFileAndLeavesNoTemporaryBehind) {
  const std::string dir = fresh_dir();
  put(dir + "/settings.ini", "old\n");
  EXPECT_EQ(write_file(dir + "/settings.ini", "new\n"), std::nullopt);
  EXPECT_EQ(contents(dir + "/settings.ini"), "new\n");
  EXPECT_EQ(entries_in(dir), 1u);
}

// The full disk of /dev/full: the data is buffered nowhere, the write itself fails.
TEST(WriteFile, DevFullIsAnErrorNamingTheFileAndTheReason) {
  EXPECT_EQ(write_file("/dev/full", "x"), "/dev/full: cannot write: No space left on device");
}

TEST(WriteFile, DevNullIsWrittenDirectly) {
  EXPECT_EQ(write_file("/dev/null", "x"), std::nullopt);
}

TEST(WriteFile, AMissingFolderIsNamed) {
  const std::string path = fresh_dir() + "/no/such/folder/trace.json";
  const std::string error = write_file(path, "x").value_or("");
  EXPECT_TRUE(mentions(error, path + ": cannot create a file in ")) << error;
  EXPECT_TRUE(mentions(error, "No such file or directory")) << error;
}

TEST(WriteFile, ADirectoryIsNotReplaced) {
  const std::string dir = fresh_dir();
  std::filesystem::create_directory(dir + "/shot.png");
  EXPECT_EQ(write_file(dir + "/shot.png", "x"),
            dir + "/shot.png: is a directory: cannot write a file there");
  EXPECT_TRUE(std::filesystem::is_directory(dir + "/shot.png"));
}

// A disk that fills up half-way (here a file-size limit, which also binds root): the error is
// reported and the old file is untouched, not truncated or half new.
TEST(WriteFile, AFailedWriteKeepsTheOldFile) {
  const std::string dir = fresh_dir();
  const std::string path = dir + "/settings.ini";
  put(path, "speed = 0.5\n");
  std::optional<std::string> error;
  {
    FileSizeLimit limit(16);
    error = write_file(path, std::string(100, 'x'));
  }
  EXPECT_EQ(error, path + ": cannot write: File too large");
  EXPECT_EQ(contents(path), "speed = 0.5\n");
  EXPECT_EQ(entries_in(dir), 1u) << "the temporary file is removed";
}

TEST(WriteFile, ASymlinkKeepsPointingAtTheReplacedFile) {
  const std::string dir = fresh_dir();
  put(dir + "/real.ini", "old\n");
  std::filesystem::create_symlink(dir + "/real.ini", dir + "/link.ini");
  EXPECT_EQ(write_file(dir + "/link.ini", "new\n"), std::nullopt);
  EXPECT_TRUE(std::filesystem::is_symlink(dir + "/link.ini"));
  EXPECT_EQ(contents(dir + "/real.ini"), "new\n");
}

// A stream larger than the 64 KB buffer: every chunk goes through the checked write.
TEST(WriteFileWith, StreamsLargeOutputExactly) {
  const std::string path = fresh_dir() + "/trace.json";
  std::string expected;
  for (int i = 0; i < 50'000; ++i) expected += std::to_string(i) + ",";
  EXPECT_EQ(write_file_with(path,
                            [&](std::ostream& out) {
                              for (int i = 0; i < 50'000; ++i) out << i << ",";
                            }),
            std::nullopt);
  EXPECT_EQ(contents(path), expected);
}

TEST(WriteFileWith, AFailureInTheMiddleIsReportedOnce) {
  const auto error = write_file_with("/dev/full", [](std::ostream& out) {
    for (int i = 0; i < 100'000; ++i) out << "event " << i << "\n";
  });
  EXPECT_EQ(error, "/dev/full: cannot write: No space left on device");
}

TEST(OutputFile, NothingIsReplacedWithoutCommit) {
  const std::string dir = fresh_dir();
  put(dir + "/a.png", "old");
  {
    OutputFile out(dir + "/a.png");
    ASSERT_TRUE(out.ok()) << out.error();
    out.write("new");
  }  // an exporter that gave up half-way
  EXPECT_EQ(contents(dir + "/a.png"), "old");
  EXPECT_EQ(entries_in(dir), 1u);
}

}  // namespace
}  // namespace cq::io
