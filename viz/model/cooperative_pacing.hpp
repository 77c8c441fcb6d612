// Pacing for builds without threads (session_cooperative.cpp, lesson_session_cooperative.cpp):
// the engine runs a slice per frame on the UI thread, and playing at a speed means taking no
// step due after a virtual time that follows the wall clock. A browser's main thread must never
// wait, so the runner's own pacing (which waits for wall time) is not used there.
#pragma once

#include <algorithm>
#include <cstdint>

#include "sim/pace.hpp"

namespace cq::viz {

// Steps per slice when unthrottled or seeking: a few milliseconds of the inline runner's work,
// so a long run-to-event keeps the page at its frame rate.
inline constexpr std::uint64_t kStepsPerSlice = 20'000;

class CooperativePacing {
 public:
  // Starts a paced stretch at the engine's virtual time now.
  void start(std::uint64_t virtual_now_ns) {
    last_s_ = -1;
    target_ns_ = static_cast<double>(virtual_now_ns);
  }
  // Once per frame: the limit moves on by the wall time since the last frame, times the speed.
  // A long gap (a background tab) is not owed to the clock.
  void advance(double now_s, double speed) {
    if (last_s_ >= 0 && speed > 0)
      target_ns_ += std::clamp(now_s - last_s_, 0.0, kMaxFrameSeconds) * 1e9 * speed;
    last_s_ = now_s;
  }
  // Saturated: at the app's top speed (1000x) the target passes 2^64 ns after about a month.
  std::uint64_t until_ns() const { return saturating_u64(target_ns_); }

 private:
  static constexpr double kMaxFrameSeconds = 0.1;
  double last_s_ = -1;
  double target_ns_ = 0;
};

}  // namespace cq::viz
