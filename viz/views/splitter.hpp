// A splitter between two panels, for the layout of panel_layout.hpp. Dear ImGui 1.86 has no
// docking, so a splitter is an invisible button over the gap between two panels: hovering it
// shows a resize cursor, dragging it moves the border.
#pragma once

#include "model/projection.hpp"

namespace cq::viz {

enum class SplitAxis : unsigned char {
  columns,  // a vertical bar between two columns, dragged left and right
  rows,     // a horizontal bar between two rows, dragged up and down
};

// A splitter over `bar` (screen rectangle: the gap between two panels). Returns how far it was
// dragged this frame, in pixels along its axis (0 when it is not being dragged). Draws a thin
// line along the gap, brighter while hovered or dragged, so that the bar can be found.
float splitter(const char* id, SplitAxis axis, const Rect& bar);

}  // namespace cq::viz
