// The `cleanupq explore` contract: the JSON report, its exit codes, and a found schedule's replay
// line that a script runs as is (issue 11: the nil-P crash of e46c8e's flush is found and replays
// on real threads; go1.25's search finds nothing).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "cli_test_support.hpp"

namespace cq {
namespace {

using cli_test::CliResult;
using cli_test::run_cli;
using nlohmann::json;

json parse_object(const CliResult& r) {
  json j = json::parse(r.out, nullptr, /*allow_exceptions=*/false);
  EXPECT_TRUE(j.is_object()) << r.out << "\nstderr: " << r.err;
  return j;
}

// GOMAXPROCS 4 grown to 8 as the sweep ends (pool cap 1: no lost wakeup to find first).
const std::string kGrowth = " --gomaxprocs 4 --grow-gomaxprocs-to 8 --json";

// "cleanupq run ..." as explore prints it, run against the binary under test.
CliResult run_replay(std::string line) {
  const std::string prefix = "cleanupq ";
  EXPECT_EQ(line.rfind(prefix, 0), 0u) << line;
  return run_cli(line.substr(prefix.size()));
}

TEST(CliExplore, E46c8eGrowthFindsTheNilPCrashAndItsReplayCrashesOnRealThreads) {
  const CliResult r = run_cli("explore --protocol oneshot" + kGrowth);
  ASSERT_EQ(r.exit_code, 1) << r.err;
  const json j = parse_object(r);
  EXPECT_EQ(j.at("end"), "violation");
  EXPECT_EQ(j.at("grow_gomaxprocs_to"), 8);
  ASSERT_EQ(j.at("violations").size(), 1u);
  const json& v = j.at("violations")[0];
  EXPECT_EQ(v.at("kind"), "crash");
  EXPECT_EQ(v.at("detail"), "nil P in flush (e46c8e)");
  const std::string replay = v.at("replay");
  EXPECT_NE(replay.find("--runner conducted"), std::string::npos) << replay;
  EXPECT_NE(replay.find("--grow-gomaxprocs-to 8"), std::string::npos) << replay;

  const CliResult crashed = run_replay(replay);
  EXPECT_EQ(crashed.exit_code, 4) << replay << "\n" << crashed.err;
  EXPECT_EQ(parse_object(crashed).at("crash"), "nil P in flush (e46c8e)");

  // The same schedule under go1.25: its flush skips the nil Ps, and the run ends well.
  std::string fixed = replay;
  const std::size_t at = fixed.find("--go e46c8e");
  ASSERT_NE(at, std::string::npos) << replay;
  fixed.replace(at, 11, "--go go1.25");
  const CliResult fine = run_replay(fixed);
  EXPECT_EQ(fine.exit_code, 0) << fixed << "\n" << fine.err;
  EXPECT_TRUE(parse_object(fine).at("crash").is_null());
}

TEST(CliExplore, Go125GrowthSearchIsExhaustedWithNoViolation) {
  const CliResult r = run_cli("explore --protocol level" + kGrowth);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = parse_object(r);
  EXPECT_EQ(j.at("end"), "exhausted");
  EXPECT_TRUE(j.at("violations").empty()) << j.at("violations").dump();
  EXPECT_GT(j.at("states").get<std::uint64_t>(), 0u);
  EXPECT_EQ(j.at("depth_cutoffs"), 0);
}

}  // namespace
}  // namespace cq
