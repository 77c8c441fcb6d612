#include "lesson/lesson_figures.hpp"

#include <algorithm>

namespace cq::lesson {

const std::vector<std::string>& figure_names() {
  static const std::vector<std::string> names = {
      "block-layout",    // the 512-byte block of Go 1.25 (60 slots) and 1.26 (20 slots)
      "sweep-gate",      // activeSweep.state: the drained bit, the sweepers, the last one
      "tagged-stack",    // lfstack's head: address and push-count tag, and the ABA it stops
      "wake-protocols",  // e46c8e's one-shot wake loses a wakeup; Go 1.25's level cannot
  };
  return names;
}

bool is_figure(std::string_view name) {
  const auto& names = figure_names();
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string figure_names_joined() {
  std::string out;
  for (const std::string& name : figure_names()) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

}  // namespace cq::lesson
