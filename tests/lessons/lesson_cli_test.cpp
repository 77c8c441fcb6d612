// `cleanupq lesson ...` as scripts and CI see it: output lines, exit codes.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "lesson_test_support.hpp"
#include "support/small_lesson.hpp"

namespace cq::lesson_test {
namespace {

TEST(LessonCli, CheckSaysOkForEveryLesson) {
  const CliResult r = cleanupq("lesson check " + lessons_dir() + "/*.toml");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("ok: " + lessons_dir() + "/06-coalescing.toml (5 steps, 5 questions)"),
            std::string::npos)
      << r.output;
}

TEST(LessonCli, CheckPrintsFileLineColumnAndFails) {
  const std::string bad = malformed_dir() + "/wrong-type-gomaxprocs.toml";
  const std::string good = lessons_dir() + "/01-one-goroutine.toml";
  const CliResult r = cleanupq("lesson check " + bad + " " + good);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find(bad + ":5:14: 'gomaxprocs' must be an integer, not a string\n"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("ok: " + good), std::string::npos) << "the other files are still checked";
}

TEST(LessonCli, ListNamesEachLessonAndMarksBrokenOnes) {
  const CliResult good = cleanupq("lesson list --dir " + lessons_dir());
  EXPECT_EQ(good.exit_code, 0) << good.output;
  EXPECT_NE(good.output.find("11  You are the scheduler"), std::string::npos) << good.output;
  const CliResult bad = cleanupq("lesson list --no-play --dir " + malformed_dir());
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.output.find("BROKEN"), std::string::npos);
}

// Every "trace hash X" of a play-through, in order: the runs of the lesson, step by step.
std::string trace_hashes(const std::string& output) {
  std::string hashes;
  std::istringstream lines(output);
  std::string line;
  while (std::getline(lines, line)) {
    const auto at = line.find("trace hash ");
    if (at != std::string::npos) hashes += line.substr(at, line.find(']', at) - at) + "\n";
  }
  return hashes;
}

// A teacher hands each student a variant: another seed is another run, the same seed the same
// run, and the output says which seed ran.
TEST(LessonCli, PlaySeedGivesAReproducibleVariant) {
  const std::string play = "lesson play 2 --dir " + lessons_dir();
  const CliResult own = cleanupq(play);
  const CliResult two = cleanupq(play + " --seed 2");
  const CliResult again = cleanupq(play + " --seed 2");
  const CliResult nine = cleanupq(play + " --seed 9");
  EXPECT_NE(own.output.find("seed 3 (the lesson's own)\n"), std::string::npos) << own.output;
  EXPECT_NE(two.output.find("seed 2 (from --seed)\n"), std::string::npos) << two.output;
  ASSERT_FALSE(trace_hashes(two.output).empty()) << two.output;
  EXPECT_EQ(trace_hashes(two.output), trace_hashes(again.output));
  EXPECT_NE(trace_hashes(two.output), trace_hashes(nine.output));
  EXPECT_NE(trace_hashes(two.output), trace_hashes(own.output));
}

// The played output names which Go runs, as the JSON and the app do, and again at a restart that
// changes it (lesson 1 starts on Go 1.24, then restarts on Go 1.25; lesson 2 overrides the block
// capacity, so its run is custom).
TEST(LessonCli, PlayNamesTheGoThatRuns) {
  const CliResult one = cleanupq("lesson play 1 --dir " + lessons_dir());
  ASSERT_EQ(one.exit_code, 0) << one.output;
  const std::size_t first = one.output.find("go: Go 1.24: one finalizer goroutine");
  const std::size_t later = one.output.find("go: Go 1.25.x, as in the 1.25.12 source");
  EXPECT_NE(first, std::string::npos) << one.output;
  EXPECT_NE(later, std::string::npos) << one.output;
  EXPECT_LT(first, later);
  const CliResult two = cleanupq("lesson play 2 --dir " + lessons_dir());
  EXPECT_NE(two.output.find("go: custom (based on go1.25: block capacity"), std::string::npos)
      << two.output;
}

TEST(LessonCli, PlayRefusesABadSeedNamingItAndTheRange) {
  const CliResult r = cleanupq("lesson play 2 --seed many --dir " + lessons_dir());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("--seed many"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("allowed 0..9223372036854775807"), std::string::npos) << r.output;
}

TEST(LessonCli, PlayPrintsTheComputedAnswers) {
  const CliResult r = cleanupq("lesson play 6 --dir " + lessons_dir());
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("answer: last_flush_empty_pushes = 1"), std::string::npos) << r.output;
}

// A question that cannot be answered at its checkpoint is reported as broken (exit 1), never
// printed with a made-up answer: before, `lesson play` printed the error as the answer, marked
// the choice worth 0 as right and exited 0.
TEST(LessonCli, PlayReportsABrokenQuestionAndFails) {
  const std::string path = ::testing::TempDir() + "/broken-question.toml";
  std::ofstream(path) << test_support::small_lesson(R"toml(
[[step]]
text = "One block."
until = "end"
[[step.question]]
ask = "How many entries are in block 99?"
answer = "block_n(99)"
explain = "Block 99 holds {block_n(99)}."
[[step.question]]
ask = "How many cleanups ran?"
answer = "executed"
choices = [{ text = "none", value = 0 }, { text = "one", value = 1 }]
explain = "{executed} ran."
)toml");
  const CliResult r = cleanupq("lesson play " + path);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("answer: block_n(99): no value here"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("BROKEN: " + path), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("none of the choices is right here (executed = 40)"), std::string::npos)
      << r.output;
  EXPECT_EQ(r.output.find("[x]"), std::string::npos) << "no choice is right: " << r.output;
  std::remove(path.c_str());
}

