// The rearrangeable layout (app/panel_layout.hpp): fractions survive a save and a load, bad
// values fall back to the defaults with a message naming the key, and dragging a splitter in the
// headless UI (mouse moved across frames, as a user would) moves the border between two panels,
// within its limits; "Reset layout" in the help overlay puts every border back.
#include "app/panel_layout.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "app/settings.hpp"
#include "views/splitter.hpp"
#include "viz_test_support.hpp"

namespace cq::viz {
namespace {

using test::active_child;
using test::HeadlessUi;

std::string temp_file(const std::string& name) {
  return (std::filesystem::path(::testing::TempDir()) / name).string();
}

bool mentions(const std::vector<std::string>& problems, const std::string& what) {
  for (const std::string& p : problems) {
    if (p.find(what) != std::string::npos) return true;
  }
  return false;
}

TEST(PanelLayout, FractionsRoundTripThroughTheSettingsFile) {
  PanelLayout layout;
  layout.left = 0.25f;
  layout.mid = 0.41f;
  layout.top = 0.63f;
  layout.top_lesson = 0.33f;
  layout.tabs = 0.5f;
  Settings saved;
  layout.save_to(saved);
  const std::string path = temp_file("layout-roundtrip.ini");
  ASSERT_EQ(saved.save(path), std::nullopt);
  Settings loaded;
  EXPECT_TRUE(loaded.load(path).empty());
  EXPECT_EQ(loaded.get("layout.left", ""), "0.25");
  std::vector<std::string> problems;
  EXPECT_EQ(PanelLayout::from_settings(loaded, &problems), layout);
  EXPECT_TRUE(problems.empty()) << problems.front();
}

// Found by tests/fuzz/fuzz_settings: a border dragged to its limit (left = 0.7f) was saved as
// "0.70", which as a double is above 0.7f, and refused at the next start.
TEST(PanelLayout, BordersAtTheirLimitsSurviveASaveAndALoad) {
  PanelLayout layout;
  layout.left = PanelLayout::kMaxLeft;
  layout.mid = PanelLayout::kMinMid;
  layout.top = PanelLayout::kMaxRow;
  layout.top_lesson = PanelLayout::kMinRow;
  layout.tabs = PanelLayout::kMaxTabs;
  Settings saved;
  layout.save_to(saved);
  std::vector<std::string> problems;
  EXPECT_EQ(PanelLayout::from_settings(saved, &problems), layout);
  EXPECT_TRUE(problems.empty()) << problems.front();
}

TEST(PanelLayout, MissingKeysKeepTheirDefaultsQuietly) {
  std::vector<std::string> problems;
  EXPECT_EQ(PanelLayout::from_settings(Settings{}, &problems), PanelLayout{});
  EXPECT_TRUE(problems.empty());
}

TEST(PanelLayout, OutOfRangeOrNonNumbersFallBackAndNameTheKey) {
  const std::string path = temp_file("layout-bad.ini");
  {
    std::ofstream out(path);
    out << "layout.left = 5\nlayout.mid = wide\nlayout.top = -0.1\nlayout.top_lesson = "
           "nan\nlayout.tabs = 0.5\n";
  }
  Settings s;
  ASSERT_TRUE(s.load(path).empty());
  std::vector<std::string> problems;
  const PanelLayout layout = PanelLayout::from_settings(s, &problems);
  const PanelLayout defaults;
  EXPECT_EQ(layout.left, defaults.left);
  EXPECT_EQ(layout.mid, defaults.mid);
  EXPECT_EQ(layout.top, defaults.top);
  EXPECT_EQ(layout.top_lesson, defaults.top_lesson);
  EXPECT_EQ(layout.tabs, 0.5f) << "a good value next to bad ones is kept";
  ASSERT_EQ(problems.size(), 4u);
  EXPECT_TRUE(
      mentions(problems, "layout.left = 5: expected a number from 0.15 to 0.70; using 0.36"))
      << problems[0];
  EXPECT_TRUE(mentions(problems, "layout.mid = wide"));
  EXPECT_TRUE(mentions(problems, "layout.top = -0.1"));
  EXPECT_TRUE(mentions(problems, "layout.top_lesson = nan"));
}

TEST(PanelLayout, ColumnsThatLeaveNoRoomForTheRightOneFallBackTogether) {
  Settings s;
  s.set("layout.left", "0.6");
  s.set("layout.mid", "0.5");  // each in range, together 1.1 of the width
  std::vector<std::string> problems;
  const PanelLayout layout = PanelLayout::from_settings(s, &problems);
  EXPECT_EQ(layout.left, PanelLayout{}.left);
  EXPECT_EQ(layout.mid, PanelLayout{}.mid);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_TRUE(mentions(problems, "layout.left + layout.mid")) << problems[0];
}

TEST(PanelLayout, BordersStayWithinTheirLimits) {
  PanelLayout layout;
  const float right = 1.f - layout.left - layout.mid;
  layout.move_left_border(-1.f);
  EXPECT_FLOAT_EQ(layout.left, PanelLayout::kMinLeft);
  EXPECT_FLOAT_EQ(1.f - layout.left - layout.mid, right) << "the right column keeps its width";
  layout.move_left_border(+1.f);
  EXPECT_FLOAT_EQ(layout.mid, PanelLayout::kMinMid);
  layout = PanelLayout{};
  layout.move_mid_border(+1.f);
  EXPECT_FLOAT_EQ(1.f - layout.left - layout.mid, PanelLayout::kMinColumn);
  EXPECT_FLOAT_EQ(layout.left, PanelLayout{}.left);
}

// A bad layout value in the user's settings file: the app starts with the default and says so.
TEST(PanelLayout, TheAppSaysWhichLayoutKeyItIgnored) {
  test::isolate_settings();
  // A config folder of its own: tests running in parallel share the isolated one.
  const std::string shared = std::getenv("XDG_CONFIG_HOME");
  const auto own = std::filesystem::path(::testing::TempDir()) / "cq-viz-bad-layout-config";
  std::filesystem::create_directories(own / "cleanupq");
  {
    std::ofstream out(own / "cleanupq" / "settings.ini");
    out << "layout.tabs = 3\n";
  }
  ::setenv("XDG_CONFIG_HOME", own.c_str(), 1);
  {
    HeadlessUi ui(test::small_scenario());
    EXPECT_NE(ui.app().ui().message.find("layout.tabs = 3"), std::string::npos)
        << ui.app().ui().message;
    EXPECT_EQ(ui.app().panel_layout().tabs, PanelLayout{}.tabs);
  }
  ::setenv("XDG_CONFIG_HOME", shared.c_str(), 1);
}

// Presses at `from`, moves the mouse to `to` over a few frames, releases: a drag, as ImGui sees it.
void drag(HeadlessUi& ui, ImVec2 from, ImVec2 to) {
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = from;
  ui.frame();
  io.MouseDown[0] = true;
  ui.frame();
  constexpr int kSteps = 5;
  for (int i = 1; i <= kSteps; ++i) {
    const float t = static_cast<float>(i) / kSteps;
    io.MousePos = ImVec2(from.x + (to.x - from.x) * t, from.y + (to.y - from.y) * t);
    ui.frame();
  }
  io.MouseDown[0] = false;
  ui.frame();
  io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
  ui.frames(2);  // the new borders are laid out from the next frame on
}

struct Panels {
  ImRect processors, stacks, workers, timeline, tabs, inspector;
};

Panels panels() {
  Panels p;
  for (auto [id, rect] : {std::pair{"##processors", &p.processors},
                          {"##stacks", &p.stacks},
                          {"##workers", &p.workers},
                          {"##timeline", &p.timeline},
                          {"##tabs", &p.tabs},
                          {"##inspector", &p.inspector}}) {
    ImGuiWindow* w = active_child(id);
    EXPECT_NE(w, nullptr) << id;
    if (w != nullptr) *rect = w->Rect();
  }
  return p;
}

TEST(PanelLayoutUi, DraggingTheGapBetweenTwoColumnsMovesTheirBorder) {
  HeadlessUi ui(test::small_scenario());
  ui.frames(3);
  const Panels before = panels();
  // The middle of the gap between the processors and the full/free lists.
  const ImVec2 grab((before.processors.Max.x + before.stacks.Min.x) * 0.5f,
                    before.stacks.GetCenter().y);
  ImGui::GetIO().MousePos = grab;
  ui.frames(2);
  ImGuiWindow* main = ImGui::FindWindowByName("Cleanup Queue Lab");
  ASSERT_NE(main, nullptr);
  EXPECT_EQ(GImGui->HoveredId, main->GetID("##split-left")) << "the splitter is under the mouse";
  EXPECT_EQ(ImGui::GetMouseCursor(), ImGuiMouseCursor_ResizeEW);
  drag(ui, grab, ImVec2(grab.x + 100, grab.y));
  const Panels after = panels();
  EXPECT_NEAR(after.processors.GetWidth(), before.processors.GetWidth() + 100, 1.5f);
  EXPECT_NEAR(after.stacks.GetWidth(), before.stacks.GetWidth() - 100, 1.5f);
  EXPECT_NEAR(after.workers.GetWidth(), before.workers.GetWidth(), 1.f)
      << "the right column keeps its width";
  EXPECT_NEAR(ui.app().panel_layout().left,
              PanelLayout{}.left + 100 / main->ContentRegionRect.GetWidth(), 0.002f);
  // Far past the limit: the middle column stops at its narrowest.
  const ImVec2 again((after.processors.Max.x + after.stacks.Min.x) * 0.5f, grab.y);
  drag(ui, again, ImVec2(again.x + 2000, again.y));
  EXPECT_FLOAT_EQ(ui.app().panel_layout().mid, PanelLayout::kMinMid);
}

TEST(PanelLayoutUi, DraggingTheGapsOfTheRowsAndTheBottomTabsMovesThemToo) {
  HeadlessUi ui(test::small_scenario());
  ui.frames(3);
  const Panels before = panels();
  // Between the top row and the timeline: the top row grows, the timeline moves down with it.
  const ImVec2 row_gap(before.timeline.GetCenter().x,
                       (before.stacks.Max.y + before.timeline.Min.y) * 0.5f);
  ImGui::GetIO().MousePos = row_gap;
  ui.frames(2);
  EXPECT_EQ(ImGui::GetMouseCursor(), ImGuiMouseCursor_ResizeNS);
  drag(ui, row_gap, ImVec2(row_gap.x, row_gap.y + 60));
  Panels after = panels();
  EXPECT_NEAR(after.stacks.GetHeight(), before.stacks.GetHeight() + 60, 1.5f);
  EXPECT_NEAR(after.timeline.Min.y, before.timeline.Min.y + 60, 1.5f);
  EXPECT_NEAR(after.timeline.GetHeight(), before.timeline.GetHeight(), 0.5f);
  EXPECT_NEAR(after.tabs.GetHeight(), before.tabs.GetHeight() - 60, 1.5f);
  // Between the bottom tabs and the inspector: the tabs get narrower, the inspector wider.
  const ImVec2 tabs_gap((after.tabs.Max.x + after.inspector.Min.x) * 0.5f,
                        after.tabs.GetCenter().y);
  drag(ui, tabs_gap, ImVec2(tabs_gap.x - 150, tabs_gap.y));
  const Panels last = panels();
  EXPECT_NEAR(last.tabs.GetWidth(), after.tabs.GetWidth() - 150, 1.5f);
  EXPECT_NEAR(last.inspector.GetWidth(), after.inspector.GetWidth() + 150, 1.5f);
  // Reset layout, in the help overlay, puts every border back.
  ui.app().ui().show_help = true;
  ui.frames(2);
  const auto reset = test::find_text(ui.text(), "Reset layout", "Keys");
  ASSERT_TRUE(reset.has_value()) << test::dump_text(ui.text());
  ui.click(reset->centre());
  EXPECT_EQ(ui.app().panel_layout(), PanelLayout{});
  ui.app().ui().show_help = false;
  ui.frames(2);
  const Panels back = panels();
  EXPECT_NEAR(back.tabs.GetWidth(), before.tabs.GetWidth(), 0.5f);
  // (The controls above now show the "layout reset" message: the rows may start a pixel lower.)
  EXPECT_NEAR(back.stacks.GetHeight(), before.stacks.GetHeight(), 2.f);
}

}  // namespace
}  // namespace cq::viz
