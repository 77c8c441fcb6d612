// The Go 1.24 baseline with real threads: producer threads enqueue under finlock, one fing thread
// takes the whole list, runs it, recycles the blocks and parks when there is nothing; the test
// thread plays the scheduler's wakefing(). Every entry must run exactly once, and fing must never
// be left parked with work queued and no wake pending.
#include <gtest/gtest.h>

#include <atomic>
#include <barrier>
#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

#include "queue/finalizer_queue.hpp"
#include "stress/stress_support.hpp"

namespace cq {
namespace {

constexpr std::uint32_t kProducers = 4;
// Rounds separated by a barrier, so fing drains, parks and is woken again every round.
const std::uint32_t kRounds = stress::scaled(400);
constexpr std::uint32_t kIdsPerProducerPerRound = 250;

TEST(FinalizerQueueStress, EveryEntryRunsExactlyOnceAndFingIsNeverLeftAsleepWithWork) {
  const std::uint64_t per_round = std::uint64_t{kProducers} * kIdsPerProducerPerRound;
  const std::uint64_t total = per_round * kRounds;
  auto runs = std::make_unique<std::atomic<std::uint32_t>[]>(total);
  std::atomic<std::uint64_t> executed{0};
  std::atomic<std::uint64_t> bogus{0};
  std::atomic<std::uint32_t> batches_done{0};
  std::atomic<bool> stop{false};
  FinalizerQueue q;
  stress::Parker fing_parker;

  std::thread fing([&] {
    for (;;) {
      FinBlock* b = q.take_all();
      if (b != nullptr) {
        while (b != nullptr) {
          FinBlock* next = b->next;
          for (std::uint32_t i = 0; i < b->count; ++i) {
            const CleanupId id = b->entries[i];
            if (id == 0 || id > total) {
              bogus.fetch_add(1, std::memory_order_relaxed);
            } else {
              runs[id - 1].fetch_add(1, std::memory_order_relaxed);
            }
          }
          executed.fetch_add(b->count, std::memory_order_release);
          q.recycle(b);
          b = next;
        }
        continue;
      }
      if (stop.load(std::memory_order_acquire)) return;
      if (!q.announce_wait()) continue;
      fing_parker.park();
    }
  });

  std::barrier round_start(kProducers + 1);  // the producers and the test thread
  std::vector<std::thread> producers;
  for (std::uint32_t p = 0; p < kProducers; ++p) {
    producers.emplace_back([&, p] {
      for (std::uint32_t round = 0; round < kRounds; ++round) {
        round_start.arrive_and_wait();
        const CleanupId first = round * per_round + CleanupId{p} * kIdsPerProducerPerRound + 1;
        for (std::uint32_t i = 0; i < kIdsPerProducerPerRound; ++i) q.enqueue(first + i);
        batches_done.fetch_add(1, std::memory_order_release);
      }
    });
  }

  // The scheduler. Once this round's batches are all in, a fing blocked in park() with no wake
  // pending and entries not yet run would never run them.
  std::uint32_t stranded_round = 0;
  for (std::uint32_t round = 1; round <= kRounds; ++round) {
    round_start.arrive_and_wait();
    const std::uint64_t target = per_round * round;
    while (stranded_round == 0 && executed.load(std::memory_order_acquire) < target) {
      if (q.needs_wake() && q.wake()) {
        fing_parker.unpark();
      } else if (batches_done.load(std::memory_order_acquire) == round * kProducers &&
                 fing_parker.blocked() && !q.needs_wake() &&
                 executed.load(std::memory_order_acquire) < target) {
        stranded_round = round;
      }
      std::this_thread::yield();
    }
    if (stranded_round != 0) {
      // Let the producers finish their remaining rounds so they can be joined.
      for (std::uint32_t rest = round + 1; rest <= kRounds; ++rest) round_start.arrive_and_wait();
      break;
    }
  }
  for (auto& t : producers) t.join();
  stop.store(true, std::memory_order_release);
  fing_parker.unpark();
  fing.join();

  EXPECT_EQ(stranded_round, 0u);
  EXPECT_EQ(executed.load(), total);
  EXPECT_EQ(bogus.load(), 0u);
  std::uint64_t wrong = 0;
  for (std::uint64_t i = 0; i < total; ++i) wrong += runs[i].load() != 1;
  EXPECT_EQ(wrong, 0u) << "entries that ran zero or several times";
  EXPECT_EQ(q.queued_entries(), 0u);
}

}  // namespace
}  // namespace cq
