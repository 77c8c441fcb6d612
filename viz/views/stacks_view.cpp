// The full list and the free list: two lock-free stacks of block tiles, head on top and marked,
// counts above, and a flash when the last push or pop needed CAS retries. During a flush the
// last sweeper's accumulator appears between them (teaching moments 1, 5 and 6).
#include <algorithm>
#include <cstdio>

#include "views/block_tile.hpp"
#include "views/view_context.hpp"

namespace cq::viz {
namespace {

void draw_stack(ViewContext& ctx, const char* title, const std::vector<std::uint32_t>& stack,
                BlockPlace place, const Rect& area, std::uint32_t retries_flash) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  char header[64];
  std::snprintf(header, sizeof header, "%s  (%zu)", title, stack.size());
  draw->AddText(ImVec2(area.x, area.y), colour(Role::text), header);
  const float top = area.y + ImGui::GetFontSize() + 6.f;
  const float height = area.y + area.h - top;
  const auto n = static_cast<float>(std::max<std::size_t>(stack.size(), 1));
  const float tile_h = std::clamp(height / n - 2.f, 2.f, 22.f);
  const float step = tile_h + (tile_h >= 6.f ? 2.f : 0.f);
  const std::uint32_t capacity = ctx.scenario.block_capacity;
  // Bottom of the stack at the bottom of the area; the head (back()) highest.
  for (std::size_t i = 0; i < stack.size(); ++i) {
    const float y = area.y + area.h - step * static_cast<float>(i + 1);
    if (y < top) break;  // too many to draw: the count says how many
    const Rect r{area.x, y, area.w, tile_h};
    const auto position = static_cast<std::uint32_t>(i);
    ctx.proj.register_place({place, position}, r);
    const std::uint32_t id = stack[i];
    if (ctx.proj.motion(id, ctx.now_s) != nullptr) continue;  // drawn in flight
    const ModelBlock* b = ctx.model.block(id);
    const bool picked = ctx.ui.pick == UiState::Pick::block && ctx.ui.pick_id == id;
    draw_block_tile(draw, r, id, b != nullptr ? b->n : 0, capacity, place, picked);
    if (clicked_in(r)) {
      ctx.ui.pick = UiState::Pick::block;
      ctx.ui.pick_id = id;
    }
  }
  // Register the next free position too, so a block pushed there has somewhere to fly to.
  const float next_y = area.y + area.h - step * static_cast<float>(stack.size() + 1);
  ctx.proj.register_place({place, static_cast<std::uint32_t>(stack.size())},
                          Rect{area.x, std::max(top, next_y), area.w, tile_h});
  if (!stack.empty()) {
    const float head_y = std::max(top, area.y + area.h - step * static_cast<float>(stack.size()));
    draw->AddText(ImVec2(area.x + area.w + 4.f, head_y), colour(Role::highlight), "< head");
  }
  if (retries_flash > 0) {
    char flash[48];
    std::snprintf(flash, sizeof flash, "CAS retry x%u", retries_flash);
    draw->AddText(ImVec2(area.x, top), colour(Role::warning), flash);
  }
}

// Go 1.24 has no block stacks: every cleanup waits on the finalizer queue, under one lock.
void draw_finq(ViewContext& ctx) {
  const std::uint64_t queued = ctx.model.entries.finq;
  ImGui::TextWrapped(
      "Go 1.24: cleanups share the finalizer queue `finq`, one mutex (`finlock`) "
      "for every enqueue, drained by the single goroutine `fing`.");
  ImGui::PushFont(fonts().mono);
  ImGui::Text("finq: %llu cleanups waiting", static_cast<unsigned long long>(queued));
  ImGui::PopFont();
  const float w = ImGui::GetContentRegionAvail().x;
  const float total = static_cast<float>(std::max<std::uint64_t>(1, ctx.model.counters.registered));
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 o = ImGui::GetCursorScreenPos();
  draw->AddRectFilled(o, ImVec2(o.x + w, o.y + 22), colour(Role::slot_empty), 3.f);
  draw->AddRectFilled(o,
                      ImVec2(o.x + w * std::min(1.f, static_cast<float>(queued) / total), o.y + 22),
                      colour(Role::block_full), 3.f);
  ImGui::Dummy(ImVec2(w, 26));
}

}  // namespace

void draw_stacks(ViewContext& ctx) {
  if (ctx.scenario.design() == Design::finalizer_queue) {
    draw_finq(ctx);
    return;
  }
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float label_room = 56.f;
  const float column = (avail.x - 2 * label_room) / 2.f;
  // Retries of the event just folded, shown on the stack it touched.
  std::uint32_t full_retries = 0, free_retries = 0;
  if (ctx.proj.cursor() > 0 && ctx.proj.trace() != nullptr) {
    const TraceEvent& e = ctx.proj.trace()->at(ctx.proj.cursor() - 1);
    if (e.kind == EventKind::block_full || e.kind == EventKind::pop_full) full_retries = e.b;
    if (e.kind == EventKind::push_free || e.kind == EventKind::block_from_free) free_retries = e.b;
  }
  const Rect full_area{origin.x, origin.y, column, avail.y};
  const Rect free_area{origin.x + column + label_room, origin.y, column, avail.y};
  draw_stack(ctx, "full", ctx.model.full_stack, BlockPlace::full, full_area, full_retries);
  draw_stack(ctx, "free", ctx.model.free_stack, BlockPlace::free, free_area, free_retries);
  // The flusher's hands, between the two columns, while a flush is being folded.
  const float tray_w = std::min(label_room - 8.f, 48.f);
  for (std::uint32_t slot = 0; slot < 2; ++slot) {
    ctx.proj.register_place(
        {BlockPlace::flusher, slot},
        Rect{origin.x + column + 4.f, origin.y + avail.y * 0.35f + slot * 26.f, tray_w, 22.f});
  }
  const Rect* hands = ctx.proj.place_rect({BlockPlace::flusher, 0});
  if (ctx.model.flush.active && ctx.model.flush.accumulator != kNoBlock) {
    const ModelBlock* b = ctx.model.block(ctx.model.flush.accumulator);
    if (hands != nullptr && b != nullptr &&
        ctx.proj.motion(ctx.model.flush.accumulator, ctx.now_s) == nullptr) {
      draw_block_tile(ImGui::GetWindowDrawList(), *hands, ctx.model.flush.accumulator, b->n,
                      ctx.scenario.block_capacity, BlockPlace::flusher, false);
    }
  }
  // Labelled while the flush is folded and while its walk is still being shown after it.
  if (hands != nullptr && (ctx.model.flush.active || ctx.proj.flush_walk().active(ctx.now_s))) {
    ImGui::GetWindowDrawList()->AddText(ImVec2(hands->x, hands->y - ImGui::GetFontSize() - 2),
                                        colour(Role::flush), "flush");
  }
  ImGui::Dummy(avail);
}

}  // namespace cq::viz
