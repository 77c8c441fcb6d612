// Processors: one lane per P, its block as C slots filling up, the sweeper that holds the P, and
// the enqueue happening now (teaching moment 2: P-local blocks, plain stores, no shared write per
// cleanup).
#include <algorithm>
#include <cstdio>

#include "views/block_tile.hpp"
#include "views/view_context.hpp"

namespace cq::viz {

void draw_processors(ViewContext& ctx) {
  const TraceModel& m = ctx.model;
  const std::uint32_t capacity = ctx.scenario.block_capacity;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float width = ImGui::GetContentRegionAvail().x;
  const float avail_h = ImGui::GetContentRegionAvail().y;
  // After a procresize (m.gomaxprocs != 0) the lanes follow allp: a grow adds lanes the run
  // started without (new Ps, no block yet), and a shrink keeps the cut Ps' lanes, marked, since
  // (*p).destroy leaves pp.cleanups where it is (runtime/proc.go) and no flush visits them.
  const auto started_with = static_cast<std::uint32_t>(m.ps.size());
  const std::uint32_t count = std::max(started_with, m.gomaxprocs);
  if (count == 0) return;
  const ModelP no_block;
  const float lane_h = std::clamp(avail_h / static_cast<float>(count), 6.f, 30.f);
  const float label_w = lane_h >= 14.f ? 112.f : 40.f;
  // The event just folded: its P lane and slot flash.
  // A copy: Trace::at returns events by value (an encoded chunk has none to point at). Not an
  // optional: GCC 12 -O3 warns that its payload may be read uninitialized.
  const bool has_last = ctx.proj.cursor() > 0 && ctx.proj.trace() != nullptr;
  const TraceEvent last = has_last ? ctx.proj.trace()->at(ctx.proj.cursor() - 1) : TraceEvent{};
  for (std::uint32_t p = 0; p < count; ++p) {
    const ModelP& lane = p < started_with ? m.ps[p] : no_block;
    const bool cut = m.gomaxprocs != 0 && p >= m.gomaxprocs;
    const float y = origin.y + lane_h * static_cast<float>(p);
    if (y + lane_h > origin.y + avail_h + 1) {
      // More Ps than fit: say so rather than cut them off silently.
      char more[64];
      std::snprintf(more, sizeof more, "P%u..P%u not shown: enlarge the window", p, count - 1);
      draw->AddText(ImVec2(origin.x + label_w, origin.y + avail_h - ImGui::GetFontSize()),
                    colour(Role::warning), more);
      break;
    }
    char label[48];
    if (cut && lane_h >= 14.f) {
      std::snprintf(label, sizeof label, "P%u  cut", p);
    } else if (p >= started_with && lane_h >= 14.f) {
      std::snprintf(label, sizeof label, "P%u  new", p);
    } else if (lane.holder != kNoActorInModel && lane_h >= 14.f) {
      std::snprintf(label, sizeof label, "P%u  sweeper", p);
    } else {
      std::snprintf(label, sizeof label, "P%u", p);
    }
    if (lane_h >= 10.f)
      draw->AddText(ImVec2(origin.x, y + (lane_h - ImGui::GetFontSize()) * 0.5f),
                    colour(cut                              ? Role::warning
                           : lane.holder != kNoActorInModel ? Role::text
                                                            : Role::text_dim),
                    label);
    const Rect slot_rect{origin.x + label_w, y + 2, width - label_w - 4, lane_h - 4};
    ctx.proj.register_place({BlockPlace::p, p}, slot_rect);
    draw->AddRectFilled(ImVec2(slot_rect.x, slot_rect.y),
                        ImVec2(slot_rect.x + slot_rect.w, slot_rect.y + slot_rect.h),
                        colour(Role::slot_empty, 120), 3.f);
    const bool picked = ctx.ui.pick == UiState::Pick::p && ctx.ui.pick_id == p;
    if (lane.block != kNoBlock && ctx.proj.motion(lane.block, ctx.now_s) == nullptr) {
      const float cell = slot_rect.w / static_cast<float>(capacity);
      if (cell >= 4.f) {
        // Individual slots: the student sees each plain store land.
        for (std::uint32_t i = 0; i < capacity; ++i) {
          const ImVec2 a(slot_rect.x + cell * i + 0.5f, slot_rect.y);
          const ImVec2 b(a.x + cell - 1.f, slot_rect.y + slot_rect.h);
          const bool filled = i < lane.fill;
          const bool now =
              has_last && last.kind == EventKind::enqueue && last.p == p && last.b == i;
          draw->AddRectFilled(a, b,
                              now      ? colour(Role::highlight)
                              : filled ? colour(Role::slot_filled)
                                       : colour(Role::slot_empty),
                              2.f);
        }
      } else {
        draw_block_tile(draw, slot_rect, lane.block, lane.fill, capacity, BlockPlace::p, false);
      }
    }
    if (picked) {
      draw->AddRect(ImVec2(slot_rect.x - 2, slot_rect.y - 2),
                    ImVec2(slot_rect.x + slot_rect.w + 2, slot_rect.y + slot_rect.h + 2),
                    colour(Role::highlight), 4.f, 0, 2.f);
    }
    if (clicked_in(Rect{origin.x, y, width, lane_h})) {
      ctx.ui.pick = lane.block != kNoBlock ? UiState::Pick::block : UiState::Pick::p;
      ctx.ui.pick_id = lane.block != kNoBlock ? lane.block : p;
    }
  }
  ImGui::Dummy(ImVec2(width, std::min(avail_h, lane_h * static_cast<float>(count))));
}

}  // namespace cq::viz
