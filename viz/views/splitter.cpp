#include "views/splitter.hpp"

#include <imgui.h>

#include <algorithm>

#include "ui/theme.hpp"

namespace cq::viz {

float splitter(const char* id, SplitAxis axis, const Rect& bar) {
  // Placed by position, after the panels around it: the cursor is put back so that the layout
  // of whatever follows is not disturbed.
  const ImVec2 back = ImGui::GetCursorScreenPos();
  ImGui::SetCursorScreenPos(ImVec2(bar.x, bar.y));
  ImGui::InvisibleButton(id, ImVec2(std::max(1.f, bar.w), std::max(1.f, bar.h)));
  const bool hot = ImGui::IsItemHovered() || ImGui::IsItemActive();
  const bool columns = axis == SplitAxis::columns;
  if (hot) ImGui::SetMouseCursor(columns ? ImGuiMouseCursor_ResizeEW : ImGuiMouseCursor_ResizeNS);
  float moved = 0;
  if (ImGui::IsItemActive()) {
    const ImVec2 delta = ImGui::GetIO().MouseDelta;
    moved = columns ? delta.x : delta.y;
  }
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImU32 ink = colour(Role::text_dim, hot ? 200 : 50);
  if (columns) {
    const float x = bar.cx();
    draw->AddLine(ImVec2(x, bar.y + 8), ImVec2(x, bar.y + bar.h - 8), ink, hot ? 2.f : 1.f);
  } else {
    const float y = bar.cy();
    draw->AddLine(ImVec2(bar.x + 8, y), ImVec2(bar.x + bar.w - 8, y), ink, hot ? 2.f : 1.f);
  }
  ImGui::SetCursorScreenPos(back);
  return moved;
}

}  // namespace cq::viz
