// Fonts: Inter for text and JetBrains Mono for Go names and numbers, from Debian's font
// packages (paths found at build time), scaled by the monitor's content scale. Missing files
// fall back to Dear ImGui's built-in font, so the app always starts.
#pragma once

struct ImFont;

namespace cq::viz {

struct Fonts {
  ImFont* ui = nullptr;
  ImFont* mono = nullptr;
  ImFont* title = nullptr;
  bool fallback = false;  // true when a system font could not be loaded
};

Fonts load_fonts(float scale);
const Fonts& fonts();

}  // namespace cq::viz
