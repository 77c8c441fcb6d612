#include "app/panel_layout.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace cq::viz {
namespace {

struct Fraction {
  const char* key;
  float PanelLayout::*field;
  float lo, hi;
};

constexpr Fraction kFractions[] = {
    {"layout.left", &PanelLayout::left, PanelLayout::kMinLeft, PanelLayout::kMaxLeft},
    {"layout.mid", &PanelLayout::mid, PanelLayout::kMinMid, PanelLayout::kMaxMid},
    {"layout.top", &PanelLayout::top, PanelLayout::kMinRow, PanelLayout::kMaxRow},
    {"layout.top_lesson", &PanelLayout::top_lesson, PanelLayout::kMinRow, PanelLayout::kMaxRow},
    {"layout.tabs", &PanelLayout::tabs, PanelLayout::kMinTabs, PanelLayout::kMaxTabs},
};

// For messages: two decimals.
std::string format(float v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", static_cast<double>(v));
  return text;
}

// For the settings file: the shortest text that reads back as the same float, so that a saved
// layout is the same layout at the next start (two decimals moved borders and could push the two
// left columns past their joint limit).
std::string exact(float v) {
  char text[32];
  for (int digits = 1; digits <= 9; ++digits) {
    std::snprintf(text, sizeof text, "%.*g", digits, static_cast<double>(v));
    if (static_cast<float>(std::strtod(text, nullptr)) == v) break;
  }
  return text;
}

}  // namespace

PanelLayout PanelLayout::from_settings(const Settings& settings,
                                       std::vector<std::string>* problems) {
  PanelLayout layout;
  const PanelLayout defaults;
  auto complain = [&](const std::string& line) {
    if (problems != nullptr) problems->push_back("settings: " + line);
  };
  for (const Fraction& f : kFractions) {
    const std::string text = settings.get(f.key, "");
    if (text.empty()) continue;
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    // Checked as the float it becomes: the limits are floats, and a border dragged to its limit
    // (0.7f) is written "0.7", which as a double is above 0.7f. No fraction is outside [0, 1], so
    // holding the double to that first keeps the conversion to float defined.
    const bool number = end != text.c_str() && *end == '\0' && v >= 0.0 && v <= 1.0;  // not NaN
    const float fraction = number ? static_cast<float>(v) : 0.f;
    if (!number || !(fraction >= f.lo && fraction <= f.hi)) {
      complain(std::string(f.key) + " = " + text + ": expected a number from " + format(f.lo) +
               " to " + format(f.hi) + "; using " + format(defaults.*f.field));
      continue;
    }
    layout.*f.field = fraction;
  }
  if (layout.left + layout.mid > 1.f - kMinColumn) {
    complain("layout.left + layout.mid = " + format(layout.left + layout.mid) +
             ": leaves the right column less than " + format(kMinColumn) + "; using " +
             format(defaults.left) + " and " + format(defaults.mid));
    layout.left = defaults.left;
    layout.mid = defaults.mid;
  }
  return layout;
}

void PanelLayout::save_to(Settings& settings) const {
  for (const Fraction& f : kFractions) settings.set(f.key, exact(this->*f.field));
}

void PanelLayout::move_left_border(float delta) {
  // Both columns stay within their limits; the right column's left edge stays put.
  const float edge = left + mid;
  left = std::clamp(left + delta, std::max(kMinLeft, edge - kMaxMid),
                    std::min(kMaxLeft, edge - kMinMid));
  mid = edge - left;
}

void PanelLayout::move_mid_border(float delta) {
  mid = std::clamp(mid + delta, kMinMid, std::min(kMaxMid, 1.f - kMinColumn - left));
}

}  // namespace cq::viz
