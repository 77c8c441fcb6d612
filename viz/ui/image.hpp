// Image: an RGBA8 picture, top row first. What a screenshot, a slide or a GIF frame is.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cq::viz {

struct Image {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> rgba;  // width * height * 4

  bool empty() const { return width == 0 || height == 0; }
  std::uint32_t pixel(int x, int y) const {
    const std::uint8_t* p = &rgba[(static_cast<std::size_t>(y) * width + x) * 4];
    return std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 | p[3];
  }
  // Crops to a rectangle clamped to the image (exporting one view).
  Image crop(int x, int y, int w, int h) const;
};

// Writes a PNG (stb_image_write from Debian's libstb). Returns nullopt, or the error message.
std::optional<std::string> write_png(const Image& image, const std::string& path);

}  // namespace cq::viz
