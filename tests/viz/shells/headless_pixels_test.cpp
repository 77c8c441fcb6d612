// Pixels of the software-rendered frame where the views registered their places: a P lane shows
// its filled slots in the slot colour, the full list its blocks in the full-stack colour. The
// positions come from Projection::place_rect, so the test follows the layout wherever it goes.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "ui/theme.hpp"
#include "viz_test_support.hpp"

namespace cq::viz {
namespace {

using test::blended_rgba;
using test::HeadlessUi;
using test::near_colour;

std::string hex(std::uint32_t rgba) {
  char s[16];
  std::snprintf(s, sizeof s, "#%08x", rgba);
  return s;
}

// Colour (ABGR, opaque) as the captured image packs it (RGBA).
std::uint32_t opaque_rgba(std::uint32_t abgr) {
  return blended_rgba(abgr | 0xff000000u, 0);
}

std::uint32_t pixel_at(const Image& image, float x, float y) {
  return image.pixel(static_cast<int>(x), static_cast<int>(y));
}

TEST(HeadlessPixels, PLaneSlotsShowFilledAndEmptyAfterEnqueues) {
  HeadlessUi ui(test::small_scenario());
  ui.settle();
  const Rect* lane0 = ui.projection().place_rect({BlockPlace::p, 0});
  ASSERT_NE(lane0, nullptr);
  // Before any enqueue: the lane is empty, nothing in the slot colour.
  Image before = ui.capture();
  const float cell = lane0->w / static_cast<float>(test::small_scenario().block_capacity);
  EXPECT_FALSE(near_colour(pixel_at(before, lane0->x + cell * 0.5f, lane0->cy()),
                           opaque_rgba(colour(Role::slot_filled))));

  // On to a moment after the first eager push where some lane holds a partly filled block.
  ui.advance_to(EventKind::block_full);
  auto partly_filled = [&] {
    for (const ModelP& lane : ui.projection().model().ps) {
      if (lane.block != kNoBlock && lane.fill >= 2 &&
          lane.fill < test::small_scenario().block_capacity)
        return true;
    }
    return false;
  };
  for (int i = 0; i < 500 && (ui.frame(), !partly_filled()); ++i) ui.advance(1);
  ui.settle();
  const TraceModel& m = ui.projection().model();
  int checked = 0;
  for (std::uint32_t p = 0; p < m.ps.size(); ++p) {
    const ModelP& lane = m.ps[p];
    if (lane.block == kNoBlock || lane.fill == 0 ||
        lane.fill >= test::small_scenario().block_capacity)
      continue;
    const Rect* r = ui.projection().place_rect({BlockPlace::p, p});
    ASSERT_NE(r, nullptr);
    const Image image = ui.capture();
    const float first = r->x + cell * 0.5f,
                last = r->x +
                       cell * (static_cast<float>(test::small_scenario().block_capacity) - 0.5f);
    // The last enqueue's slot is drawn in the highlight colour; every other filled one in the
    // slot colour, every unfilled one in the empty-slot colour.
    const TraceEvent& e = ui.projection().trace()->at(ui.projection().cursor() - 1);
    const bool first_is_now = e.kind == EventKind::enqueue && e.p == p && e.b == 0;
    if (!first_is_now) {
      EXPECT_TRUE(
          near_colour(pixel_at(image, first, r->cy()), opaque_rgba(colour(Role::slot_filled))))
          << "P" << p << " slot 0: " << hex(pixel_at(image, first, r->cy()));
    }
    EXPECT_TRUE(near_colour(pixel_at(image, last, r->cy()), opaque_rgba(colour(Role::slot_empty))))
        << "P" << p << " last slot: " << hex(pixel_at(image, last, r->cy()));
    ++checked;
  }
  EXPECT_GT(checked, 0) << "no P held a partly filled block at the first eager push";
}

TEST(HeadlessPixels, FullListShowsTheFullStackColourAfterABlockFull) {
  HeadlessUi ui(test::small_scenario());
  ui.settle();
  const Rect* bottom = ui.projection().place_rect({BlockPlace::full, 0});
  ASSERT_NE(bottom, nullptr) << "the stacks view registers the next free position too";
  // A full block's tile: the full-stack colour at alpha 220 over the empty-slot colour. Probed
  // at three quarters of its width, right of the "b0 16/16" label.
  const std::uint32_t full = blended_rgba(colour(Role::block_full, 220), colour(Role::slot_empty));
  const float x = bottom->x + bottom->w * 0.75f, y = bottom->cy();
  EXPECT_FALSE(near_colour(pixel_at(ui.capture(), x, y), full))
      << "the empty list is already coloured";

  ui.advance_to(EventKind::block_full);
  ui.settle();
  const Rect* landed = ui.projection().place_rect({BlockPlace::full, 0});
  ASSERT_NE(landed, nullptr);
  const Image image = ui.capture();
  const std::uint32_t got = pixel_at(image, landed->x + landed->w * 0.75f, landed->cy());
  EXPECT_TRUE(near_colour(got, full)) << "got " << hex(got) << ", want " << hex(full);
  // Above it, the next free position is still empty (panel background).
  const Rect* next = ui.projection().place_rect({BlockPlace::full, 1});
  ASSERT_NE(next, nullptr);
  EXPECT_FALSE(near_colour(pixel_at(image, next->x + next->w * 0.75f, next->cy()), full));
}

TEST(HeadlessPixels, ABlockInFlightIsDrawnBetweenItsTwoPlaces) {
  HeadlessUi ui(test::small_scenario());
  ui.advance_to(EventKind::block_full);
  // Show the moment before the eager push, then step over it: the block slides from its lane.
  ui.frame();
  const std::size_t head = ui.projection().head();
  std::size_t push = head;
  while (push-- > 0 && ui.projection().trace()->at(push).kind != EventKind::block_full) {
  }
  ui.app().go_to(push);
  ui.settle();
  const std::uint32_t id = ui.projection().trace()->at(push).block;
  EXPECT_EQ(ui.projection().place_of(id).place, BlockPlace::p);
  ui.app().go_to(head);
  ui.frame();
  const Motion* m = ui.projection().motion(id, ImGui::GetTime());
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->from.place, BlockPlace::p);
  EXPECT_EQ(m->to, (PlaceKey{BlockPlace::full, 0}));
  // Halfway through, the tile is on the foreground list, between the lane and the stack.
  ui.frames(static_cast<int>(Projection::kMotionSeconds * 60 / 2));
  const Rect* from = ui.projection().place_rect(m->from);
  const Rect* to = ui.projection().place_rect(m->to);
  ASSERT_NE(from, nullptr);
  ASSERT_NE(to, nullptr);
  const auto text = ui.text();
  const auto label = test::find_text(text, "b" + std::to_string(id) + " 16/16", "##Foreground");
  ASSERT_TRUE(label.has_value()) << test::dump_text(text);
  EXPECT_GT(label->min.x, std::min(from->x, to->x));
  EXPECT_LT(label->min.x, std::max(from->x, to->x) + to->w);
  ui.settle();
  EXPECT_FALSE(
      test::find_text(ui.text(), "b" + std::to_string(id) + " 16/16", "##Foreground").has_value());
  EXPECT_TRUE(ui.projection().motions().empty());
}

}  // namespace
}  // namespace cq::viz
