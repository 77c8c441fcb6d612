// Projection on hand-written traces: the visual state at a cursor is the fold of the events
// before it, wherever the cursor came from; blocks that change place slide, and only for
// Projection::kMotionSeconds. Every expected state below was worked out from the event meanings
// in trace_event.hpp, not by running the fold.
#include "model/projection.hpp"

#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "viz_test_support.hpp"

namespace cq::viz {
namespace {

using test::ev;
using K = EventKind;
using Ids = std::vector<std::uint32_t>;

constexpr std::uint16_t kGc = 0, kMutator = 1, kSweeper = 2, kScheduler = 3, kWorker = 4;
constexpr std::uint32_t kMark = 1, kSweep = 2;

// Two Ps, blocks of 2. Cleanups 1 and 2 fill b0 on P0 (eager push), cleanup 3 starts b1; the
// last sweeper's flush pushes b1; one goroutine pops b1 then b0, runs all three, frees both.
// One step per line: each is appended as one batch, as the engine does.
std::vector<std::vector<TraceEvent>> two_block_steps() {
  return {
      {ev(K::cleanup_registered, 10, kMutator, 0, kNoBlock, 1),
       ev(K::goroutines_created, 10, kMutator, 0, kNoBlock, 1, 1)},
      {ev(K::cleanup_registered, 20, kMutator, 0, kNoBlock, 2)},
      {ev(K::cleanup_registered, 30, kMutator, 0, kNoBlock, 3)},
      {ev(K::worker_started, 35, kWorker, kNoP, kNoBlock, 0)},
      {ev(K::take_failed, 36, kWorker), ev(K::announce_sleep, 36, kWorker, kNoP, kNoBlock, 0, 1),
       ev(K::park, 36, kWorker)},
      {ev(K::gc_phase, 40, kGc, kNoP, kNoBlock, 0, kMark)},
      {ev(K::gc_phase, 50, kGc, kNoP, kNoBlock, 0, kSweep)},
      {ev(K::sweeper_begin, 60, kSweeper, kNoP, kNoBlock, 0, 1),
       ev(K::p_acquired, 60, kSweeper, 0)},
      {ev(K::block_allocated, 70, kSweeper, 0, 0), ev(K::enqueue, 70, kSweeper, 0, 0, 1, 0)},
      {ev(K::enqueue, 80, kSweeper, 0, 0, 2, 1), ev(K::block_full, 80, kSweeper, 0, 0),
       ev(K::work_signalled, 80, kSweeper, kNoP, kNoBlock, 0, 1)},
      {ev(K::block_allocated, 90, kSweeper, 0, 1), ev(K::enqueue, 90, kSweeper, 0, 1, 3, 0)},
      {ev(K::p_released, 100, kSweeper, 0), ev(K::sweeper_end, 100, kSweeper, kNoP, kNoBlock, 1, 0),
       ev(K::flush_begin, 100, kSweeper), ev(K::flush_missing, 100, kSweeper, 1),
       ev(K::flush_adopt, 100, kSweeper, 0, 1, 0, 1), ev(K::flush_push, 100, kSweeper, 0, 1, 1, 1),
       ev(K::flush_end, 100, kSweeper, kNoP, kNoBlock, 1, 1 << 16)},
      {ev(K::needs_wake, 200, kScheduler, 0), ev(K::wake, 200, kScheduler, 0, kNoBlock, 1)},
      {ev(K::unpark, 700, kWorker, kNoP, kNoBlock, kScheduler),
       ev(K::pop_full, 700, kWorker, kNoP, 1, 1),
       ev(K::running_begin, 700, kWorker, kNoP, 1, 0, 1)},
      {ev(K::cleanup_run, 900, kWorker, kNoP, 1, 3, 0)},
      {ev(K::running_end, 910, kWorker, kNoP, 1, 0, 0), ev(K::push_free, 910, kWorker, kNoP, 1)},
      {ev(K::pop_full, 920, kWorker, kNoP, 0, 2),
       ev(K::running_begin, 920, kWorker, kNoP, 0, 0, 1)},
      {ev(K::cleanup_run, 1120, kWorker, kNoP, 0, 1, 0)},
      {ev(K::cleanup_run, 1320, kWorker, kNoP, 0, 2, 1)},
      {ev(K::running_end, 1330, kWorker, kNoP, 0, 0, 0), ev(K::push_free, 1330, kWorker, kNoP, 0)},
      {ev(K::take_failed, 1340, kWorker),
       ev(K::announce_sleep, 1340, kWorker, kNoP, kNoBlock, 0, 1), ev(K::park, 1340, kWorker)},
  };
}

// Cursors are counts of events: the state after event i is at cursor i + 1.
constexpr std::size_t kAfterFirstEnqueue = 14;  // event 13: b0 on P0 with one cleanup
constexpr std::size_t kBeforeFirstPush = 15;    // event 14: b0 on P0, full
constexpr std::size_t kAfterFirstPush = 16;     // event 15: b0 on the full stack
constexpr std::size_t kAfterFlushAdopt = 24;    // event 23: b1 in the flusher's hands
constexpr std::size_t kAfterFlushPush = 25;     // event 24: b1 on the full stack, above b0
constexpr std::size_t kAfterFirstPop = 30;      // event 29: b1 held by g0
constexpr std::size_t kAfterFirstFree = 34;     // event 33: b1 on the free stack

class ProjectionOnHandTrace : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const auto& step : two_block_steps()) trace_.append_step(step);
    events_ = trace_.size();
    proj_.attach(trace_, 2, 3);
    ASSERT_EQ(proj_.catch_up(), events_);
  }
  // The state after `count` events, folded from scratch without the projection or its index.
  TraceModel folded(std::size_t count) const {
    TraceModel m(2);
    for (std::size_t i = 0; i < count; ++i) m.apply(trace_.at(i));
    return m;
  }

  Trace trace_;
  std::size_t events_ = 0;
  Projection proj_;
};

