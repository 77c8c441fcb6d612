// TraceModel on hand-written event sequences: every expectation below was worked out from the
// event meanings in trace_event.hpp and the emit order of the actors (runtime/*.cpp), not by
// running the fold.
#include <gtest/gtest.h>

#include <vector>

#include "trace_test_support.hpp"

namespace cq {
namespace {

using test::ev;
using K = EventKind;
using Ids = std::vector<std::uint32_t>;

// Actor ids used throughout: the runtime spawns gc, mutators, sweepers, schedulers, then workers.
constexpr std::uint16_t kMutator = 1;
constexpr std::uint16_t kSweeper = 2;
constexpr std::uint16_t kSweeper2 = 3;
constexpr std::uint16_t kScheduler = 4;
constexpr std::uint16_t kWorker = 5;

constexpr std::uint32_t kMark = static_cast<std::uint32_t>(GcPhase::mark);
constexpr std::uint32_t kSweep = static_cast<std::uint32_t>(GcPhase::sweep);

TEST(TraceModel, StartsEmptyWithTheGivenPs) {
  const TraceModel m(3);
  EXPECT_EQ(m.events, 0u);
  ASSERT_EQ(m.ps.size(), 3u);
  for (const ModelP& p : m.ps) EXPECT_EQ(p.block, kNoBlock);
  EXPECT_TRUE(m.blocks.empty());
  EXPECT_EQ(m.phase, GcPhase::off);
  EXPECT_EQ(m.entries.queued(), 0u);
}

// One P, blocks of 2: two cleanups fill a block, the eager push publishes it, a parked worker is
// woken and runs it, and the block ends on the free stack.
TEST(TraceModel, EnqueueFillPushPopRunAndFreeOneBlock) {
  TraceModel m(1);
  m.apply(ev(K::cleanup_registered, kMutator, 0, kNoBlock, 1, 0));
  m.apply(ev(K::goroutines_created, kMutator, 0, kNoBlock, 1, 1));
  m.apply(ev(K::cleanup_registered, kMutator, 0, kNoBlock, 2, 0));
  m.apply(ev(K::worker_started, kWorker, kNoP, kNoBlock, 0));
  m.apply(ev(K::take_failed, kWorker, kNoP, kNoBlock, 0));
  m.apply(ev(K::announce_sleep, kWorker, kNoP, kNoBlock, 0, 1));
  m.apply(ev(K::park, kWorker, kNoP, kNoBlock, 0));
  EXPECT_EQ(m.counters.registered, 2u);
  EXPECT_EQ(m.counters.ng, 1u);
  ASSERT_EQ(m.workers.size(), 1u);
  EXPECT_EQ(m.workers[0].actor, kWorker);
  EXPECT_FALSE(m.workers[0].fing);
  EXPECT_EQ(m.workers[0].phase, WorkerPhase::parked);
  EXPECT_EQ(m.counters.sleepers, 1u);
  ASSERT_NE(m.worker_for_actor(kWorker), nullptr);
  EXPECT_EQ(m.worker_for_actor(kSweeper), nullptr);

  m.apply(ev(K::gc_phase, 0, kNoP, kNoBlock, 0, kMark));
  m.apply(ev(K::gc_phase, 0, kNoP, kNoBlock, 0, kSweep));
  m.apply(ev(K::sweeper_begin, kSweeper, kNoP, kNoBlock, 0, 1));
  m.apply(ev(K::p_acquired, kSweeper, 0));
  m.apply(ev(K::block_allocated, kSweeper, 0, 0));
  m.apply(ev(K::enqueue, kSweeper, 0, 0, 1, 0));
  EXPECT_EQ(m.phase, GcPhase::sweep);
  EXPECT_EQ(m.active_sweepers, 1u);
  EXPECT_EQ(m.ps[0].holder, kSweeper);
  EXPECT_EQ(m.ps[0].block, 0u);
  EXPECT_EQ(m.ps[0].fill, 1u);
  EXPECT_EQ(m.blocks[0].place, BlockPlace::p);
  EXPECT_EQ(m.blocks[0].n, 1u);
  EXPECT_EQ(m.entries.in_p, 1u);
  EXPECT_EQ(m.counters.blocks_allocated, 1u);

  m.apply(ev(K::enqueue, kSweeper, 0, 0, 2, 1));
  m.apply(ev(K::block_full, kSweeper, 0, 0));
  m.apply(ev(K::work_signalled, kSweeper, 0, kNoBlock, 0, 1));
  EXPECT_EQ(m.ps[0].block, kNoBlock);
  EXPECT_EQ(m.full_top_first(), Ids{0});
  EXPECT_EQ(m.blocks[0].place, BlockPlace::full);
  EXPECT_EQ(m.blocks[0].n, 2u);
  EXPECT_EQ(m.entries.in_p, 0u);
  EXPECT_EQ(m.entries.in_full, 2u);
  EXPECT_EQ(m.counters.full_pushes, 1u);
  EXPECT_EQ(m.counters.work_signalled, 1u);
  EXPECT_EQ(m.counters.enqueued, 2u);

  m.apply(ev(K::needs_wake, kScheduler, 0));
  m.apply(ev(K::wake, kScheduler, 0, kNoBlock, 1, 0));
  EXPECT_EQ(m.counters.wakes, 1u);
  EXPECT_EQ(m.counters.sleepers, 0u);
  m.apply(ev(K::unpark, kWorker, kNoP, kNoBlock, 0));
  EXPECT_EQ(m.workers[0].phase, WorkerPhase::woken);
  m.apply(ev(K::pop_full, kWorker, kNoP, 0, 2, 0));
  m.apply(ev(K::running_begin, kWorker, kNoP, 0, 0, 1));
  EXPECT_TRUE(m.full_stack.empty());
  EXPECT_EQ(m.blocks[0].place, BlockPlace::worker);
  EXPECT_EQ(m.blocks[0].owner, 0u);
  EXPECT_EQ(m.workers[0].phase, WorkerPhase::running);
  EXPECT_EQ(m.workers[0].block, 0u);
  EXPECT_EQ(m.workers[0].pending, 2u);
  EXPECT_TRUE(m.workers[0].running_cleanups);
  EXPECT_EQ(m.counters.running, 1u);
  EXPECT_EQ(m.entries.in_full, 0u);
  EXPECT_EQ(m.entries.held_by_workers, 2u);

  m.apply(ev(K::cleanup_run, kWorker, kNoP, 0, 1, 0));
  EXPECT_EQ(m.workers[0].next_slot, 1u);
  EXPECT_EQ(m.workers[0].pending, 1u);
  EXPECT_EQ(m.counters.executed, 1u);
  m.apply(ev(K::cleanup_run, kWorker, kNoP, 0, 2, 1));
  m.apply(ev(K::running_end, kWorker, kNoP, 0, 0, 0));
  m.apply(ev(K::push_free, kWorker, kNoP, 0));
  EXPECT_EQ(m.counters.executed, 2u);
  EXPECT_EQ(m.counters.running, 0u);
  EXPECT_FALSE(m.workers[0].running_cleanups);
  EXPECT_EQ(m.workers[0].phase, WorkerPhase::taking);
  EXPECT_EQ(m.workers[0].block, kNoBlock);
  EXPECT_EQ(m.free_top_first(), Ids{0});
  EXPECT_EQ(m.blocks[0].place, BlockPlace::free);
  EXPECT_EQ(m.blocks[0].n, 0u);
  EXPECT_EQ(m.entries.queued(), 0u);
  EXPECT_EQ(m.events, 25u);

  // The next sweep takes the block back from free.
  m.apply(ev(K::block_from_free, kSweeper, 0, 0));
  EXPECT_TRUE(m.free_stack.empty());
  EXPECT_EQ(m.ps[0].block, 0u);
  EXPECT_EQ(m.ps[0].fill, 0u);
}

// Returns a model with P0 holding block 0 with `n0` entries and P2 holding block 1 with `n2`
// (P1 has none), in the sweep phase, ids 1.. enqueued in order.
TraceModel three_ps_holding(std::uint32_t n0, std::uint32_t n2) {
  TraceModel m(3);
  m.apply(ev(K::gc_phase, 0, kNoP, kNoBlock, 0, kSweep));
  std::uint64_t id = 1;
  m.apply(ev(K::block_allocated, kSweeper, 0, 0));
  for (std::uint32_t i = 0; i < n0; ++i) m.apply(ev(K::enqueue, kSweeper, 0, 0, id++, i));
  m.apply(ev(K::block_allocated, kSweeper, 2, 1));
  for (std::uint32_t i = 0; i < n2; ++i) m.apply(ev(K::enqueue, kSweeper, 2, 1, id++, i));
  return m;
}

// Capacity 4, fills 3 / - / 3: adopt 3, P1 missing, merge 1 from block 1 (tail) so block 0 is
// full and pushed, block 1 (2 left) becomes the accumulator and is pushed last.
TEST(TraceModel, FlushMergesPartialBlocksAndPushesTheAccumulator) {
  TraceModel m = three_ps_holding(3, 3);
  EXPECT_EQ(m.entries.in_p, 6u);
  m.apply(ev(K::sweeper_end, kSweeper, kNoP, kNoBlock, 1, 0));
  m.apply(ev(K::flush_begin, kSweeper));
  m.apply(ev(K::flush_adopt, kSweeper, 0, 0, 0, 3));
  EXPECT_TRUE(m.flush.active);
  EXPECT_EQ(m.flush.accumulator, 0u);
  EXPECT_EQ(m.blocks[0].place, BlockPlace::flusher);
  EXPECT_EQ(m.ps[0].block, kNoBlock);
  m.apply(ev(K::flush_missing, kSweeper, 1));
  m.apply(ev(K::flush_merge, kSweeper, 2, 1, 0, 1));
  EXPECT_EQ(m.blocks[0].n, 4u);
  EXPECT_EQ(m.blocks[1].n, 2u);
  EXPECT_EQ(m.blocks[1].place, BlockPlace::flusher);
  EXPECT_EQ(m.flush.source, 1u);
  EXPECT_EQ(m.entries.in_flusher, 6u);
  EXPECT_EQ(m.entries.in_p, 0u);
  m.apply(ev(K::flush_push, kSweeper, 2, 0, 0, 4));
  EXPECT_EQ(m.flush.accumulator, 1u);
  EXPECT_EQ(m.flush.source, kNoBlock);
  m.apply(ev(K::flush_push, kSweeper, 2, 1, 1, 2));
  m.apply(ev(K::work_signalled, kSweeper, kNoP, kNoBlock, 0, 2));
  m.apply(ev(K::flush_end, kSweeper, kNoP, kNoBlock, 2, 0 | 1u << 16));
  EXPECT_FALSE(m.flush.active);
  EXPECT_EQ(m.flush.pushed, 2u);
  EXPECT_EQ(m.flush.emptied, 0u);
  EXPECT_EQ(m.flush.missing, 1u);
  EXPECT_EQ(m.flush.accumulator, kNoBlock);
  EXPECT_EQ(m.counters.flushes, 1u);
  EXPECT_EQ(m.counters.flush_pushes, 2u);
  EXPECT_EQ(m.full_top_first(), (Ids{1, 0}));
  EXPECT_EQ(m.blocks[0].n, 4u);
  EXPECT_EQ(m.blocks[1].n, 2u);
  EXPECT_EQ(m.entries.in_full, 6u);
  EXPECT_EQ(m.entries.in_flusher, 0u);
  for (const ModelP& p : m.ps) EXPECT_EQ(p.block, kNoBlock);
}

// Capacity 4, fills 2 / - / 2: the merge fills block 0 exactly and empties block 1, which then
// becomes the accumulator and is pushed empty at the end (docs/algorithm.md §3.4's corner case).
TEST(TraceModel, FlushExactFitPushesAnEmptyLastBlock) {
  TraceModel m = three_ps_holding(2, 2);
  m.apply(ev(K::flush_begin, kSweeper));
  m.apply(ev(K::flush_adopt, kSweeper, 0, 0, 0, 2));
  m.apply(ev(K::flush_missing, kSweeper, 1));
  m.apply(ev(K::flush_merge, kSweeper, 2, 1, 0, 2));
  m.apply(ev(K::flush_push, kSweeper, 2, 0, 0, 4));
  m.apply(ev(K::flush_push, kSweeper, 2, 1, 1, 0));
  m.apply(ev(K::flush_end, kSweeper, kNoP, kNoBlock, 2, 1u << 16));
  EXPECT_EQ(m.full_top_first(), (Ids{1, 0}));
  EXPECT_EQ(m.blocks[1].n, 0u);
  EXPECT_EQ(m.blocks[1].place, BlockPlace::full);
  EXPECT_EQ(m.entries.in_full, 4u);
}

// Capacity 4, fills 1 / - / 2: everything fits into block 0 (3), block 1 ends empty and goes to
// free; block 0 is pushed last.
TEST(TraceModel, FlushFreesTheBlockItEmptied) {
  TraceModel m = three_ps_holding(1, 2);
  m.apply(ev(K::flush_begin, kSweeper));
  m.apply(ev(K::flush_adopt, kSweeper, 0, 0, 0, 1));
  m.apply(ev(K::flush_missing, kSweeper, 1));
  m.apply(ev(K::flush_merge, kSweeper, 2, 1, 0, 2));
  m.apply(ev(K::flush_free_emptied, kSweeper, 2, 1));
  EXPECT_EQ(m.free_top_first(), Ids{1});
  EXPECT_EQ(m.flush.source, kNoBlock);
  m.apply(ev(K::flush_push, kSweeper, 2, 0, 1, 3));
  m.apply(ev(K::flush_end, kSweeper, kNoP, kNoBlock, 1, 1 | 1u << 16));
  EXPECT_EQ(m.full_top_first(), Ids{0});
  EXPECT_EQ(m.blocks[0].n, 3u);
  EXPECT_EQ(m.blocks[1].place, BlockPlace::free);
  EXPECT_EQ(m.flush.emptied, 1u);
  EXPECT_EQ(m.entries.in_full, 3u);
  EXPECT_EQ(m.entries.queued(), 3u);
}

// Go 1.24: entries go to the finq; fing (never introduced by worker_started) takes them all.
TEST(TraceModel, Go124FinqIsTakenWholeByFing) {
  constexpr std::uint16_t kFing = 9;
  TraceModel m(2);
  m.apply(ev(K::goroutines_created, kMutator, 0, kNoBlock, 1, 1));
  m.apply(ev(K::gc_phase, 0, kNoP, kNoBlock, 0, kSweep));
  m.apply(ev(K::fin_enqueue, kSweeper, 0, 0, 1, 0));
  m.apply(ev(K::fin_enqueue, kSweeper2, 1, 0, 2, 1));
  m.apply(ev(K::fin_enqueue, kSweeper, 0, 0, 3, 2));
  EXPECT_EQ(m.entries.finq, 3u);
  EXPECT_EQ(m.counters.enqueued, 3u);
  EXPECT_EQ(m.counters.blocks_allocated, 1u);
  m.apply(ev(K::fin_wake, kScheduler, 0));
  m.apply(ev(K::unpark, kFing));
  m.apply(ev(K::fin_take_all, kFing, kNoP, kNoBlock, 3));
  ASSERT_EQ(m.workers.size(), 1u);
  EXPECT_TRUE(m.workers[0].fing);
  EXPECT_EQ(m.workers[0].actor, kFing);
  EXPECT_EQ(m.workers[0].pending, 3u);
  EXPECT_EQ(m.entries.finq, 0u);
  EXPECT_EQ(m.entries.held_by_workers, 3u);
  m.apply(ev(K::cleanup_run, kFing, kNoP, 0, 3, 2));
  m.apply(ev(K::cleanup_stuck, kFing, kNoP, 0, 2, 1));
  EXPECT_EQ(m.counters.executed, 1u);
  EXPECT_EQ(m.workers[0].phase, WorkerPhase::stuck);
  EXPECT_EQ(m.entries.held_by_workers, 2u);  // the stuck one and the one behind it
  EXPECT_EQ(m.counters.wakes, 1u);
}

// Threaded reordering: a worker's pop is appended before the sweeper's push of the same block
// (both steps ran at one instant). The pop, and the rest of that worker's events, wait for it.
TEST(TraceModel, PopAppendedBeforeItsPushWaitsForIt) {
  TraceModel m(1);
  m.apply(ev(K::gc_phase, 0, kNoP, kNoBlock, 0, kSweep, 10));
  m.apply(ev(K::worker_started, kWorker, kNoP, kNoBlock, 0, 0, 10));
  m.apply(ev(K::block_allocated, kSweeper, 0, 0, 0, 0, 20));
  m.apply(ev(K::enqueue, kSweeper, 0, 0, 1, 0, 20));
  // Instant 30: the worker's step, then the sweeper's step that filled and pushed block 0.
  m.apply(ev(K::pop_full, kWorker, kNoP, 0, 2, 0, 30));
  m.apply(ev(K::running_begin, kWorker, kNoP, 0, 0, 1, 30));
  ASSERT_EQ(m.deferred.size(), 2u);
  EXPECT_EQ(m.deferred[0].index, 4u);
  EXPECT_EQ(m.events, 6u);
  EXPECT_EQ(m.blocks[0].place, BlockPlace::p);  // not moved yet
  EXPECT_EQ(m.counters.running, 0u);
  m.apply(ev(K::enqueue, kSweeper, 0, 0, 2, 1, 30));
  EXPECT_EQ(m.ps[0].fill, 2u);
  m.apply(ev(K::block_full, kSweeper, 0, 0, 0, 0, 30));  // the pop can go now, and what follows
  EXPECT_TRUE(m.deferred.empty());
  m.apply(ev(K::work_signalled, kSweeper, 0, kNoBlock, 0, 1, 30));
  EXPECT_TRUE(m.full_stack.empty());
  EXPECT_EQ(m.ps[0].block, kNoBlock);
  EXPECT_EQ(m.blocks[0].place, BlockPlace::worker);
  EXPECT_EQ(m.blocks[0].n, 2u);
  EXPECT_EQ(m.workers[0].pending, 2u);
  EXPECT_EQ(m.counters.running, 1u);
  EXPECT_EQ(m.counters.forced_events, 0u);
  EXPECT_EQ(m.counters.enqueued, m.entries.queued());
}

// The other way round: a sweeper takes a block from free before the worker's push_free of it.
TEST(TraceModel, FreePopAppendedBeforeItsPushWaitsForIt) {
  TraceModel m(1);
  m.apply(ev(K::worker_started, kWorker, kNoP, kNoBlock, 0));
  m.apply(ev(K::gc_phase, 0, kNoP, kNoBlock, 0, kSweep));
  m.apply(ev(K::block_allocated, kSweeper, 0, 0));
  m.apply(ev(K::enqueue, kSweeper, 0, 0, 1, 0));
  m.apply(ev(K::block_full, kSweeper, 0, 0));
  m.apply(ev(K::pop_full, kWorker, kNoP, 0, 1));
  m.apply(ev(K::cleanup_run, kWorker, kNoP, 0, 1, 0));
  m.apply(ev(K::block_from_free, kSweeper, 0, 0, 0, 0, 5));
  m.apply(ev(K::enqueue, kSweeper, 0, 0, 2, 0, 5));
  EXPECT_EQ(m.deferred.size(), 2u);
  EXPECT_EQ(m.blocks[0].place, BlockPlace::worker);
  m.apply(ev(K::running_end, kWorker, kNoP, 0, 0, 0, 5));
  m.apply(ev(K::push_free, kWorker, kNoP, 0, 0, 0, 5));
  EXPECT_TRUE(m.deferred.empty());
  EXPECT_TRUE(m.free_stack.empty());
  EXPECT_EQ(m.blocks[0].place, BlockPlace::p);
  EXPECT_EQ(m.blocks[0].n, 1u);
  EXPECT_EQ(m.ps[0].fill, 1u);
  EXPECT_EQ(m.workers[0].block, kNoBlock);
}

// One-entry blocks: in one instant a worker frees block 0, a sweeper takes it from free, fills
// and pushes it, and a second worker pops it, appended as worker 1, worker 2, sweeper.
TEST(TraceModel, ChainOfTransitionsInOneInstantFoldsInCausalOrder) {
  constexpr std::uint16_t kWorker2 = 6;
  TraceModel m(1);
  m.apply(ev(K::worker_started, kWorker, kNoP, kNoBlock, 0));
  m.apply(ev(K::worker_started, kWorker2, kNoP, kNoBlock, 1));
  m.apply(ev(K::gc_phase, 0, kNoP, kNoBlock, 0, kSweep));
  m.apply(ev(K::block_allocated, kSweeper, 0, 0));
  m.apply(ev(K::enqueue, kSweeper, 0, 0, 1, 0));
  m.apply(ev(K::block_full, kSweeper, 0, 0));
  m.apply(ev(K::pop_full, kWorker, kNoP, 0, 1));
  m.apply(ev(K::running_begin, kWorker, kNoP, 0, 0, 1));
  m.apply(ev(K::cleanup_run, kWorker, kNoP, 0, 1, 0));
  // Instant 7.
  m.apply(ev(K::running_end, kWorker, kNoP, 0, 0, 0, 7));
  m.apply(ev(K::push_free, kWorker, kNoP, 0, 0, 0, 7));
  m.apply(ev(K::pop_full, kWorker2, kNoP, 0, 1, 0, 7));
  m.apply(ev(K::running_begin, kWorker2, kNoP, 0, 1, 1, 7));
  EXPECT_EQ(m.deferred.size(), 2u);
  EXPECT_EQ(m.free_top_first(), Ids{0});
  m.apply(ev(K::block_from_free, kSweeper, 0, 0, 0, 0, 7));
  m.apply(ev(K::enqueue, kSweeper, 0, 0, 2, 0, 7));
  m.apply(ev(K::block_full, kSweeper, 0, 0, 0, 0, 7));
  m.apply(ev(K::work_signalled, kSweeper, 0, kNoBlock, 0, 1, 7));
  EXPECT_TRUE(m.deferred.empty());
  EXPECT_EQ(m.blocks[0].place, BlockPlace::worker);
  EXPECT_EQ(m.blocks[0].owner, 1u);
  EXPECT_EQ(m.workers[1].block, 0u);
  EXPECT_EQ(m.workers[1].pending, 1u);
  EXPECT_EQ(m.workers[0].block, kNoBlock);
  EXPECT_TRUE(m.full_stack.empty() && m.free_stack.empty());
  EXPECT_EQ(m.ps[0].block, kNoBlock);
  EXPECT_EQ(m.counters.running, 1u);
  EXPECT_EQ(m.counters.enqueued, m.counters.executed + m.entries.queued());
}

// A pop whose push never comes: when the next instant starts, it is folded anyway and counted.
TEST(TraceModel, PopWithNoPushInItsInstantIsForcedWhenTheInstantEnds) {
  TraceModel m(1);
  m.apply(ev(K::worker_started, kWorker, kNoP, kNoBlock, 0));
  m.apply(ev(K::gc_phase, 0, kNoP, kNoBlock, 0, kSweep));
  m.apply(ev(K::block_allocated, kSweeper, 0, 0));
  m.apply(ev(K::enqueue, kSweeper, 0, 0, 1, 0));
  m.apply(ev(K::pop_full, kWorker, kNoP, 0, 1));
  EXPECT_EQ(m.deferred.size(), 1u);
  m.apply(ev(K::needs_wake, kScheduler, 0, kNoBlock, 0, 0, 3));
  EXPECT_TRUE(m.deferred.empty());
  EXPECT_EQ(m.counters.forced_events, 1u);
  EXPECT_EQ(m.blocks[0].place, BlockPlace::worker);
  EXPECT_EQ(m.ps[0].block, kNoBlock);
}

TEST(TraceModel, RuntimeEventsSetTheirCounters) {
  TraceModel m(2);
  m.apply(ev(K::needg_raised, kScheduler, 1, kNoBlock, 2, 2));
  m.apply(ev(K::needg_raised, kScheduler, 0, kNoBlock, 1, 3));
  EXPECT_EQ(m.counters.needg, 3u);
  EXPECT_EQ(m.counters.needg_raised, 3u);
  m.apply(ev(K::goroutines_created, kMutator, 0, kNoBlock, 2, 3));
  EXPECT_EQ(m.counters.needg, 0u);  // createGs swapped it to 0
  EXPECT_EQ(m.counters.ng, 3u);
  m.apply(ev(K::sweep_drained, kSweeper, 0));
  EXPECT_TRUE(m.drained);
  m.apply(ev(K::gc_phase, 0, kNoP, kNoBlock, 4, kSweep));
  EXPECT_FALSE(m.drained);  // mark termination resets the gate
  EXPECT_EQ(m.cycle, 4u);
  m.apply(ev(K::invariant_violation, kSweeper, kNoP, kNoBlock, 7, 2));
  EXPECT_EQ(m.counters.runtime_violations, 1u);
  m.apply(ev(K::stranded, kRuntimeActor, kNoP, kNoBlock, 5, 1));
  m.apply(ev(K::run_end, kRuntimeActor, kNoP, kNoBlock, 0, 0, 999));
  EXPECT_TRUE(m.stranded);
  EXPECT_TRUE(m.finished);
  EXPECT_FALSE(m.complete);
  EXPECT_EQ(m.time_ns, 999u);
  EXPECT_EQ(m.events, 8u);
}

// gc_phases go: the gate is reset where Go's sweep starts, at the off that ends mark termination
// (gcMarkTermination sets _GCoff, then gcSweep resets sweep.active; runtime/mgc.go), not at the
// mark termination event itself; the parked model resets it at its sweep phase, and not at the
// off after it.
TEST(TraceModel, UnderGoPhasesTheGateIsResetAtTheOffEndingMarkTermination) {
  const auto phase = [](GcPhase p) {
    return ev(K::gc_phase, 0, kNoP, kNoBlock, 0, static_cast<std::uint64_t>(p));
  };
  TraceModel m(2);
  m.apply(ev(K::sweep_drained, kSweeper, 0));
  m.apply(phase(GcPhase::sweep_termination));
  m.apply(phase(GcPhase::mark));
  m.apply(phase(GcPhase::mark_termination));
  EXPECT_TRUE(m.drained) << "the stop-the-world has begun, the gate is not reset yet";
  m.apply(phase(GcPhase::off));
  EXPECT_FALSE(m.drained);
  EXPECT_EQ(m.active_sweepers, 0u);
  m.apply(phase(GcPhase::mark));  // gc_phases parked: mark -> sweep -> off
  m.apply(phase(GcPhase::sweep));
  m.apply(ev(K::sweep_drained, kSweeper, 0));
  m.apply(phase(GcPhase::off));  // not an off after mark termination: no reset
  EXPECT_TRUE(m.drained);
}

// runtime.Goexit inside a cleanup kills its goroutine: it must not be shown as still running
// (or parked: it never parks again), and it keeps its `running` count (no endRunningCleanups).
TEST(TraceModel, GoexitInACleanupLeavesTheGoroutineExitedAndCounted) {
  TraceModel m(1);
  m.apply(ev(K::worker_started, kWorker, kNoP, kNoBlock, 0));
  m.apply(ev(K::running_begin, kWorker));
  m.apply(ev(K::cleanup_goexit, kWorker, kNoP, 0, 7, 3));
  ASSERT_EQ(m.workers.size(), 1u);
  EXPECT_EQ(m.workers[0].phase, WorkerPhase::exited);
  EXPECT_EQ(to_string(m.workers[0].phase), "exited (Goexit)");
  EXPECT_EQ(m.counters.running, 1u);
  EXPECT_EQ(m.goexits, 1u);
}

TEST(TraceModel, ImpossibleIdsAreCountedNotAllocated) {
  TraceModel m(1);
  m.apply(ev(K::block_allocated, kSweeper, kNoP, 0));
  m.apply(ev(K::enqueue, kSweeper, 0, kNoBlock, 1, 0));
  m.apply(ev(K::worker_started, kWorker, kNoP, kNoBlock, 1'000'000));
  EXPECT_EQ(m.counters.ignored_events, 3u);
  EXPECT_TRUE(m.blocks.empty());
  EXPECT_TRUE(m.workers.empty());
}

TEST(TraceModel, CopiesCompareEqualAndDivergeIndependently) {
  TraceModel a = three_ps_holding(2, 1);
  TraceModel b = a;
  EXPECT_EQ(a, b);
  b.apply(ev(K::enqueue, kSweeper, 0, 0, 99, 2));
  EXPECT_NE(a, b);
  EXPECT_EQ(a.blocks[0].n, 2u);
  EXPECT_EQ(b.blocks[0].n, 3u);
}

}  // namespace
}  // namespace cq
