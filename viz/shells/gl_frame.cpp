#include "shells/gl_frame.hpp"

#ifdef __EMSCRIPTEN__
#include <GLES3/gl3.h>  // WebGL 2: the same calls, from OpenGL ES 3
#else
#include <GL/gl.h>
#endif

#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include <cstring>

namespace cq::viz {

void draw_frame_gl(int width, int height) {
  glViewport(0, 0, width, height);
  glClearColor(0.08f, 0.09f, 0.11f, 1.f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

Image capture_gl_back_buffer(int width, int height) {
  Image img;
  img.width = width;
  img.height = height;
  img.rgba.resize(static_cast<std::size_t>(width) * height * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, img.rgba.data());
  // GL's first row is the bottom one.
  const std::size_t row = static_cast<std::size_t>(width) * 4;
  std::vector<std::uint8_t> tmp(row);
  for (int y = 0; y < height / 2; ++y) {
    std::uint8_t* a = &img.rgba[y * row];
    std::uint8_t* b = &img.rgba[(height - 1 - y) * row];
    std::memcpy(tmp.data(), a, row);
    std::memcpy(a, b, row);
    std::memcpy(b, tmp.data(), row);
  }
  return img;
}

}  // namespace cq::viz
