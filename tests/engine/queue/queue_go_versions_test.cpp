// What CleanupQueue takes from QueueConfig to stand for one Go version or another, and Go's
// statistics (runtime/mcleanup.go, go1.25.12 and go1.26.10 sources):
//   - slot_kind: *funcval words (1.25) or cleanupFn (1.26) in every block the queue makes;
//   - tag_bits: the lock-free stacks' ABA tag width (tagptr_64bit.go; 25 at addrBits 48, 24 after
//     #69255);
//   - flush_skips_nil_p: flush's `if pp == nil { missing++; continue }` (Go 1.25.12 and 1.26.10
//   sources); without it
//     flush reports the nil dereference that crashes Go;
//   - queued and executed (readQueueStats): every cleanup enqueued, and cleanups run, added a
//     whole block at a time after the block's cleanups all ran;
//   - bad configurations are refused with the field, the value and the allowed range.
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "queue/cleanup_queue.hpp"
#include "queue/queue_config.hpp"
#include "support/queue_test_support.hpp"

namespace cq {
namespace {

using test::enqueue_range;
using test::entries_of;
using test::full_contents_top_first;
using test::make_config;
using test::structural_invariants_hold;
using Ids = std::vector<CleanupId>;

QueueConfig go126_config(std::uint32_t gomaxprocs) {
  QueueConfig c = make_config(gomaxprocs, kGo126BlockCapacity, WakeProtocol::level);
  c.slot_kind = SlotKind::cleanup_fn;
  c.tag_bits = kGoTagBitsAddr49;
  return c;
}

// Sum of n over every block ever made: what is queued and not yet counted as executed.
std::uint64_t entries_in_blocks(const CleanupQueue& q) {
  std::uint64_t sum = 0;
  for (const auto& b : q.snapshot().all) sum += b.n;
  return sum;
}

TEST(QueueGoVersions, DefaultConfigIsGo125sGeometryAndLevelProtocol) {
  const QueueConfig c;
  EXPECT_EQ(c.block_capacity, 60u);
  EXPECT_EQ(c.slot_kind, SlotKind::word);
  EXPECT_EQ(c.protocol, WakeProtocol::level);
  EXPECT_EQ(c.tag_bits, 25u);
  EXPECT_TRUE(c.flush_skips_nil_p);
  EXPECT_EQ(config_problem(c), std::nullopt);
}

TEST(QueueGoVersions, CleanupFnQueueFillsBlocksOf20ThreeWordSlots) {
  CleanupQueue q(go126_config(1));
  EXPECT_EQ(enqueue_range(q, 0, 1, 19), 0u);
  const EnqueueResult last = q.enqueue(0, 20);
  EXPECT_TRUE(last.pushed_full);
  EXPECT_EQ(last.slot, 19u);
  EXPECT_EQ(last.block->slot_kind, SlotKind::cleanup_fn);
  EXPECT_EQ(last.block->fn_slots()[19].arg, 20u);
  EXPECT_EQ(last.block->fn_slots()[19].call, kCleanupFnCallWord);
  Ids want;
  for (CleanupId id = 1; id <= 20; ++id) want.push_back(id);
  EXPECT_EQ(full_contents_top_first(q), (std::vector<Ids>{want}));
}

TEST(QueueGoVersions, CleanupFnFlushMergesWholeSlots) {
  QueueConfig c = go126_config(3);
  c.block_capacity = 4;  // capacity stays overridable under either slot kind
  CleanupQueue q(c);
  enqueue_range(q, 0, 1, 3);
  enqueue_range(q, 1, 101, 2);
  enqueue_range(q, 2, 201, 3);
  const FlushResult r = q.flush();
  // P1's tail (102) fills P0's block; P2 then fits whole behind 101 (exact fit), so the empty
  // P2 block is pushed last, as in Go.
  EXPECT_EQ(r.pushed_sizes, (std::vector<std::uint32_t>{4, 4, 0}));
  EXPECT_EQ(full_contents_top_first(q),
            (std::vector<Ids>{{}, {101, 201, 202, 203}, {1, 2, 3, 102}}));
  EXPECT_TRUE(structural_invariants_hold(q));
}

TEST(QueueGoVersions, TagBitsReachBothLockFreeStacks) {
  for (std::uint8_t bits : {std::uint8_t{0}, kGoTagBitsAddr49, kGoTagBitsAddr48}) {
    QueueConfig c = make_config(2, 4, WakeProtocol::level);
    c.tag_bits = bits;
    const CleanupQueue q(c);
    EXPECT_EQ(q.full_stack().tag_bits(), bits);
    EXPECT_EQ(q.free_stack().tag_bits(), bits);
  }
  EXPECT_EQ(kGoTagBitsAddr48, 64 - 48 + 9);
  EXPECT_EQ(kGoTagBitsAddr49, 64 - 49 + 9);
}

TEST(QueueGoVersions, BadConfigurationsAreRefusedNamingFieldValueAndRange) {
  struct Case {
    QueueConfig config;
    std::string message;
  };
  std::vector<Case> cases(5);
  cases[0].config.tag_bits = 26;
  cases[0].message = "tag_bits = 26 is outside 0..25";
  cases[1].config.block_capacity = 0;
  cases[1].message = "block_capacity = 0 is outside 1..1024";
  cases[2].config.block_capacity = 1025;
  cases[2].message = "block_capacity = 1025 is outside 1..1024";
  cases[3].config.gomaxprocs = 257;
  cases[3].message = "gomaxprocs = 257 is outside 1..256";
  cases[4].config.slot_kind = static_cast<SlotKind>(7);
  cases[4].message = "slot_kind = 7 is neither word nor cleanup_fn";
  for (const Case& c : cases) {
    EXPECT_EQ(config_problem(c.config), c.message);
    try {
      CleanupQueue q(c.config);
      ADD_FAILURE() << "accepted: " << c.message;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(c.message), std::string::npos) << e.what();
    }
  }
}

TEST(QueueGoVersions, SlotKindWordsParseAndPrint) {
  EXPECT_EQ(parse_slot_kind("word"), SlotKind::word);
  EXPECT_EQ(parse_slot_kind("cleanup_fn"), SlotKind::cleanup_fn);
  EXPECT_EQ(parse_slot_kind("cleanupFn"), std::nullopt);
  EXPECT_EQ(to_string(SlotKind::cleanup_fn), "cleanup_fn");
}

// [SECTION] The nil-P check in flush (Go 1.25 and 1.26; absent at e46c8e).

class NilPFlush : public ::testing::TestWithParam<bool> {
 protected:
  // P0: {1, 2, 3}; P1: nil in allp; P2: {201, 202}; capacity 4.
  std::unique_ptr<CleanupQueue> make_queue() const {
    QueueConfig c = make_config(3, 4, WakeProtocol::level);
    c.flush_skips_nil_p = GetParam();
    auto q = std::make_unique<CleanupQueue>(c);
    enqueue_range(*q, 0, 1, 3);
    enqueue_range(*q, 2, 201, 2);
    q->set_p_nil(1, true);
    return q;
  }
};

TEST_P(NilPFlush, SetPNilRefusesAPHoldingABlockAndAPOutOfRange) {
  QueueConfig c = make_config(3, 4, WakeProtocol::level);
  c.flush_skips_nil_p = GetParam();
  CleanupQueue q(c);
  q.enqueue(0, 1);
  EXPECT_THROW(q.set_p_nil(0, true), std::invalid_argument);
  EXPECT_FALSE(q.p_is_nil(0));
  try {
    q.set_p_nil(3, true);
    ADD_FAILURE() << "P 3 of 3 accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()), "set_p_nil: P 3 is outside 0..2");
  }
  q.set_p_nil(1, true);
  EXPECT_TRUE(q.p_is_nil(1));
  q.set_p_nil(1, false);
  EXPECT_FALSE(q.p_is_nil(1));
}

TEST_P(NilPFlush, WithoutNilPsTheCheckChangesNothing) {
  QueueConfig c = make_config(3, 4, WakeProtocol::level);
  c.flush_skips_nil_p = GetParam();
  CleanupQueue q(c);
  enqueue_range(q, 0, 1, 3);
  enqueue_range(q, 2, 201, 2);
  const FlushResult r = q.flush();
  EXPECT_FALSE(r.nil_p_crash.has_value());
  EXPECT_EQ(r.missing, 1u);
  EXPECT_EQ(r.nil_ps, 0u);
  EXPECT_EQ(full_contents_top_first(q), (std::vector<Ids>{{201}, {1, 2, 3, 202}}));
}

TEST_P(NilPFlush, ANilPIsSkippedWithTheCheckAndCrashesFlushWithoutIt) {
  const auto queue = make_queue();
  CleanupQueue& q = *queue;
  const FlushResult r = q.flush();
  if (GetParam()) {
    // Go 1.25: `if pp == nil { missing++; continue }`, and the accounting still covers allp.
    EXPECT_FALSE(r.nil_p_crash.has_value());
    EXPECT_TRUE(r.accounting_holds);
    EXPECT_EQ(r.missing, 1u);
    EXPECT_EQ(r.nil_ps, 1u);
    ASSERT_EQ(r.steps.size(), 5u);  // adopt P0, missing P1, merge P2, push full, push last
    EXPECT_EQ(r.steps[1].kind, FlushStep::Kind::missing);
    EXPECT_EQ(r.steps[1].p, 1u);
    EXPECT_TRUE(r.steps[1].nil_p);
    EXPECT_TRUE(q.flushed());
    EXPECT_EQ(full_contents_top_first(q), (std::vector<Ids>{{201}, {1, 2, 3, 202}}));
    EXPECT_TRUE(structural_invariants_hold(q));
  } else {
    // e46c8e: `b := pp.cleanups` through the nil P. The walk ends there, as Go's program does.
    ASSERT_TRUE(r.nil_p_crash.has_value());
    EXPECT_EQ(*r.nil_p_crash, 1u);
    EXPECT_FALSE(r.accounting_holds);
    EXPECT_FALSE(q.flushed());
    ASSERT_EQ(r.steps.size(), 1u);
    EXPECT_EQ(r.steps[0].kind, FlushStep::Kind::adopt);
    EXPECT_EQ(r.pushed, 0u);
    EXPECT_NE(q.p_block(2), nullptr) << "P2 was never reached";
  }
}

INSTANTIATE_TEST_SUITE_P(CheckOnOff, NilPFlush, ::testing::Values(true, false),
                         [](const auto& info) {
                           return std::string(info.param ? "skips_nil_p" : "no_check");
                         });

// [SECTION] queued and executed.

TEST(QueueStats, ANewQueueHasQueuedAndExecutedNothing) {
  const CleanupQueue q(make_config(4, 4, WakeProtocol::level));
  EXPECT_EQ(q.queued(), 0u);
  EXPECT_EQ(q.executed(), 0u);
}

TEST(QueueStats, QueuedCountsEveryEnqueueWhereverTheEntryNowIs) {
  CleanupQueue q(make_config(2, 4, WakeProtocol::level));
  enqueue_range(q, 0, 1, 5);  // one full block pushed, one partial block on P0
  enqueue_range(q, 1, 101, 1);
  EXPECT_EQ(q.queued(), 6u);
  q.flush();  // merges P0's and P1's partial blocks: entries move, the count does not
  EXPECT_EQ(q.queued(), 6u);
  EXPECT_EQ(q.snapshot().queued, 6u);
}

TEST(QueueStats, ExecutedGrowsByAWholeBlockOnlyWhenTheBlockIsFinished) {
  CleanupQueue q(make_config(1, 4, WakeProtocol::level));
  enqueue_range(q, 0, 1, 4);
  const TakeResult t = q.try_take_block();
  ASSERT_NE(t.block, nullptr);
  q.begin_running();
  for (std::uint32_t i = 0; i < 3; ++i) {
    t.block->clear_slot(i);  // three of the four cleanups ran
    EXPECT_EQ(q.executed(), 0u) << "after " << i + 1 << " cleanups";
  }
  t.block->clear_slot(3);
  q.end_running();
  EXPECT_EQ(q.executed(), 0u) << "runCleanups adds b.n after endRunningCleanups";
  q.finish_block(t.block);
  EXPECT_EQ(q.executed(), 4u);
  EXPECT_EQ(q.queued(), 4u);
}

TEST(QueueStats, Go126ExecutedMovesInStepsOf20) {
  CleanupQueue q(go126_config(1));
  enqueue_range(q, 0, 1, 65);  // three full blocks, five entries on the P
  for (std::uint64_t blocks = 1; blocks <= 3; ++blocks) {
    const TakeResult t = q.try_take_block();
    ASSERT_NE(t.block, nullptr);
    q.finish_block(t.block);
    EXPECT_EQ(q.executed(), 20 * blocks);
  }
  EXPECT_EQ(q.queued(), 65u);
}

TEST(QueueStats, FlushedPartialBlocksCountTheirSizeWhenFinished) {
  CleanupQueue q(make_config(3, 10, WakeProtocol::level));
  enqueue_range(q, 0, 1, 3);
  enqueue_range(q, 2, 201, 4);
  q.flush();  // one block of 7
  const TakeResult t = q.try_take_block();
  ASSERT_NE(t.block, nullptr);
  q.finish_block(t.block);
  EXPECT_EQ(q.executed(), 7u);
  EXPECT_EQ(q.queued(), 7u);
}

// After any mix of steps, queued - executed is what the blocks still hold (blocks being run
// included: they count until finished), as readQueueStats' difference is for Go's
// checkfinalizers line.
TEST(QueueStats, QueuedMinusExecutedIsWhatTheBlocksHoldAfterRandomSteps) {
  for (SlotKind kind : {SlotKind::word, SlotKind::cleanup_fn}) {
    QueueConfig c = make_config(4, 5, WakeProtocol::level);
    c.slot_kind = kind;
    CleanupQueue q(c);
    std::mt19937 rng(12345);
    std::vector<CleanupBlock*> held;
    std::uint64_t enqueued = 0;
    CleanupId next = 1;
    for (int step = 0; step < 3000; ++step) {
      const std::uint32_t op = rng() % 10;
      if (op < 6) {
        q.enqueue(rng() % 4, next++);
        ++enqueued;
      } else if (op < 8) {
        if (CleanupBlock* b = q.try_take_block().block) held.push_back(b);
      } else if (op < 9) {
        if (!held.empty()) {
          q.finish_block(held.back());
          held.pop_back();
        }
      } else {
        q.flush();
      }
      ASSERT_EQ(q.queued(), enqueued) << to_string(kind) << " step " << step;
      ASSERT_EQ(q.queued() - q.executed(), entries_in_blocks(q))
          << to_string(kind) << " step " << step;
    }
  }
}

}  // namespace
}  // namespace cq
