// ViewContext: what every view gets each frame. Views read the projection (never the engine),
// write only the UI state, and ask the App for actions (play, step, reset, export).
#pragma once

#include <imgui.h>

#include "app/app.hpp"
#include "app/fonts.hpp"
#include "app/theme.hpp"
#include "model/projection.hpp"

namespace cq::viz {

class Comparison;

struct ViewContext {
  App& app;
  Projection& proj;
  const TraceModel& model;
  UiState& ui;
  const Scenario& scenario;
  double now_s;            // wall time, for animations
  Comparison& comparison;  // the compare view's runs: they outlive a frame, so the app owns them
};

// The views, one file each in viz/views/.
void draw_controls(ViewContext& ctx);
void draw_processors(ViewContext& ctx);
void draw_gc_phase(ViewContext& ctx);
void draw_stacks(ViewContext& ctx);
void draw_workers(ViewContext& ctx);
void draw_scheduler(ViewContext& ctx);
void draw_timeline(ViewContext& ctx);
void draw_event_log(ViewContext& ctx);
void draw_metrics(ViewContext& ctx);
void draw_inspector(ViewContext& ctx);
void draw_scenario(ViewContext& ctx);
void draw_compare(ViewContext& ctx);
void draw_help(ViewContext& ctx);
void draw_lesson(ViewContext& ctx);
// Blocks in flight between places, drawn over everything after the views registered places.
void draw_motions(ViewContext& ctx);

// A panel: a bordered child region with a title, and a small "png" button in the title row that
// saves just this panel as a picture. Returns whether the panel is visible.
bool begin_panel(const char* id, const char* title, ImVec2 size, App* app = nullptr);
void end_panel();

inline Rect to_rect(ImVec2 min, ImVec2 max) {
  return {min.x, min.y, max.x - min.x, max.y - min.y};
}

}  // namespace cq::viz
