#include "shells/software_renderer.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace cq::viz {
namespace {

struct Color {
  float r, g, b, a;
};

Color unpack(ImU32 c) {  // ImU32 is ABGR: R in the lowest byte
  return {static_cast<float>(c & 0xff) / 255.f, static_cast<float>((c >> 8) & 0xff) / 255.f,
          static_cast<float>((c >> 16) & 0xff) / 255.f, static_cast<float>(c >> 24) / 255.f};
}

// An image's colour at (u, v), bilinear between the four nearest texel centres, edges clamped.
Color sample_bilinear(const Image& image, float u, float v) {
  const float x = u * static_cast<float>(image.width) - 0.5f;
  const float y = v * static_cast<float>(image.height) - 0.5f;
  const float fx = std::floor(x), fy = std::floor(y);
  const float ax = x - fx, ay = y - fy;
  const int x0 = std::clamp(static_cast<int>(fx), 0, image.width - 1);
  const int y0 = std::clamp(static_cast<int>(fy), 0, image.height - 1);
  const int x1 = std::min(x0 + 1, image.width - 1), y1 = std::min(y0 + 1, image.height - 1);
  auto texel = [&](int tx, int ty, int channel) {
    return static_cast<float>(
               image.rgba[(static_cast<std::size_t>(ty) * image.width + tx) * 4 + channel]) /
           255.f;
  };
  float c[4];
  for (int k = 0; k < 4; ++k) {
    const float top = texel(x0, y0, k) * (1.f - ax) + texel(x1, y0, k) * ax;
    const float bottom = texel(x0, y1, k) * (1.f - ax) + texel(x1, y1, k) * ax;
    c[k] = top * (1.f - ay) + bottom * ay;
  }
  return {c[0], c[1], c[2], c[3]};
}

}  // namespace

void* SoftwareRenderer::add_texture(const Image& image) {
  if (image.empty()) return nullptr;
  images_.push_back(std::make_unique<Image>(image));
  return images_.back().get();
}

void SoftwareRenderer::upload_font_atlas(ImFontAtlas& atlas) {
  unsigned char* pixels = nullptr;
  atlas.GetTexDataAsRGBA32(&pixels, &tex_width_, &tex_height_);
  texture_.assign(pixels, pixels + static_cast<std::size_t>(tex_width_) * tex_height_ * 4);
  atlas.SetTexID(reinterpret_cast<ImTextureID>(this));
}

