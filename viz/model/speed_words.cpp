#include "model/speed_words.hpp"

#include <array>
#include <cmath>
#include <cstdio>

namespace cq::viz {

std::string describe_speed(double speed) {
  if (!(speed > 0) || !std::isfinite(speed)) return "unthrottled: as fast as this machine runs";
  struct Unit {
    const char* name;
    double ns;
  };
  static constexpr std::array<Unit, 4> kUnits{
      {{"ns", 1}, {"\xC2\xB5s", 1e3}, {"ms", 1e6}, {"s", 1e9}}};  // U+00B5, in every UI font
  const double go_ns_per_second = speed * 1e9;
  // Rounded first, then the unit chosen, so 999.96 ns reads "1 µs", not "1000 ns".
  auto rounded = [](double v) { return v >= 10 ? std::round(v) : std::round(v * 10) / 10; };
  std::size_t u = 0;
  while (u + 1 < kUnits.size() && rounded(go_ns_per_second / kUnits[u + 1].ns) >= 1) ++u;
  const double value = rounded(go_ns_per_second / kUnits[u].ns);
  char number[32];
  if (value == std::floor(value)) {
    std::snprintf(number, sizeof number, "%.0f", value);
  } else {
    std::snprintf(number, sizeof number, "%.1f", value);
  }
  std::string words = std::string(number) + " " + kUnits[u].name + " of Go time per second";
  if (speed == 1) words += " (real time)";
  return words;
}

}  // namespace cq::viz
