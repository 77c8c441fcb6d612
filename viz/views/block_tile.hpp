// A block as a tile: its fill level as a bar, its id as a label, and a shape per place (a solid
// frame on the full stack, a hollow dashed frame on the free stack, a bar in a P lane), so the
// place reads without colour. Used by every view that shows blocks, and by the motion overlay.
#pragma once

#include <imgui.h>

#include <cstdint>

#include "model/projection.hpp"
#include "ui/theme.hpp"

namespace cq::viz {

void draw_block_tile(ImDrawList* draw, const Rect& r, std::uint32_t id, std::uint32_t n,
                     std::uint32_t capacity, BlockPlace place, bool highlighted);

// A hit test helper: true when the mouse is over `r` and was clicked this frame.
bool clicked_in(const Rect& r);

}  // namespace cq::viz
