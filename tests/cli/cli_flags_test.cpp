// Bad usage of cleanupq (docs/architecture.md: "a bad input gets a clear message naming what and
// where"): exit code 2, nothing on stdout, and a message on stderr that names the flag and, for
// ranges and choices, what is allowed.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "cli_test_support.hpp"

namespace cq {
namespace {

using cli_test::CliResult;
using cli_test::run_cli;

struct BadFlag {
  std::string args;                  // after "run --json --runner inline --cleanups 5"
  std::vector<std::string> mention;  // substrings stderr must contain
};

const std::vector<BadFlag> kBadRunFlags = {
    {"--gomaxprocs 0", {"--gomaxprocs", "1", "256"}},
    {"--gomaxprocs 257", {"--gomaxprocs", "257", "256"}},
    {"--block-capacity 0", {"--block-capacity", "1", "1024"}},
    {"--block-capacity 1025", {"--block-capacity", "1025", "1024"}},
    {"--protocol foo", {"--protocol", "foo", "oneshot", "level"}},
    {"--runner foo", {"--runner", "foo", "threaded", "conducted", "inline"}},
    {"--go foo", {"--go", "foo", "e46c8e", "go1.25", "go1.26", "go1.24"}},
    {"--cleanup-cost-ns -5", {"--cleanup-cost-ns", "-5", "negative", "0..1000000000"}},
    {"--seed -1", {"--seed", "-1", "negative"}},
    {"--speed nan", {"--speed", "nan", "not a number"}},
    {"--speed inf", {"--speed", "inf", "not a number"}},
    {"--sched-round-ns 1", {"--sched-round-ns", "10..1000000000"}},
    {"--gomaxprocs 4 --scheduler-rounds 5", {"--scheduler-rounds", "1..4"}},
    {"--go go1.24 --protocol oneshot", {"--protocol", "go1.24"}},
    {"--speed 0.0001", {"--speed", "0.001"}},
    {"--worker-cap foo", {"--worker-cap", "quarter", "gomaxprocs"}},
    {"--gc-cycles 0", {"--gc-cycles", "1000"}},
    {"--sweepers 65", {"--sweepers", "64"}},
    {"--gomaxprocs eight", {"--gomaxprocs", "eight"}},
    {"--no-such-flag", {"--no-such-flag"}},
    // Values each flag accepts but the scenario as a whole does not: validate()'s messages.
    {"--stuck-cleanup 99", {"--stuck-cleanup", "99", "1..40"}},
    {"--runner threaded --schedule gc", {"--schedule", "conducted", "inline"}},
    {"--speed 1 --unthrottled", {"--unthrottled", "--speed"}},
};

TEST(CliFlags, EachBadRunFlagExitsTwoWithAMessageNamingTheFlagAndRange) {
  for (const BadFlag& bad : kBadRunFlags) {
    const CliResult r = run_cli("run --json --runner inline --cleanups 5 " + bad.args);
    EXPECT_EQ(r.exit_code, 2) << bad.args << "\nstderr: " << r.err;
    EXPECT_TRUE(r.out.empty()) << bad.args << ": no JSON for a run that never started: " << r.out;
    for (const std::string& m : bad.mention) {
      EXPECT_NE(r.err.find(m), std::string::npos)
          << bad.args << ": stderr should mention '" << m << "': " << r.err;
    }
  }
}

TEST(CliFlags, MissingOrUnknownSubcommandIsAUsageError) {
  for (const std::string& args : {std::string(""), std::string("walk"), std::string("--json")}) {
    const CliResult r = run_cli(args);
    EXPECT_EQ(r.exit_code, 2) << "'" << args << "' stderr: " << r.err;
    EXPECT_FALSE(r.err.empty()) << "'" << args << "'";
  }
}

TEST(CliFlags, HelpExitsZeroAndListsTheRunFlags) {
  const CliResult r = run_cli("run --help");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  for (const char* flag : {"--gomaxprocs", "--cleanups", "--protocol", "--runner", "--go", "--json",
                           "--trace", "--schedule", "--speed"}) {
    EXPECT_NE(r.out.find(flag), std::string::npos) << flag;
  }
}

TEST(CliFlags, AFlagGivenTwiceTakesItsLastValue) {
  const CliResult r =
      run_cli("run --json --runner inline --gomaxprocs 2 --cleanups 3 --cleanups 4");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"registered\":8"), std::string::npos) << r.out;
}

