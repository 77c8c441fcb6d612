// The cleanup goroutine pool (docs/algorithm.md §3.8, §3.7 step 2, §6 invariant 12): the cap rule
// under both policies, the first AddCleanup always creating one goroutine, the scheduler's needg
// requests after wake(), and create_gs() never going beyond the cap.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>

#include "queue/cleanup_queue.hpp"
#include "queue/queue_config.hpp"
#include "support/queue_test_support.hpp"

namespace cq {
namespace {

using test::enqueue_range;
using test::make_config;

constexpr std::uint32_t kGomaxprocsCases[] = {1, 4, 7, 8, 16, 64};
constexpr WorkerCapPolicy kPolicies[] = {WorkerCapPolicy::quarter, WorkerCapPolicy::gomaxprocs};
constexpr WakeProtocol kProtocols[] = {WakeProtocol::oneshot, WakeProtocol::level};

// The rules restated independently of queue_config.hpp: the code's max(GOMAXPROCS/4, 1), or the
// commit message's "up to gomaxprocs".
std::uint32_t expected_cap(std::uint32_t gomaxprocs, WorkerCapPolicy policy) {
  if (policy == WorkerCapPolicy::gomaxprocs) return gomaxprocs;
  const std::uint32_t quarter = gomaxprocs / 4;
  return quarter == 0 ? 1 : quarter;
}

TEST(PoolGrowth, QuarterCapMatchesTheDesignDocTable) {
  const std::map<std::uint32_t, std::uint32_t> table = {{1, 1}, {4, 1},  {7, 1},
                                                        {8, 2}, {16, 4}, {64, 16}};
  for (const auto& [gomaxprocs, cap] : table) {
    EXPECT_EQ(max_cleanup_goroutines(gomaxprocs, WorkerCapPolicy::quarter), cap) << gomaxprocs;
    EXPECT_EQ(expected_cap(gomaxprocs, WorkerCapPolicy::quarter), cap) << gomaxprocs;
  }
}

TEST(PoolGrowth, CapFollowsTheRuleForEveryGomaxprocsAndPolicy) {
  for (std::uint32_t g = kMinGomaxprocs; g <= kMaxGomaxprocs; ++g) {
    for (WorkerCapPolicy policy : kPolicies) {
      EXPECT_EQ(max_cleanup_goroutines(g, policy), expected_cap(g, policy))
          << "GOMAXPROCS " << g << " " << to_string(policy);
    }
  }
}

TEST(PoolGrowth, QueueUsesTheCapOfItsPolicy) {
  for (std::uint32_t g : kGomaxprocsCases) {
    for (WorkerCapPolicy policy : kPolicies) {
      CleanupQueue q(make_config(g, 4, WakeProtocol::level, policy));
      EXPECT_EQ(q.worker_cap(), expected_cap(g, policy)) << g << " " << to_string(policy);
    }
  }
}

TEST(PoolGrowth, FirstAddCleanupAlwaysCreatesExactlyOneGoroutine) {
  for (std::uint32_t g : kGomaxprocsCases) {
    for (WorkerCapPolicy policy : kPolicies) {
      CleanupQueue q(make_config(g, 4, WakeProtocol::level, policy));
      EXPECT_TRUE(q.need_g()) << "ng == 0 must ask for one even without requests";
      EXPECT_EQ(q.create_gs(), 1u);
      EXPECT_EQ(q.ng(), 1u);
      EXPECT_FALSE(q.need_g()) << "no requests pending, so nothing more to create";
      EXPECT_EQ(q.create_gs(), 0u);
      EXPECT_EQ(q.ng(), 1u);
    }
  }
}

// Demand of k blocks with s sleepers gives needg = min(k - s, cap - ng) (docs/algorithm.md §10),
// and creation waits for the next AddCleanup: wake() itself never changes ng.
TEST(PoolGrowth, WakeRequestsTheSurplusClampedToTheHeadroom) {
  for (WakeProtocol protocol : kProtocols) {
    for (std::uint32_t g : kGomaxprocsCases) {
      for (WorkerCapPolicy policy : kPolicies) {
        const std::uint32_t cap = expected_cap(g, policy);
        for (std::uint32_t blocks : {1u, 2u, cap, cap + 3}) {
          for (std::uint32_t sleepers : {0u, 1u}) {
            SCOPED_TRACE(::testing::Message()
                         << to_string(protocol) << " G=" << g << " " << to_string(policy)
                         << " blocks=" << blocks << " sleepers=" << sleepers);
            CleanupQueue q(make_config(g, 1, protocol, policy));
            ASSERT_EQ(q.create_gs(), 1u);
            // Sleep before the work arrives, or level's re-check would send the sleeper back.
            for (std::uint32_t i = 0; i < sleepers; ++i) {
              ASSERT_EQ(q.announce_sleep(i), SleepOutcome::parked);
            }
            enqueue_range(q, 0, 1, blocks);  // capacity 1: one block per enqueue
            const WakeResult r = q.wake();
            const std::uint32_t surplus = blocks > sleepers ? blocks - sleepers : 0;
            const std::uint32_t want = std::min(surplus, cap - 1);
            EXPECT_EQ(r.extra, surplus);
            EXPECT_EQ(r.needg_added, want);
            EXPECT_EQ(q.needg(), want);
            EXPECT_EQ(r.woken.size(), std::min(blocks, sleepers));
            EXPECT_EQ(q.ng(), 1u) << "the scheduler only requests goroutines";
            EXPECT_EQ(q.need_g(), want > 0);
            EXPECT_EQ(q.create_gs(), want);
            EXPECT_EQ(q.ng(), 1 + want);
            EXPECT_LE(q.ng(), cap);
            EXPECT_EQ(q.needg(), 0u);
          }
        }
      }
    }
  }
}

// Level wakes do not consume work, so every scheduling round re-requests the same surplus and
// needg can exceed the headroom; create_gs() clamps it (docs/algorithm.md §6 invariant 12).
TEST(PoolGrowth, CreateGsClampsAccumulatedRequestsToTheCap) {
  CleanupQueue q(make_config(16, 1, WakeProtocol::level));  // cap 4
  ASSERT_EQ(q.create_gs(), 1u);
  enqueue_range(q, 0, 1, 10);
  for (int round = 0; round < 5; ++round) q.wake();
  EXPECT_EQ(q.needg(), 5u * 3u);
  EXPECT_EQ(q.create_gs(), 3u);
  EXPECT_EQ(q.ng(), 4u);
  EXPECT_EQ(q.needg(), 0u);
  EXPECT_FALSE(q.need_g());
  // At the cap the scheduler requests nothing more.
  EXPECT_EQ(q.wake().needg_added, 0u);
  EXPECT_EQ(q.create_gs(), 0u);
}

TEST(PoolGrowth, PoolNeverGrowsBeyondTheCapAndNeverShrinks) {
  for (WakeProtocol protocol : kProtocols) {
    for (std::uint32_t g : kGomaxprocsCases) {
      for (WorkerCapPolicy policy : kPolicies) {
        SCOPED_TRACE(::testing::Message()
                     << to_string(protocol) << " G=" << g << " " << to_string(policy));
        const std::uint32_t cap = expected_cap(g, policy);
        CleanupQueue q(make_config(g, 1, protocol, policy));
        std::uint32_t previous = 0;
        // Each round: heavy demand, a scheduling round, then an AddCleanup.
        for (std::uint32_t round = 0; round < cap + 3; ++round) {
          enqueue_range(q, 0, 1000 * round + 1, 2 * cap + 1);
          if (q.needs_wake()) q.wake();
          if (q.need_g()) q.create_gs();
          ASSERT_GE(q.ng(), previous);
          ASSERT_GE(q.ng(), 1u);
          ASSERT_LE(q.ng(), cap);
          previous = q.ng();
        }
        EXPECT_EQ(q.ng(), cap) << "sustained demand grows the pool to its cap";
        EXPECT_FALSE(q.need_g());
      }
    }
  }
}

TEST(PoolGrowth, CreateGsNamesTheNewGoroutinesByConsecutiveIds) {
  CleanupQueue q(make_config(16, 1, WakeProtocol::level));  // cap 4
  GoroutineId first = 99;
  ASSERT_EQ(q.create_gs(first), 1u);
  EXPECT_EQ(first, 0u);
  enqueue_range(q, 0, 1, 2);
  q.wake();  // surplus 2, headroom 3: two requested
  ASSERT_EQ(q.create_gs(first), 2u);
  EXPECT_EQ(first, 1u) << "ids 1 and 2 follow the first goroutine";
  EXPECT_EQ(q.ng(), 3u);
}

TEST(PoolGrowth, CreateGsWithoutRequestsCreatesNothingOnceOneExists) {
  CleanupQueue q(make_config(64, 4, WakeProtocol::oneshot));
  q.create_gs();
  for (int i = 0; i < 3; ++i) EXPECT_EQ(q.create_gs(), 0u);
  EXPECT_EQ(q.ng(), 1u);
}

TEST(QueueConfigText, ProtocolAndCapNamesRoundTrip) {
  for (WakeProtocol p : kProtocols) EXPECT_EQ(parse_wake_protocol(to_string(p)), p);
  for (WorkerCapPolicy p : kPolicies) EXPECT_EQ(parse_worker_cap(to_string(p)), p);
  EXPECT_FALSE(parse_wake_protocol("Level").has_value());
  EXPECT_FALSE(parse_wake_protocol("").has_value());
  EXPECT_FALSE(parse_worker_cap("quarter ").has_value());
}

TEST(QueueConfigText, DefaultsAreTheE46c8eBlockLevelProtocolAndQuarterCap) {
  const QueueConfig config;
  EXPECT_EQ(config.gomaxprocs, 8u);
  EXPECT_EQ(config.block_capacity, 60u);
  EXPECT_EQ(config.protocol, WakeProtocol::level);
  EXPECT_EQ(config.worker_cap, WorkerCapPolicy::quarter);
}

}  // namespace
}  // namespace cq