TEST_F(ProjectionOnHandTrace, StartsAtTheInitialStateWithEveryPLane) {
  EXPECT_EQ(events_, 43u);
  EXPECT_EQ(proj_.head(), events_);
  EXPECT_EQ(proj_.cursor(), 0u);
  ASSERT_EQ(proj_.model().ps.size(), 2u);
  EXPECT_EQ(proj_.model().ps[0].block, kNoBlock);
  EXPECT_TRUE(proj_.model().blocks.empty());
  EXPECT_TRUE(proj_.motions().empty());
}

TEST_F(ProjectionOnHandTrace, FoldsTheKnownVisualStates) {
  proj_.set_cursor(kAfterFirstEnqueue, 0);
  EXPECT_EQ(proj_.model().ps[0].block, 0u);
  EXPECT_EQ(proj_.model().ps[0].fill, 1u);
  EXPECT_EQ(proj_.model().ps[0].holder, kSweeper);
  EXPECT_EQ(proj_.model().phase, GcPhase::sweep);
  EXPECT_EQ(proj_.place_of(0), (PlaceKey{BlockPlace::p, 0}));

  proj_.set_cursor(kBeforeFirstPush, 0);
  EXPECT_EQ(proj_.model().ps[0].fill, 2u);
  EXPECT_TRUE(proj_.model().full_stack.empty());

  proj_.set_cursor(kAfterFirstPush, 0);
  EXPECT_EQ(proj_.model().ps[0].block, kNoBlock);
  EXPECT_EQ(proj_.model().full_stack, (Ids{0}));
  EXPECT_EQ(proj_.place_of(0), (PlaceKey{BlockPlace::full, 0}));

  proj_.set_cursor(kAfterFlushAdopt, 0);
  EXPECT_TRUE(proj_.model().flush.active);
  EXPECT_EQ(proj_.model().flush.accumulator, 1u);
  EXPECT_EQ(proj_.place_of(1), (PlaceKey{BlockPlace::flusher, 0}));

  proj_.set_cursor(kAfterFlushPush, 0);
  EXPECT_EQ(proj_.model().full_stack, (Ids{0, 1}));
  EXPECT_EQ(proj_.place_of(1), (PlaceKey{BlockPlace::full, 1}));

  proj_.set_cursor(kAfterFirstPop, 0);
  EXPECT_EQ(proj_.model().full_stack, (Ids{0}));
  ASSERT_EQ(proj_.model().workers.size(), 1u);
  EXPECT_EQ(proj_.model().workers[0].block, 1u);
  EXPECT_EQ(proj_.model().workers[0].phase, WorkerPhase::running);
  EXPECT_EQ(proj_.place_of(1), (PlaceKey{BlockPlace::worker, 0}));

  proj_.set_cursor(kAfterFirstFree, 0);
  EXPECT_EQ(proj_.model().free_stack, (Ids{1}));
  EXPECT_EQ(proj_.place_of(1), (PlaceKey{BlockPlace::free, 0}));

  proj_.set_cursor(events_, 0);
  EXPECT_TRUE(proj_.model().full_stack.empty());
  EXPECT_EQ(proj_.model().free_stack, (Ids{1, 0}));
  EXPECT_EQ(proj_.model().counters.executed, 3u);
  EXPECT_EQ(proj_.model().workers[0].phase, WorkerPhase::parked);
  EXPECT_EQ(proj_.model().entries.queued(), 0u);
}

