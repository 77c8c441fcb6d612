// cleanupq-viz: the desktop app. Parses the flags (the scenario flags are exactly cleanupq
// run's), picks a shell, and runs the frame loop; or, with --headless, renders without a window
// for tests, screenshots and slides.
#include <imgui.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>

#include "app/app.hpp"
#include "app/app_flags.hpp"
#include "cli/checked_flags.hpp"
#include "cli/exit_codes.hpp"
#include "cli/scenario_flags.hpp"
#include "data/version.hpp"
#include "shells/frame_loop.hpp"
#include "ui/theme.hpp"

namespace {

int run_viz(int argc, char** argv) {
  CLI::App cli{"cleanupq-viz: watch and drive Go 1.25's cleanup queue on real threads"};
  cli.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  cli.set_version_flag("--version", cq::version_line("cleanupq-viz"),
                       "print the version and git commit");
  cq::cli::ScenarioFlags flags = cq::viz::watchable_scenario_flags();
  cq::cli::add_scenario_flags(cli, flags);
  cq::viz::AppOptions options;
  std::string backend = "glfw";
  cq::cli::CheckedFlags checked;
  checked.add_word(cli, "--backend", backend, {"glfw", "sdl2"}, "window system")
      ->default_str(backend);
  cq::viz::add_view_flags(cli, options, checked);
  cli.add_flag("--headless", options.headless, "render without a window (tests, screenshots)");
  cli.add_option("--run-until", options.run_until,
                 "headless: run until this event kind (e.g. flush_end) or this many events");
  cli.add_option("--screenshot", options.screenshot, "headless: write the final frame as PNG");
  cli.add_option("--export-slides", options.export_slides,
                 "headless: write one PNG per step of --lesson into this folder");
  cli.add_option("--gif", options.gif,
                 "headless: write an animated GIF of the run up to --run-until");
  cli.add_option("--size", options.size, "headless frame size, WIDTHxHEIGHT")
      ->capture_default_str();
  cli.add_flag("--print-lesson-state", options.print_lesson_state,
               "print the lesson's clickable items (name x y w h) and the answers given, whenever "
               "they change");
  cli.add_option("--frames", options.max_frames, "quit after this many frames (0 = never)")
      ->capture_default_str();
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = cli.exit(e);
    return code == 0 ? 0 : 2;
  }
  if (const auto& problem = checked.problem()) {
    std::cerr << "cleanupq-viz: " << *problem << "\n";
    return 2;
  }
  if (auto problem = cq::cli::resolve(flags)) {
    std::cerr << "cleanupq-viz: " << problem->message << "\n";
    return 2;
  }
  cq::viz::apply_start_choices(flags, options);
  options.scenario = flags.scenario;
  options.backend = backend;
  if ((!options.run_until.empty() || !options.screenshot.empty() || !options.gif.empty() ||
       !options.export_slides.empty()) &&
      !options.headless) {
    std::cerr
        << "cleanupq-viz: --run-until, --screenshot, --gif and --export-slides need --headless\n";
    return 2;
  }
  // The palettes are read before any window opens, so a broken palette file is one clear
  // message (naming the file, line and role) rather than a half-drawn window.
  if (const auto error = cq::viz::load_palettes()) {
    std::cerr << "cleanupq-viz: " << *error << "\n";
    return 2;
  }
  if (options.headless) return cq::viz::run_headless(options);

  // Without a display the desktop shells cannot start: say so, and what works instead.
  // Read in main, before any thread starts.
  const char* display = std::getenv("DISPLAY");          // NOLINT(concurrency-mt-unsafe)
  const char* wayland = std::getenv("WAYLAND_DISPLAY");  // NOLINT(concurrency-mt-unsafe)
  if ((display == nullptr || *display == '\0') && (wayland == nullptr || *wayland == '\0')) {
    std::cerr << "cleanupq-viz: no display (DISPLAY and WAYLAND_DISPLAY are unset).\n"
                 "  Headless picture:  cleanupq-viz --headless --run-until flush_end "
                 "--screenshot shot.png\n"
                 "  Virtual display:   xvfb-run -a -s '-screen 0 1440x900x24' cleanupq-viz\n"
                 "  In a browser:      scripts/build-web.sh && node web/serve.mjs  "
                 "(then open http://127.0.0.1:8080/)\n"
                 "  Engine only:       cleanupq run --json\n";
    return 3;
  }
  return cq::viz::run_windowed(options);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run_viz(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "cleanupq-viz: internal error: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "cleanupq-viz: internal error: an exception of unknown type\n";
  }
  return cq::cli::kExitInternalError;
}
