// Where the panels go: the App lays out the views each frame at the fractions of its PanelLayout,
// puts splitters in the gaps between them, and frames what a lesson's step points at.
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "app/app.hpp"
#include "views/splitter.hpp"
#include "views/view_context.hpp"

namespace cq::viz {

void App::layout() {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, colour(Role::background));
  ImGui::Begin("Cleanup Queue Lab", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoSavedSettings);
  ImGui::PopStyleColor();
  ViewContext ctx{*this,
                  *this,
                  projection_,
                  projection_.model(),
                  ui_,
                  active_scenario(),
                  ImGui::GetTime(),
                  comparison_,
                  view_caches_};
  std::map<int, Rect> panels;  // by lesson::HighlightArea, for the lesson's highlights
  auto remember = [&](lesson::HighlightArea area) {
    panels[static_cast<int>(area)] = to_rect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  };
  draw_controls(ctx);
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const ImVec2 top_left = ImGui::GetCursorScreenPos();
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  // A lesson's text and questions need room: its bottom row is taller (a fraction of its own).
  float& top_share = lesson_ ? layout_.top_lesson : layout_.top;
  const float top_h = std::max(200.f, avail.y * top_share);
  const float timeline_h = 132.f;
  const float bottom_h =
      std::max(120.f, avail.y - top_h - timeline_h - 2 * ImGui::GetStyle().ItemSpacing.y);
  const float left_w = avail.x * layout_.left, mid_w = avail.x * layout_.mid;
  const float right_w = avail.x - left_w - mid_w - 2 * gap;
  // Top row: processors + GC | stacks | goroutines + scheduler. The GC panel keeps room for its
  // title, phase chips and three lines (gate, status, who flushed) however short the row gets (a
  // lesson's is short).
  const float spacing_y = ImGui::GetStyle().ItemSpacing.y;
  const float gc_min_h = ImGui::GetTextLineHeightWithSpacing() * 4 +
                         ImGui::GetFrameHeightWithSpacing() +
                         ImGui::GetStyle().WindowPadding.y * 2 + spacing_y;
  const float gc_h = std::min(top_h * 0.5f, std::max(top_h * 0.28f, gc_min_h));
  ImGui::BeginGroup();
  if (begin_panel("##processors", "Processors (P-local blocks)", ImVec2(left_w, top_h - gc_h),
                  this))
    draw_processors(ctx);
  end_panel();
  remember(lesson::HighlightArea::processors);
  if (begin_panel("##gc", "GC phase and sweep gate", ImVec2(left_w, gc_h - spacing_y), this))
    draw_gc_phase(ctx);
  end_panel();
  remember(lesson::HighlightArea::gc_phase);
  ImGui::EndGroup();
  ImGui::SameLine();
  if (begin_panel("##stacks", "Full list and free list", ImVec2(mid_w, top_h), this))
    draw_stacks(ctx);
  end_panel();
  remember(lesson::HighlightArea::full_stack);
  ImGui::SameLine();
  ImGui::BeginGroup();
  if (begin_panel("##workers", "Cleanup goroutines", ImVec2(right_w, top_h * 0.58f), this))
    draw_workers(ctx);
  end_panel();
  remember(lesson::HighlightArea::workers);
  if (begin_panel("##scheduler", "Scheduler",
                  ImVec2(right_w, top_h * 0.42f - ImGui::GetStyle().ItemSpacing.y), this))
    draw_scheduler(ctx);
  end_panel();
  remember(lesson::HighlightArea::scheduler);
  ImGui::EndGroup();
  if (begin_panel("##timeline", "Timeline", ImVec2(avail.x, timeline_h), this)) draw_timeline(ctx);
  end_panel();
  remember(lesson::HighlightArea::timeline);
  const float bottom_y = ImGui::GetCursorScreenPos().y;
  const float tabs_w = avail.x * layout_.tabs;
  if (begin_panel("##tabs", "Run", ImVec2(tabs_w, bottom_h), this)) {
    // SetSelected is a one-shot request: the tab bar keeps it until the next frame's layout.
    auto tab_flags = [&](int tab) {
      return ui_.select_tab == tab ? ImGuiTabItemFlags_SetSelected : 0;
    };
    if (ImGui::BeginTabBar("##bottom")) {
      if (ImGui::BeginTabItem(lesson_ ? "Lesson" : "Lessons", nullptr, tab_flags(kLessonTab))) {
        draw_lesson(ctx);
        ImGui::EndTabItem();
      }
      if (ImGui::BeginTabItem("Event log", nullptr, tab_flags(0))) {
        draw_event_log(ctx);
        ImGui::EndTabItem();
        panels[static_cast<int>(lesson::HighlightArea::event_log)] = to_rect(
            ImGui::GetWindowPos(), ImVec2(ImGui::GetWindowPos().x + ImGui::GetWindowSize().x,
                                          ImGui::GetWindowPos().y + ImGui::GetWindowSize().y));
      }
      if (ImGui::BeginTabItem("Metrics", nullptr, tab_flags(1))) {
        draw_metrics(ctx);
        ImGui::EndTabItem();
        panels[static_cast<int>(lesson::HighlightArea::metrics)] = to_rect(
            ImGui::GetWindowPos(), ImVec2(ImGui::GetWindowPos().x + ImGui::GetWindowSize().x,
                                          ImGui::GetWindowPos().y + ImGui::GetWindowSize().y));
      }
      if (ImGui::BeginTabItem("Scenario", nullptr, tab_flags(2))) {
        ImGui::BeginChild("##scenario-scroll",
                          ImGui::GetContentRegionAvail());  // taller than the tab
        draw_scenario(ctx);
        ImGui::EndChild();
        ImGui::EndTabItem();
      }
      if (ImGui::BeginTabItem("Compare with Go 1.24", nullptr, tab_flags(3))) {
        ImGui::BeginChild("##compare-scroll", ImGui::GetContentRegionAvail());
        draw_compare(ctx);
        ImGui::EndChild();
        ImGui::EndTabItem();
      }
      if (ImGui::BeginTabItem("Real Go", nullptr, tab_flags(kRealGoTab))) {
        ImGui::BeginChild("##real-go-scroll", ImGui::GetContentRegionAvail());
        draw_real_go(ctx);
        ImGui::EndChild();
        ImGui::EndTabItem();
      }
      if (ImGui::BeginTabItem("Code", nullptr, tab_flags(kCodeTab))) {
        draw_code(ctx);
        ImGui::EndTabItem();
      }
      ImGui::EndTabBar();
      ui_.select_tab = -1;
    }
  }
  end_panel();
  ImGui::SameLine();
  if (begin_panel("##inspector", "Inspector", ImVec2(avail.x - tabs_w - gap, bottom_h), this))
    draw_inspector(ctx);
  end_panel();
  remember(lesson::HighlightArea::inspector);
  panels[static_cast<int>(lesson::HighlightArea::free_stack)] =
      panels[static_cast<int>(lesson::HighlightArea::full_stack)];
  drag_splitters(Rect{top_left.x, top_left.y, avail.x, top_h},
                 Rect{top_left.x, bottom_y, avail.x, bottom_h}, gap, top_share, avail.y);
  ImGui::End();
  draw_motions(ctx);
  if (lesson_ && !practice_) draw_highlights(panels);  // the step's, not practice's
  draw_help(ctx);
  draw_welcome(ctx);
}

