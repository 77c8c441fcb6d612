// The two ways frames are made: in a window, paced by vsync and throttled when idle; or
// headless, a fixed number of deterministic frames rendered in software.
#pragma once

#include "app/app.hpp"

namespace cq::viz {

int run_windowed(const AppOptions& options);
int run_headless(const AppOptions& options);

}  // namespace cq::viz
