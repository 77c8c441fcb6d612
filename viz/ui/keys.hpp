// The keyboard, as students know it from VisuAlgo (docs/decisions.md), listed once so that the
// handler and the help overlay can never disagree.
#pragma once

namespace cq::viz {

struct KeyBinding {
  const char* keys;
  const char* action;
};

inline constexpr KeyBinding kKeyBindings[] = {
    {"Space", "play / pause"},
    {"Right", "step forward one event"},
    {"Left", "step back one event"},
    {"Shift+Right", "next interesting event (block full, flush, wake, new goroutine, GC phase)"},
    {"Shift+Left", "previous interesting event"},
    {"- / +", "slower / faster"},
    {"Home / End", "start of the run / live head"},
    {"R", "reset the run with the scenario as edited"},
    {"PageDown / PageUp", "next / previous lesson step"},
    {"F1 or ?", "this help"},
    {"Ctrl+S", "save a screenshot (PNG)"},
    {"Enter / Esc", "on the welcome: start its lesson / explore on my own"},
};

}  // namespace cq::viz