void App::drag_splitters(const Rect& row, const Rect& bottom, float gap, float& top_share,
                         float height) {
  // In the gaps between the panels just laid out; a drag takes effect from the next frame.
  const float left_edge = row.x + row.w * layout_.left;
  const float mid_edge = left_edge + gap + row.w * layout_.mid;
  if (const float dx =
          splitter("##split-left", SplitAxis::columns, Rect{left_edge, row.y, gap, row.h});
      dx != 0) {
    layout_.move_left_border(dx / row.w);
  }
  if (const float dx =
          splitter("##split-mid", SplitAxis::columns, Rect{mid_edge, row.y, gap, row.h});
      dx != 0) {
    layout_.move_mid_border(dx / row.w);
  }
  const float spacing_y = ImGui::GetStyle().ItemSpacing.y;
  if (const float dy =
          splitter("##split-top", SplitAxis::rows, Rect{row.x, row.y + row.h, row.w, spacing_y});
      dy != 0) {
    top_share = std::clamp(top_share + dy / height, PanelLayout::kMinRow, PanelLayout::kMaxRow);
  }
  const Rect tabs_gap{bottom.x + bottom.w * layout_.tabs, bottom.y, gap, bottom.h};
  if (const float dx = splitter("##split-tabs", SplitAxis::columns, tabs_gap); dx != 0) {
    layout_.tabs =
        std::clamp(layout_.tabs + dx / bottom.w, PanelLayout::kMinTabs, PanelLayout::kMaxTabs);
  }
}

void App::draw_highlights(const std::map<int, Rect>& panels) {
  // A pulsing frame around what the lesson's step points at, on top of everything.
  ImDrawList* draw = ImGui::GetForegroundDrawList();
  const float pulse = 0.6f + 0.4f * static_cast<float>(std::sin(ImGui::GetTime() * 4.0));
  const auto alpha = static_cast<std::uint8_t>(255 * pulse);
  for (const lesson::Highlight& h : lesson_->lesson().steps[lesson_step_].highlights) {
    const Rect* r = nullptr;
    Rect place;
    switch (h.area) {
      case lesson::HighlightArea::p:
        r = projection_.place_rect({BlockPlace::p, h.index});
        break;
      case lesson::HighlightArea::worker:
        r = projection_.place_rect({BlockPlace::worker, h.index});
        break;
      case lesson::HighlightArea::block:
        r = projection_.place_rect(projection_.place_of(h.index));
        break;
      case lesson::HighlightArea::quantity: {
        auto it = panels.find(static_cast<int>(lesson::HighlightArea::scheduler));
        if (it != panels.end()) r = &it->second;
        break;
      }
      default: {
        auto it = panels.find(static_cast<int>(h.area));
        if (it != panels.end()) r = &it->second;
        break;
      }
    }
    if (r == nullptr) continue;
    place = *r;
    draw->AddRect(ImVec2(place.x - 3, place.y - 3),
                  ImVec2(place.x + place.w + 3, place.y + place.h + 3),
                  colour(Role::highlight, alpha), 6.f, 0, 3.f);
  }
}

}  // namespace cq::viz
