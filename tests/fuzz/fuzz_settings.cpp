// The settings reader (viz/app/settings.hpp) and what the app reads from it: the numbers the App
// checks at start (speed, lesson progress, welcome) and the window layout (app/panel_layout.hpp).
// Properties: every problem names the file; a number read is finite and in its range, a word one
// of its words, and the value stored in place of a bad one reads back without a problem; the
// layout's fractions are in their ranges; and the text save() writes reads back as the same keys
// and values.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "app/panel_layout.hpp"
#include "app/settings.hpp"
#include "fuzz_require.hpp"

namespace {

using cq::fuzz::require;

// The ranges App gives these keys (app.hpp: kMaxSpeed, kMaxLessonSteps); a wide and a narrow one.
struct NumberKey {
  const char* key;
  double fallback, lo, hi;
};
constexpr NumberKey kNumbers[] = {{"speed", 1e-6, 0, 1e3}, {"lesson.1.furthest", 0, 0, 64}};

std::string all_of(const cq::viz::Settings& s) {
  std::string out;
  for (const std::string& k : s.keys_with_prefix("")) out += "[" + k + "]=[" + s.get(k, "") + "]\n";
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > cq::viz::Settings::kMaxFileBytes) return 0;  // load() refuses larger files
  const std::string text(reinterpret_cast<const char*>(data), size);
  cq::viz::Settings settings;
  for (const std::string& p : settings.load_text(text, "fuzz.ini")) {
    require(p.rfind("fuzz.ini:", 0) == 0, "a problem names the file", p);
  }

  cq::viz::Settings saved;
  saved.load_text(settings.to_text(), "saved.ini");
  require(all_of(saved) == all_of(settings), "saved settings read back the same",
          "was:\n" + all_of(settings) + "is:\n" + all_of(saved));

  for (const NumberKey& n : kNumbers) {
    std::vector<std::string> problems;
    const double v = settings.number(n.key, n.fallback, n.lo, n.hi, &problems);
    require(std::isfinite(v) && v >= n.lo && v <= n.hi, "a number read is in its range",
            std::string(n.key) + " = " + std::to_string(v));
    std::vector<std::string> again;
    require(settings.number(n.key, n.fallback, n.lo, n.hi, &again) == v && again.empty(),
            "the value stored for a bad number reads back without a problem",
            std::string(n.key) + " = " + settings.get(n.key, ""));
    const double quiet = settings.get_number(n.key, n.fallback, n.lo, n.hi);
    require(quiet == v, "get_number agrees with number", std::string(n.key));
  }

  // The one word setting the App checks at start (App::open_start_view).
  std::vector<std::string> word_problems;
  const std::string welcome = settings.word("welcome", "on", {"on", "off"}, &word_problems);
  require(welcome == "on" || welcome == "off", "a word read is one of its words", welcome);
  for (const std::string& p : word_problems) {
    require(p.rfind("settings: welcome = ", 0) == 0, "a bad word names its key", p);
  }
  std::vector<std::string> word_again;
  require(
      settings.word("welcome", "on", {"on", "off"}, &word_again) == welcome && word_again.empty(),
      "the value stored for a bad word reads back without a problem");

  std::vector<std::string> problems;
  const cq::viz::PanelLayout layout = cq::viz::PanelLayout::from_settings(settings, &problems);
  using L = cq::viz::PanelLayout;
  require(layout.left >= L::kMinLeft && layout.left <= L::kMaxLeft, "layout.left in range");
  require(layout.mid >= L::kMinMid && layout.mid <= L::kMaxMid, "layout.mid in range");
  require(layout.top >= L::kMinRow && layout.top <= L::kMaxRow, "layout.top in range");
  require(layout.top_lesson >= L::kMinRow && layout.top_lesson <= L::kMaxRow,
          "layout.top_lesson in range");
  require(layout.tabs >= L::kMinTabs && layout.tabs <= L::kMaxTabs, "layout.tabs in range");
  require(layout.left + layout.mid <= 1.f - L::kMinColumn, "the right column keeps its width");
  for (const std::string& p : problems) require(p.rfind("settings: ", 0) == 0, "layout message");
  // The layout saved and read again is the same (as the app does at exit and next start).
  cq::viz::Settings with_layout;
  layout.save_to(with_layout);
  std::vector<std::string> reread_problems;
  const L reread = L::from_settings(with_layout, &reread_problems);
  require(reread_problems.empty(), "a saved layout reads back without a problem",
          all_of(with_layout));
  require(std::fabs(reread.left - layout.left) < 0.01f &&
              std::fabs(reread.mid - layout.mid) < 0.01f &&
              std::fabs(reread.top - layout.top) < 0.01f &&
              std::fabs(reread.top_lesson - layout.top_lesson) < 0.01f &&
              std::fabs(reread.tabs - layout.tabs) < 0.01f,
          "a saved layout reads back the same (to its two decimals)", all_of(with_layout));
  return 0;
}
