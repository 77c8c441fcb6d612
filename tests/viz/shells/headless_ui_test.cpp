// The UI rendered headless (no window, no GL), exactly as `cleanupq-viz --headless` does, through
// every view and bottom tab, at several points of several scenarios. Dear ImGui's asserts abort
// in Debian's build, so a layout mistake (unbalanced Begin/End, a bad size, too many vertices
// in one draw list) crashes the test. What must be on screen is checked by window and item ID
// and by reading the text back from the draw data (draw_text.hpp).
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "runtime/go_profile.hpp"
#include "trace/go_trace_import.hpp"
#include "viz_test_support.hpp"

namespace cq::viz {
namespace {

using test::active_child;
using test::find_text;
using test::HeadlessUi;
using test::NamedScenario;

constexpr const char* kPanels[] = {"##processors", "##gc",       "##stacks", "##workers",
                                   "##scheduler",  "##timeline", "##tabs",   "##inspector"};
constexpr const char* kTitles[] = {"Processors (P-local blocks)",
                                   "GC phase and sweep gate",
                                   "Full list and free list",
                                   "Cleanup goroutines",
                                   "Scheduler",
                                   "Timeline",
                                   "Inspector"};
// A bottom tab's index (UiState::select_tab) and a text only that tab draws.
struct Tab {
  int index;
  const char* name;
  const char* marker;
};
constexpr Tab kTabs[] = {{0, "Event log", "time ns"},
                         {1, "Metrics", "full blocks:"},
                         {2, "Scenario", "gomaxprocs"},
                         {3, "Compare with Go 1.24", "Run the comparison"},
                         {kRealGoTab, "Real Go", "Recorded on the real Go runtime"},
                         {kCodeTab, "Code", "Go code at the cursor"}};

// Every panel is a live child window and shows its title; the status line shows the cursor.
void expect_every_panel(HeadlessUi& ui) {
  ASSERT_NE(ImGui::FindWindowByName("Cleanup Queue Lab"), nullptr);
  EXPECT_TRUE(ImGui::FindWindowByName("Cleanup Queue Lab")->Active);
  for (const char* id : kPanels) EXPECT_NE(active_child(id), nullptr) << id;
  const auto text = ui.text();
  for (const char* title : kTitles)
    EXPECT_TRUE(find_text(text, title).has_value()) << title << "\n" << test::dump_text(text);
  const std::string status = "event " + std::to_string(ui.projection().cursor()) + "/" +
                             std::to_string(ui.projection().head());
  EXPECT_TRUE(find_text(text, status).has_value()) << status << "\n" << test::dump_text(text);
}

// Each bottom tab, brought to the front through UiState::select_tab, renders its contents
// (which a tiny window may leave off screen: then only the rendering itself is checked).
void render_every_tab(HeadlessUi& ui, bool on_screen = true) {
  for (const Tab& tab : kTabs) {
    ui.app().ui().select_tab = tab.index;
    ui.frames(5);
    if (!on_screen) continue;
    EXPECT_EQ(ui.app().ui().select_tab, -1) << "the request is one-shot";
    EXPECT_TRUE(find_text(ui.text(), tab.marker, "##tabs").has_value())
        << tab.name << "\n"
        << test::dump_text(ui.text());
  }
}

// The inspector for each kind of pick that exists at this point.
void inspect_everything(HeadlessUi& ui) {
  UiState& s = ui.app().ui();
  const TraceModel& m = ui.projection().model();
  struct Pick {
    UiState::Pick kind;
    std::uint64_t id;
    bool exists;
  };
  const Pick picks[] = {
      {UiState::Pick::block, 0, !m.blocks.empty()},
      {UiState::Pick::p, 0, !m.ps.empty()},
      {UiState::Pick::worker, 0, !m.workers.empty()},
      {UiState::Pick::event, ui.projection().cursor() > 0 ? ui.projection().cursor() - 1 : 0,
       ui.projection().cursor() > 0},
      {UiState::Pick::actor, 1, true},           // the first mutator, as the code pane picks it
      {UiState::Pick::block, 1'000'000, true}};  // a block that does not exist
  for (const Pick& p : picks) {
    if (!p.exists) continue;
    s.pick = p.kind;
    s.pick_id = p.id;
    ui.frames(2);
  }
  s.pick = UiState::Pick::none;
}

class EveryScenario : public ::testing::TestWithParam<NamedScenario> {};

TEST_P(EveryScenario, EveryViewAndTabRendersFromStartToEnd) {
  HeadlessUi ui(GetParam().scenario);
  ui.frames(3);
  expect_every_panel(ui);
  render_every_tab(ui);
  // Points of the run: early, first eager push, first flush, the end.
  const auto milestones = {EventKind::gc_phase, EventKind::block_full, EventKind::flush_end,
                           EventKind::run_end};
  for (EventKind kind : milestones) {
    ui.advance(40);
    ui.advance_to(kind);
    ui.frames(3);
    SCOPED_TRACE(std::string("at ") + std::string(to_string(kind)) + ", event " +
                 std::to_string(ui.projection().head()));
    expect_every_panel(ui);
    render_every_tab(ui);
    inspect_everything(ui);
  }
  EXPECT_TRUE(ui.projection().model().finished);
  // Scrubbing: back to the start, the middle, one step back, and the help overlay on top.
  const std::size_t head = ui.projection().head();
  for (std::size_t cursor : {std::size_t{0}, head / 2, head / 3, head}) {
    ui.app().go_to(cursor);
    ui.frames(4);
    EXPECT_EQ(ui.projection().cursor(), cursor);
    expect_every_panel(ui);
  }
  ui.app().step_back();
  ui.app().ui().show_help = true;
  ui.settle();
  EXPECT_EQ(ui.projection().cursor(), head - 1);
  ASSERT_NE(ImGui::FindWindowByName("Keys"), nullptr);
  EXPECT_TRUE(ImGui::FindWindowByName("Keys")->Active);
}

INSTANTIATE_TEST_SUITE_P(HeadlessUi, EveryScenario, ::testing::ValuesIn(test::ui_scenarios()),
                         [](const ::testing::TestParamInfo<NamedScenario>& info) {
                           return info.param.name;
                         });

TEST(HeadlessUi, PLaneLabelsAndBlockTilesAreOnScreen) {
  HeadlessUi ui(test::small_scenario());
  ui.frames(3);
  auto text = ui.text();
  for (const char* lane : {"P0", "P1", "P2", "P3"}) {
    EXPECT_TRUE(find_text(text, lane, "##processors").has_value()) << lane << "\n"
                                                                   << test::dump_text(text);
  }
  ui.advance_to(EventKind::block_full);
  ui.settle();
  const TraceModel& m = ui.projection().model();
  ASSERT_EQ(m.full_stack.size(), 1u);
  const std::uint32_t id = m.full_stack[0];
  const std::string tile = "b" + std::to_string(id) + " 16/16";
  text = ui.text();
  const auto label = find_text(text, tile, "##stacks");
  ASSERT_TRUE(label.has_value()) << tile << "\n" << test::dump_text(text);
  // The label sits on the tile registered for the bottom of the full stack.
  const Rect* r = ui.projection().place_rect({BlockPlace::full, 0});
  ASSERT_NE(r, nullptr);
  EXPECT_GE(label->centre().x, r->x);
  EXPECT_LE(label->centre().x, r->x + r->w);
  EXPECT_GE(label->centre().y, r->y);
  EXPECT_LE(label->centre().y, r->y + r->h);
  EXPECT_TRUE(find_text(text, "full (1)", "##stacks").has_value()) << test::dump_text(text);
}

TEST(HeadlessUi, SixtyFourPsDrawWithoutTooManyVerticesInOneList) {
  // 64 lanes of 60 slots each is thousands of rounded rectangles in one child window: more than
  // 16-bit indices reach unless the renderer takes vertex offsets.
  Scenario s = test::small_scenario();
  s.gomaxprocs = 64;
  s.block_capacity = 60;
  s.cleanups = 40;
  HeadlessUi ui(s);
  ui.advance_to(EventKind::flush_begin);
  ui.settle();
  expect_every_panel(ui);
  const ImDrawData& data = *ImGui::GetDrawData();
  for (int l = 0; l < data.CmdListsCount; ++l) {
    EXPECT_LT(data.CmdLists[l]->VtxBuffer.Size, 1 << 16) << data.CmdLists[l]->_OwnerName;
  }
  const Image image = ui.capture();
  EXPECT_EQ(image.width, 1440);
}

TEST(HeadlessUi, EverySizeFromTinyToLargeLaysOut) {
  Scenario s = test::small_scenario();
  s.gomaxprocs = 16;
  for (auto [w, h] : {std::pair{1440, 900}, {1024, 640}, {640, 400}, {320, 240}, {2560, 1440}}) {
    SCOPED_TRACE(std::to_string(w) + "x" + std::to_string(h));
    HeadlessUi ui(s, w, h);
    ui.advance_to(EventKind::block_full);
    ui.frames(4);
    render_every_tab(ui, w >= 1024);
    const Image image = ui.capture();
    EXPECT_EQ(image.width, w);
    EXPECT_EQ(image.height, h);
  }
}

TEST(HeadlessUi, PlayButtonIsFoundByItsIdAndStartsThenPausesTheRun) {
  HeadlessUi ui(test::small_scenario());
  ui.app().ui().speed = kDefaultSpeed;  // slow enough to still be playing when Pause is clicked
  ui.frames(2);
  const auto play = find_text(ui.text(), "Play");
  ASSERT_TRUE(play.has_value());
  ImGuiWindow* main = ImGui::FindWindowByName("Cleanup Queue Lab");
  ASSERT_NE(main, nullptr);
  ImGui::GetIO().MousePos = play->centre();
  ui.frames(2);
  EXPECT_EQ(GImGui->HoveredId, main->GetID("Play"));
  ui.click(play->centre());
  EXPECT_TRUE(ui.app().session().playing());
  const auto pause = find_text(ui.text(), "Pause");
  ASSERT_TRUE(pause.has_value()) << test::dump_text(ui.text());
  ui.click(pause->centre());
  ui.app().session().wait_idle();
  EXPECT_FALSE(ui.app().session().playing());
}

TEST(HeadlessUi, StepButtonAdvancesTheRunAndTheStatusLine) {
  HeadlessUi ui(test::small_scenario());
  ui.frames(2);
  EXPECT_EQ(ui.projection().head(), 0u);
  for (int i = 1; i <= 3; ++i) {
    const auto step = find_text(ui.text(), "Step >");
    ASSERT_TRUE(step.has_value());
    ui.click(step->centre());
    ui.app().session().wait_idle();
    ui.frames(2);
    EXPECT_GE(ui.projection().head(), static_cast<std::size_t>(i));
    EXPECT_EQ(ui.projection().cursor(), ui.projection().head());
  }
  const std::string status = "event " + std::to_string(ui.projection().head()) + "/";
  EXPECT_TRUE(find_text(ui.text(), status).has_value()) << test::dump_text(ui.text());
}

TEST(HeadlessUi, QuestionMarkTogglesTheKeysOverlay) {
  HeadlessUi ui(test::small_scenario());
  ui.frames(2);
  ui.type('?');
  ui.frames(1);
  ASSERT_NE(ImGui::FindWindowByName("Keys"), nullptr);
  EXPECT_TRUE(ImGui::FindWindowByName("Keys")->Active);
  EXPECT_TRUE(find_text(ui.text(), "Space", "Keys").has_value()) << test::dump_text(ui.text());
  ui.type('?');
  ui.frames(1);
  EXPECT_FALSE(ImGui::FindWindowByName("Keys")->Active);
}

TEST(HeadlessUi, ClickingALaneOrAnEventFillsTheInspector) {
  HeadlessUi ui(test::small_scenario());
  ui.advance_to(EventKind::block_full);
  ui.settle();
  // A P lane holding a block: the inspector shows that block.
  const TraceModel& m = ui.projection().model();
  std::uint32_t p = 0;
  while (p < m.ps.size() && m.ps[p].block == kNoBlock) ++p;
  ASSERT_LT(p, m.ps.size());
  const std::uint32_t block = m.ps[p].block;
  const Rect* lane = ui.projection().place_rect({BlockPlace::p, p});
  ASSERT_NE(lane, nullptr);
  ui.click(ImVec2(lane->cx(), lane->cy()));
  EXPECT_EQ(ui.app().ui().pick, UiState::Pick::block);
  EXPECT_EQ(ui.app().ui().pick_id, block);
  const std::string where = "current block of P" + std::to_string(p);
  EXPECT_TRUE(find_text(ui.text(), where, "##inspector").has_value()) << test::dump_text(ui.text());
  // An event in the log: the cursor jumps there and the inspector names it.
  ui.app().ui().select_tab = 0;
  ui.frames(3);
  const auto row = find_text(ui.text(), "goroutines_created", "##tabs");
  ASSERT_TRUE(row.has_value()) << test::dump_text(ui.text());
  ui.click(row->centre());
  EXPECT_EQ(ui.app().ui().pick, UiState::Pick::event);
  EXPECT_EQ(ui.projection().cursor(), ui.app().ui().pick_id + 1);
  EXPECT_FALSE(ui.app().ui().follow_head);
  EXPECT_TRUE(find_text(ui.text(), "goroutines_created", "##inspector").has_value())
      << test::dump_text(ui.text());
  // With what Go does differently there (model/model_vs_go_notes.hpp).
  EXPECT_TRUE(find_text(ui.text(), "Where Go differs", "##inspector").has_value())
      << test::dump_text(ui.text());
  EXPECT_TRUE(
      find_text(ui.text(), "P2. Mutators run through mark and sweep", "##inspector").has_value())
      << test::dump_text(ui.text());
}

TEST(HeadlessUi, ClickingTheTimelineMovesTheCursorBack) {
  HeadlessUi ui(test::small_scenario());
  ui.advance_to(EventKind::flush_end);
  ui.frames(3);
  const std::size_t head = ui.projection().head();
  const auto gc_row = find_text(ui.text(), "GC", "##timeline");
  ASSERT_TRUE(gc_row.has_value()) << test::dump_text(ui.text());
  // The axis starts 52 px right of the row labels; a click a tenth of the way along it.
  ImGuiWindow* timeline = active_child("##timeline");
  ASSERT_NE(timeline, nullptr);
  const float axis_x = gc_row->min.x + 52.f;
  const float axis_w = timeline->InnerRect.Max.x - axis_x;
  ui.click(ImVec2(axis_x + axis_w * 0.1f, gc_row->centre().y));
  EXPECT_FALSE(ui.app().ui().follow_head);
  EXPECT_LT(ui.projection().cursor(), head / 4);
  EXPECT_GT(ui.projection().cursor(), 0u);
}

// The editor's `go` choice sets the protocol, block capacity and worker cap; replacing a custom
// scenario's overrides is said, not done silently.
TEST(HeadlessUi, ChoosingAGoVersionSaysItResetTheOverrides) {
  Scenario custom = test::small_scenario();
  custom.protocol = WakeProtocol::oneshot;  // go1.25 with e46c8e's wake: an experiment
  ASSERT_EQ(describe_go(custom, true), "custom (based on go1.25)");
  HeadlessUi ui(custom);
  ui.app().ui().select_tab = 2;
  ui.frames(3);
  const auto go126 = find_text(ui.text(), "go1.26", "##tabs");
  ASSERT_TRUE(go126.has_value()) << test::dump_text(ui.text());
  ui.click(go126->centre());
  ui.frames(2);
  EXPECT_EQ(ui.app().ui().edited.go, GoVersion::go1_26);
  EXPECT_EQ(ui.app().ui().edited.protocol, WakeProtocol::level) << "the profile's own wake";
  EXPECT_NE(ui.app().ui().message.find("overrides were reset"), std::string::npos)
      << ui.app().ui().message;
}

TEST(HeadlessUi, CompareTabRunsBothDesigns) {
  HeadlessUi ui(test::small_scenario());
  ui.app().ui().select_tab = 3;
  ui.frames(3);
  const auto run = find_text(ui.text(), "Run the comparison", "##tabs");
  ASSERT_TRUE(run.has_value()) << test::dump_text(ui.text());
  ui.click(run->centre());
  // The comparison runs on another thread; poll for its result, bounded.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!find_text(ui.text(), "Go 1.24: one finalizer goroutine", "##tabs").has_value() &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ui.frame();
  }
  const auto text = ui.text();
  EXPECT_TRUE(find_text(text, "Go 1.24: one finalizer goroutine", "##tabs").has_value())
      << test::dump_text(text);
  // The queue's side is labelled with exactly what ran: the scenario's profile or "custom".
  const std::string queue_label = describe_go(test::small_scenario()).substr(0, 24);
  EXPECT_TRUE(find_text(text, queue_label, "##tabs").has_value()) << queue_label << "\n"
                                                                  << test::dump_text(text);
  const std::string executed = "executed " +
                               std::to_string(test::small_scenario().total_cleanups()) + " of " +
                               std::to_string(test::small_scenario().total_cleanups());
  EXPECT_TRUE(find_text(text, executed, "##tabs").has_value()) << test::dump_text(text);
}

std::string read_whole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The Real Go tab: both recorded traces (assets/go-traces), one at a time by the selector, each
// labelled with the Go version that recorded it and with one lane per cleanup goroutine the trace
// holds; beside it the model's run of the same workload under the matching profile, labelled
// with that profile's own label, one lane per goroutine the run created.
TEST(HeadlessUi, RealGoTabShowsEachRecordedTraceWithItsGoVersion) {
  HeadlessUi ui(test::small_scenario(), 1600, 2000);  // tall enough for the caption under both
  ui.app().ui().select_tab = kRealGoTab;
  int recording = 0;
  for (const char* minor : {"1.25", "1.26"}) {
    ui.app().ui().real_go_recording = recording++;
    ui.frames(3);
    const auto text = ui.text();
    const std::string path =
        std::string(CQ_TEST_SOURCE_DIR) + "/assets/go-traces/go" + minor + ".cqgo";
    const GoTraceResult recorded = read_cqgo(read_whole(path), path);
    ASSERT_TRUE(recorded.ok()) << recorded.error;
    const GoProfile& profile = go_profile(*parse_go_version(std::string("go") + minor));
    const std::string model = "Model, profile " + std::string(profile.name);
    EXPECT_TRUE(find_text(text, model, "##tabs").has_value()) << model << "\n"
                                                              << test::dump_text(text);
    // The label, wrapped under it: its first words, up to the first colon, fit on one line.
    const std::string_view label = profile.label;
    const std::string label_start(label.substr(0, label.find(':')));
    EXPECT_TRUE(find_text(text, label_start, "##tabs").has_value()) << label_start << "\n"
                                                                    << test::dump_text(text);
    EXPECT_TRUE(find_text(text, "seed 1,", "##tabs").has_value()) << test::dump_text(text);
    // The run beside it created the cap, max(8/4, 1) = 2 goroutines: a lane each, no third.
    for (const char* lane : {"model g0", "model g1"}) {
      EXPECT_TRUE(find_text(text, lane, "##tabs").has_value()) << lane << "\n"
                                                               << test::dump_text(text);
    }
    EXPECT_FALSE(find_text(text, "model g2", "##tabs").has_value()) << test::dump_text(text);
    EXPECT_TRUE(find_text(text, "goroutine created inside AddCleanup at step", "##tabs"))
        << test::dump_text(text);
    // The label is the file's own "go" line, e.g. go1.25.12: exactly the version that recorded it.
    EXPECT_EQ(recorded.trace->go_version.rfind(std::string("go") + minor + ".", 0), 0u);
    const std::string title = "Recorded by " + recorded.trace->go_version;
    EXPECT_TRUE(find_text(text, title, "##tabs").has_value()) << title << "\n"
                                                              << test::dump_text(text);
    for (const GoCleanupGoroutine& g : recorded.trace->cleanup_goroutines) {
      const std::string lane = "cleanup g" + std::to_string(g.goid);
      EXPECT_TRUE(find_text(text, lane, "##tabs").has_value()) << lane << "\n"
                                                               << test::dump_text(text);
    }
    EXPECT_TRUE(find_text(text, "no event for the queue's enqueue, flush or wake", "##tabs"));
  }
}

// The recorded shape runs in the model from the tab: the scenario becomes the file's `model` line.
TEST(HeadlessUi, RealGoTabRunsTheRecordedShapeInTheModel) {
  HeadlessUi ui(test::small_scenario(), 1600, 1500);
  ui.app().ui().select_tab = kRealGoTab;
  ui.frames(3);
  const auto button = find_text(ui.text(), "Run this shape in the model", "##tabs");
  ASSERT_TRUE(button.has_value()) << test::dump_text(ui.text());
  ui.click(button->centre());
  ui.frames(3);
  const Scenario& s = ui.app().ui().edited;
  EXPECT_EQ(s.gomaxprocs, 8u);
  EXPECT_EQ(s.cleanups, 100u);
  EXPECT_EQ(s.gc_cycles, 2u);
  EXPECT_EQ(std::string(go_profile(s.go).name), "go1.25");  // the first trace is Go 1.25's
  EXPECT_NE(ui.app().ui().message.find("the model runs the shape Go recorded"), std::string::npos)
      << ui.app().ui().message;
}

// A recorded trace that cannot be read is a message in the tab; the app goes on.
TEST(HeadlessUi, RealGoTabSaysWhichRecordedTraceItCannotRead) {
  HeadlessUi ui(test::small_scenario());
  const std::string empty = ::testing::TempDir() + "cq-no-assets-" + std::to_string(::getpid());
  const char* old = std::getenv("CQ_ASSETS_DIR");  // NOLINT(concurrency-mt-unsafe)
  const std::string saved = old != nullptr ? old : "";
  ::setenv("CQ_ASSETS_DIR", empty.c_str(), 1);  // read on the tab's first frame
  ui.app().ui().select_tab = kRealGoTab;
  ui.frames(3);
  if (old != nullptr) {
    ::setenv("CQ_ASSETS_DIR", saved.c_str(), 1);
  } else {
    ::unsetenv("CQ_ASSETS_DIR");
  }
  const auto text = ui.text();
  const std::string message = empty + "/go-traces/go1.25.cqgo";
  EXPECT_TRUE(find_text(text, message, "##tabs").has_value()) << test::dump_text(text);
  expect_every_panel(ui);
}

}  // namespace
}  // namespace cq::viz
