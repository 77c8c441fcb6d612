// ViewContext: what every view gets each frame. Views read the projection (never the engine),
// write only the UI state, and ask for actions through two interfaces the app implements: the
// run that is showing (play, step; active_run.hpp) and the rest (reset, export, lessons;
// view_actions.hpp). They never see the App itself, so no view includes an app header.
#pragma once

#include <imgui.h>

#include <string>

#include "model/projection.hpp"
#include "ui/fonts.hpp"
#include "ui/theme.hpp"
#include "views/active_run.hpp"
#include "views/ui_state.hpp"
#include "views/view_actions.hpp"
#include "views/view_caches.hpp"

namespace cq::viz {

class Comparison;

struct ViewContext {
  ActiveRun& run;    // the free run or the open lesson's, whichever the picture shows
  ViewActions& app;  // the rest of what the app does for the views
  Projection& proj;
  const TraceModel& model;
  UiState& ui;
  const Scenario& scenario;
  double now_s;            // wall time, for animations
  Comparison& comparison;  // the compare view's runs: they outlive a frame, so the app owns them
  ViewCaches& caches;      // what views keep between frames (view_caches.hpp), the app's too
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
void draw_real_go(ViewContext& ctx);
void draw_code(ViewContext& ctx);
void draw_help(ViewContext& ctx);
void draw_welcome(ViewContext& ctx);
void draw_lesson(ViewContext& ctx);
// Blocks in flight between places, drawn over everything after the views registered places.
void draw_motions(ViewContext& ctx);

// A panel: a bordered child region with a title, and a small "png" button in the title row that
// saves just this panel as a picture. Returns whether the panel is visible.
bool begin_panel(const char* id, const char* title, ImVec2 size, ViewActions* app = nullptr);
void end_panel();

inline Rect to_rect(ImVec2 min, ImVec2 max) {
  return {min.x, min.y, max.x - min.x, max.y - min.y};
}

// Notes where the last widget was drawn, under `name`, for the tests that click it as a person
// would (the page's status, --print-lesson-state).
inline void note_last_item(ViewActions& app, const std::string& name) {
  app.note_item(name, to_rect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax()));
}

}  // namespace cq::viz
