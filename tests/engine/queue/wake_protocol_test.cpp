// The scheduler hook and the consumer's sleep announcement under both wake protocols
// (docs/algorithm.md §3.5, §3.7, §9.2): when needs_wake() fires, how many wake() wakes, and what
// each protocol consumes. oneshot: take() eats every pending wake. level: work_units is lowered
// only by a consumer that takes a block, and announce_sleep() re-checks it after announcing.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "queue/cleanup_queue.hpp"
#include "support/queue_test_support.hpp"

namespace cq {
namespace {

using test::enqueue_range;
using test::make_config;
using test::structural_invariants_hold;
using Ids = std::vector<GoroutineId>;

class WakeProtocolTest : public ::testing::TestWithParam<WakeProtocol> {
 protected:
  // Capacity 1: every enqueue pushes one block, so "push k blocks" is k enqueues.
  QueueConfig config(std::uint32_t gomaxprocs) const {
    return make_config(gomaxprocs, 1, GetParam());
  }
};

TEST_P(WakeProtocolTest, NeedsWakeIsFalseWithoutWork) {
  CleanupQueue q(config(8));
  EXPECT_FALSE(q.needs_wake());
  q.create_gs();
  ASSERT_EQ(q.announce_sleep(0), SleepOutcome::parked);
  EXPECT_FALSE(q.needs_wake()) << "a sleeper alone is no reason to wake";
}

TEST_P(WakeProtocolTest, NeedsWakeIsTrueWhenWorkMeetsRoomToGrow) {
  CleanupQueue q(config(8));  // cap 2
  q.create_gs();
  enqueue_range(q, 0, 1, 1);
  EXPECT_TRUE(q.needs_wake()) << "no sleeper, but ng (1) < cap (2)";
}

TEST_P(WakeProtocolTest, NeedsWakeIsFalseWhenNobodySleepsAndThePoolIsAtItsCap) {
  CleanupQueue q(config(4));  // cap 1
  q.create_gs();
  enqueue_range(q, 0, 1, 3);
  EXPECT_FALSE(q.needs_wake()) << "the one goroutine is awake and will find the work itself";
}

TEST_P(WakeProtocolTest, NeedsWakeIsTrueWhenWorkMeetsASleeper) {
  CleanupQueue q(config(4));
  q.create_gs();
  ASSERT_EQ(q.announce_sleep(7), SleepOutcome::parked);
  enqueue_range(q, 0, 1, 1);
  ASSERT_TRUE(q.needs_wake());
  const WakeResult r = q.wake();
  EXPECT_EQ(r.woken, Ids{7});
  EXPECT_EQ(r.asleep_seen, 1u);
  EXPECT_EQ(q.snapshot().asleep, 0u);
  EXPECT_TRUE(q.snapshot().sleeping.empty());
  EXPECT_TRUE(structural_invariants_hold(q));
}

TEST_P(WakeProtocolTest, WakeWakesNoMoreSleepersThanUnitsOfWork) {
  CleanupQueue q(config(4));
  q.create_gs();
  for (GoroutineId g : {10u, 11u, 12u}) ASSERT_EQ(q.announce_sleep(g), SleepOutcome::parked);
  enqueue_range(q, 0, 1, 1);
  const WakeResult r = q.wake();
  EXPECT_EQ(r.woken, Ids{12}) << "one unit of work, one goroutine; the last to sleep goes first";
  EXPECT_EQ(r.extra, 0u);
  const QueueSnapshot s = q.snapshot();
  EXPECT_EQ(s.asleep, 2u);
  EXPECT_EQ(s.sleeping, (Ids{10, 11}));
}

TEST_P(WakeProtocolTest, WakeWakesNoMoreThanAreAsleepAndReturnsThemLastInFirstOut) {
  CleanupQueue q(config(4));
  q.create_gs();
  for (GoroutineId g : {10u, 11u, 12u}) ASSERT_EQ(q.announce_sleep(g), SleepOutcome::parked);
  enqueue_range(q, 0, 1, 5);
  const WakeResult r = q.wake();
  EXPECT_EQ(r.woken, (Ids{12, 11, 10}));
  EXPECT_EQ(r.signals, 5u);
  EXPECT_EQ(r.extra, 2u);
  EXPECT_EQ(r.needg_added, 0u) << "ng is already at the cap of 1";
  EXPECT_EQ(q.snapshot().asleep, 0u);
}

TEST_P(WakeProtocolTest, WakeWithNoWorkWakesNobody) {
  CleanupQueue q(config(8));
  q.create_gs();
  ASSERT_EQ(q.announce_sleep(3), SleepOutcome::parked);
  const WakeResult r = q.wake();
  EXPECT_TRUE(r.woken.empty());
  EXPECT_EQ(r.needg_added, 0u);
  EXPECT_EQ(q.snapshot().sleeping, Ids{3});
}

// wake_would_unpark(): the stricter question "would wake() unpark anyone now", i.e. work and a
// sleeper, without the pool-growth half of needs_wake().
TEST_P(WakeProtocolTest, WakeWouldUnparkOnlyWithWorkAndASleeper) {
  CleanupQueue q(config(8));  // cap 2, so needs_wake() can fire with nobody asleep
  q.create_gs();
  EXPECT_FALSE(q.wake_would_unpark());
  enqueue_range(q, 0, 1, 1);
  EXPECT_TRUE(q.needs_wake());
  EXPECT_FALSE(q.wake_would_unpark()) << "work but nobody asleep: wake() would only raise needg";
  CleanupQueue sleeper_first(config(8));
  sleeper_first.create_gs();
  ASSERT_EQ(sleeper_first.announce_sleep(4), SleepOutcome::parked);
  EXPECT_FALSE(sleeper_first.wake_would_unpark()) << "asleep but no work";
  enqueue_range(sleeper_first, 0, 1, 1);
  EXPECT_TRUE(sleeper_first.wake_would_unpark());
  EXPECT_EQ(sleeper_first.wake().woken, Ids{4});
  EXPECT_FALSE(sleeper_first.wake_would_unpark());
}

INSTANTIATE_TEST_SUITE_P(BothProtocols, WakeProtocolTest,
                         ::testing::Values(WakeProtocol::oneshot, WakeProtocol::level),
                         [](const auto& info) { return std::string(to_string(info.param)); });

// ---- oneshot (e46c8e) ----

TEST(OneshotWake, WakeConsumesEveryPendingWakeAtOnce) {
  CleanupQueue q(make_config(4, 1, WakeProtocol::oneshot));
  q.create_gs();
  ASSERT_EQ(q.announce_sleep(0), SleepOutcome::parked);
  enqueue_range(q, 0, 1, 3);
  EXPECT_EQ(q.snapshot().wakes, 3u);
  const WakeResult r = q.wake();
  EXPECT_EQ(r.signals, 3u);
  EXPECT_EQ(r.woken, Ids{0});
  EXPECT_EQ(r.extra, 2u);
  const QueueSnapshot s = q.snapshot();
  EXPECT_EQ(s.wakes, 0u) << "take() resets wakes whatever it could not use";
  EXPECT_EQ(s.full.size(), 3u);
  EXPECT_FALSE(q.needs_wake());
  EXPECT_TRUE(q.wake().woken.empty());
}

TEST(OneshotWake, AnnounceSleepParksEvenWithWorkQueued) {
  CleanupQueue q(make_config(4, 1, WakeProtocol::oneshot));
  q.create_gs();
  enqueue_range(q, 0, 1, 1);
  EXPECT_EQ(q.announce_sleep(0), SleepOutcome::parked) << "e46c8e has no re-check";
  EXPECT_EQ(q.snapshot().asleep, 1u);
  EXPECT_TRUE(q.needs_wake()) << "the pending wake still wakes it";
  EXPECT_EQ(q.wake().woken, Ids{0});
}

TEST(OneshotWake, TakingABlockLeavesItsWakePendingForASpuriousWake) {
  CleanupQueue q(make_config(4, 1, WakeProtocol::oneshot));
  q.create_gs();
  enqueue_range(q, 0, 1, 1);
  CleanupBlock* b = q.try_take_block().block;
  ASSERT_NE(b, nullptr);
  q.finish_block(b);
  EXPECT_EQ(q.snapshot().wakes, 1u);
  ASSERT_EQ(q.announce_sleep(0), SleepOutcome::parked);
  ASSERT_TRUE(q.needs_wake());
  EXPECT_EQ(q.wake().woken, Ids{0});
  EXPECT_EQ(q.try_take_block().block, nullptr) << "woken for work that is already done";
}

// ---- level (later Go) ----

TEST(LevelWake, WakeLeavesWorkUnitsForTheConsumers) {
  CleanupQueue q(make_config(4, 1, WakeProtocol::level));
  q.create_gs();
  ASSERT_EQ(q.announce_sleep(0), SleepOutcome::parked);
  enqueue_range(q, 0, 1, 3);
  const WakeResult r = q.wake();
  EXPECT_EQ(r.woken, Ids{0});
  EXPECT_EQ(r.signals, 3u);
  EXPECT_EQ(q.snapshot().work_units, 3u) << "wake() must not consume work";
  EXPECT_TRUE(structural_invariants_hold(q));
}

TEST(LevelWake, OnlyTakingABlockConsumesAWorkUnit) {
  CleanupQueue q(make_config(4, 1, WakeProtocol::level));
  enqueue_range(q, 0, 1, 3);
  for (std::uint64_t left = 3; left > 0; --left) {
    EXPECT_EQ(q.snapshot().work_units, left);
    EXPECT_EQ(q.snapshot().full.size(), left) << "at rest, one unit per block on full";
    CleanupBlock* b = q.try_take_block().block;
    ASSERT_NE(b, nullptr);
    q.finish_block(b);
  }
  EXPECT_EQ(q.snapshot().work_units, 0u);
  EXPECT_EQ(q.try_take_block().block, nullptr);
}

TEST(LevelWake, AnnounceSleepReturnsRetryWhenWorkIsPresent) {
  CleanupQueue q(make_config(4, 1, WakeProtocol::level));
  enqueue_range(q, 0, 1, 1);
  EXPECT_EQ(q.announce_sleep(0), SleepOutcome::retry);
  const QueueSnapshot s = q.snapshot();
  EXPECT_EQ(s.asleep, 0u) << "the announcement is withdrawn";
  EXPECT_TRUE(s.sleeping.empty());
  EXPECT_NE(q.try_take_block().block, nullptr);
  EXPECT_EQ(q.announce_sleep(0), SleepOutcome::parked) << "with no work left it parks";
  EXPECT_EQ(q.snapshot().sleeping, Ids{0});
}

TEST(LevelWake, WokenGoroutineThatFindsNoWorkParksAgain) {
  CleanupQueue q(make_config(8, 1, WakeProtocol::level));
  q.create_gs();
  ASSERT_EQ(q.announce_sleep(1), SleepOutcome::parked);
  enqueue_range(q, 0, 1, 1);
  ASSERT_EQ(q.wake().woken, Ids{1});
  // Another, already running goroutine takes the block before the woken one gets to run.
  CleanupBlock* b = q.try_take_block().block;
  ASSERT_NE(b, nullptr);
  q.finish_block(b);
  // The woken one: spurious, but harmless.
  EXPECT_EQ(q.try_take_block().block, nullptr);
  EXPECT_EQ(q.announce_sleep(1), SleepOutcome::parked);
  EXPECT_FALSE(q.needs_wake());
}

}  // namespace
}  // namespace cq
