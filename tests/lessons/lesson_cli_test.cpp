// `cleanupq lesson ...` as scripts and CI see it: output lines, exit codes.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <memory>
#include <string>

#include "lesson_test_support.hpp"

namespace cq::lesson_test {
namespace {

struct Result {
  int exit_code;
  std::string output;
};

Result cleanupq(const std::string& args) {
  const std::string command = std::string(CQ_CLEANUPQ_PATH) + " " + args + " 2>&1";
  Result r{-1, {}};
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return r;
  std::array<char, 4096> buffer{};
  while (fgets(buffer.data(), static_cast<int>(buffer.size()), pipe) != nullptr)
    r.output += buffer.data();
  const int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

TEST(LessonCli, CheckSaysOkForEveryLesson) {
  const Result r = cleanupq("lesson check " + lessons_dir() + "/*.toml");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("ok: " + lessons_dir() + "/06-coalescing.toml (5 steps, 5 questions)"),
            std::string::npos)
      << r.output;
}

TEST(LessonCli, CheckPrintsFileLineColumnAndFails) {
  const std::string bad = malformed_dir() + "/wrong-type-gomaxprocs.toml";
  const std::string good = lessons_dir() + "/01-one-goroutine.toml";
  const Result r = cleanupq("lesson check " + bad + " " + good);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find(bad + ":5:14: 'gomaxprocs' must be an integer, not a string\n"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("ok: " + good), std::string::npos) << "the other files are still checked";
}

TEST(LessonCli, ListNamesEachLessonAndMarksBrokenOnes) {
  const Result good = cleanupq("lesson list --dir " + lessons_dir());
  EXPECT_EQ(good.exit_code, 0) << good.output;
  EXPECT_NE(good.output.find("11  You are the scheduler"), std::string::npos) << good.output;
  const Result bad = cleanupq("lesson list --no-play --dir " + malformed_dir());
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.output.find("BROKEN"), std::string::npos);
}

TEST(LessonCli, PlayPrintsTheComputedAnswers) {
  const Result r = cleanupq("lesson play 6 --dir " + lessons_dir());
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("answer: last_flush_empty_pushes = 1"), std::string::npos) << r.output;
}

TEST(LessonCli, PlayPrintsEachStepsSourcesAndModelVsGoNote) {
  // Lesson 5's last step cites mgcsweep.go and notes the model's sweep phase.
  const Result r = cleanupq("lesson play 5 --dir " + lessons_dir());
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("\n  source: runtime/mgcsweep.go: "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("\n  model vs Go: "), std::string::npos) << r.output;
}

TEST(LessonCli, QuantitiesListsTheNamesAuthorsMayUse) {
  const Result r = cleanupq("lesson quantities");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.output.find("p_fill(P)"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("last_flush_pushed"), std::string::npos);
}

TEST(LessonCli, BadUsageExitsTwo) {
  EXPECT_EQ(cleanupq("lesson").exit_code, 2);
  EXPECT_EQ(cleanupq("lesson check").exit_code, 2);
  EXPECT_EQ(cleanupq("lesson play 99 --dir " + lessons_dir()).exit_code, 2);
}

}  // namespace
}  // namespace cq::lesson_test
