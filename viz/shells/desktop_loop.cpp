// The windowed frame loop (cleanupq-viz with GLFW or SDL2): frames paced at most 60 a second,
// throttled to input when nothing moves.
#include <imgui.h>

#include <chrono>
#include <iostream>
#include <string>
#include <thread>
#include <utility>

#include "shells/frame_loop.hpp"
#include "shells/render_frame.hpp"
#include "ui/fonts.hpp"

namespace cq::viz {

int run_windowed(const AppOptions& options) {
  create_imgui_context(true);
  auto shell = options.backend == "sdl2" ? make_sdl2_shell() : make_glfw_shell();
  if (const auto error = shell->init({})) {
    std::cerr << "cleanupq-viz: " << *error
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
    std::string lesson_state;  // --print-lesson-state: printed again whenever it changes
    for (;;) {
      // Idle throttling: when nothing moves, sleep until input (or a quarter second passes).
      if (!app.animating()) shell->wait_events(0.25);
      if (!shell->poll_events()) break;
      const std::string answers_before =
          options.print_lesson_state ? app.lesson_answers_text() : std::string();
      render_frame(*shell, app);
      shell->present();
      // A frame whose click changed an answer laid its widgets out before the change (ImGui
      // lays out as it draws): the hint the click opens, and the choices it pushes down, appear
      // in the next frame. That frame's item rectangles are stale, and a script that clicks by
      // them would miss (xvfb_predict_test.sh did, about 1 run in 10 under load), so its state
      // is printed from the next frame, with the rectangles of the new layout.
      if (options.print_lesson_state && app.lesson_answers_text() == answers_before) {
        if (std::string now = app.lesson_state_text(); now != lesson_state) {
          lesson_state = std::move(now);
          std::cout << lesson_state << std::flush;
        }
      }
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
