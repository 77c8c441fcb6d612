// docs/algorithm.md §6 invariants 1, 2, 3, 6, 10 and 11 checked after every step of random,
// single-threaded operation sequences: enqueues on random Ps, takes, finishes and flushes in any
// order. The test keeps its own ledger of which ids were enqueued and which ran, and compares it
// with what the queue holds, so a step that loses or duplicates an entry is caught at once.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "queue/cleanup_queue.hpp"
#include "support/queue_test_support.hpp"

namespace cq {
namespace {

using test::blocks_by_id;
using test::entries_of;
using test::make_config;
using test::structural_invariants_hold;
using Ids = std::vector<CleanupId>;

// Every entry the queue still holds: in P blocks, on `full`, and in blocks the test holds.
Ids entries_held(const CleanupQueue& q, const std::vector<CleanupBlock*>& held) {
  const QueueSnapshot s = q.snapshot();
  const auto by_id = blocks_by_id(q);
  Ids out;
  auto add = [&](const CleanupBlock& b) {
    const Ids ids = entries_of(b);
    out.insert(out.end(), ids.begin(), ids.end());
  };
  for (std::int64_t id : s.p_block) {
    if (id >= 0) add(*by_id.at(static_cast<std::uint32_t>(id)));
  }
  for (const auto& b : s.full) add(*by_id.at(b.id));
  for (const CleanupBlock* b : held) add(*b);
  return out;
}

class QueueInvariants : public ::testing::TestWithParam<WakeProtocol> {};

TEST_P(QueueInvariants, EveryEntryIsQueuedOrExecutedAfterEveryRandomStep) {
  std::mt19937 rng(4242);
  for (int sequence = 0; sequence < 30; ++sequence) {
    const std::uint32_t ps = 1 + rng() % 6;
    const std::uint32_t capacity = 1 + rng() % 7;
    SCOPED_TRACE(::testing::Message()
                 << "sequence " << sequence << ": " << ps << " Ps, C=" << capacity);
    CleanupQueue q(make_config(ps, capacity, GetParam()));
    std::vector<CleanupBlock*> held;
    Ids enqueued;
    Ids executed;
    CleanupId next_id = 1;
    for (int step = 0; step < 100; ++step) {
      const std::uint32_t op = rng() % 10;
      std::string what;
      if (op < 6) {
        const std::uint32_t p = rng() % ps;
        q.enqueue(p, next_id);
        enqueued.push_back(next_id++);
        what = "enqueue on P" + std::to_string(p);
      } else if (op < 8) {
        const TakeResult t = q.try_take_block();
        if (t.block != nullptr) held.push_back(t.block);
        what = "take";
      } else if (op < 9 && !held.empty()) {
        const std::size_t i = rng() % held.size();
        const Ids ran = entries_of(*held[i]);
        executed.insert(executed.end(), ran.begin(), ran.end());
        q.finish_block(held[i]);
        held.erase(held.begin() + static_cast<std::ptrdiff_t>(i));
        what = "finish";
      } else {
        const FlushResult r = q.flush();
        ASSERT_TRUE(r.accounting_holds) << "step " << step;
        what = "flush";
      }
      SCOPED_TRACE(::testing::Message() << "step " << step << " (" << what << ")");
      std::vector<std::uint32_t> held_ids;
      for (const CleanupBlock* b : held) held_ids.push_back(b->id);
      ASSERT_TRUE(structural_invariants_hold(q, held_ids));
      // Invariant 6: enqueued = executed + everything still held somewhere, as multisets.
      Ids accounted = entries_held(q, held);
      accounted.insert(accounted.end(), executed.begin(), executed.end());
      std::sort(accounted.begin(), accounted.end());
      ASSERT_EQ(accounted, enqueued);  // ids are handed out in increasing order
      if (GetParam() == WakeProtocol::level) {
        // At rest every block on `full` has exactly one unclaimed unit of work.
        const QueueSnapshot s = q.snapshot();
        ASSERT_EQ(s.work_units, s.full.size());
      }
    }
  }
}

TEST_P(QueueInvariants, SingleThreadedUseNeverRetriesACas) {
  CleanupQueue q(make_config(3, 2, GetParam()));
  for (CleanupId id = 1; id <= 20; ++id) q.enqueue(static_cast<std::uint32_t>(id % 3), id);
  q.flush();
  while (CleanupBlock* b = q.try_take_block().block) q.finish_block(b);
  EXPECT_EQ(q.cas_retries(), 0u);
}

INSTANTIATE_TEST_SUITE_P(BothProtocols, QueueInvariants,
                         ::testing::Values(WakeProtocol::oneshot, WakeProtocol::level),
                         [](const auto& info) { return std::string(to_string(info.param)); });

}  // namespace
}  // namespace cq