TEST(CliFlags, EachBadFlushFlagExitsTwoWithAMessageNamingIt) {
  const std::vector<BadFlag> bad_flush = {
      {"--capacity 0 --fills 1", {"--capacity", "1", "1024"}},
      {"--capacity 1025 --fills 1", {"--capacity", "1024"}},
      {"--capacity 60 --fills 10,abc", {"--fills", "item 2", "abc", "0..60"}},
      {"--capacity 60 --fills 61", {"--fills", "61", "0..60"}},
      {"--capacity 60 --fills 5,,6", {"--fills", "item 2"}},
      {"--capacity 60", {"--fills"}},
  };
  for (const BadFlag& bad : bad_flush) {
    const CliResult r = run_cli("flush --json " + bad.args);
    EXPECT_EQ(r.exit_code, 2) << bad.args << "\nstderr: " << r.err;
    EXPECT_TRUE(r.out.empty()) << bad.args << ": " << r.out;
    for (const std::string& m : bad.mention) {
      EXPECT_NE(r.err.find(m), std::string::npos)
          << bad.args << ": stderr should mention '" << m << "': " << r.err;
    }
  }
}

// A command's own flags are refused in the one message format of docs/errors.md, the one the
// scenario options use ("--gomaxprocs 0 is out of range: allowed 1..256"), never in CLI11's
// ("--capacity: Value 0 not in range 1 to 1024"); the command names itself first.
TEST(CliFlags, EachCommandsOwnFlagsAreRefusedInTheOneMessageFormat) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"flush --capacity 0 --fills 1",
       "cleanupq flush: --capacity 0 is out of range: allowed 1..1024\n"},
      {"flush --capacity ten --fills 1",
       "cleanupq flush: --capacity ten is not a whole number: allowed 1..1024\n"},
      {"trace any.cqtrace --count 2000000",
       "cleanupq trace: --count 2000000 is out of range: allowed 0..1000000\n"},
      {"explore --protocol fast",
       "cleanupq explore: --protocol fast is not a choice: allowed oneshot or level\n"},
      {"explore --protocol level --max-depth 0",
       "cleanupq explore: --max-depth 0 is out of range: allowed 1..100000\n"},
      {"explore --protocol level --gomaxprocs -1",
       "cleanupq explore: --gomaxprocs -1 cannot be negative: allowed 1..16\n"},
      {"explore --protocol level --grow-gomaxprocs-to x",
       "cleanupq explore: --grow-gomaxprocs-to x is not a whole number: allowed 0..256 (0 = "
       "none)\n"},
      {"explore --protocol level --grow-gomaxprocs-to 300",
       "cleanupq explore: --grow-gomaxprocs-to 300 is out of range: allowed 0..256 (0 = none)\n"},
      {"explore --protocol oneshot --grow-gomaxprocs-to 4",
       "cleanupq explore: --grow-gomaxprocs-to 4 does not grow GOMAXPROCS 8: allowed 0 (none) "
       "or 9..256\n"},
      {"lesson check --runner threaded any.toml",
       "cleanupq lesson check: --runner threaded is not a choice: allowed inline or conducted\n"},
      {"lesson play --runner fast 6",
       "cleanupq lesson play: --runner fast is not a choice: allowed inline or conducted\n"},
  };
  for (const auto& [args, message] : cases) {
    const CliResult r = run_cli(args);
    EXPECT_EQ(r.exit_code, 2) << args << "\nstderr: " << r.err;
    EXPECT_TRUE(r.out.empty()) << args << ": " << r.out;
    EXPECT_EQ(r.err, message) << args;
  }
}

TEST(CliFlags, FillsAllowSpacesAfterTheirCommas) {
  const CliResult r = run_cli("flush --json --capacity 60 --fills '10, 50'");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const CliResult bad = run_cli("flush --json --capacity 60 --fills 10,+5");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.err,
            "cleanupq flush: --fills item 2 '+5' is not a number in 0..60 (the --capacity)\n");
}

}  // namespace
}  // namespace cq
