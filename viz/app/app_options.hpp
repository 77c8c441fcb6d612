// What the app is asked to show and do at start: the desktop's command line and the web page's
// URL fill this (app_flags.hpp, url_state.hpp). Apart from App so that the readers of flags and
// links build without Dear ImGui (the fuzz targets in tests/fuzz link them alone).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "runtime/scenario.hpp"

namespace cq::viz {

struct AppOptions {
  Scenario scenario;
  std::string backend = "glfw";
  std::string lesson;
  std::size_t lesson_step = 0;  // with `lesson`: open at this step (1-based); 0 = the first
  // --seed / ?seed=N: every lesson opened runs with this seed (a teacher's variant).
  std::optional<std::uint64_t> lesson_seed;
  // --practice / ?practice: with `lesson`, open its practice questions (with the seed above).
  bool practice = false;
  // --welcome / ?welcome: open on the welcome even when a lesson is named or the setting is off.
  bool welcome = false;
  // The flags or URL asked for something to show (a tab, a scenario option other than the seed):
  // the welcome does not stand in the way of it. (A lesson named opens instead of the welcome;
  // one that cannot be opened leaves the welcome, offering lesson 1.)
  bool names_what_to_show = false;
  bool headless = false;
  std::string run_until;   // headless: event kind name, or an event count
  std::string screenshot;  // headless: PNG path
  std::string gif;         // headless: animated GIF of events 0..run-until
  std::string size = "1440x900";
  std::string palette;  // empty: from settings
  std::uint64_t max_frames = 0;
  std::string export_slides;  // headless: one PNG per step of --lesson into this folder
  std::string tab;            // bottom tab to bring forward at start (log, metrics, ...)
  std::string recording;      // the Real Go tab's recording at start (kGoRecordings); empty: first
  // The lesson's clickable items and the student's answers, printed whenever they change (in
  // the window; headless at exit): the window test reads them as the browser tests read the
  // page's status.
  bool print_lesson_state = false;
  // Headless pictures settle in a fixed number of frames, shorter than a flush walk: they show
  // a flush's blocks sliding at once unless this asks for the walk (tests of the walk do).
  bool flush_walk_when_headless = false;
};

}  // namespace cq::viz
