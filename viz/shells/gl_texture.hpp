// Uploads an RGBA image as a GL texture for Dear ImGui's OpenGL 3 backend (desktop GL and
// WebGL 2 alike): the GL shells' TextureUploader (ui/figures.hpp).
#pragma once

#include <imgui.h>

#include "ui/image.hpp"

namespace cq::viz {

// Linear filtering: figures are drawn at the panel's width, usually below their own size.
ImTextureID upload_gl_texture(const Image& image);

}  // namespace cq::viz
