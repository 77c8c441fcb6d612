// The rearrangeable window layout: where the borders between panels are, as fractions of the
// window, moved by dragging the splitters in the gaps between panels, kept in the settings as
// `layout.*` keys (settings.ini) and put back by "Reset layout" in the help overlay.
//
// The splitters themselves are splitter.hpp; this file has no Dear ImGui, so the settings reader
// and its fuzz target (tests/fuzz) build without it. Fractions rather than
// pixels, so a layout made on one screen still fits another; each is clamped to a range that
// leaves every panel usable.
#pragma once

#include <string>
#include <vector>

#include "app/settings.hpp"

namespace cq::viz {

struct PanelLayout {
  float left = 0.36f;        // processors + GC column, of the width
  float mid = 0.30f;         // full and free lists, of the width (goroutines take the rest)
  float top = 0.52f;         // top row, of the height under the controls
  float top_lesson = 0.44f;  // the same while a lesson is open: its text needs a taller bottom
  float tabs = 0.64f;        // bottom tabs, of the width (the inspector takes the rest)
  bool operator==(const PanelLayout&) const = default;

  // The limits every fraction is held to, by dragging and on load.
  static constexpr float kMinColumn = 0.12f;  // the narrowest a top-row column may get
  static constexpr float kMinRow = 0.20f, kMaxRow = 0.80f;
  static constexpr float kMinTabs = 0.25f, kMaxTabs = 0.85f;
  static constexpr float kMinLeft = 0.15f, kMaxLeft = 0.70f;
  static constexpr float kMinMid = kMinColumn, kMaxMid = 0.60f;

  // From the settings: a missing key keeps its default; so does a value that is not a number or
  // is out of range, and `problems` gets a line naming the key, the value and the range.
  static PanelLayout from_settings(const Settings& settings, std::vector<std::string>* problems);
  void save_to(Settings& settings) const;

  // The border between the left and middle columns moved by `delta` (of the width): the
  // middle column gives or takes it, the right one keeps its width.
  void move_left_border(float delta);
  // The border between the middle and right columns: the right column gives or takes it.
  void move_mid_border(float delta);
};

}  // namespace cq::viz
