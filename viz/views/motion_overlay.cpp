// What moves, drawn over every panel: blocks in flight, from the place they left to the place
// they reached (with an ease-out, by way of the flusher's hands for a flush's blocks), so pushes,
// pops and the flush's merges are seen as moves; and the flusher itself, a labelled caret that
// walks down the P lanes while the last sweeper collects their blocks.
#include <algorithm>
#include <cmath>

#include "views/block_tile.hpp"
#include "views/view_context.hpp"

namespace cq::viz {
namespace {

Rect slide(const Rect& from, const Rect& to, double t) {
  t = std::clamp(t, 0.0, 1.0);
  const float e = 1.f - static_cast<float>((1 - t) * (1 - t));  // ease-out
  return Rect{from.x + (to.x - from.x) * e, from.y + (to.y - from.y) * e,
              std::max(24.f, from.w + (to.w - from.w) * e),
              std::max(8.f, from.h + (to.h - from.h) * e)};
}

// Where a moving block is at now_s, and the place whose look it has there; false when a place it
// needs was not drawn this frame.
bool position(const Projection& proj, const Motion& m, double now_s, Rect& out, BlockPlace& look) {
  const Rect* from = proj.place_rect(m.from);
  const Rect* to = proj.place_rect(m.to);
  if (from == nullptr || to == nullptr) return false;
  const double t = (now_s - m.start_s) / kMotionSeconds;
  if (m.via.place == BlockPlace::nowhere) {
    out = slide(*from, *to, t);
    look = t < 0 ? m.from.place : m.to.place;
    return true;
  }
  const Rect* via = proj.place_rect(m.via);
  if (via == nullptr) return false;
  if (now_s < m.depart_s) {
    // Still on its way to the flusher's hands (or waiting in its lane for the flusher), or
    // in them, waiting for the push or the return to `free`.
    out = slide(*from, *via, t);
    look = t < 0 ? m.from.place : m.via.place;
  } else {
    out = slide(*via, *to, (now_s - m.depart_s) / kMotionSeconds);
    look = m.to.place;
  }
  return true;
}

// The flusher: a caret left of the lane it is at and a frame around that lane, labelled, so it
// reads without colour. Between two stops it is between their lanes.
void draw_flusher(ViewContext& ctx, ImDrawList* draw) {
  const auto lane = ctx.proj.flusher_lane(ctx.now_s);
  if (!lane) return;
  const auto below = static_cast<std::uint32_t>(std::floor(*lane));
  const Rect* a = ctx.proj.place_rect({BlockPlace::p, below});
  const Rect* b = ctx.proj.place_rect({BlockPlace::p, below + 1});
  if (a == nullptr) return;
  const float along = *lane - static_cast<float>(below);
  Rect r = *a;
  if (b != nullptr && along > 0) r.y += (b->y - a->y) * along;
  const ImU32 ink = colour(Role::flush);
  draw->AddRect(ImVec2(r.x - 3, r.y - 2), ImVec2(r.x + r.w + 3, r.y + r.h + 2), ink, 4.f, 0, 2.f);
  const float cy = r.cy();
  const float size = std::clamp(r.h * 0.5f, 3.f, 7.f);
  draw->AddTriangleFilled(ImVec2(r.x - 5 - 2 * size, cy - size),
                          ImVec2(r.x - 5 - 2 * size, cy + size), ImVec2(r.x - 5, cy), ink);
  if (r.h >= 10.f) {
    const char* label = "flusher";
    const ImVec2 text = ImGui::CalcTextSize(label);
    draw->AddText(ImVec2(r.x - 8 - 2 * size - text.x, cy - text.y * 0.5f), ink, label);
  }
}

}  // namespace

void draw_motions(ViewContext& ctx) {
  ImDrawList* draw = ImGui::GetForegroundDrawList();
  for (const auto& [id, motion] : ctx.proj.motions()) {
    if (ctx.now_s > motion.end_s()) continue;
    Rect r;
    BlockPlace look = BlockPlace::nowhere;
    if (!position(ctx.proj, motion, ctx.now_s, r, look)) continue;
    draw_block_tile(draw, r, id, ctx.proj.shown_fill(id, ctx.now_s), ctx.scenario.block_capacity,
                    look, false);
  }
  draw_flusher(ctx, draw);
}

}  // namespace cq::viz
