// A GoogleTest binary whose only TEST skips: what a real GTEST_SKIP prints, for
// ctest_counts_test.sh. Not registered with ctest itself.
#include <gtest/gtest.h>

TEST(SkipProbe, Skips) {
  GTEST_SKIP() << "the probe always skips";
}
