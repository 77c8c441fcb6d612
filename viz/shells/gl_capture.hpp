// Reads the current GL back buffer into an Image (the desktop shells' screenshot path).
#pragma once

#include "ui/image.hpp"

namespace cq::viz {

Image capture_gl_back_buffer(int width, int height);

}  // namespace cq::viz
