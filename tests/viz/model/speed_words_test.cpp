// The speed control's words (viz/model/speed_words.hpp): what the slider's number means.
#include "model/speed_words.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace cq::viz {
namespace {

TEST(SpeedWords, SaysHowMuchGoTimePassesPerSecond) {
  EXPECT_EQ(describe_speed(1e-6), "1 \xC2\xB5s of Go time per second");  // the app's default
  EXPECT_EQ(describe_speed(1e-7), "100 ns of Go time per second");       // the slider's slowest
  EXPECT_EQ(describe_speed(1e-5), "10 \xC2\xB5s of Go time per second");
  EXPECT_EQ(describe_speed(1e-3), "1 ms of Go time per second");
  EXPECT_EQ(describe_speed(1e3), "1000 s of Go time per second");  // the slider's fastest
}

TEST(SpeedWords, HalfDecadesOfTheSliderReadAsShortNumbers) {
  EXPECT_EQ(describe_speed(std::pow(10.0, -5.5)), "3.2 \xC2\xB5s of Go time per second");
  EXPECT_EQ(describe_speed(std::pow(10.0, -4.5)), "32 \xC2\xB5s of Go time per second");
  EXPECT_EQ(describe_speed(std::pow(10.0, -0.5)), "316 ms of Go time per second");
}

TEST(SpeedWords, RoundsBeforeChoosingTheUnit) {
  EXPECT_EQ(describe_speed(999.96e-9), "1 \xC2\xB5s of Go time per second");
  EXPECT_EQ(describe_speed(999e-9), "1 \xC2\xB5s of Go time per second");  // 1.0 µs
  EXPECT_EQ(describe_speed(949e-9), "949 ns of Go time per second");       // 0.9 µs: stays ns
}

TEST(SpeedWords, RealTimeAndUnthrottledAreNamed) {
  EXPECT_EQ(describe_speed(1), "1 s of Go time per second (real time)");
  EXPECT_EQ(describe_speed(0), "unthrottled: as fast as this machine runs");
  EXPECT_EQ(describe_speed(-1), "unthrottled: as fast as this machine runs");
  EXPECT_EQ(describe_speed(NAN), "unthrottled: as fast as this machine runs");
}

}  // namespace
}  // namespace cq::viz
