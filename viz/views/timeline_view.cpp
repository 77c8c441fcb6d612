// Timeline: the interesting events as markers on an axis of event indices, one row per kind of
// moment (shape and row, not only colour), the cursor as a scrubber. Click or drag to move the
// cursor, wheel to zoom around the mouse, right-drag to pan.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "views/view_context.hpp"

namespace cq::viz {
namespace {

int row_of(EventKind k) {
  switch (k) {
    case EventKind::gc_phase:
      return 0;
    case EventKind::block_full:
      return 1;
    case EventKind::flush_begin:
    case EventKind::flush_end:
    case EventKind::sweep_drained:
      return 2;
    case EventKind::wake:
      return 3;
    case EventKind::goroutines_created:
      return 4;
    default:
      return 5;  // stuck, stranded, violations, run_end
  }
}
constexpr const char* kRows[] = {"GC", "full", "flush", "wake", "new g", "alert"};
constexpr Role kRowRoles[] = {Role::gc_mark, Role::block_full, Role::flush,
                              Role::wake,    Role::running,    Role::warning};

}  // namespace

void draw_timeline(ViewContext& ctx) {
  const std::size_t head = ctx.proj.head();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 o = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float label_w = 52.f;
  const float axis_x = o.x + label_w, axis_w = avail.x - label_w - 8.f;
  const float row_h = std::max(8.f, (avail.y - 18.f) / 6.f);
  double first = ctx.ui.timeline_first;
  double span = ctx.ui.timeline_span > 0 ? ctx.ui.timeline_span : std::max<double>(1, head);
  span = std::min(span, std::max<double>(1, head));
  first = std::clamp(first, 0.0, std::max(0.0, head - span));
  auto x_of = [&](double index) {
    return axis_x + static_cast<float>((index - first) / span) * axis_w;
  };
  for (int r = 0; r < 6; ++r) {
    const float y = o.y + row_h * r;
    // Labels shrink with the rows so they never overlap on a short panel.
    const float label_size = std::min(ImGui::GetFontSize(), row_h);
    draw->AddText(ImGui::GetFont(), label_size, ImVec2(o.x, y + (row_h - label_size) * 0.5f),
                  colour(Role::text_dim), kRows[r]);
    draw->AddLine(ImVec2(axis_x, y + row_h * 0.5f), ImVec2(axis_x + axis_w, y + row_h * 0.5f),
                  colour(Role::slot_empty));
  }
  // Markers: only interesting events are drawn; a few pixels apart at most, so a million-event
  // run costs one pass over a short list.
  TimelineMarkers& cache = ctx.caches.timeline;
  const Trace* trace = ctx.proj.trace();
  const auto& marks = ctx.proj.interesting();
  if (cache.trace != trace || cache.head != head || cache.marks != marks.size() ||
      cache.first != first || cache.span != span || cache.axis_w != axis_w) {
    cache.trace = trace;
    cache.head = head;
    cache.marks = marks.size();
    cache.first = first;
    cache.span = span;
    cache.axis_w = axis_w;
    cache.markers.clear();
    float last_x[6] = {-1e9f, -1e9f, -1e9f, -1e9f, -1e9f, -1e9f};
    auto begin = std::lower_bound(marks.begin(), marks.end(), static_cast<std::size_t>(first));
    for (auto it = begin; it != marks.end() && static_cast<double>(*it) <= first + span; ++it) {
      const int r = row_of(trace->at(*it).kind);
      const float x = x_of(static_cast<double>(*it));
      if (x - last_x[r] < 2.f) continue;
      last_x[r] = x;
      cache.markers.push_back({x - axis_x, r});
    }
  }
  const float s = std::min(5.f, row_h * 0.35f);
  for (const TimelineMarkers::Marker& m : cache.markers) {
    const float x = axis_x + m.dx;
    const float cy = o.y + row_h * m.row + row_h * 0.5f;
    if (m.row % 2 == 0) {
      draw->AddCircleFilled(ImVec2(x, cy), s, colour(kRowRoles[m.row]));
    } else {
      draw->AddTriangleFilled(ImVec2(x, cy - s), ImVec2(x - s, cy + s), ImVec2(x + s, cy + s),
                              colour(kRowRoles[m.row]));
    }
  }
  // The cursor.
  const float cx = x_of(static_cast<double>(ctx.proj.cursor()));
  draw->AddLine(ImVec2(cx, o.y), ImVec2(cx, o.y + row_h * 6), colour(Role::highlight), 2.f);
  char text[96];
  std::snprintf(text, sizeof text, "event %zu of %zu", ctx.proj.cursor(), head);
  draw->AddText(ImVec2(axis_x, o.y + row_h * 6 + 2), colour(Role::text_dim), text);
  // Interaction.
  ImGui::SetCursorScreenPos(ImVec2(axis_x, o.y));
  ImGui::InvisibleButton("##timeline", ImVec2(std::max(1.f, axis_w), std::max(1.f, row_h * 6)));
  note_last_item(ctx.app, "timeline");
  if (ImGui::IsItemActive() && ImGui::IsMouseDown(ImGuiMouseButton_Left) && head > 0) {
    const double at = first + (ImGui::GetIO().MousePos.x - axis_x) / axis_w * span;
    ctx.run.go_to(static_cast<std::uint64_t>(std::clamp(at, 0.0, static_cast<double>(head))));
  }
  if (ImGui::IsItemHovered()) {
    const float wheel = ImGui::GetIO().MouseWheel;
    if (wheel != 0 && head > 0) {
      const double pivot = first + (ImGui::GetIO().MousePos.x - axis_x) / axis_w * span;
      const double next = std::clamp(span * std::pow(0.8, wheel), 16.0, static_cast<double>(head));
      ctx.ui.timeline_span = next >= head ? 0 : next;
      ctx.ui.timeline_first = pivot - (pivot - first) * next / span;
    }
    if (ImGui::IsMouseDragging(ImGuiMouseButton_Right)) {
      ctx.ui.timeline_first = first - ImGui::GetIO().MouseDelta.x / axis_w * span;
    }
  }
}

}  // namespace cq::viz
