// Virtual time against wall time at a speed, as whole numbers. The speed and the times come from
// the user (settings.ini's `speed` may be any number from 0 to 1000, 1e-300 included; `--speed`
// and the app's keys scale it), so a quotient can be far beyond any integer: converting a double
// outside the target type's range is undefined behaviour (C++ [conv.fpint]), and on x86 it gives
// the "integer indefinite" value, a deadline in the past. Every such conversion saturates here.
#pragma once

#include <chrono>
#include <cstdint>
#include <limits>

namespace cq {

// `v` as an unsigned 64-bit count: 0 for NaN and anything below 0, the maximum at or above 2^64.
constexpr std::uint64_t saturating_u64(double v) {
  // 2^64 is exactly representable; every double below it converts.
  constexpr double kTwo64 = 18446744073709551616.0;
  if (!(v > 0)) return 0;
  if (v >= kTwo64) return std::numeric_limits<std::uint64_t>::max();
  return static_cast<std::uint64_t>(v);
}

// The wall time `virtual_ns` of virtual time takes at `speed` virtual ns per wall ns, at most
// nanoseconds::max() (about 292 years: a wait that long is a wait for a pause). `speed` must
// be above 0; NaN counts as the longest wait.
inline std::chrono::nanoseconds wall_delay(std::uint64_t virtual_ns, double speed) {
  constexpr double kTwo63 = 9223372036854775808.0;
  const double ns = static_cast<double>(virtual_ns) / speed;
  if (!(ns < kTwo63)) return std::chrono::nanoseconds::max();
  return std::chrono::nanoseconds(static_cast<std::int64_t>(ns));
}

}  // namespace cq
