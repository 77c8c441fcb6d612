#include "ui/figures.hpp"

#include <map>
#include <utility>

// Debian's libstb provides stb_image on the desktop; the web build has no libstb and compiles
// the decoder here, from the same Debian header (as image.cpp does for stb_image_write).
#ifdef __EMSCRIPTEN__
#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#endif
#include <stb_image.h>

#include "data/data_dirs.hpp"

namespace cq::viz {
namespace {

struct Figures {
  TextureUploader uploader;
  std::map<std::string, FigureTexture> loaded;
};

// One table for the process: there is one ImGui context and one renderer at a time.
Figures& figures() {
  static Figures f;
  return f;
}

}  // namespace

void set_texture_uploader(TextureUploader uploader) {
  figures().uploader = std::move(uploader);
  figures().loaded.clear();
}

PngFile read_png(const std::string& path) {
  int width = 0, height = 0, channels = 0;
  stbi_uc* pixels = stbi_load(path.c_str(), &width, &height, &channels, 4);
  if (pixels == nullptr) {
    return {std::nullopt, path + ": cannot read the PNG (" + stbi_failure_reason() + ")"};
  }
  Image image;
  image.width = width;
  image.height = height;
  image.rgba.assign(pixels, pixels + static_cast<std::size_t>(width) * height * 4);
  stbi_image_free(pixels);
  return {std::move(image), ""};
}

const FigureTexture& figure_texture(const std::string& name) {
  Figures& f = figures();
  if (auto it = f.loaded.find(name); it != f.loaded.end()) return it->second;
  FigureTexture& t = f.loaded[name];
  if (!f.uploader) {
    t.error = "this renderer draws no images";
    return t;
  }
  const PngFile png = read_png(data::asset_file("figures/" + name + ".png"));
  if (!png.ok()) {
    t.error = png.error;
    return t;
  }
  t.width = png.image->width;
  t.height = png.image->height;
  t.id = f.uploader(*png.image);
  if (t.id == nullptr) t.error = "the renderer could not make a texture for " + name;
  return t;
}

}  // namespace cq::viz
