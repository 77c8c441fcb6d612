// Cleanup goroutines: one card each, with its state as a word and a shape (running: filled
// disc, parked: hollow ring, announced: half disc, stuck: crossed square, exited by
// runtime.Goexit: hollow crossed square), the block it runs
// and how far, and the pool size against its cap (teaching moments 1, 11 and 12).
#include <algorithm>
#include <cstdio>

#include "views/block_tile.hpp"
#include "views/view_context.hpp"

namespace cq::viz {
namespace {

void draw_state_icon(ImDrawList* draw, ImVec2 c, float r, WorkerPhase phase) {
  switch (phase) {
    case WorkerPhase::running:
      draw->AddCircleFilled(c, r, colour(Role::running));
      break;
    case WorkerPhase::parked:
      draw->AddCircle(c, r, colour(Role::sleeping), 0, 2.f);
      break;
    case WorkerPhase::announced:
      draw->AddCircle(c, r, colour(Role::sleeping), 0, 2.f);
      draw->PathArcTo(c, r, 1.5708f, 4.7124f);
      draw->PathFillConvex(colour(Role::sleeping));
      break;
    case WorkerPhase::stuck:
      draw->AddRectFilled(ImVec2(c.x - r, c.y - r), ImVec2(c.x + r, c.y + r), colour(Role::stuck),
                          2.f);
      draw->AddLine(ImVec2(c.x - r, c.y - r), ImVec2(c.x + r, c.y + r), colour(Role::text), 2.f);
      draw->AddLine(ImVec2(c.x - r, c.y + r), ImVec2(c.x + r, c.y - r), colour(Role::text), 2.f);
      break;
    case WorkerPhase::exited:  // dead: no fill, but the cross of a goroutine that runs nothing
      draw->AddRect(ImVec2(c.x - r, c.y - r), ImVec2(c.x + r, c.y + r), colour(Role::stuck), 2.f, 0,
                    2.f);
      draw->AddLine(ImVec2(c.x - r, c.y - r), ImVec2(c.x + r, c.y + r), colour(Role::stuck), 2.f);
      draw->AddLine(ImVec2(c.x - r, c.y + r), ImVec2(c.x + r, c.y - r), colour(Role::stuck), 2.f);
      break;
    default:
      draw->AddTriangleFilled(ImVec2(c.x - r, c.y - r), ImVec2(c.x - r, c.y + r),
                              ImVec2(c.x + r, c.y), colour(Role::wake));
      break;
  }
}

}  // namespace

void draw_workers(ViewContext& ctx) {
  const TraceModel& m = ctx.model;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const std::uint32_t cap =
      ctx.scenario.design() == Design::finalizer_queue
          ? 1
          : max_cleanup_goroutines(ctx.scenario.gomaxprocs, ctx.scenario.worker_cap);
  ImGui::Text("goroutines %u of cap %u", static_cast<unsigned>(m.workers.size()), cap);
  ImGui::SameLine();
  ImGui::TextDisabled("running %u  asleep %u", m.counters.running, m.counters.sleepers);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float card_h = std::clamp(
      avail.y / std::max<float>(1.f, static_cast<float>(m.workers.size())) - 4.f, 18.f, 40.f);
  for (std::uint32_t g = 0; g < m.workers.size(); ++g) {
    const ModelWorker& w = m.workers[g];
    const float y = origin.y + (card_h + 4.f) * static_cast<float>(g);
    if (y + card_h > origin.y + avail.y) break;
    const Rect card{origin.x, y, avail.x, card_h};
    const bool picked = ctx.ui.pick == UiState::Pick::worker && ctx.ui.pick_id == g;
    draw->AddRectFilled(ImVec2(card.x, card.y), ImVec2(card.x + card.w, card.y + card.h),
                        colour(w.running_cleanups ? Role::running : Role::slot_empty,
                               w.running_cleanups ? 60 : 160),
                        5.f);
    if (picked)
      draw->AddRect(ImVec2(card.x, card.y), ImVec2(card.x + card.w, card.y + card.h),
                    colour(Role::highlight), 5.f, 0, 2.f);
    const float r = std::min(8.f, card_h * 0.3f);
    draw_state_icon(draw, ImVec2(card.x + 6 + r, card.cy()), r, w.phase);
    char label[96];
    if (w.phase == WorkerPhase::running || w.phase == WorkerPhase::stuck ||
        w.phase == WorkerPhase::exited) {
      std::snprintf(label, sizeof label, "%s%u  %s b%u @%u", w.fing ? "fing " : "g", g,
                    std::string(to_string(w.phase)).c_str(), w.block == kNoBlock ? 0u : w.block,
                    w.next_slot);
    } else {
      std::snprintf(label, sizeof label, "%s%u  %s", w.fing ? "fing " : "g", g,
                    std::string(to_string(w.phase)).c_str());
    }
    draw->AddText(ImVec2(card.x + 12 + 2 * r, card.cy() - ImGui::GetFontSize() * 0.5f),
                  colour(Role::text), label);
    const float block_x = card.x + card.w * 0.55f;
    const Rect block_rect{block_x, card.y + 3, card.x + card.w - block_x - 4, card.h - 6};
    ctx.proj.register_place({BlockPlace::worker, g}, block_rect);
    if (w.block != kNoBlock && ctx.proj.motion(w.block, ctx.now_s) == nullptr) {
      const ModelBlock* b = m.block(w.block);
      draw_block_tile(draw, block_rect, w.block,
                      b != nullptr ? b->n - std::min(b->n, w.next_slot) : 0,
                      ctx.scenario.block_capacity, BlockPlace::worker, false);
    }
    if (clicked_in(card)) {
      ctx.ui.pick = UiState::Pick::worker;
      ctx.ui.pick_id = g;
    }
  }
  ImGui::Dummy(avail);
}

}  // namespace cq::viz
