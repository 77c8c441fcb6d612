// A run that keeps no trace (Scenario::record_trace = false: `cleanupq run` without --trace)
// stores no event and holds no trace memory at any point of the run, however long, while its
// summary, counts and hash are the traced run's; and a TraceObserver sees every event, stored or
// not, in the order the hash folds them, so what a run reports about its events can be folded as
// they happen (the CLI's conformance facts) instead of read back from a stored trace.
#include <gtest/gtest.h>

#include <cstdint>
#include <span>
#include <vector>

#include "trace_test_support.hpp"

namespace cq {
namespace {

using test::events_of;

// Several chunks of events (a traced run holds several times Trace::kChunkBytes), in
// milliseconds even in a debug build.
Scenario several_chunks_scenario(RunnerKind runner) {
  Scenario s;
  s.gomaxprocs = 4;
  s.cleanups = 12'000;  // per mutator (one per P): 48,000 in all, about 160,000 events
  s.gc_cycles = 2;
  s.runner = runner;
  s.seed = 5;
  return s;
}

// Folds the observed events exactly as the trace's hash does, and keeps them when asked to.
class HashingObserver final : public TraceObserver {
 public:
  explicit HashingObserver(bool keep) : keep_(keep) {}
  void observe(std::span<const TraceEvent> step) override {
    for (const TraceEvent& e : step) {
      hash_ = Trace::hash_event(hash_, e);
      ++events_;
      if (keep_) seen_.push_back(e);
    }
  }
  std::uint64_t hash() const { return hash_; }
  std::uint64_t events() const { return events_; }
  const std::vector<TraceEvent>& seen() const { return seen_; }

