// Virtual time to wall time at a user's speed (sim/pace.hpp): the quotients of extreme speeds
// saturate instead of reaching an out-of-range float-to-integer conversion (undefined; on x86
// the "integer indefinite" value, a deadline in the past or a pacing limit of 2^63). Each case
// here is a value settings.ini or the flags can produce: `speed = 1e-300` is within 0..1000.
#include "sim/pace.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>

namespace cq {
namespace {

TEST(Pace, WallDelayIsTheQuotientWhereItFits) {
  EXPECT_EQ(wall_delay(1000, 1e-3), std::chrono::nanoseconds(1'000'000));
  EXPECT_EQ(wall_delay(1000, 1000), std::chrono::nanoseconds(1));
  EXPECT_EQ(wall_delay(0, 1e-300), std::chrono::nanoseconds(0));
}

TEST(Pace, WallDelayOfATinySpeedSaturates) {
  // 1 s of virtual time at 1e-300x: 1e309 ns, beyond any integer.
  EXPECT_EQ(wall_delay(1'000'000'000, 1e-300), std::chrono::nanoseconds::max());
  // The app's slowest key-press speed (1e-7x) over a long virtual gap: 1e12 / 1e-7 = 1e19 ns,
  // past int64's 9.2e18.
  EXPECT_EQ(wall_delay(1'000'000'000'000, 1e-7), std::chrono::nanoseconds::max());
  EXPECT_EQ(wall_delay(std::numeric_limits<std::uint64_t>::max(), 1),
            std::chrono::nanoseconds::max());
}

TEST(Pace, WallDelayOfNaNIsTheLongestWait) {
  EXPECT_EQ(wall_delay(10, std::nan("")), std::chrono::nanoseconds::max());
}

TEST(Pace, SaturatingU64) {
  EXPECT_EQ(saturating_u64(12.9), 12u);
  EXPECT_EQ(saturating_u64(-1), 0u);
  EXPECT_EQ(saturating_u64(std::nan("")), 0u);
  EXPECT_EQ(saturating_u64(1e20), std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(saturating_u64(std::numeric_limits<double>::infinity()),
            std::numeric_limits<std::uint64_t>::max());
  // The largest double below 2^64 still converts exactly.
  EXPECT_EQ(saturating_u64(18446744073709549568.0), 18446744073709549568u);
}

}  // namespace
}  // namespace cq
