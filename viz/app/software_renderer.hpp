// SoftwareRenderer: rasterises Dear ImGui's draw lists on the CPU, so the headless mode can
// produce real pictures (screenshots, slides, tests' pixel checks) with no window, no GL and no
// display. Only the font atlas is a texture in this app, which keeps the sampler trivial.
#pragma once

#include <cstdint>
#include <vector>

#include "app/image.hpp"

struct ImDrawData;
struct ImFontAtlas;

namespace cq::viz {

class SoftwareRenderer {
 public:
  // Rebuilds the texture from the atlas and gives the atlas a texture id this renderer knows.
  void upload_font_atlas(ImFontAtlas& atlas);
  Image render(const ImDrawData& draw_data, std::uint32_t clear_rgba) const;

 private:
  int tex_width_ = 0;
  int tex_height_ = 0;
  std::vector<std::uint8_t> texture_;  // RGBA8
};

}  // namespace cq::viz
