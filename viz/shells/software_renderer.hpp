// SoftwareRenderer: rasterises Dear ImGui's draw lists on the CPU, so the headless mode can
// produce real pictures (screenshots, slides, tests' pixel checks) with no window, no GL and no
// display. Two kinds of texture: the font atlas, sampled at the nearest texel (its glyphs are
// drawn 1:1), and images such as the lesson figures, sampled bilinearly like GL_LINEAR, since
// they are drawn at the panel's width.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "ui/image.hpp"

struct ImDrawData;
struct ImFontAtlas;

namespace cq::viz {

class SoftwareRenderer {
 public:
  // Rebuilds the texture from the atlas and gives the atlas a texture id this renderer knows.
  void upload_font_atlas(ImFontAtlas& atlas);
  // Keeps a copy of an RGBA image; the returned id draws it (ImGui::Image). Ids stay valid for
  // the renderer's lifetime.
  void* add_texture(const Image& image);
  Image render(const ImDrawData& draw_data, std::uint32_t clear_rgba) const;

 private:
  int tex_width_ = 0;
  int tex_height_ = 0;
  std::vector<std::uint8_t> texture_;  // RGBA8
  // Images, by address: the address is the ImTextureID (as `this` is the atlas's).
  std::vector<std::unique_ptr<Image>> images_;
};

}  // namespace cq::viz
