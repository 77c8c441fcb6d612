// TraceIndex: seeking anywhere gives exactly the state of folding from the start, in any order of
// seeks, with snapshots every K events; and it follows a trace the engine is still appending to.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <random>
#include <stdexcept>
#include <thread>

#include "sim/trace_index.hpp"
#include "trace_test_support.hpp"

namespace cq {
namespace {

using test::base_scenario;
using test::events_of;
using test::run_scenario;

// A few tens of thousands of events: several GC cycles, so seeks land in every phase.
Scenario seek_scenario(RunnerKind runner = RunnerKind::inline_) {
  Scenario s = base_scenario(runner);
  s.gomaxprocs = 8;
  s.mutators = 4;
  s.cleanups = test::kUnderSanitizer ? 300 : 1500;
  s.gc_cycles = 3;
  s.costs.cleanup_ns = 700;
  return s;
}

// The state after each requested count, by one straight fold (the reference).
std::map<std::size_t, TraceModel> reference_models(const std::vector<TraceEvent>& events,
                                                   std::vector<std::size_t> counts,
                                                   std::uint32_t gomaxprocs) {
  std::sort(counts.begin(), counts.end());
  std::map<std::size_t, TraceModel> out;
  TraceModel m(gomaxprocs);
  std::size_t folded = 0;
  for (std::size_t c : counts) {
    while (folded < c) m.apply(events[folded++]);
    out.emplace(c, m);
  }
  return out;
}

TEST(TraceIndex, SeekingBackAndForthEqualsFoldingFromScratch) {
  const Scenario s = seek_scenario();
  auto sim = run_scenario(s);
  const std::vector<TraceEvent> events = events_of(sim->trace());
  ASSERT_GT(events.size(), 10'000u);

  constexpr std::size_t kInterval = 1024;
  TraceIndex index(sim->trace(), TraceModel(s.gomaxprocs), kInterval);
  EXPECT_EQ(index.catch_up(), events.size());
  EXPECT_EQ(index.catch_up(), 0u);  // nothing new
  EXPECT_EQ(index.indexed(), events.size());
  EXPECT_EQ(index.snapshot_count(), events.size() / kInterval + 1);

  // Random counts in a random order, plus the edges: before any event, on and around a
  // snapshot boundary, the last event.
  std::mt19937_64 rng(12345);
  std::vector<std::size_t> counts = {0, 1, kInterval - 1, kInterval, kInterval + 1,
                                     events.size() - 1, events.size()};
  for (int i = 0; i < 40; ++i) counts.push_back(rng() % (events.size() + 1));
  const auto expected = reference_models(events, counts, s.gomaxprocs);
  for (std::size_t c : counts) {
    ASSERT_EQ(index.model_after_count(c), expected.at(c)) << "after " << c << " events";
  }
  // model_at(i) is the state after event i.
  const std::size_t i = counts.back();
  if (i > 0) {
    EXPECT_EQ(index.model_at(i - 1), expected.at(i));
  }
  EXPECT_EQ(index.head(), expected.at(events.size()));
}

TEST(TraceIndex, SeekOutsideTheIndexedRangeThrows) {
  auto sim = run_scenario(base_scenario(RunnerKind::inline_));
  TraceIndex index(sim->trace());
  EXPECT_THROW(index.model_after_count(1), std::out_of_range);  // nothing indexed yet
  index.catch_up();
  EXPECT_NO_THROW(index.model_after_count(index.indexed()));
  EXPECT_THROW(index.model_after_count(index.indexed() + 1), std::out_of_range);
  EXPECT_EQ(index.earliest_seekable(), 0u);
}

TEST(TraceIndex, IntervalMustDivideTheChunkWhenTheTraceIsRetained) {
  Trace retained(true, 4);
  EXPECT_THROW(TraceIndex(retained, TraceModel{}, 1000), std::invalid_argument);
  EXPECT_NO_THROW(TraceIndex(retained, TraceModel{}, 1024));
  Trace whole;
  EXPECT_NO_THROW(TraceIndex(whole, TraceModel{}, 1000));
}

// The engine appends on its own thread (here the inline runner's caller thread; the threaded
// runner's actor threads in the second case) while this thread catches up and seeks, as the UI
// does in live mode. Under TSan this is the check that reading below size() is race-free.
void follow_a_live_run(const Scenario& s) {
  SimRuntime sim(s);
  TraceIndex index(sim.trace(), TraceModel(s.gomaxprocs), 4096);
  std::atomic<bool> done{false};
  std::thread engine([&] {
    sim.run();
    done.store(true, std::memory_order_release);
  });
  std::mt19937_64 rng(7);
  std::size_t seeks = 0;
  while (!done.load(std::memory_order_acquire)) {
    index.catch_up();
    if (index.indexed() > 0) {
      const TraceModel m = index.model_after_count(rng() % (index.indexed() + 1));
      EXPECT_LE(m.events, index.indexed());
      ++seeks;
    }
    std::this_thread::yield();
  }
  engine.join();
  index.catch_up();
  EXPECT_EQ(index.indexed(), sim.trace().size());
  const std::vector<TraceEvent> events = events_of(sim.trace());
  EXPECT_EQ(index.head(), test::fold(events, s.gomaxprocs));
  EXPECT_TRUE(index.head().finished);
  const std::size_t mid = events.size() / 2;
  EXPECT_EQ(index.model_after_count(mid),
            test::fold(std::span(events).first(mid), s.gomaxprocs));
  ::testing::Test::RecordProperty("seeks_while_running", static_cast<int>(seeks));
}

TEST(TraceIndex, FollowsAnInlineRunWhileItAppends) { follow_a_live_run(seek_scenario()); }

TEST(TraceIndex, FollowsAThreadedRunWhileItAppends) {
  Scenario s = seek_scenario(RunnerKind::threaded);
  s.cleanups = test::kUnderSanitizer ? 60 : 200;  // the threaded runner hands off every step
  follow_a_live_run(s);
}

}  // namespace
}  // namespace cq
