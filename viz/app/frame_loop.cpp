#include "app/frame_loop.hpp"

#include <imgui.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <thread>

#include "app/fonts.hpp"
#include "app/shell.hpp"
#include "views/view_context.hpp"

namespace cq::viz {
namespace {

// Frames needed for every motion to land (motions last Projection::kMotionSeconds).
constexpr int kSettleFrames = 30;

std::string g_ini_path;  // ImGui keeps a pointer to it for the whole run

void create_context(bool persist_layout) {
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  if (persist_layout && !Settings::config_dir().empty()) {
    g_ini_path = Settings::config_dir() + "/imgui.ini";
    io.IniFilename = g_ini_path.c_str();
  }
}

// Parses --run-until: an event kind by name, or a number of events. Empty: do not run.
bool run_until(App& app, const std::string& what) {
  if (what.empty()) return true;
  Session& session = app.session();
  char* end = nullptr;
  const unsigned long long n = std::strtoull(what.c_str(), &end, 10);
  if (end != what.c_str() && *end == '\0') {
    if (n > 0) session.advance_events(n);
  } else {
    std::optional<EventKind> kind;
    for (std::size_t k = 0; k < kEventKindCount; ++k) {
      if (to_string(static_cast<EventKind>(k)) == what) kind = static_cast<EventKind>(k);
    }
    if (!kind) {
      std::cerr << "cleanupq-viz: --run-until " << what
                << ": not an event kind or a number of events (kinds: block_full, flush_end, wake, "
                   "goroutines_created, gc_phase, run_end, ... see the event log)\n";
      return false;
    }
    const EventKind wanted = *kind;
    session.advance_to([wanted](const TraceEvent& e) { return e.kind == wanted; });
  }
  session.wait_idle();
  return true;
}

}  // namespace

int run_headless(const AppOptions& options) {
  int width = 1440, height = 900;
  if (std::sscanf(options.size.c_str(), "%dx%d", &width, &height) != 2 || width < 320 ||
      height < 240 || width > 8192 || height > 8192) {
    std::cerr << "cleanupq-viz: --size " << options.size
              << ": expected WIDTHxHEIGHT, 320x240 .. 8192x8192\n";
    return 2;
  }
  create_context(false);
  auto shell = make_headless_shell(width, height);
  shell->init({});
  load_fonts(1.f);
  int status = 0;
  {
    App app(options);
    // Frames until every motion has landed and background work the picture waits for (the
    // comparison tab) is done, within a bound.
    auto settle = [&] {
      for (int i = 0; i < kSettleFrames || (app.comparison().running() && i < 100 * kSettleFrames);
           ++i) {
        shell->new_frame();
        ImGui::NewFrame();
        app.frame();
        ImGui::Render();
        shell->render();
      }
    };
    auto render_frame = [&] {
      settle();
      return shell->capture();
    };
    if (!options.lesson.empty() && app.lesson() == nullptr) {
      std::cerr << "cleanupq-viz: " << app.ui().message << "\n";
      status = 2;
    } else if (!options.export_slides.empty()) {
      const std::string error = app.export_slides(options.export_slides, render_frame);
      if (!error.empty()) {
        std::cerr << "cleanupq-viz: " << error << "\n";
        status = 1;
      } else {
        std::cout << "cleanupq-viz: slides written to " << options.export_slides << "\n";
      }
    } else if (!run_until(app, options.run_until)) {
      status = 2;
    } else {
      if (app.lesson() != nullptr) app.lesson()->wait_idle();
      settle();
      std::cout << "cleanupq-viz: event " << app.projection().cursor() << " of "
                << app.projection().head() << "\n";
      if (!options.gif.empty()) {
        app.start_gif(0, app.projection().head(), options.gif);
        while (app.recording_gif()) {
          shell->new_frame();
          ImGui::NewFrame();
          app.frame();
          ImGui::Render();
          app.after_render([&] { return shell->capture(); });
        }
        std::cout << "cleanupq-viz: " << app.ui().message << "\n";
      }
      if (!options.screenshot.empty()) {
        const std::string error = write_png(shell->capture(), options.screenshot);
        if (!error.empty()) {
          std::cerr << "cleanupq-viz: --screenshot " << error << "\n";
          status = 1;
        } else {
          std::cout << "cleanupq-viz: screenshot written to " << options.screenshot << "\n";
        }
      }
    }
  }
  shell->shutdown();
  ImGui::DestroyContext();
  return status;
}

int run_windowed(const AppOptions& options) {
  create_context(true);
  auto shell = options.backend == "sdl2" ? make_sdl2_shell() : make_glfw_shell();
  if (!shell->init({})) {
    std::cerr << "cleanupq-viz: " << shell->error()
              << "\n  try: cleanupq-viz --headless --run-until flush_end --screenshot shot.png\n";
    ImGui::DestroyContext();
    return 3;
  }
  const float scale = shell->content_scale();
  load_fonts(scale);
  ImGui::GetStyle().ScaleAllSizes(scale);
  {
    App app(options);
    // GLFW key codes index KeysDown with the GLFW backend, SDL scancodes with the SDL one.
    if (std::string(shell->name()) == "glfw") {
      app.set_native_keys(290 /* GLFW_KEY_F1 */, 83 /* GLFW_KEY_S */);
    } else {
      app.set_native_keys(58 /* SDL_SCANCODE_F1 */, 22 /* SDL_SCANCODE_S */);
    }
    std::cout << "cleanupq-viz: " << shell->name() << " window open; F1 lists the keys\n";
    using clock = std::chrono::steady_clock;
    const auto frame_budget = std::chrono::microseconds(1'000'000 / 60);
    auto next_frame = clock::now();
    std::uint64_t frames = 0;
    for (;;) {
      // Idle throttling: when nothing moves, sleep until input (or a quarter second passes).
      if (!app.animating()) shell->wait_events(0.25);
      if (!shell->poll_events()) break;
      shell->new_frame();
      ImGui::NewFrame();
      app.frame();
      ImGui::Render();
      shell->render();
      app.after_render([&] { return shell->capture(); });
      shell->present();
      if (options.max_frames != 0 && ++frames >= options.max_frames) break;
      // Frame limiter: vsync is not everywhere (Xvfb ignores it), 60 fps is plenty.
      next_frame += frame_budget;
      const auto now = clock::now();
      if (next_frame > now) {
        std::this_thread::sleep_until(next_frame);
      } else {
        next_frame = now;
      }
    }
    // The same closing line as the headless mode: scripts and the window test read it.
    std::cout << "cleanupq-viz: event " << app.projection().cursor() << " of "
              << app.projection().head() << "\n";
  }
  shell->shutdown();
  ImGui::DestroyContext();
  return 0;
}

}  // namespace cq::viz
