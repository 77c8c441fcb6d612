// Go's TestCleanupLost with real threads (docs/algorithm.md §10): every producer thread owns one P
// and enqueues 10,000 unique cleanup ids (fewer under sanitizers); consumer threads take whole
// blocks, run them (count each id in its own atomic counter) and finish them. Every id must run
// exactly once: nothing lost across P-local blocks, eager pushes, the final flush and merge,
// several consumers, or block reuse. Two shapes: drain after the flush (Go's test), and drain
// while the producers still enqueue (consumers recycle blocks that producers pop from `free`).
// Consumers stop at the first empty take once the flush is done (nothing can arrive after it),
// so a lost block shows up as a count below the total rather than as a hang.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <latch>
#include <memory>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "queue/cleanup_queue.hpp"
#include "stress/stress_support.hpp"
#include "support/queue_test_support.hpp"

namespace cq {
namespace {

using test::make_config;
using test::structural_invariants_hold;

const std::uint32_t kIdsPerProducer = stress::scaled(10'000);

enum class Drain : std::uint8_t { after_flush, concurrently };

struct LostParams {
  WakeProtocol protocol;
  std::uint32_t producers;
  std::uint32_t consumers;
  std::uint32_t capacity;
};

class CleanupLostStress
    : public ::testing::TestWithParam<
          std::tuple<WakeProtocol, std::uint32_t, std::uint32_t, std::uint32_t>> {
 protected:
  LostParams params() const {
    const auto& [protocol, producers, consumers, capacity] = GetParam();
    return {protocol, producers, consumers, capacity};
  }

  struct Outcome {
    std::uint64_t total = 0;
    std::uint64_t executed = 0;
    std::uint64_t ran_never = 0;
    std::uint64_t ran_twice_or_more = 0;
    std::uint64_t bogus_entries = 0;  // cleared (0) or unknown ids found in a taken block
    std::uint32_t blocks_allocated = 0;
  };

  // Runs the whole scenario; leaves the queue drained for the caller's structural checks.
  Outcome run(CleanupQueue& q, const LostParams& p, Drain drain) {
    const std::uint64_t total = std::uint64_t{p.producers} * kIdsPerProducer;
    // runs[id - 1] counts executions of cleanup `id` (ids start at 1: 0 marks a cleared slot).
    auto runs = std::make_unique<std::atomic<std::uint32_t>[]>(total);
    std::atomic<std::uint64_t> executed{0};
    std::atomic<std::uint64_t> bogus{0};
    std::atomic<bool> producers_done{false};

    auto run_block = [&](CleanupBlock* b) {
      q.begin_running();
      const std::uint32_t n = b->count();
      for (std::uint32_t i = 0; i < n; ++i) {
        const CleanupId id = b->slot(i);
        if (id == 0 || id > total) {
          bogus.fetch_add(1, std::memory_order_relaxed);
          continue;
        }
        runs[id - 1].fetch_add(1, std::memory_order_relaxed);
        b->clear_slot(i);  // as Go does after each call: drop the root
      }
      q.end_running();
      executed.fetch_add(n, std::memory_order_relaxed);
      q.finish_block(b);
    };
    auto consumer = [&] {
      for (;;) {
        if (CleanupBlock* b = q.try_take_block().block) {
          run_block(b);
          continue;
        }
        // After the flush nothing new arrives, so an empty queue then means drained. Check the
        // flag first and take once more: a block may have been pushed just before it was set.
        if (drain == Drain::after_flush || producers_done.load(std::memory_order_acquire)) {
          if (CleanupBlock* b = q.try_take_block().block) {
            run_block(b);
            continue;
          }
          return;
        }
        std::this_thread::yield();
      }
    };

    std::latch start(p.producers);
    std::vector<std::thread> producers;
    for (std::uint32_t pid = 0; pid < p.producers; ++pid) {
      producers.emplace_back([&, pid] {
        start.arrive_and_wait();  // all Ps sweep at once
        const CleanupId first = CleanupId{pid} * kIdsPerProducer + 1;
        for (std::uint32_t i = 0; i < kIdsPerProducer; ++i) q.enqueue(pid, first + i);
      });
    }
    std::vector<std::thread> consumers;
    if (drain == Drain::concurrently) {
      for (std::uint32_t c = 0; c < p.consumers; ++c) consumers.emplace_back(consumer);
    }
    for (auto& t : producers) t.join();
    q.flush();  // the last sweeper; joining the producers is the sweep gate's happens-before
    producers_done.store(true, std::memory_order_release);
    if (drain == Drain::after_flush) {
      for (std::uint32_t c = 0; c < p.consumers; ++c) consumers.emplace_back(consumer);
    }
    for (auto& t : consumers) t.join();

    Outcome out;
    out.total = total;
    out.executed = executed.load();
    out.bogus_entries = bogus.load();
    for (std::uint64_t i = 0; i < total; ++i) {
      const std::uint32_t count = runs[i].load(std::memory_order_relaxed);
      out.ran_never += count == 0;
      out.ran_twice_or_more += count > 1;
    }
    out.blocks_allocated = q.blocks_allocated();
    return out;
  }

  void expect_drained(const CleanupQueue& q) {
    const QueueSnapshot s = q.snapshot();
    EXPECT_TRUE(s.full.empty());
    EXPECT_EQ(s.free.size(), s.all.size()) << "every block is back on free";
    EXPECT_EQ(s.work_units, 0u);
    EXPECT_EQ(s.running, 0u);
    EXPECT_TRUE(s.flushed);
    EXPECT_TRUE(structural_invariants_hold(q));
  }
};

TEST_P(CleanupLostStress, EveryCleanupRunsExactlyOnceWhenDrainedAfterTheFlush) {
  const LostParams p = params();
  CleanupQueue q(make_config(p.producers, p.capacity, p.protocol));
  const Outcome out = run(q, p, Drain::after_flush);
  EXPECT_EQ(out.executed, out.total);
  EXPECT_EQ(out.ran_never, 0u);
  EXPECT_EQ(out.ran_twice_or_more, 0u);
  EXPECT_EQ(out.bogus_entries, 0u);
  // No consumer ran during the sweep, so nothing was recycled: each P allocated one block per
  // capacity's worth of its entries.
  const std::uint32_t per_p = (kIdsPerProducer + p.capacity - 1) / p.capacity;
  EXPECT_EQ(out.blocks_allocated, p.producers * per_p);
  expect_drained(q);
}

TEST_P(CleanupLostStress, EveryCleanupRunsExactlyOnceWhenDrainedWhileProducersEnqueue) {
  const LostParams p = params();
  CleanupQueue q(make_config(p.producers, p.capacity, p.protocol));
  const Outcome out = run(q, p, Drain::concurrently);
  EXPECT_EQ(out.executed, out.total);
  EXPECT_EQ(out.ran_never, 0u);
  EXPECT_EQ(out.ran_twice_or_more, 0u);
  EXPECT_EQ(out.bogus_entries, 0u);
  expect_drained(q);
}

std::string lost_params_name(const ::testing::TestParamInfo<CleanupLostStress::ParamType>& info) {
  const auto& [protocol, producers, consumers, capacity] = info.param;
  return std::string(to_string(protocol)) + "_" + std::to_string(producers) + "producers_" +
         std::to_string(consumers) + "consumers_capacity" + std::to_string(capacity);
}

INSTANTIATE_TEST_SUITE_P(ProtocolsProducersConsumersCapacities, CleanupLostStress,
                         ::testing::Combine(::testing::Values(WakeProtocol::oneshot,
                                                              WakeProtocol::level),
                                            ::testing::Values(4u, 8u), ::testing::Values(2u, 4u),
                                            ::testing::Values(1u, 20u, 60u)),
                         lost_params_name);

}  // namespace
}  // namespace cq
