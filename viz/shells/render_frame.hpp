// The one frame every shell draws. A shell only turns its platform's events into Dear ImGui's
// input and its draw lists into pixels; what a frame is (the App's UI between NewFrame and
// Render, then the screenshots and GIF frames it asked for) is the same everywhere, so it is
// written once, here.
#pragma once

#include "app/app.hpp"
#include "shells/shell.hpp"

namespace cq::viz {

// Dear ImGui's context, with the window layout kept in the settings folder's imgui.ini when
// `persist_layout` (a window) and nowhere otherwise (headless frames are reproducible). The web
// page makes its own: its imgui.ini lives in the page's file system.
void create_imgui_context(bool persist_layout);

// The shell's backends' NewFrame, ImGui::NewFrame, App::frame, ImGui::Render, the shell's
// render, then App::after_render with the shell's capture. The shell presents the frame itself.
void render_frame(Shell& shell, App& app);

}  // namespace cq::viz
