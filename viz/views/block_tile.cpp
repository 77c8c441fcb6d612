#include "views/block_tile.hpp"

#include <algorithm>
#include <cstdio>

namespace cq::viz {

void draw_block_tile(ImDrawList* draw, const Rect& r, std::uint32_t id, std::uint32_t n,
                     std::uint32_t capacity, BlockPlace place, bool highlighted) {
  const ImVec2 a(r.x, r.y), b(r.x + r.w, r.y + r.h);
  const Role role = place == BlockPlace::full      ? Role::block_full
                    : place == BlockPlace::free    ? Role::block_free
                    : place == BlockPlace::flusher ? Role::flush
                    : place == BlockPlace::worker  ? Role::running
                                                   : Role::slot_filled;
  draw->AddRectFilled(a, b, colour(Role::slot_empty), 3.f);
  const float fill = capacity == 0 ? 0.f : std::min(1.f, static_cast<float>(n) / capacity);
  if (fill > 0) {
    draw->AddRectFilled(a, ImVec2(r.x + r.w * fill, b.y), colour(role, 220), 3.f);
  }
  if (place == BlockPlace::free) {
    // Hollow, dashed: an empty block waiting for reuse. Each dash is a one-pixel rectangle, not
    // an anti-aliased line: a long free list draws thousands of them every frame.
    const ImU32 dash = colour(role);
    for (float x = a.x; x < b.x; x += 6.f) {
      const float end = std::min(x + 3.f, b.x);
      draw->AddRectFilled(ImVec2(x, a.y - 0.5f), ImVec2(end, a.y + 0.5f), dash);
      draw->AddRectFilled(ImVec2(x, b.y - 0.5f), ImVec2(end, b.y + 0.5f), dash);
    }
  } else {
    draw->AddRect(a, b, colour(role), 3.f, 0, place == BlockPlace::full ? 2.f : 1.f);
  }
  if (highlighted)
    draw->AddRect(ImVec2(a.x - 2, a.y - 2), ImVec2(b.x + 2, b.y + 2), colour(Role::highlight), 4.f,
                  0, 2.f);
  if (r.h >= 12.f && r.w >= 28.f) {
    char label[32];
    std::snprintf(label, sizeof label, "b%u %u/%u", id, n, capacity);
    const ImVec2 size = ImGui::CalcTextSize(label);
    if (size.x + 6 < r.w) {
      draw->AddText(ImVec2(a.x + 4, r.cy() - size.y * 0.5f), colour(Role::text), label);
    } else {
      std::snprintf(label, sizeof label, "%u", n);
      draw->AddText(ImVec2(a.x + 3, r.cy() - ImGui::GetFontSize() * 0.5f), colour(Role::text),
                    label);
    }
  }
}

bool clicked_in(const Rect& r) {
  return ImGui::IsMouseClicked(ImGuiMouseButton_Left) &&
         ImGui::IsMouseHoveringRect(ImVec2(r.x, r.y), ImVec2(r.x + r.w, r.y + r.h)) &&
         ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem);
}

}  // namespace cq::viz
