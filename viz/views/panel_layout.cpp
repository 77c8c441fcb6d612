#include "views/panel_layout.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "app/theme.hpp"

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

std::string format(float v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", static_cast<double>(v));
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
    const bool number = end != text.c_str() && *end == '\0';
    if (!number || !(v >= f.lo && v <= f.hi)) {  // NaN fails both comparisons
      complain(std::string(f.key) + " = " + text + ": expected a number from " + format(f.lo) +
               " to " + format(f.hi) + "; using " + format(defaults.*f.field));
      continue;
    }
    layout.*f.field = static_cast<float>(v);
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
  for (const Fraction& f : kFractions) settings.set(f.key, format(this->*f.field));
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

float splitter(const char* id, SplitAxis axis, const Rect& bar) {
  // Placed by position, after the panels around it: the cursor is put back so that the layout
  // of whatever follows is not disturbed.
  const ImVec2 back = ImGui::GetCursorScreenPos();
  ImGui::SetCursorScreenPos(ImVec2(bar.x, bar.y));
  ImGui::InvisibleButton(id, ImVec2(std::max(1.f, bar.w), std::max(1.f, bar.h)));
  const bool hot = ImGui::IsItemHovered() || ImGui::IsItemActive();
  const bool columns = axis == SplitAxis::columns;
  if (hot) ImGui::SetMouseCursor(columns ? ImGuiMouseCursor_ResizeEW : ImGuiMouseCursor_ResizeNS);
  float moved = 0;
  if (ImGui::IsItemActive()) {
    const ImVec2 delta = ImGui::GetIO().MouseDelta;
    moved = columns ? delta.x : delta.y;
  }
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImU32 ink = colour(Role::text_dim, hot ? 200 : 50);
  if (columns) {
    const float x = bar.cx();
    draw->AddLine(ImVec2(x, bar.y + 8), ImVec2(x, bar.y + bar.h - 8), ink, hot ? 2.f : 1.f);
  } else {
    const float y = bar.cy();
    draw->AddLine(ImVec2(bar.x + 8, y), ImVec2(bar.x + bar.w - 8, y), ink, hot ? 2.f : 1.f);
  }
  ImGui::SetCursorScreenPos(back);
  return moved;
}

}  // namespace cq::viz
