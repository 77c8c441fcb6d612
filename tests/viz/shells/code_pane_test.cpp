// The Code tab drawn headless: the actor that stands on a line is named there, and a click on its
// name selects it for the inspector, which says the line it is on.
#include <gtest/gtest.h>

#include <string>

#include "engine/runtime/support/runtime_test_support.hpp"
#include "model/code_cursor.hpp"
#include "viz_test_support.hpp"

namespace cq::viz {
namespace {

TEST(CodePane, ClickingAnActorsNameSelectsIt) {
  const Scenario s = cq::test::small_scenario();
  test::HeadlessUi ui(s, 1440, 1200);
  ui.app().ui().select_tab = kCodeTab;
  ui.advance_to(EventKind::flush_begin);
  ui.frames(4);
  // The flusher: whoever emitted the first flush_begin (the cursor is at or past it).
  const Trace& trace = *ui.projection().trace();
  std::size_t at = 0;
  while (at < ui.projection().cursor() && trace.at(at).kind != EventKind::flush_begin) ++at;
  ASSERT_LT(at, ui.projection().cursor());
  const std::uint16_t flusher = trace.at(at).actor;
  const std::string name = actor_name(s, ui.projection().model(), flusher);
  ASSERT_EQ(name.rfind("sweeper", 0), 0u) << name;
  const auto it = ui.app().item_rects.find("code:" + name);
  ASSERT_NE(it, ui.app().item_rects.end()) << name << " is on no line\n"
                                           << test::dump_text(ui.text());
  ui.click(ImVec2(it->second.cx(), it->second.cy()));
  ui.frames(2);
  EXPECT_EQ(ui.app().ui().pick, UiState::Pick::actor);
  EXPECT_EQ(ui.app().ui().pick_id, flusher);
  const std::string said = name + " (actor " + std::to_string(flusher) + ")";
  EXPECT_TRUE(test::find_text(ui.text(), said, "##inspector").has_value())
      << said << "\n"
      << test::dump_text(ui.text());
}

}  // namespace
}  // namespace cq::viz
