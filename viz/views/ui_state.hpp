// UiState: what the user is looking at and has picked. The views read and write it; the app owns
// it (and moves the cursor). It lives here, below the app, because every view needs it and a view
// never includes an app header.
#pragma once

#include <cstdint>
#include <string>

#include "runtime/scenario.hpp"

namespace cq::viz {

// The bottom tab that holds the lesson player (the other tabs keep their indices 0..3), the
// recorded real Go traces' tab, and the code pane.
inline constexpr int kLessonTab = 4;
inline constexpr int kRealGoTab = 5;
inline constexpr int kCodeTab = 6;

struct UiState {
  bool follow_head = true;   // the cursor tracks the newest event while playing
  std::uint64_t cursor = 0;  // events folded into the picture (0 = the initial state)
  double speed = 1e-6;       // virtual ns per wall ns while playing (0 = unthrottled)
  bool show_help = false;
  // Selection, for the inspector: what kind of thing, and which.
  // actor: an actor of the run by its id (the code pane's lines pick one).
  enum class Pick : std::uint8_t { none, block, p, worker, event, actor } pick = Pick::none;
  std::uint64_t pick_id = 0;
  Scenario edited;  // the controls edit this; applied on reset
  bool edited_dirty = false;
  std::string edit_problem;  // why the editor refused the last value typed (empty: none)
  std::string message;       // one line of feedback (export written, bad input...)
  double message_until = 0;
  // Timeline zoom: the visible range of event indices.
  double timeline_first = 0;
  double timeline_span = 0;  // 0 = the whole run
  char log_filter[64] = "";
  bool log_interesting_only = false;
  // A bottom tab to bring to the front (0 event log, 1 metrics, 2 scenario, 3 compare, 4 lesson,
  // 5 real Go, 6 code), for
  // lessons and tests; cleared once the tab bar is drawn; -1 = leave the student's choice.
  int select_tab = -1;
  bool start_compare = false;
  int real_go_recording = 0;  // which recorded Go trace the Real Go tab shows (its file order)  //
                              // run the Go 1.24 / 1.25 comparison now (the --tab compare flag)
  // The welcome a first visit opens on (welcome_view.cpp), and the lesson its one button starts:
  // lesson 1, or the one the flags or URL named (an id or a file).
  bool show_welcome = false;
  std::string welcome_lesson = "1";
};

}  // namespace cq::viz