TEST_F(ProjectionOnHandTrace, SeekingAnywhereInAnyOrderEqualsAFoldFromTheStart) {
  // Forward, backward, and a fixed scramble of every cursor position.
  std::vector<std::size_t> order;
  for (std::size_t c = 0; c <= events_; ++c) order.push_back(c);
  for (std::size_t c = events_ + 1; c-- > 0;) order.push_back(c);
  for (std::size_t i = 0; i <= events_; ++i) order.push_back((i * 17 + 5) % (events_ + 1));
  double now = 0;
  for (std::size_t count : order) {
    proj_.set_cursor(count, now += 0.01);
    ASSERT_EQ(proj_.cursor(), count);
    ASSERT_TRUE(proj_.model() == folded(count)) << "cursor " << count;
  }
}

TEST_F(ProjectionOnHandTrace, CursorBeyondTheHeadStopsAtTheHead) {
  proj_.set_cursor(events_ + 100, 0);
  EXPECT_EQ(proj_.cursor(), events_);
  EXPECT_TRUE(proj_.model() == folded(events_));
}

TEST_F(ProjectionOnHandTrace, ABlockThatChangedPlaceSlidesForMotionSeconds) {
  proj_.set_cursor(kBeforeFirstPush, 1.0);
  EXPECT_TRUE(proj_.motions().empty()) << "b0 came from nowhere: it appears, it does not slide";

  proj_.set_cursor(kAfterFirstPush, 2.0);
  ASSERT_EQ(proj_.motions().size(), 1u);
  const Motion* m = proj_.motion(0, 2.0);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->from, (PlaceKey{BlockPlace::p, 0}));
  EXPECT_EQ(m->to, (PlaceKey{BlockPlace::full, 0}));
  EXPECT_DOUBLE_EQ(m->start_s, 2.0);
  EXPECT_NE(proj_.motion(0, 2.0 + Projection::kMotionSeconds * 0.5), nullptr);
  EXPECT_EQ(proj_.motion(0, 2.0 + Projection::kMotionSeconds + 0.01), nullptr);
  EXPECT_EQ(proj_.motion(1, 2.0), nullptr);
}

TEST_F(ProjectionOnHandTrace, AJumpSlidesEveryMovedBlockFromWhereItWasToWhereItIs) {
  // From before the first push straight to after the flush: b0 went P0 -> full[0]; b1 did not
  // exist before, so it does not slide.
  proj_.set_cursor(kBeforeFirstPush, 1.0);
  proj_.set_cursor(kAfterFlushPush, 1.0);
  ASSERT_EQ(proj_.motions().size(), 1u);
  EXPECT_EQ(proj_.motions().at(0).to, (PlaceKey{BlockPlace::full, 0}));
  // On to after the first pop: b1 slides full[1] -> g0; b0 stays where it is.
  proj_.set_cursor(kAfterFirstPop, 5.0);
  ASSERT_EQ(proj_.motions().size(), 1u);
  const Motion& m = proj_.motions().at(1);
  EXPECT_EQ(m.from, (PlaceKey{BlockPlace::full, 1}));
  EXPECT_EQ(m.to, (PlaceKey{BlockPlace::worker, 0}));
}

TEST_F(ProjectionOnHandTrace, SeekingBackSlidesTheBlockBack) {
  proj_.set_cursor(kAfterFirstPush, 1.0);
  proj_.set_cursor(kBeforeFirstPush, 3.0);
  const Motion* m = proj_.motion(0, 3.1);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->from, (PlaceKey{BlockPlace::full, 0}));
  EXPECT_EQ(m->to, (PlaceKey{BlockPlace::p, 0}));
}

TEST_F(ProjectionOnHandTrace, FinishedMotionsExpireEvenWhileTheCursorStandsStill) {
  proj_.set_cursor(kBeforeFirstPush, 0.5);
  proj_.set_cursor(kAfterFirstPush, 1.0);
  ASSERT_FALSE(proj_.motions().empty());
  // Paused: every frame sets the same cursor. Once the motion has landed the list must be empty,
  // or the frame loop's idle throttling (it waits while motions() is non-empty) never engages.
  proj_.set_cursor(kAfterFirstPush, 1.0 + Projection::kMotionSeconds * 0.5);
  EXPECT_FALSE(proj_.motions().empty());
  proj_.set_cursor(kAfterFirstPush, 1.0 + Projection::kMotionSeconds + 0.01);
  EXPECT_TRUE(proj_.motions().empty());
}

