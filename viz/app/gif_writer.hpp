// Animated GIF export (giflib from Debian): each frame quantised to its own 256-colour map, which
// suits the UI's few flat colours, looping forever.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ui/image.hpp"

namespace cq::viz {

// Writes `frames` (all the same size) with `delay_cs` hundredths of a second per frame.
// Returns nullopt, or an error message naming the file.
std::optional<std::string> write_gif(const std::vector<Image>& frames, const std::string& path,
                                     int delay_cs);

// Halves an image (2x2 box filter): GIFs of a full window would be needlessly large.
Image half_size(const Image& in);

}  // namespace cq::viz