TEST(LessonCli, PlayPrintsEachStepsSourcesAndModelVsGoNote) {
  // Lesson 5's last step cites mgcsweep.go and notes the model's sweep phase.
  const CliResult r = cleanupq("lesson play 5 --dir " + lessons_dir());
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("\n  source: runtime/mgcsweep.go: "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("\n  model vs Go: "), std::string::npos) << r.output;
}

TEST(LessonCli, QuantitiesListsTheNamesAuthorsMayUse) {
  const CliResult r = cleanupq("lesson quantities");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.output.find("p_fill(P)"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("last_flush_pushed"), std::string::npos);
}

TEST(LessonCli, BadUsageExitsTwo) {
  EXPECT_EQ(cleanupq("lesson").exit_code, 2);
  EXPECT_EQ(cleanupq("lesson check").exit_code, 2);
  EXPECT_EQ(cleanupq("lesson play 99 --dir " + lessons_dir()).exit_code, 2);
}

// ---- Files that are not lessons: each refused at once, named, with what is allowed ----
// Before io::read_text_file, /dev/zero ended in bad_alloc and a FIFO hung `lesson check`
// forever (this test's timeout), a 1 TB file was read before its size was checked.

std::string scratch_dir() {
  const ::testing::TestInfo* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const auto dir = std::filesystem::path(::testing::TempDir()) /
                   ("cq-lesson-files-" + std::to_string(::getpid()) + "-" + info->name());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

// Nothing was checked, so nothing was found: the folder named is bad input (2), not a broken
// lesson (1).
TEST(LessonCliFiles, AFolderWithoutLessonsIsBadUsage) {
  const std::string dir = scratch_dir();
  const CliResult r = cleanupq("lesson list --dir " + dir);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_EQ(r.output, "cleanupq lesson list: no *.toml lessons in " + dir + "\n");
}

TEST(LessonCliFiles, DevZeroIsRefusedAsACharacterDevice) {
  const CliResult r = cleanupq("lesson check /dev/zero");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.output, "/dev/zero:1:1: is a character device: only a regular file can be read\n");
}

TEST(LessonCliFiles, AFifoIsRefusedWithoutWaiting) {
  const std::string fifo = scratch_dir() + "/05-pipe.toml";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  for (const std::string command : {"lesson check ", "lesson play "}) {
    const CliResult r = cleanupq(command + fifo);
    EXPECT_EQ(r.exit_code, 1) << command;
    EXPECT_NE(r.output.find(fifo + ":1:1: is a FIFO (named pipe): only a regular file can be read"),
              std::string::npos)
        << command << r.output;
  }
}

TEST(LessonCliFiles, ADirectoryNamedLikeALessonIsMarkedBroken) {
  const std::string dir = scratch_dir();
  std::filesystem::create_directory(dir + "/03-folder.toml");
  const CliResult check = cleanupq("lesson check " + dir + "/03-folder.toml");
  EXPECT_EQ(check.exit_code, 1);
  EXPECT_NE(
      check.output.find("03-folder.toml:1:1: is a directory: only a regular file can be read"),
      std::string::npos)
      << check.output;
  const CliResult list = cleanupq("lesson list --no-play --dir " + dir);
  EXPECT_EQ(list.exit_code, 1);
  EXPECT_NE(list.output.find("BROKEN"), std::string::npos) << list.output;
  EXPECT_NE(list.output.find("is a directory"), std::string::npos) << list.output;
}

TEST(LessonCliFiles, AHugeFileIsRefusedBySizeBeforeReading) {
  const std::string path = scratch_dir() + "/04-huge.toml";
  { std::ofstream create(path); }
  std::filesystem::resize_file(path, std::uintmax_t{1} << 40);  // sparse: no disk used
  const CliResult r = cleanupq("lesson check " + path);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.output,
            path + ":1:1: is 1099511627776 bytes: a lesson file is at most 262144 bytes\n");
}

TEST(LessonCliFiles, InvalidUtf8IsPlacedAtItsLineAndColumn) {
  const std::string path = scratch_dir() + "/01-latin1.toml";
  std::ofstream(path) << "id = 1\ntitle = \"Caf\xe9\"\n";
  const CliResult r = cleanupq("lesson check " + path);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.output, path +
                          ":2:13: invalid UTF-8 at line 2, column 13 (byte 19 is 0xe9): the "
                          "file must be UTF-8 text\n");
}

TEST(LessonCliFiles, AMissingFileIsNamed) {
  const std::string path = scratch_dir() + "/02-absent.toml";
  const CliResult r = cleanupq("lesson check " + path);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.output, path + ":1:1: no such file\n");
}

}  // namespace
}  // namespace cq::lesson_test