TEST_F(ProjectionOnHandTrace, InterestingEventsAndTheirNeighbours) {
  // Interesting: goroutines_created (1), gc_phase (8, 9), block_full (15), flush_begin (21),
  // flush_end (25), wake with a > 0 (27).
  EXPECT_EQ(proj_.interesting(), (std::vector<std::size_t>{1, 8, 9, 15, 21, 25, 27}));
  // Cursors are counts: event i is on screen at cursor i + 1.
  EXPECT_EQ(proj_.next_interesting(0), 2u);
  EXPECT_EQ(proj_.next_interesting(2), 9u);
  EXPECT_EQ(proj_.next_interesting(kBeforeFirstPush), kAfterFirstPush);
  EXPECT_EQ(proj_.next_interesting(28), proj_.head());
  EXPECT_EQ(proj_.previous_interesting(kAfterFirstPush), 10u);
  EXPECT_EQ(proj_.previous_interesting(2), 0u);
}

TEST_F(ProjectionOnHandTrace, RegistrationAndEnqueueTimesPerCleanup) {
  EXPECT_EQ(proj_.registered_at(1), 10u);
  EXPECT_EQ(proj_.registered_at(3), 30u);
  EXPECT_EQ(proj_.enqueued_at(2), 80u);
  EXPECT_EQ(proj_.enqueued_at(3), 90u);
  EXPECT_EQ(proj_.enqueued_at(99), 0u);
}

TEST_F(ProjectionOnHandTrace, LatencyHistogramCountsEachRunInItsLog2Bucket) {
  // Cleanup 3: enqueued at 90, ran at 900: 810 ns, bit_width 10. Cleanup 1: 70 -> 1120: 1050 ns,
  // bit_width 11. Cleanup 2: 80 -> 1320: 1240 ns, bit_width 11.
  std::array<std::uint64_t, Projection::kLatencyBuckets> want{};
  want[10] = 1;
  want[11] = 2;
  EXPECT_EQ(proj_.latency_histogram(), want);
}

TEST_F(ProjectionOnHandTrace, SamplesEverySixtyFourthEvent) {
  // 43 events: one sample, at event 0 (cleanup 1 registered, nothing queued yet).
  ASSERT_EQ(proj_.samples().size(), 1u);
  EXPECT_EQ(proj_.samples()[0].event, 0u);
  EXPECT_EQ(proj_.samples()[0].time_ns, 10u);
  EXPECT_EQ(proj_.samples()[0].full_blocks, 0.f);
}

TEST(Projection, CatchingUpStepByStepGivesTheSameSeriesAsAllAtOnce) {
  Trace live, whole;
  Projection step_by_step, at_once;
  step_by_step.attach(live, 2, 3);
  for (int repeat = 0; repeat < 4; ++repeat) {  // 172 events: three samples
    for (const auto& step : two_block_steps()) {
      live.append_step(step);
      whole.append_step(step);
      step_by_step.catch_up();
    }
  }
  at_once.attach(whole, 2, 3);
  at_once.catch_up();
  ASSERT_EQ(step_by_step.head(), at_once.head());
  ASSERT_EQ(step_by_step.samples().size(), 3u);
  ASSERT_EQ(at_once.samples().size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(step_by_step.samples()[i].event, i * 64);
    EXPECT_EQ(step_by_step.samples()[i].event, at_once.samples()[i].event);
    EXPECT_EQ(step_by_step.samples()[i].executed, at_once.samples()[i].executed);
    EXPECT_EQ(step_by_step.samples()[i].queued, at_once.samples()[i].queued);
  }
  EXPECT_EQ(step_by_step.latency_histogram(), at_once.latency_histogram());
  EXPECT_EQ(step_by_step.interesting(), at_once.interesting());
}

TEST(Projection, AttachStartsOverOnANewTrace) {
  Trace first, second;
  for (const auto& step : two_block_steps()) first.append_step(step);
  Projection proj;
  proj.attach(first, 2, 3);
  proj.catch_up();
  proj.set_cursor(kAfterFirstPush, 0);
  proj.attach(second, 4, 10);
  EXPECT_EQ(proj.head(), 0u);
  EXPECT_EQ(proj.cursor(), 0u);
  EXPECT_EQ(proj.model().ps.size(), 4u);
  EXPECT_TRUE(proj.samples().empty());
  EXPECT_TRUE(proj.interesting().empty());
  EXPECT_TRUE(proj.motions().empty());
}

}  // namespace
}  // namespace cq::viz
