// The GL shells' frame (GLFW, SDL2, web): ImGui's draw data drawn into the back buffer, and the
// back buffer read into an Image (the screenshot path). One place, so the three shells clear to
// the same colour and read the same pixels.
#pragma once

#include "ui/image.hpp"

namespace cq::viz {

// Draws this frame's ImGui draw data over a cleared framebuffer of this size, in pixels.
void draw_frame_gl(int width, int height);

Image capture_gl_back_buffer(int width, int height);

}  // namespace cq::viz
