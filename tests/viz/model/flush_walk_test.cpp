// The flush walked along the Ps (model/flush_walk.hpp), through the Projection, on hand-written
// traces: the blocks of one flush leave their lanes in P order, one stop apart, by way of the
// flusher's hands; everything lands within Projection::kFlushWalk.landing_bound(); the
// accumulator's count grows as merges land; the flusher's lane moves from P0 to the last P; every
// other motion is as it was (it starts at once and goes straight). Times are wall seconds
// handed to set_cursor: no clock, no sleeps.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "model/projection.hpp"
#include "viz_test_support.hpp"

namespace cq::viz {
namespace {

using test::ev;
using K = EventKind;

constexpr std::uint16_t kSweeper = 2;
constexpr double kStep = Projection::kFlushWalk.step_s;  // 4 Ps: the walk is not squeezed
constexpr double kLeg = kMotionSeconds;
// Stop times are sums of steps: a query this far past an instant is after it, whatever rounding.
constexpr double kAfter = 1e-9;

// Four Ps, blocks of 4. P0 holds b0 (1 entry), P1 filled b3 and pushed it eagerly, P2 holds b1
// (2), P3 holds b2 (2). The last sweeper's flush, worked out by hand from CleanupQueue::flush:
//   P0 adopt b0 (1) | P1 missing | P2 merge b1 -> b0 (2 moved: b0 3, b1 empty), b1 to free |
//   P3 merge b2 -> b0 (1 moved: b0 full), push b0, b2 (1 left) accumulates | push b2 (last).
struct FourPFlush {
  std::vector<std::vector<TraceEvent>> steps;
  std::size_t before_eager_push = 0;  // cursor: b3 still on P1, full
  std::size_t before_flush = 0;       // cursor: every block still in its lane
  std::size_t after_flush = 0;        // cursor: flush_end folded
};

FourPFlush four_p_flush() {
  FourPFlush f;
  std::uint64_t id = 0;
  auto fill = [&](std::uint16_t p, std::uint32_t block, std::uint32_t n, std::uint64_t t) {
    std::vector<TraceEvent> step{ev(K::block_allocated, t, kSweeper, p, block)};
    for (std::uint32_t slot = 0; slot < n; ++slot)
      step.push_back(ev(K::enqueue, t, kSweeper, p, block, ++id, slot));
    f.steps.push_back(step);
  };
  fill(0, 0, 1, 10);
  fill(2, 1, 2, 20);
  fill(3, 2, 2, 30);
  fill(1, 3, 4, 40);
  std::size_t count = 0;
  for (const auto& s : f.steps) count += s.size();
  f.before_eager_push = count;
  f.steps.push_back({ev(K::block_full, 40, kSweeper, 1, 3)});
  f.before_flush = count + 1;
  f.steps.push_back({
      ev(K::flush_begin, 50, kSweeper),
      ev(K::flush_adopt, 50, kSweeper, 0, 0, 0, 1),
      ev(K::flush_missing, 50, kSweeper, 1),
      ev(K::flush_merge, 50, kSweeper, 2, 1, 0, 2),
      ev(K::flush_free_emptied, 50, kSweeper, 2, 1),
      ev(K::flush_merge, 50, kSweeper, 3, 2, 0, 1),
      ev(K::flush_push, 50, kSweeper, 3, 0, 0, 4),
      ev(K::flush_push, 50, kSweeper, 3, 2, 1, 1),
      ev(K::flush_end, 50, kSweeper, kNoP, kNoBlock, 2, 1 | 1 << 16),
  });
  f.after_flush = f.before_flush + f.steps.back().size();
  return f;
}

class FlushWalkOnHandTrace : public ::testing::Test {
 protected:
  void SetUp() override {
    flush_ = four_p_flush();
    for (const auto& step : flush_.steps) trace_.append_step(step);
    proj_.attach(trace_, 4, 9);
    ASSERT_EQ(proj_.catch_up(), trace_.size());
  }
  const Motion& motion_of(std::uint32_t block) const {
    static const Motion none{};
    auto it = proj_.motions().find(block);
    return it == proj_.motions().end() ? none : it->second;
  }

