// Helpers for the visualizer suites: a headless UI harness (ImGui context + headless shell +
// fonts + App, the same setup as `cleanupq-viz --headless`), hand-written events, scenarios.
#pragma once

#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "app/app.hpp"
#include "draw_text.hpp"
#include "shells/shell.hpp"
#include "ui/fonts.hpp"

namespace cq::viz::test {

// Settings (palette, speed) come from $XDG_CONFIG_HOME: point it at an empty folder so a
// developer's own settings cannot change what the tests see. Headless apps never save.
inline void isolate_settings() {
  static const bool done = [] {
    const auto dir = std::filesystem::path(::testing::TempDir()) / "cq-viz-test-config";
    std::filesystem::create_directories(dir);
    ::setenv("XDG_CONFIG_HOME", dir.c_str(), 1);
    return true;
  }();
  (void)done;
}

// One hand-written event (time in ns; the fold treats equal times as one instant).
inline TraceEvent ev(EventKind kind, std::uint64_t time_ns, std::uint16_t actor,
                     std::uint16_t p = kNoP, std::uint32_t block = kNoBlock, std::uint64_t a = 0,
                     std::uint32_t b = 0) {
  TraceEvent e;
  e.kind = kind;
  e.time_ns = time_ns;
  e.actor = actor;
  e.p = p;
  e.block = block;
  e.a = a;
  e.b = b;
  return e;
}

// Small scenarios for the UI: inline runner (deterministic), a few thousand events each.
inline Scenario small_scenario() {
  Scenario s;
  s.gomaxprocs = 4;
  s.cleanups = 90;
  s.block_capacity = 16;
  s.runner = RunnerKind::inline_;
  s.seed = 3;
  return s;
}

struct NamedScenario {
  std::string name;
  Scenario scenario;
};

inline std::vector<NamedScenario> ui_scenarios() {
  std::vector<NamedScenario> out;
  Scenario s = small_scenario();
  out.push_back({"go125_level", s});
  s.protocol = WakeProtocol::oneshot;
  out.push_back({"go125_oneshot", s});
  s = small_scenario();
  apply_go_profile(s, GoVersion::go1_24);
  out.push_back({"go124", s});
  s = small_scenario();
  s.gomaxprocs = 64;
  s.cleanups = 20;
  s.worker_cap = WorkerCapPolicy::gomaxprocs;
  out.push_back({"go125_64_ps", s});
  s = small_scenario();
  s.block_capacity = 1;
  s.cleanups = 30;
  out.push_back({"capacity_1", s});
  s = small_scenario();
  s.stuck_cleanup = 5;
  out.push_back({"stuck_cleanup", s});
  s = small_scenario();
  s.gc_cycles = 2;
  s.sweepers = 3;
  out.push_back({"two_cycles", s});
  return out;
}

// The app with no window: every frame is NewFrame .. Render, rasterised only on capture().
class HeadlessUi {
 public:
  // flush_walk: show a flush as the walk along the Ps (off in headless pictures, see AppOptions).
  explicit HeadlessUi(const Scenario& scenario, int width = 1440, int height = 900,
                      bool flush_walk = false)
      : HeadlessUi(headless_options(scenario, flush_walk), width, height) {}
  // With options of the test's own (the welcome's flags, a lesson seed).
  HeadlessUi(const AppOptions& options, int width, int height) {
    isolate_settings();
    IMGUI_CHECKVERSION();
    context_ = ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;
    shell_ = make_headless_shell(width, height);
    shell_->init({});
    load_fonts(1.f);
    app_ = std::make_unique<App>(options);
  }
  static AppOptions headless_options(const Scenario& scenario, bool flush_walk = false) {
    AppOptions options;
    options.scenario = scenario;
    options.headless = true;
    options.palette = "dark";
    options.flush_walk_when_headless = flush_walk;
    return options;
  }
  ~HeadlessUi() {
    app_.reset();
    shell_->shutdown();
    ImGui::DestroyContext(context_);
  }
  HeadlessUi(const HeadlessUi&) = delete;
  HeadlessUi& operator=(const HeadlessUi&) = delete;

  App& app() { return *app_; }
  const Projection& projection() const { return app_->projection(); }

  void frame() {
    shell_->new_frame();
    ImGui::NewFrame();
    app_->frame();
    ImGui::Render();
  }
  void frames(int n) {
    for (int i = 0; i < n; ++i) frame();
  }
  // Frames until every motion has landed (Projection::kMotionSeconds at 60 frames a second).
  void settle() { frames(static_cast<int>(Projection::kMotionSeconds * 60) + 3); }

  // Runs the engine (inline, deterministic) for at least `events` more events, then folds them.
  void advance(std::uint64_t events) {
    app_->session().advance_events(events);
    app_->session().wait_idle();
  }
  void advance_to(EventKind kind) {
    app_->session().advance_to([kind](const TraceEvent& e) { return e.kind == kind; });
    app_->session().wait_idle();
  }

  // The text of the frame just rendered.
  std::vector<TextRun> text() const {
    return read_text(*ImGui::GetDrawData(), *ImGui::GetIO().Fonts);
  }
  Image capture() { return shell_->capture(); }

  // A left click at `pos`: hovered, pressed, released (ImGui buttons fire on release), then one
  // more frame, with the mouse gone, for the action's result to show.
  void click(ImVec2 pos) {
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = pos;
    frame();
    io.MouseDown[0] = true;
    frame();
    io.MouseDown[0] = false;
    frame();
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    frame();
  }
  void type(char c) {
    ImGui::GetIO().AddInputCharacter(static_cast<unsigned>(c));
    frame();
  }

 private:
  ImGuiContext* context_ = nullptr;
  std::unique_ptr<Shell> shell_;
  std::unique_ptr<App> app_;
};

// A panel's child window (begin_panel("##processors", ...) inside the main window), if it was
// submitted in the frame just rendered. ImGui names children "<parent>/<id>_<hash>".
inline ImGuiWindow* active_child(const char* id) {
  const std::string part = std::string("Cleanup Queue Lab/") + id + "_";
  for (ImGuiWindow* w : GImGui->Windows) {
    if (w->Active && std::string(w->Name).find(part) == 0) return w;
  }
  return nullptr;
}

// The software-rendered colour ImGui would produce for `col` (ABGR, alpha blended) over an
// opaque `under` (ABGR), as Image::pixel packs it (RGBA).
inline std::uint32_t blended_rgba(std::uint32_t col, std::uint32_t under) {
  const float a = static_cast<float>(col >> 24) / 255.f;
  std::uint32_t out = 0xff;
  for (int shift = 0; shift < 24; shift += 8) {
    const float src = static_cast<float>((col >> shift) & 0xff);
    const float dst = static_cast<float>((under >> shift) & 0xff);
    const auto v = static_cast<std::uint32_t>(src * a + dst * (1.f - a) + 0.5f);
    out |= v << (24 - shift);
  }
  return out;
}

// Channels of two RGBA pixels differ by at most `tolerance`.
inline bool near_colour(std::uint32_t a, std::uint32_t b, int tolerance = 3) {
  for (int shift = 8; shift < 32; shift += 8) {
    const int d = static_cast<int>((a >> shift) & 0xff) - static_cast<int>((b >> shift) & 0xff);
    if (d > tolerance || d < -tolerance) return false;
  }
  return true;
}

}  // namespace cq::viz::test
