// TraceIndex: seeking anywhere gives exactly the state of folding from the start, in any order of
// seeks, with snapshots every K events; and it follows a trace the engine is still appending to.
#include "trace/trace_index.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <random>
#include <stdexcept>
#include <thread>

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
  s.cleanups = test::kSanitized ? 300 : 1500;
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
  std::vector<std::size_t> counts = {
      0, 1, kInterval - 1, kInterval, kInterval + 1, events.size() - 1, events.size()};
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

// A snapshot budget: the snapshots never hold more than it allows (every other one dropped and
// the interval doubled each time they would), yet every seek still equals the straight fold.
TEST(TraceIndex, ASnapshotBudgetThinsTheSnapshotsAndSeeksStayExact) {
  const Scenario s = seek_scenario();
  auto sim = run_scenario(s);
  const std::vector<TraceEvent> events = events_of(sim->trace());
  constexpr std::size_t kInterval = 256;
  // What the snapshots hold unthinned, for the budget to be a quarter of it.
  TraceIndex unbudgeted(sim->trace(), TraceModel(s.gomaxprocs), kInterval);
  unbudgeted.catch_up();
  const std::size_t head_bytes = model_memory_bytes(unbudgeted.head());
  const std::size_t budget = (unbudgeted.memory_bytes() - head_bytes) / 4;

  TraceIndex index(sim->trace(), TraceModel(s.gomaxprocs), kInterval, budget);
  // In steps, as a live view catches up, so thinning happens between catch-ups and inside one.
  for (std::size_t limit = 0; limit < events.size(); limit += 5'000) {
    index.catch_up(limit);
    EXPECT_LE(index.memory_bytes() - model_memory_bytes(index.head()), budget)
        << "after " << index.indexed() << " events";
  }
  index.catch_up();
  EXPECT_EQ(index.indexed(), events.size());
  EXPECT_LE(index.memory_bytes() - model_memory_bytes(index.head()), budget);
  EXPECT_GE(index.snapshot_interval(), 4 * kInterval);  // at least two thinnings
  EXPECT_EQ(index.snapshot_count(), events.size() / index.snapshot_interval() + 1);

  std::mt19937_64 rng(777);
  const std::size_t interval = index.snapshot_interval();
  std::vector<std::size_t> counts = {0, 1, interval - 1, interval, interval + 1, events.size()};
  for (int i = 0; i < 40; ++i) counts.push_back(rng() % (events.size() + 1));
  const auto expected = reference_models(events, counts, s.gomaxprocs);
  for (std::size_t c : counts) {
    ASSERT_EQ(index.model_after_count(c), expected.at(c)) << "after " << c << " events";
  }
}

TEST(TraceIndex, ASnapshotBudgetNeedsATraceThatKeepsEveryEvent) {
  Trace retained(true, 4);
  EXPECT_THROW(TraceIndex(retained, TraceModel{}, 1024, 1 << 20), std::invalid_argument);
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
// The run goes in slices of a few hundred steps and, after each slice, waits for this thread to
// have caught up and seeked once (a handshake, not timing): seeks provably happen while the run
// is in progress, and every seek's model is compared, after the run, with a plain fold of the
// same number of events.
void follow_a_live_run(const Scenario& s) {
  SimRuntime sim(s);
  TraceIndex index(sim.trace(), TraceModel(s.gomaxprocs), 4096);
  constexpr std::uint64_t kSliceSteps = 100;
  std::atomic<std::uint64_t> slices_run{0};   // engine: slices finished
  std::atomic<std::uint64_t> slices_seen{0};  // this thread: slices it has seeked after
  std::atomic<bool> done{false};
  std::thread engine([&] {
    RunLimit slice;
    slice.max_steps = kSliceSteps;
    for (std::uint64_t n = 1;; ++n) {
      const RunStop why = sim.run(slice).why;
      slices_run.store(n, std::memory_order_release);
      if (why != RunStop::step_limit) break;
      while (slices_seen.load(std::memory_order_acquire) < n) std::this_thread::yield();
    }
    done.store(true, std::memory_order_release);
  });
  std::mt19937_64 rng(7);
  std::vector<std::pair<std::size_t, TraceModel>> seeks;
  std::uint64_t slices_before_end = 0;
  while (!done.load(std::memory_order_acquire)) {
    const std::uint64_t slices = slices_run.load(std::memory_order_acquire);
    index.catch_up();
    if (index.indexed() > 0) {
      const std::size_t count = rng() % (index.indexed() + 1);
      seeks.emplace_back(count, index.model_after_count(count));
    }
    if (slices > slices_seen.load(std::memory_order_relaxed)) {
      slices_seen.store(slices, std::memory_order_release);
      ++slices_before_end;
    }
    std::this_thread::yield();
  }
  engine.join();
  index.catch_up();
  EXPECT_EQ(index.indexed(), sim.trace().size());
  const std::vector<TraceEvent> events = events_of(sim.trace());
  EXPECT_TRUE(sim.summary().finished);
  EXPECT_GT(slices_before_end, 2u) << "the run is long enough to be followed slice by slice";
  ASSERT_GE(seeks.size(), slices_before_end - 1) << "at least one seek per slice while running";
  std::vector<std::size_t> counts;
  for (const auto& [count, model] : seeks) counts.push_back(count);
  const auto expected = reference_models(events, counts, s.gomaxprocs);
  for (const auto& [count, model] : seeks) {
    ASSERT_EQ(model, expected.at(count))
        << "a seek to " << count << " events while the run went on";
  }
  EXPECT_EQ(index.head(), test::fold(events, s.gomaxprocs));
  EXPECT_TRUE(index.head().finished);
  ::testing::Test::RecordProperty("seeks_while_running", static_cast<int>(seeks.size()));
}

TEST(TraceIndex, FollowsAnInlineRunWhileItAppends) {
  follow_a_live_run(seek_scenario());
}

TEST(TraceIndex, FollowsAThreadedRunWhileItAppends) {
  Scenario s = seek_scenario(RunnerKind::threaded);
  s.cleanups = test::kSanitized ? 60 : 200;  // the threaded runner hands off every step
  follow_a_live_run(s);
}

}  // namespace
}  // namespace cq
