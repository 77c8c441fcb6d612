// The two ways the desktop app makes frames: in a window, paced by vsync and throttled when idle
// (desktop_loop.cpp); or headless, a fixed number of deterministic frames rendered in software
// (headless_loop.cpp). The web page's loop is the browser's (web_main.cpp).
#pragma once

#include "app/app.hpp"

namespace cq::viz {

int run_windowed(const AppOptions& options);
int run_headless(const AppOptions& options);

}  // namespace cq::viz