  FourPFlush flush_;
  Trace trace_;
  Projection proj_;
};

TEST_F(FlushWalkOnHandTrace, TheFoldMatchesTheHandWorkedFlush) {
  proj_.set_cursor(flush_.after_flush, 0);
  const TraceModel& m = proj_.model();
  EXPECT_EQ(m.full_stack, (std::vector<std::uint32_t>{3, 0, 2}));
  EXPECT_EQ(m.free_stack, (std::vector<std::uint32_t>{1}));
  EXPECT_EQ(m.blocks[0].n, 4u);
  EXPECT_EQ(m.blocks[2].n, 1u);
  EXPECT_FALSE(m.flush.active);
}

TEST_F(FlushWalkOnHandTrace, BlocksLeaveTheirLanesInPOrderOneStopApart) {
  const double now = 10.0;
  proj_.set_cursor(flush_.before_flush, 0);
  proj_.set_cursor(flush_.after_flush, now);
  ASSERT_EQ(proj_.motions().size(), 3u) << "b0, b1, b2 moved; b3 was on the full stack already";
  const Motion& b0 = motion_of(0);  // P0: the accumulator until P3's merge filled it
  const Motion& b1 = motion_of(1);  // P2: merged, emptied, freed
  const Motion& b2 = motion_of(2);  // P3: merged, the rest accumulated, pushed last
  EXPECT_EQ(b0.from, (PlaceKey{BlockPlace::p, 0}));
  EXPECT_EQ(b1.from, (PlaceKey{BlockPlace::p, 2}));
  EXPECT_EQ(b2.from, (PlaceKey{BlockPlace::p, 3}));
  // P1 had no block, but the flusher still stops there: P2 is two stops after P0.
  EXPECT_DOUBLE_EQ(b0.start_s, now);
  EXPECT_DOUBLE_EQ(b1.start_s, now + 2 * kStep);
  EXPECT_DOUBLE_EQ(b2.start_s, now + 3 * kStep);
  EXPECT_LT(b0.start_s, b1.start_s);
  EXPECT_LT(b1.start_s, b2.start_s);
  // Each by way of the flusher's hands: the accumulators in one, the merged-out source beside it.
  EXPECT_EQ(b0.via, (PlaceKey{BlockPlace::flusher, FlushWalk::kAccumulatorSlot}));
  EXPECT_EQ(b1.via, (PlaceKey{BlockPlace::flusher, FlushWalk::kSourceSlot}));
  EXPECT_EQ(b2.via, (PlaceKey{BlockPlace::flusher, FlushWalk::kAccumulatorSlot}));
  EXPECT_EQ(b0.to, (PlaceKey{BlockPlace::full, 1}));
  EXPECT_EQ(b1.to, (PlaceKey{BlockPlace::free, 0}));
  EXPECT_EQ(b2.to, (PlaceKey{BlockPlace::full, 2}));
  // b0 is pushed when P3's merge (which filled it) has landed; b1 goes to free when its own has.
  EXPECT_DOUBLE_EQ(b0.depart_s, now + 3 * kStep + kLeg);
  EXPECT_DOUBLE_EQ(b1.depart_s, now + 2 * kStep + kLeg);
  EXPECT_DOUBLE_EQ(b2.depart_s, now + 3 * kStep + kLeg);
  double last = 0;
  for (const auto& [id, m] : proj_.motions()) last = std::max(last, m.end_s());
  EXPECT_DOUBLE_EQ(last, now + 3 * kStep + 2 * kLeg);
  EXPECT_LE(last, now + Projection::kFlushWalk.landing_bound());
  // In flight until the last has landed, then gone (the frame loop may idle again).
  proj_.set_cursor(flush_.after_flush, last - 0.01);
  EXPECT_EQ(proj_.motions().size(), 2u) << "b1 landed on free before b0 and b2 on full";
  proj_.set_cursor(flush_.after_flush, last + 0.01);
  EXPECT_TRUE(proj_.motions().empty());
}

TEST_F(FlushWalkOnHandTrace, TheAccumulatorGrowsAsTheMergesLand) {
  const double now = 5.0;
  proj_.set_cursor(flush_.before_flush, 0);
  proj_.set_cursor(flush_.after_flush, now);
  EXPECT_EQ(proj_.shown_fill(0, now), 1u) << "adopted with its one entry";
  EXPECT_EQ(proj_.shown_fill(0, now + 2 * kStep + kLeg - 0.01), 1u)
      << "P2's merge still on its way";
  EXPECT_EQ(proj_.shown_fill(0, now + 2 * kStep + kLeg + kAfter), 3u);
  EXPECT_EQ(proj_.shown_fill(0, now + 3 * kStep + kLeg + kAfter), 4u);
  // The sources show what they held until their entries have moved out.
  EXPECT_EQ(proj_.shown_fill(1, now + 2 * kStep + kAfter), 2u);
  EXPECT_EQ(proj_.shown_fill(1, now + 2 * kStep + kLeg + kAfter), 0u);
  EXPECT_EQ(proj_.shown_fill(2, now + 3 * kStep + kAfter), 2u);
  EXPECT_EQ(proj_.shown_fill(2, now + 3 * kStep + kLeg + kAfter), 1u);
  // Once it is all over, the model's counts again.
  EXPECT_EQ(proj_.shown_fill(0, now + 10), 4u);
}

TEST_F(FlushWalkOnHandTrace, TheFlusherWalksFromP0ToTheLastPAndThenLeaves) {
  const double now = 3.0;
  proj_.set_cursor(flush_.before_flush, 0);
  EXPECT_FALSE(proj_.flusher_lane(0).has_value());
  proj_.set_cursor(flush_.after_flush, now);
  ASSERT_TRUE(proj_.flusher_lane(now).has_value());
  EXPECT_FLOAT_EQ(*proj_.flusher_lane(now), 0.f);
  EXPECT_FLOAT_EQ(*proj_.flusher_lane(now + kStep * 0.5), 0.5f) << "between P0 and P1";
  EXPECT_FLOAT_EQ(*proj_.flusher_lane(now + kStep + kAfter), 1.f);
  EXPECT_FLOAT_EQ(*proj_.flusher_lane(now + 3 * kStep + kAfter), 3.f);
  ASSERT_TRUE(proj_.flusher_lane(now + 3 * kStep + kLeg - kAfter).has_value())
      << "until the last merge lands";
  EXPECT_FLOAT_EQ(*proj_.flusher_lane(now + 3 * kStep + kLeg - kAfter), 3.f);
  EXPECT_FALSE(proj_.flusher_lane(now + 3 * kStep + kLeg + 0.01).has_value());
  float previous = -1;
  for (int frame = 0; frame < 48; ++frame) {  // 60 frames a second, up to the last merge
    const double t = now + frame / 60.0;
    const auto lane = proj_.flusher_lane(t);
    ASSERT_TRUE(lane.has_value()) << "at " << t - now;
    EXPECT_GE(*lane, previous) << "at " << t - now;
    previous = *lane;
  }
}

TEST_F(FlushWalkOnHandTrace, OtherMotionsStartAtOnceAndGoStraight) {
  // A move over the eager push of b3 and the flush: b3's push is no part of the walk.
  const double now = 7.0;
  proj_.set_cursor(flush_.before_eager_push, 0);
  proj_.set_cursor(flush_.after_flush, now);
  const Motion& b3 = motion_of(3);
  EXPECT_EQ(b3.from, (PlaceKey{BlockPlace::p, 1}));
  EXPECT_EQ(b3.to, (PlaceKey{BlockPlace::full, 0}));
  EXPECT_DOUBLE_EQ(b3.start_s, now);
  EXPECT_EQ(b3.via.place, BlockPlace::nowhere);
  EXPECT_DOUBLE_EQ(b3.end_s(), now + kMotionSeconds);
  EXPECT_DOUBLE_EQ(motion_of(2).start_s, now + 3 * kStep) << "the flush's blocks still walk";
}

TEST_F(FlushWalkOnHandTrace, SteppingBackUndoesTheFlushAtOnce) {
  proj_.set_cursor(flush_.after_flush, 1.0);
  proj_.set_cursor(flush_.before_flush, 20.0);
  ASSERT_EQ(proj_.motions().size(), 3u);
  for (const auto& [id, m] : proj_.motions()) {
    EXPECT_DOUBLE_EQ(m.start_s, 20.0) << "b" << id;
    EXPECT_EQ(m.via.place, BlockPlace::nowhere) << "b" << id;
  }
  EXPECT_FALSE(proj_.flusher_lane(20.0).has_value());
}

TEST_F(FlushWalkOnHandTrace, SteppingThroughTheFlushOneEventAtATimeShowsEachStopAsItComes) {
  double now = 100.0;
  proj_.set_cursor(flush_.before_flush, now);
  for (std::size_t c = flush_.before_flush + 1; c <= flush_.after_flush; ++c) {
    now += 1.0;  // slower than the walk's own pace: every step starts when it is taken
    proj_.set_cursor(c, now);
    for (const auto& [id, m] : proj_.motions()) {
      if (m.end_s() < now) continue;
      EXPECT_LE(m.start_s, now) << "b" << id << " at cursor " << c;
      EXPECT_GE(m.end_s(), now) << "b" << id << " at cursor " << c;
    }
    // Standing inside the flush, the flusher is at the P of the event just folded.
    const TraceEvent& e = trace_.at(c - 1);
    if (proj_.model().flush.active && e.p != kNoP) {
      ASSERT_TRUE(proj_.flusher_lane(now + 0.5).has_value()) << "cursor " << c;
      EXPECT_FLOAT_EQ(*proj_.flusher_lane(now + 0.5), static_cast<float>(e.p)) << "cursor " << c;
    }
    // The last push, taken just now (its stop was reached two steps ago): it leaves the
    // flusher's hands now, not when the walk would have had it leave.
    if (e.kind == K::flush_push && e.a == 1) {
      const Motion& b2 = motion_of(2);
      EXPECT_EQ(b2.from, (PlaceKey{BlockPlace::flusher, 0}));
      EXPECT_EQ(b2.to, (PlaceKey{BlockPlace::full, 2}));
      EXPECT_DOUBLE_EQ(b2.depart_s, now);
      EXPECT_DOUBLE_EQ(b2.end_s(), now + kMotionSeconds);
    }
  }
}

TEST_F(FlushWalkOnHandTrace, WithTheWalkOffAFlushSlidesAtOnce) {
  proj_.set_flush_walk(false);
  proj_.set_cursor(flush_.before_flush, 0);
  proj_.set_cursor(flush_.after_flush, 4.0);
  ASSERT_EQ(proj_.motions().size(), 3u);
  for (const auto& [id, m] : proj_.motions()) {
    EXPECT_DOUBLE_EQ(m.start_s, 4.0) << "b" << id;
    EXPECT_EQ(m.via.place, BlockPlace::nowhere) << "b" << id;
    EXPECT_DOUBLE_EQ(m.end_s(), 4.0 + kMotionSeconds);
  }
  EXPECT_FALSE(proj_.flusher_lane(4.0).has_value());
}

// 64 Ps, one entry each, blocks of 128: the flusher adopts P0's block and merges every other
// into it, freeing each. The walk is squeezed so that it still lands within the bound.
TEST(FlushWalkSixtyFourPs, TheWalkIsSqueezedIntoTheBound) {
  constexpr std::uint16_t kPs = 64;
  Trace trace;
  for (std::uint16_t p = 0; p < kPs; ++p) {
    trace.append_step(std::vector<TraceEvent>{ev(K::block_allocated, 10, kSweeper, p, p),
                                              ev(K::enqueue, 10, kSweeper, p, p, p + 1u, 0)});
  }
  const std::size_t before = trace.size();
  std::vector<TraceEvent> flush{ev(K::flush_begin, 20, kSweeper),
                                ev(K::flush_adopt, 20, kSweeper, 0, 0, 0, 1)};
  for (std::uint16_t p = 1; p < kPs; ++p) {
    flush.push_back(ev(K::flush_merge, 20, kSweeper, p, p, 0, 1));
    flush.push_back(ev(K::flush_free_emptied, 20, kSweeper, p, p));
  }
  flush.push_back(ev(K::flush_push, 20, kSweeper, kPs - 1, 0, 1, kPs));
  flush.push_back(ev(K::flush_end, 20, kSweeper, kNoP, kNoBlock, 1, kPs - 1));
  trace.append_step(flush);
  Projection proj;
  proj.attach(trace, kPs, kPs);
  proj.catch_up();
  proj.set_cursor(before, 0);
  const double now = 2.0;
  proj.set_cursor(trace.size(), now);
  ASSERT_EQ(proj.motions().size(), std::size_t{kPs});
  const double step = Projection::kFlushWalk.walk_s / (kPs - 1);
  double last_end = 0;
  for (std::uint32_t p = 0; p < kPs; ++p) {
    const Motion& m = proj.motions().at(p);
    EXPECT_NEAR(m.start_s, now + step * p, 1e-9) << "P" << p;
    if (p > 0) {
      EXPECT_GT(m.start_s, proj.motions().at(p - 1).start_s) << "P" << p;
    }
    last_end = std::max(last_end, m.end_s());
  }
  EXPECT_LE(last_end, now + Projection::kFlushWalk.landing_bound() + 1e-9);
  EXPECT_GT(last_end, now + Projection::kFlushWalk.walk_s)
      << "the last P's block is walked to last";
}

// Runs the app's session to its first flush (one engine step: flush_begin .. flush_end) and
// shows the picture just before it, landed. Returns the cursor just after it.
std::size_t stand_before_first_flush(test::HeadlessUi& ui) {
  ui.advance_to(K::flush_end);
  ui.frame();
  const Trace& trace = *ui.projection().trace();
  std::size_t begin = 0;
  while (trace.at(begin).kind != K::flush_begin) ++begin;
  std::size_t end = begin;
  while (trace.at(end).kind != K::flush_end) ++end;
  ui.app().go_to(begin);
  ui.settle();
  return end + 1;
}

// The app, headless, frame by frame at 60 a second over a real run's first flush: the labelled
// flusher walks down the P lanes, the flusher's hands are labelled, and all of it is gone once
// the walk has landed.
TEST(FlushWalkUi, TheFlusherWalksDownTheLanesAndLeaves) {
  test::HeadlessUi ui(test::small_scenario(), 1440, 900, /*flush_walk=*/true);
  const std::size_t after = stand_before_first_flush(ui);
  ASSERT_TRUE(ui.projection().motions().empty());
  EXPECT_FALSE(test::find_text(ui.text(), "flusher", "##Foreground").has_value());
  ui.app().go_to(after);
  std::vector<float> ys;
  bool hands_labelled = false;
  const int frames = static_cast<int>(Projection::kFlushWalk.landing_bound() * 60) + 3;
  for (int i = 0; i < frames; ++i) {
    ui.frame();
    if (i == 0) {
      ASSERT_GE(ui.projection().motions().size(), 2u) << "blocks of several Ps move";
      double first = 1e9, last = 0;
      for (const auto& [id, m] : ui.projection().motions()) {
        first = std::min(first, m.start_s);
        last = std::max(last, m.start_s);
      }
      EXPECT_GT(last, first) << "one after the other";
    }
    const auto text = ui.text();
    if (const auto flusher = test::find_text(text, "flusher", "##Foreground"))
      ys.push_back(flusher->centre().y);
    hands_labelled = hands_labelled || test::find_text(text, "flush", "##stacks").has_value();
  }
  ASSERT_GE(ys.size(), 10u) << "the flusher is on screen while it walks";
  EXPECT_TRUE(std::is_sorted(ys.begin(), ys.end())) << "it only walks down, P0 to the last P";
  const Rect* first = ui.projection().place_rect({BlockPlace::p, 0});
  const Rect* last = ui.projection().place_rect({BlockPlace::p, 3});
  ASSERT_NE(first, nullptr);
  ASSERT_NE(last, nullptr);
  EXPECT_NEAR(ys.front(), first->cy(), 2.f);
  EXPECT_NEAR(ys.back(), last->cy(), 2.f);
  EXPECT_TRUE(hands_labelled);
  EXPECT_TRUE(ui.projection().motions().empty()) << "landed within kFlushWalk.landing_bound()";
  EXPECT_FALSE(test::find_text(ui.text(), "flusher", "##Foreground").has_value());
}

// Headless pictures keep the old behaviour: their settle loop is shorter than a walk.
TEST(FlushWalkUi, HeadlessPicturesSlideAFlushAtOnce) {
  test::HeadlessUi ui(test::small_scenario());
  const std::size_t after = stand_before_first_flush(ui);
  ui.app().go_to(after);
  ui.frame();
  ASSERT_GE(ui.projection().motions().size(), 2u);
  for (const auto& [id, m] : ui.projection().motions()) {
    EXPECT_EQ(m.via.place, BlockPlace::nowhere) << "b" << id;
    EXPECT_DOUBLE_EQ(m.start_s, ImGui::GetTime()) << "b" << id;
  }
  EXPECT_FALSE(test::find_text(ui.text(), "flusher", "##Foreground").has_value());
  ui.settle();
  EXPECT_TRUE(ui.projection().motions().empty());
}

}  // namespace
}  // namespace cq::viz
