#include "ui/image.hpp"

#include <algorithm>
#include <cstring>

// Debian's libstb provides the implementation on the desktop; the web build has no libstb and
// compiles stb_image_write's implementation here, from the same Debian header.
#ifdef __EMSCRIPTEN__
#define STB_IMAGE_WRITE_IMPLEMENTATION
#endif
#include <stb_image_write.h>

#include "io/output_file.hpp"

namespace cq::viz {

Image Image::crop(int x, int y, int w, int h) const {
  Image out;
  const int x0 = std::clamp(x, 0, width), y0 = std::clamp(y, 0, height);
  const int x1 = std::clamp(x + w, 0, width), y1 = std::clamp(y + h, 0, height);
  out.width = x1 - x0;
  out.height = y1 - y0;
  out.rgba.resize(static_cast<std::size_t>(out.width) * out.height * 4);
  for (int row = 0; row < out.height; ++row) {
    std::memcpy(&out.rgba[static_cast<std::size_t>(row) * out.width * 4],
                &rgba[(static_cast<std::size_t>(y0 + row) * width + x0) * 4],
                static_cast<std::size_t>(out.width) * 4);
  }
  return out;
}

std::optional<std::string> write_png(const Image& image, const std::string& path) {
  if (image.empty()) return path + ": nothing to write: the image is empty";
  // Encoded in memory, then written by the one checked writer: stbi_write_png's own file
  // handling ignores failed fwrite and fclose.
  std::string png;
  const auto append = [](void* context, void* data, int size) {
    static_cast<std::string*>(context)->append(static_cast<const char*>(data),
                                               static_cast<std::size_t>(size));
  };
  if (stbi_write_png_to_func(append, &png, image.width, image.height, 4, image.rgba.data(),
                             image.width * 4) == 0) {
    return path + ": cannot encode the PNG (" + std::to_string(image.width) + "x" +
           std::to_string(image.height) + ")";
  }
  return io::write_file(path, png);
}

}  // namespace cq::viz