Image SoftwareRenderer::render(const ImDrawData& draw_data, std::uint32_t clear_rgba) const {
  Image img;
  img.width = static_cast<int>(draw_data.DisplaySize.x * draw_data.FramebufferScale.x);
  img.height = static_cast<int>(draw_data.DisplaySize.y * draw_data.FramebufferScale.y);
  img.rgba.resize(static_cast<std::size_t>(img.width) * img.height * 4);
  for (std::size_t i = 0; i < img.rgba.size(); i += 4) {
    img.rgba[i] = static_cast<std::uint8_t>(clear_rgba >> 24);
    img.rgba[i + 1] = static_cast<std::uint8_t>(clear_rgba >> 16);
    img.rgba[i + 2] = static_cast<std::uint8_t>(clear_rgba >> 8);
    img.rgba[i + 3] = 255;
  }
  const ImVec2 origin = draw_data.DisplayPos;
  const ImVec2 scale = draw_data.FramebufferScale;
  for (int l = 0; l < draw_data.CmdListsCount; ++l) {
    const ImDrawList* list = draw_data.CmdLists[l];
    const ImDrawVert* vtx = list->VtxBuffer.Data;
    const ImDrawIdx* idx = list->IdxBuffer.Data;
    for (const ImDrawCmd& cmd : list->CmdBuffer) {
      if (cmd.UserCallback != nullptr) continue;
      const bool textured =
          cmd.GetTexID() == reinterpret_cast<ImTextureID>(const_cast<SoftwareRenderer*>(this));
      const Image* image = nullptr;
      for (const auto& candidate : images_) {
        if (cmd.GetTexID() == static_cast<ImTextureID>(candidate.get())) image = candidate.get();
      }
      const float cx0 = std::max(0.f, (cmd.ClipRect.x - origin.x) * scale.x);
      const float cy0 = std::max(0.f, (cmd.ClipRect.y - origin.y) * scale.y);
      const float cx1 =
          std::min(static_cast<float>(img.width), (cmd.ClipRect.z - origin.x) * scale.x);
      const float cy1 =
          std::min(static_cast<float>(img.height), (cmd.ClipRect.w - origin.y) * scale.y);
      if (cx0 >= cx1 || cy0 >= cy1) continue;
      for (unsigned e = 0; e + 2 < cmd.ElemCount; e += 3) {
        const ImDrawVert* v[3];
        ImVec2 p[3];
        for (int k = 0; k < 3; ++k) {
          v[k] = &vtx[cmd.VtxOffset + idx[cmd.IdxOffset + e + k]];
          p[k] = {(v[k]->pos.x - origin.x) * scale.x, (v[k]->pos.y - origin.y) * scale.y};
        }
        const float area =
            (p[1].x - p[0].x) * (p[2].y - p[0].y) - (p[1].y - p[0].y) * (p[2].x - p[0].x);
        if (std::fabs(area) < 1e-6f) continue;
        const int x0 =
            static_cast<int>(std::max(cx0, std::floor(std::min({p[0].x, p[1].x, p[2].x}))));
        const int y0 =
            static_cast<int>(std::max(cy0, std::floor(std::min({p[0].y, p[1].y, p[2].y}))));
        const int x1 =
            static_cast<int>(std::min(cx1, std::ceil(std::max({p[0].x, p[1].x, p[2].x}))));
        const int y1 =
            static_cast<int>(std::min(cy1, std::ceil(std::max({p[0].y, p[1].y, p[2].y}))));
        const Color c0 = unpack(v[0]->col), c1 = unpack(v[1]->col), c2 = unpack(v[2]->col);
        const bool flat = v[0]->col == v[1]->col && v[1]->col == v[2]->col;
        for (int y = y0; y < y1; ++y) {
          for (int x = x0; x < x1; ++x) {
            const float px = static_cast<float>(x) + 0.5f, py = static_cast<float>(y) + 0.5f;
            // Barycentric weights; the sign test accepts both windings (ImGui emits both).
            float w0 = ((p[1].x - px) * (p[2].y - py) - (p[1].y - py) * (p[2].x - px)) / area;
            float w1 = ((p[2].x - px) * (p[0].y - py) - (p[2].y - py) * (p[0].x - px)) / area;
            float w2 = 1.f - w0 - w1;
            if (w0 < 0 || w1 < 0 || w2 < 0) continue;
            Color c =
                flat ? c0
                     : Color{c0.r * w0 + c1.r * w1 + c2.r * w2, c0.g * w0 + c1.g * w1 + c2.g * w2,
                             c0.b * w0 + c1.b * w1 + c2.b * w2, c0.a * w0 + c1.a * w1 + c2.a * w2};
            if (textured && !texture_.empty()) {
              const float u = v[0]->uv.x * w0 + v[1]->uv.x * w1 + v[2]->uv.x * w2;
              const float t = v[0]->uv.y * w0 + v[1]->uv.y * w1 + v[2]->uv.y * w2;
              const int tx = std::clamp(static_cast<int>(u * tex_width_), 0, tex_width_ - 1);
              const int ty = std::clamp(static_cast<int>(t * tex_height_), 0, tex_height_ - 1);
              const std::uint8_t* texel =
                  &texture_[(static_cast<std::size_t>(ty) * tex_width_ + tx) * 4];
              c.r *= texel[0] / 255.f;
              c.g *= texel[1] / 255.f;
              c.b *= texel[2] / 255.f;
              c.a *= texel[3] / 255.f;
            }
            if (image != nullptr) {
              const Color texel =
                  sample_bilinear(*image, v[0]->uv.x * w0 + v[1]->uv.x * w1 + v[2]->uv.x * w2,
                                  v[0]->uv.y * w0 + v[1]->uv.y * w1 + v[2]->uv.y * w2);
              c = {c.r * texel.r, c.g * texel.g, c.b * texel.b, c.a * texel.a};
            }
            if (c.a <= 0.f) continue;
            std::uint8_t* dst = &img.rgba[(static_cast<std::size_t>(y) * img.width + x) * 4];
            const float inv = 1.f - c.a;
            dst[0] = static_cast<std::uint8_t>(std::lround(c.r * 255.f * c.a + dst[0] * inv));
            dst[1] = static_cast<std::uint8_t>(std::lround(c.g * 255.f * c.a + dst[1] * inv));
            dst[2] = static_cast<std::uint8_t>(std::lround(c.b * 255.f * c.a + dst[2] * inv));
          }
        }
      }
    }
  }
  return img;
}

}  // namespace cq::viz
