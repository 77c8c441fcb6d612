// The headless frame loop (cleanupq-viz --headless, and what the tests' harness copies): a run
// driven to a point, frames rendered in software until every motion has landed, then pictures:
// a screenshot, a GIF or a lesson's slides. No window, no display.
#include <imgui.h>

#include <cstdio>
#include <iostream>

#include "shells/frame_loop.hpp"
#include "shells/render_frame.hpp"
#include "ui/fonts.hpp"

namespace cq::viz {
namespace {

// Frames needed for every motion to land (motions last Projection::kMotionSeconds).
constexpr int kSettleFrames = 30;

// Parses --run-until: an event kind by name, or a number of events. Empty: do not run.
bool run_until(App& app, const std::string& what) {
  if (what.empty()) return true;
  Session& session = app.session();
  char* end = nullptr;
  const unsigned long long n = std::strtoull(what.c_str(), &end, 10);
  if (end != what.c_str() && *end == '\0') {
    if (n > 0) session.advance_events(n);
  } else {
    const std::optional<EventKind> kind = parse_event_kind(what);
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
  create_imgui_context(false);
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
        render_frame(*shell, app);
      }
    };
    auto settled_picture = [&] {
      settle();
      return shell->capture();
    };
    if (app.named_lesson_refused()) {
      std::cerr << "cleanupq-viz: " << app.ui().message << "\n";
      status = 2;
    } else if (!options.export_slides.empty()) {
      if (const auto error = app.export_slides(options.export_slides, settled_picture)) {
        std::cerr << "cleanupq-viz: " << *error << "\n";
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
      if (options.print_lesson_state) std::cout << app.lesson_state_text();
      if (!options.gif.empty()) {
        app.start_gif(0, app.projection().head(), options.gif, kGifFrames);
        while (app.recording_gif()) render_frame(*shell, app);
        std::cout << "cleanupq-viz: " << app.ui().message << "\n";
      }
      if (!options.screenshot.empty()) {
        if (const auto error = write_png(shell->capture(), options.screenshot)) {
          std::cerr << "cleanupq-viz: --screenshot " << *error << "\n";
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

}  // namespace cq::viz