 private:
  bool keep_;
  std::uint64_t hash_ = Trace::kHashSeed;
  std::uint64_t events_ = 0;
  std::vector<TraceEvent> seen_;
};

void expect_same_summary(const RunSummary& a, const RunSummary& b) {
  EXPECT_EQ(a.registered, b.registered);
  EXPECT_EQ(a.executed, b.executed);
  EXPECT_EQ(a.lost, b.lost);
  EXPECT_EQ(a.duplicated, b.duplicated);
  EXPECT_EQ(a.pending, b.pending);
  EXPECT_EQ(a.queued, b.queued);
  EXPECT_EQ(a.stuck_pending, b.stuck_pending);
  EXPECT_EQ(a.blocks_allocated, b.blocks_allocated);
  EXPECT_EQ(a.full_pushes, b.full_pushes);
  EXPECT_EQ(a.flushes, b.flushes);
  EXPECT_EQ(a.workers_created, b.workers_created);
  EXPECT_EQ(a.worker_cap, b.worker_cap);
  EXPECT_EQ(a.wakes, b.wakes);
  EXPECT_EQ(a.spurious_wakes, b.spurious_wakes);
  EXPECT_EQ(a.needg_raised, b.needg_raised);
  EXPECT_EQ(a.events, b.events);
  EXPECT_EQ(a.trace_hash, b.trace_hash);
  EXPECT_EQ(a.steps, b.steps);
  EXPECT_EQ(a.virtual_ns, b.virtual_ns);
  EXPECT_EQ(a.invariant_violations, b.invariant_violations);
  EXPECT_EQ(a.stranded, b.stranded);
  EXPECT_EQ(a.finished, b.finished);
  EXPECT_EQ(a.losses, b.losses);
  EXPECT_EQ(a.crash, b.crash);
}

TEST(TraceOff, ARunWithoutATraceStoresNoEventAtAnyPointAndSummarisesAsTheTracedRun) {
  Scenario s = several_chunks_scenario(RunnerKind::inline_);
  SimRuntime traced(s);
  ASSERT_EQ(traced.run().why, RunStop::finished);
  ASSERT_GT(traced.trace().size(), 2 * Trace::kChunkEvents) << "too small to show anything";
  EXPECT_GE(traced.trace().memory_bytes(), 3 * Trace::kChunkBytes);

  s.record_trace = false;
  SimRuntime counted(s);
  // In pieces, so that the storage is asserted empty all along the run, not only at its end.
  for (;;) {
    RunLimit piece;
    piece.max_steps = 20'000;
    const RunOutcome out = counted.run(piece);
    EXPECT_EQ(counted.trace().size(), 0u);
    EXPECT_EQ(counted.trace().memory_bytes(), 0u);
    if (out.why == RunStop::finished) break;
    ASSERT_EQ(out.why, RunStop::step_limit);
  }
  EXPECT_FALSE(counted.trace().recording());
  EXPECT_FALSE(counted.trace().holds_every_event());
  EXPECT_EQ(counted.trace().total_events(), traced.trace().size());
  for (std::size_t k = 0; k < kEventKindCount; ++k) {
    const auto kind = static_cast<EventKind>(k);
    EXPECT_EQ(counted.trace().count(kind), traced.trace().count(kind)) << to_string(kind);
  }
  EXPECT_TRUE(counted.summary().ok());
  expect_same_summary(counted.summary(), traced.summary());
}

TEST(TraceOff, AnObserverSeesEveryEventInTheHashsOrderRecordedOrNot) {
  for (const bool record : {true, false}) {
    Scenario s = several_chunks_scenario(RunnerKind::inline_);
    s.record_trace = record;
    HashingObserver observer(/*keep=*/record);
    SimRuntime sim(s, &observer);
    ASSERT_EQ(sim.run().why, RunStop::finished);
    EXPECT_EQ(observer.events(), sim.trace().total_events()) << "record " << record;
    EXPECT_EQ(observer.hash(), sim.trace().hash()) << "record " << record;
    EXPECT_EQ(observer.hash(), sim.summary().trace_hash) << "record " << record;
    // Recorded: the observed events are the stored ones, one for one (the run_end included).
    if (record) {
      const std::vector<TraceEvent> stored = events_of(sim.trace());
      ASSERT_EQ(observer.seen().size(), stored.size());
      EXPECT_EQ(observer.seen().back().kind, EventKind::run_end);
      for (std::size_t i = 0; i < stored.size(); ++i) {
        ASSERT_EQ(Trace::hash_event(0, observer.seen()[i]), Trace::hash_event(0, stored[i]))
            << "event " << i;
      }
    }
  }
}

// The threaded runner appends from many threads: the observer is called under the trace's
// append lock, so it still sees one event order, the one the hash folded.
TEST(TraceOff, AnObserverOfAThreadedRunSeesTheHashsOrder) {
  Scenario s = several_chunks_scenario(RunnerKind::threaded);
  s.record_trace = false;
  HashingObserver observer(/*keep=*/false);
  SimRuntime sim(s, &observer);
  ASSERT_EQ(sim.run().why, RunStop::finished);
  EXPECT_EQ(sim.trace().size(), 0u);
  EXPECT_EQ(sim.trace().memory_bytes(), 0u);
  EXPECT_EQ(observer.events(), sim.trace().total_events());
  EXPECT_EQ(observer.hash(), sim.trace().hash());
  EXPECT_TRUE(sim.summary().ok());
}

// A trace cut by its storage cap stops storing, not observing.
TEST(TraceOff, AnObserverSeesTheEventsPastACutTrace) {
  Scenario s = several_chunks_scenario(RunnerKind::inline_);
  s.trace_stored_bytes = Trace::kChunkBytes;
  HashingObserver observer(/*keep=*/false);
  SimRuntime sim(s, &observer);
  ASSERT_EQ(sim.run().why, RunStop::finished);
  EXPECT_EQ(sim.trace().size(), Trace::kChunkEvents);
  EXPECT_FALSE(sim.trace().holds_every_event());
  EXPECT_GT(observer.events(), Trace::kChunkEvents);
  EXPECT_EQ(observer.events(), sim.trace().total_events());
  EXPECT_EQ(observer.hash(), sim.trace().hash());
}

}  // namespace
}  // namespace cq
