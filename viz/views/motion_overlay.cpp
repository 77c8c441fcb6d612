// Blocks in flight: drawn over every panel, from the place they left to the place they reached,
// with an ease-out, so pushes, pops and the flush's merges are seen as moves.
#include <algorithm>

#include "views/block_tile.hpp"
#include "views/view_context.hpp"

namespace cq::viz {

void draw_motions(ViewContext& ctx) {
  ImDrawList* draw = ImGui::GetForegroundDrawList();
  for (const auto& [id, motion] : ctx.proj.motions()) {
    const double t = (ctx.now_s - motion.start_s) / Projection::kMotionSeconds;
    if (t < 0 || t > 1) continue;
    const Rect* from = ctx.proj.place_rect(motion.from);
    const Rect* to = ctx.proj.place_rect(motion.to);
    if (from == nullptr || to == nullptr) continue;
    const float e = 1.f - static_cast<float>((1 - t) * (1 - t));  // ease-out
    const Rect r{from->x + (to->x - from->x) * e, from->y + (to->y - from->y) * e,
                 std::max(24.f, from->w + (to->w - from->w) * e), std::max(8.f, from->h + (to->h - from->h) * e)};
    const ModelBlock* b = ctx.model.block(id);
    draw_block_tile(draw, r, id, b != nullptr ? b->n : 0, ctx.scenario.block_capacity,
                    motion.to.place, false);
  }
}

}  // namespace cq::viz
