// The lost wakeup of docs/algorithm.md §9.2, driven step by step by the test (one thread: the point
// is the protocol logic, not the timing). GOMAXPROCS = 8 so the cap is 2, and one goroutine exists:
//   1. consumer C: try_take_block() finds nothing;
//   2. producer:   fills a block, which is pushed (one unit of work);
//   3. scheduler:  needs_wake() is true (work, ng 1 < cap 2); wake() finds nobody asleep, so it
//                  wakes no one and requests a goroutine (needg += 1);
//   4. consumer C: announce_sleep().
// oneshot: step 3 consumed the only wake, C parks, and no scheduling round will ever wake it:
// the block is stranded until some later AddCleanup happens to create a goroutine.
// level: step 3 consumed nothing, so C's re-check in step 4 sees the work and retries.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "queue/cleanup_queue.hpp"
#include "support/queue_test_support.hpp"

namespace cq {
namespace {

using test::enqueue_range;
using test::make_config;
using test::structural_invariants_hold;

constexpr std::uint32_t kCapacity = 4;
constexpr GoroutineId kConsumer = 0;
constexpr int kSchedulingRounds = 1000;  // "forever", as far as a test can tell

// Steps 1-3; returns the scheduler's wake result.
WakeResult run_up_to_the_sleep_announcement(CleanupQueue& q) {
  EXPECT_EQ(q.create_gs(), 1u);
  EXPECT_EQ(q.worker_cap(), 2u);
  EXPECT_EQ(q.try_take_block().block, nullptr);      // 1
  EXPECT_EQ(enqueue_range(q, 0, 1, kCapacity), 1u);  // 2
  EXPECT_TRUE(q.needs_wake());                       // 3
  return q.wake();
}

TEST(LostWakeup, SchedulerFindsNobodyAsleepAndRequestsAGoroutine) {
  for (WakeProtocol protocol : {WakeProtocol::oneshot, WakeProtocol::level}) {
    SCOPED_TRACE(to_string(protocol));
    CleanupQueue q(make_config(8, kCapacity, protocol));
    const WakeResult r = run_up_to_the_sleep_announcement(q);
    EXPECT_TRUE(r.woken.empty());
    EXPECT_EQ(r.asleep_seen, 0u);
    EXPECT_EQ(r.needg_added, 1u);
    EXPECT_EQ(q.needg(), 1u);
  }
}

TEST(LostWakeup, OneshotStrandsTheBlockWhenTheWakeIsConsumedBeforeTheConsumerSleeps) {
  CleanupQueue q(make_config(8, kCapacity, WakeProtocol::oneshot));
  run_up_to_the_sleep_announcement(q);
  ASSERT_EQ(q.announce_sleep(kConsumer), SleepOutcome::parked);  // 4

  // Stranded: a block on `full`, its only consumer asleep, and the scheduler never fires.
  for (int round = 0; round < kSchedulingRounds; ++round) {
    ASSERT_FALSE(q.needs_wake()) << "round " << round;
  }
  const QueueSnapshot s = q.snapshot();
  EXPECT_EQ(s.full.size(), 1u);
  EXPECT_EQ(s.full[0].n, kCapacity);
  EXPECT_EQ(s.wakes, 0u);
  EXPECT_EQ(s.sleeping, std::vector<GoroutineId>{kConsumer});
  EXPECT_TRUE(q.wake().woken.empty()) << "even an unconditional wake() finds no signal";
  EXPECT_TRUE(structural_invariants_hold(q));
}

// The only way out is the needg relay, which needs another AddCleanup call (docs/algorithm.md
// §9.2).
TEST(LostWakeup, OneshotStrandedBlockIsRescuedOnlyByTheNextAddCleanup) {
  CleanupQueue q(make_config(8, kCapacity, WakeProtocol::oneshot));
  run_up_to_the_sleep_announcement(q);
  ASSERT_EQ(q.announce_sleep(kConsumer), SleepOutcome::parked);
  ASSERT_FALSE(q.needs_wake());
  // AddCleanup: need_g() sees the scheduler's request and starts a second goroutine...
  ASSERT_TRUE(q.need_g());
  ASSERT_EQ(q.create_gs(), 1u);
  // ...which finds the block the first one slept through.
  CleanupBlock* b = q.try_take_block().block;
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->count(), kCapacity);
  EXPECT_EQ(q.snapshot().sleeping, std::vector<GoroutineId>{kConsumer});
}

TEST(LostWakeup, LevelConsumerSeesTheWorkOnItsRecheckInsteadOfSleeping) {
  CleanupQueue q(make_config(8, kCapacity, WakeProtocol::level));
  run_up_to_the_sleep_announcement(q);
  ASSERT_EQ(q.announce_sleep(kConsumer), SleepOutcome::retry);  // 4
  EXPECT_TRUE(q.snapshot().sleeping.empty());
  CleanupBlock* b = q.try_take_block().block;
  ASSERT_NE(b, nullptr) << "the block is taken, not stranded";
  EXPECT_EQ(b->count(), kCapacity);
  q.finish_block(b);
  EXPECT_EQ(q.snapshot().work_units, 0u);
  EXPECT_TRUE(structural_invariants_hold(q));
}

// The other order of steps 3 and 4: C announces before the scheduler looks. Then the scheduler
// sees the sleeper and wakes it, under both protocols.
TEST(LostWakeup, ConsumerThatSleepsBeforeTheSchedulerLooksIsWokenUnderBothProtocols) {
  for (WakeProtocol protocol : {WakeProtocol::oneshot, WakeProtocol::level}) {
    SCOPED_TRACE(to_string(protocol));
    CleanupQueue q(make_config(8, kCapacity, protocol));
    q.create_gs();
    ASSERT_EQ(q.try_take_block().block, nullptr);
    ASSERT_EQ(q.announce_sleep(kConsumer), SleepOutcome::parked);
    enqueue_range(q, 0, 1, kCapacity);
    ASSERT_TRUE(q.needs_wake());
    EXPECT_EQ(q.wake().woken, std::vector<GoroutineId>{kConsumer});
    EXPECT_NE(q.try_take_block().block, nullptr);
  }
}

// Level keeps signalling while the work is there: scheduling rounds that wake nobody use up
// nothing, unlike oneshot, whose first round zeroes the wakes.
TEST(LostWakeup, PendingWorkKeepsNeedsWakeTrueAcrossRoundsOnlyUnderLevel) {
  for (WakeProtocol protocol : {WakeProtocol::oneshot, WakeProtocol::level}) {
    SCOPED_TRACE(to_string(protocol));
    CleanupQueue q(make_config(8, kCapacity, protocol));
    run_up_to_the_sleep_announcement(q);
    const bool level = protocol == WakeProtocol::level;
    for (int round = 0; round < 3; ++round) {
      ASSERT_EQ(q.needs_wake(), level) << "round " << round;
      if (level) {
        EXPECT_TRUE(q.wake().woken.empty());
      }
    }
    EXPECT_EQ(q.snapshot().work_units, level ? 1u : 0u);
    ASSERT_NE(q.try_take_block().block, nullptr);
    EXPECT_FALSE(q.needs_wake()) << "taking the block ends the signal";
  }
}

}  // namespace
}  // namespace cq
