// Random valid scenarios drawn from the one table of scenario options itself: every option takes
// a value in its own range (or one of its choices), so a new row is covered by every round-trip
// test without touching them.
#pragma once

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>

#include "runtime/scenario_options.hpp"

namespace cq::test {

enum class RandomFor : std::uint8_t { command_line, lesson };

// Starts from `base` (Scenario{} for the command line and URLs; a lesson's default for lesson
// tables, which then leaves out the options lessons do not take and the threaded runner), with at
// most `max_total` cleanups in all.
inline Scenario random_scenario(std::mt19937_64& rng, const Scenario& base, RandomFor use,
                                std::uint64_t max_total = UINT64_MAX) {
  const bool for_lesson = use == RandomFor::lesson;
  auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
  for (;;) {
    Scenario s = base;
    OptionValues values;
    for (const ScenarioOption& o : scenario_options()) {
      if (for_lesson && !(o.surfaces & kInLesson)) continue;
      if (pick(3) == 0) continue;  // leave some alone
      std::string value;
      switch (o.kind) {
        case OptionKind::count: {
          // Small values mostly, so that totals stay valid; the range's top sometimes.
          const std::uint64_t hi = std::min<std::uint64_t>(o.max, o.min + 40);
          std::uint64_t v = std::uniform_int_distribution<std::uint64_t>(o.min, hi)(rng);
          if (pick(10) == 0) v = o.max;
          value = std::to_string(v);
          break;
        }
        case OptionKind::real:
          value =
              pick(4) == 0
                  ? std::string(o.word)
                  : std::to_string(std::uniform_real_distribution<double>(o.real_min, 1000.0)(rng));
          break;
        case OptionKind::choice:
          value = std::string(
              o.choices[static_cast<std::size_t>(pick(static_cast<int>(o.choices.size())))]);
          break;
        case OptionKind::names:
          value = pick(2) ? "gc,sweeper0" : "";
          break;
      }
      values[std::string(o.name)] = value;
    }
    if (for_lesson && values.count("runner") && values["runner"] == "threaded") continue;
    if (apply_options(s, values)) continue;
    if (s.total_cleanups() > max_total) continue;
    return s;
  }
}

}  // namespace cq::test
