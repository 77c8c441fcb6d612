// `cleanupq --version`: the project version CMake was configured with and the git commit of the
// sources ("unknown" outside a git checkout), on one line, exit 0, whatever else is on the line.
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "cli_test_support.hpp"

#ifndef CQ_EXPECTED_VERSION
#error "CQ_EXPECTED_VERSION must be CMake's PROJECT_VERSION"
#endif

namespace cq {
namespace {

TEST(CliVersion, PrintsProjectVersionAndCommit) {
  const cli_test::CliResult r = cli_test::run_cli("--version");
  // A subcommand is otherwise required: --version alone is not a usage error.
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
  const std::regex line("cleanupq ([0-9.]+) \\(commit ([0-9a-f]{7}|unknown)\\)\n");
  std::smatch m;
  ASSERT_TRUE(std::regex_match(r.out, m, line)) << "got: " << r.out;
  EXPECT_EQ(m[1].str(), CQ_EXPECTED_VERSION);
}

}  // namespace
}  // namespace cq
