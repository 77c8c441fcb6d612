// Lesson figures as textures: the PNG a build renders from assets/figures/NAME.svg, decoded with
// stb_image and handed to whichever renderer the shell runs (a GL texture on the desktop and the
// web, the software renderer's own table headless). The shell that owns the renderer installs an
// uploader at init and removes it at shutdown, which forgets every texture made through it: the
// views never see GL, and the same lesson panel draws a figure in a window, in a browser and in
// a headless screenshot.
#pragma once

#include <imgui.h>

#include <functional>
#include <optional>
#include <string>

#include "ui/image.hpp"

namespace cq::viz {

// Makes a texture of an RGBA image for the renderer in use; returns its ImGui id.
using TextureUploader = std::function<ImTextureID(const Image&)>;

// Installed by a shell's init, reset (an empty function) by its shutdown.
void set_texture_uploader(TextureUploader uploader);

struct FigureTexture {
  ImTextureID id = nullptr;  // nullptr: not drawable, `error` says why
  int width = 0;             // the PNG's size in pixels (the SVG's own size)
  int height = 0;
  std::string error;
};

// The figure NAME (lesson/lesson_figures.hpp), loaded from the asset "figures/NAME.png" on first
// use and kept until the uploader changes. A missing or broken file gives an error naming the
// path, once, not a retry every frame.
const FigureTexture& figure_texture(const std::string& name);

// A PNG read into RGBA8 (stb_image), or why it could not be: a message naming the path.
struct PngFile {
  std::optional<Image> image;
  std::string error;
  bool ok() const { return image.has_value(); }
};
PngFile read_png(const std::string& path);

}  // namespace cq::viz
