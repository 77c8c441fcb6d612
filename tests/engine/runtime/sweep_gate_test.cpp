// SweepGate, Go's activeSweep (docs/algorithm.md §3.4, §6 invariant 8, §13): begin() refuses once
// the drained bit is set, and exactly one end() per sweep phase, the one that leaves "drained, zero
// active", is told to flush. The real-thread test also checks the happens-before edge the flush
// relies on: the elected sweeper reads every other sweeper's plain writes, and TSan watches.
#include "runtime/sweep_gate.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <barrier>
#include <cstdint>
#include <thread>
#include <vector>

namespace cq {
namespace {

TEST(SweepGate, StartsDrainedSoNoSweeperBeginsBeforeTheFirstReset) {
  SweepGate gate;
  EXPECT_TRUE(gate.drained());
  EXPECT_FALSE(gate.begin());
  EXPECT_EQ(gate.active(), 0u);
}

TEST(SweepGate, ResetOpensTheGateWithZeroSweepers) {
  SweepGate gate;
  gate.reset();
  EXPECT_FALSE(gate.drained());
  EXPECT_EQ(gate.active(), 0u);
  EXPECT_TRUE(gate.begin());
  EXPECT_TRUE(gate.begin());
  EXPECT_EQ(gate.active(), 2u);
}

TEST(SweepGate, EndBeforeTheDrainNeverElectsAFlusher) {
  SweepGate gate;
  gate.reset();
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(gate.begin());
    EXPECT_FALSE(gate.end()) << "no drain yet, so no sweeper can be the last";
  }
  EXPECT_EQ(gate.active(), 0u);
  EXPECT_FALSE(gate.drained());
}

TEST(SweepGate, OnlyTheLastEndAfterTheDrainElectsTheFlusher) {
  SweepGate gate;
  gate.reset();
  ASSERT_TRUE(gate.begin());
  ASSERT_TRUE(gate.begin());
  ASSERT_TRUE(gate.begin());
  EXPECT_FALSE(gate.end()) << "ended before the drain";
  EXPECT_TRUE(gate.mark_drained()) << "the first caller sets the bit";
  EXPECT_FALSE(gate.mark_drained()) << "a second caller finds it already set";
  EXPECT_EQ(gate.active(), 2u);
  EXPECT_FALSE(gate.end()) << "one sweeper is still active";
  EXPECT_TRUE(gate.end()) << "drained and zero active: this is the last sweeper";
  EXPECT_EQ(gate.active(), 0u);
  EXPECT_TRUE(gate.drained());
}

TEST(SweepGate, BeginIsRefusedAfterTheDrainUntilReset) {
  SweepGate gate;
  gate.reset();
  ASSERT_TRUE(gate.begin());
  gate.mark_drained();
  EXPECT_FALSE(gate.begin()) << "no new sweeper may start once no spans remain";
  EXPECT_EQ(gate.active(), 1u) << "a refused begin must not count itself";
  EXPECT_TRUE(gate.end());
  EXPECT_FALSE(gate.begin()) << "still refused after the flush";
  gate.reset();
  EXPECT_TRUE(gate.begin()) << "the next sweep phase opens the gate again";
}

TEST(SweepGate, EachPhaseElectsItsOwnFlusherAfterReset) {
  SweepGate gate;
  for (int phase = 0; phase < 3; ++phase) {
    gate.reset();
    ASSERT_TRUE(gate.begin());
    gate.mark_drained();
    EXPECT_TRUE(gate.end()) << "phase " << phase;
  }
}

// Many sweepers on real threads, many phases. In each phase every thread sweeps "spans" from a
// shared counter under begin()/end(); whoever finds none left marks the gate drained. Exactly one
// end() per phase returns true, and that thread sees every plain write the others made before
// their end() (the flush's lock-free ownership of the P blocks).
TEST(SweepGate, RealThreadsElectExactlyOneFlusherPerPhaseAndItSeesEverySweep) {
  constexpr int kThreads = 8;
  constexpr int kSpans = 200;
#if defined(__SANITIZE_THREAD__)
  constexpr int kPhases = 60;
#else
  constexpr int kPhases = 400;
#endif
  SweepGate gate;
  std::atomic<int> next_span{0};
  std::vector<int> swept(kThreads, 0);   // plain: written by its thread, read by the flusher
  std::vector<int> elected(kPhases, 0);  // plain: written only by the phase's flusher
  std::vector<int> seen_by_flusher(kPhases, -1);
  std::atomic<int> elections{0};
  std::atomic<int> refused_after_drain{0};
  int phase = 0;
  // The completion step runs on one thread while all others wait: it closes one phase and opens
  // the next, like the stop-the-world between two GC cycles.
  std::barrier sync(kThreads, [&]() noexcept {
    if (gate.begin()) {
      gate.end();  // would be a gate bug; counted below as a wrong refusal
    } else {
      refused_after_drain.fetch_add(1, std::memory_order_relaxed);
    }
    std::fill(swept.begin(), swept.end(), 0);
    next_span.store(0, std::memory_order_relaxed);
    ++phase;
    gate.reset();
  });
  gate.reset();
  auto sweeper = [&](int self) {
    for (int round = 0; round < kPhases; ++round) {
      while (gate.begin()) {
        const int span = next_span.fetch_add(1, std::memory_order_relaxed);
        if (span < kSpans) {
          ++swept[self];
        } else {
          gate.mark_drained();
        }
        if (gate.end()) {
          ++elected[phase];
          elections.fetch_add(1, std::memory_order_relaxed);
          int total = 0;
          for (int s : swept) total += s;
          seen_by_flusher[phase] = total;
        }
      }
      sync.arrive_and_wait();
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) threads.emplace_back(sweeper, t);
  for (std::thread& t : threads) t.join();

  EXPECT_EQ(elections.load(), kPhases);
  EXPECT_EQ(refused_after_drain.load(), kPhases) << "begin() must refuse after each phase's drain";
  for (int p = 0; p < kPhases; ++p) {
    ASSERT_EQ(elected[p], 1) << "phase " << p;
    ASSERT_EQ(seen_by_flusher[p], kSpans) << "phase " << p << ": the flusher missed some sweeps";
  }
}

}  // namespace
}  // namespace cq
