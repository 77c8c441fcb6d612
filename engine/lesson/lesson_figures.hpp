// The lesson figures a step may show (`figure = "block-layout"`): hand-written SVGs in
// assets/figures/NAME.svg, rendered to NAME.png at build time (assets/CMakeLists.txt) and found
// at run time as the asset "figures/NAME.png" (data/data_dirs.hpp). The list is here, in the
// engine, so that `cleanupq lesson check` refuses an unknown name without the app; a test
// (tests/lessons) keeps it equal to the SVGs in assets/figures.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cq::lesson {

// Every figure's name, sorted.
const std::vector<std::string>& figure_names();
bool is_figure(std::string_view name);
// "block-layout, sweep-gate, ...": what a message about an unknown figure lists as allowed.
std::string figure_names_joined();

}  // namespace cq::lesson
