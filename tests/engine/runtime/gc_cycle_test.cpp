// One GC cycle through the simulated runtime (docs/algorithm.md §7), read back from the trace of
// small inline runs: mutators register exactly what the scenario asks, the GC walks off -> mark ->
// sweep -> off, roots are scanned only during mark, nothing is enqueued during mark (§6
// invariant 7), the last sweeper flushes exactly once per cycle (invariant 8), and every
// registered cleanup runs exactly once (invariant 6).
#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <vector>

#include "support/runtime_test_support.hpp"

namespace cq {
namespace {

using test::ActorTable;
using test::count_kind;
using test::events_of;
using test::for_each_with_phase;
using test::run_to_end;
using test::small_scenario;

// Several cycles, more mutators than Ps, blocks small enough to fill and to leave partials.
Scenario multi_cycle_scenario() {
  Scenario s = small_scenario();
  s.gomaxprocs = 4;
  s.mutators = 3;
  s.cleanups = 25;
  s.gc_cycles = 3;
  s.sweepers = 3;
  s.block_capacity = 7;
  s.seed = 11;
  return s;
}

// The tests of the parked model's own cycle (off -> mark -> sweep -> off, docs/model-vs-go.md
// P1): its phase order, its enqueues only in its sweep phase, its flush by a sweeper in that
// phase. gc_phases_go_test.cpp holds Go's cycle, the default, to its own order.
Scenario parked_multi_cycle_scenario() {
  Scenario s = multi_cycle_scenario();
  s.gc_phases = GcPhasesModel::parked;
  return s;
}

TEST(GcCycle, MutatorsRegisterExactlyMutatorsTimesCleanupsTimesCycles) {
  const Scenario s = multi_cycle_scenario();
  auto sim = run_to_end(s);
  const auto events = events_of(sim->trace());
  const ActorTable actors(sim->runner());
  std::set<CleanupId> ids;
  std::vector<std::uint32_t> per_cycle(s.gc_cycles, 0);
  for (const TraceEvent& e : events) {
    if (e.kind != EventKind::cleanup_registered) continue;
    EXPECT_TRUE(actors.is(e.actor, ActorKind::mutator)) << actors.name(e.actor);
    EXPECT_TRUE(ids.insert(e.a).second) << "cleanup id " << e.a << " registered twice";
    ASSERT_LT(e.b, s.gc_cycles);
    ++per_cycle[e.b];
  }
  EXPECT_EQ(ids.size(), 3u * 25u * 3u);
  EXPECT_EQ(*ids.begin(), 1u) << "ids are 1-based";
  EXPECT_EQ(*ids.rbegin(), 225u);
  for (std::uint32_t c = 0; c < s.gc_cycles; ++c) EXPECT_EQ(per_cycle[c], 75u) << "cycle " << c;
  EXPECT_EQ(sim->summary().registered, 225u);
  EXPECT_EQ(actors.count(ActorKind::mutator), 3u);
}

TEST(GcCycle, PhasesGoOffMarkSweepOffOncePerCycleInOrder) {
  const Scenario s = parked_multi_cycle_scenario();
  auto sim = run_to_end(s);
  const ActorTable actors(sim->runner());
  std::vector<GcPhase> phases;
  std::vector<std::uint64_t> cycles;
  for (const TraceEvent& e : events_of(sim->trace())) {
    if (e.kind != EventKind::gc_phase) continue;
    EXPECT_TRUE(actors.is(e.actor, ActorKind::gc)) << actors.name(e.actor);
    phases.push_back(static_cast<GcPhase>(e.b));
    cycles.push_back(e.a);
  }
  ASSERT_EQ(phases.size(), 3u * s.gc_cycles);
  for (std::uint32_t c = 0; c < s.gc_cycles; ++c) {
    EXPECT_EQ(phases[3 * c], GcPhase::mark) << "cycle " << c;
    EXPECT_EQ(phases[3 * c + 1], GcPhase::sweep) << "cycle " << c;
    EXPECT_EQ(phases[3 * c + 2], GcPhase::off) << "cycle " << c;
    for (int k = 0; k < 3; ++k) EXPECT_EQ(cycles[3 * c + k], c);
  }
  EXPECT_EQ(sim->state().phase.load(), GcPhase::off);
}

TEST(GcCycle, RootScansHappenOnlyDuringMarkAndCoverEveryBlock) {
  const Scenario s = multi_cycle_scenario();
  auto sim = run_to_end(s);
  std::uint64_t scans = 0;
  std::uint64_t scans_this_mark = 0;
  std::uint32_t blocks = 0;  // blocks allocated so far: each mark scans all of them
  for_each_with_phase(events_of(sim->trace()), [&](const TraceEvent& e, GcPhase phase) {
    if (e.kind == EventKind::block_allocated) ++blocks;
    if (e.kind == EventKind::root_scan) {
      EXPECT_EQ(phase, GcPhase::mark) << "root scan of block " << e.block << " outside mark";
      ++scans;
      ++scans_this_mark;
    }
    if (e.kind == EventKind::gc_phase && static_cast<GcPhase>(e.b) == GcPhase::mark) {
      scans_this_mark = 0;
    }
    if (e.kind == EventKind::gc_phase && static_cast<GcPhase>(e.b) == GcPhase::sweep) {
      EXPECT_EQ(scans_this_mark, blocks) << "every block of `all` is a root";
    }
  });
  EXPECT_GT(scans, 0u) << "cycles after the first must scan the blocks of earlier ones";
}

TEST(GcCycle, NothingIsEnqueuedOrAllocatedOutsideTheSweepPhase) {
  const Scenario s = parked_multi_cycle_scenario();
  auto sim = run_to_end(s);
  std::uint64_t enqueues = 0;
  for_each_with_phase(events_of(sim->trace()), [&](const TraceEvent& e, GcPhase phase) {
    if (e.kind == EventKind::enqueue) {
      ++enqueues;
      EXPECT_NE(phase, GcPhase::mark) << "enqueue of cleanup " << e.a << " during mark";
      EXPECT_EQ(phase, GcPhase::sweep) << "enqueue of cleanup " << e.a;
    }
    if (e.kind == EventKind::block_allocated) {
      EXPECT_EQ(phase, GcPhase::sweep) << "block " << e.block << " linked outside sweep";
    }
  });
  EXPECT_EQ(enqueues, s.total_cleanups());
  EXPECT_EQ(sim->summary().invariant_violations, 0u);
}

TEST(GcCycle, TheLastSweeperFlushesExactlyOncePerCycle) {
  const Scenario s = parked_multi_cycle_scenario();
  auto sim = run_to_end(s);
  const auto events = events_of(sim->trace());
  const ActorTable actors(sim->runner());
  std::vector<int> begins(s.gc_cycles, 0);
  std::vector<int> ends(s.gc_cycles, 0);
  std::uint32_t cycle = 0;
  bool open = false;
  for_each_with_phase(events, [&](const TraceEvent& e, GcPhase phase) {
    if (e.kind == EventKind::gc_phase && static_cast<GcPhase>(e.b) == GcPhase::off) {
      EXPECT_FALSE(open) << "the cycle ended inside a flush";
      cycle = static_cast<std::uint32_t>(e.a) + 1;
    }
    if (e.kind == EventKind::flush_begin) {
      EXPECT_EQ(phase, GcPhase::sweep);
      EXPECT_TRUE(actors.is(e.actor, ActorKind::sweeper)) << actors.name(e.actor);
      EXPECT_FALSE(open);
      open = true;
      ASSERT_LT(cycle, s.gc_cycles);
      ++begins[cycle];
    }
    if (e.kind == EventKind::flush_end) {
      EXPECT_TRUE(open);
      open = false;
      ASSERT_LT(cycle, s.gc_cycles);
      ++ends[cycle];
      const std::uint64_t emptied = e.b & 0xffffu;
      const std::uint64_t missing = e.b >> 16;
      EXPECT_EQ(e.a + emptied + missing, s.gomaxprocs) << "§3.4: pushed + emptied + missing";
    }
  });
  for (std::uint32_t c = 0; c < s.gc_cycles; ++c) {
    EXPECT_EQ(begins[c], 1) << "cycle " << c;
    EXPECT_EQ(ends[c], 1) << "cycle " << c;
  }
  // The flusher is the sweeper whose end() reported "last", in the same step.
  std::uint64_t last_ends = 0;
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (events[i].kind != EventKind::sweeper_end || events[i].a != 1) continue;
    ++last_ends;
    ASSERT_LT(i + 1, events.size());
    EXPECT_EQ(events[i + 1].kind, EventKind::flush_begin);
    EXPECT_EQ(events[i + 1].actor, events[i].actor);
  }
  EXPECT_EQ(last_ends, s.gc_cycles);
  EXPECT_EQ(sim->summary().flushes, s.gc_cycles);
}

TEST(GcCycle, EveryRegisteredCleanupRunsExactlyOnce) {
  for (WakeProtocol protocol : {WakeProtocol::level, WakeProtocol::oneshot}) {
    Scenario s = multi_cycle_scenario();
    s.protocol = protocol;
    auto sim = run_to_end(s);
    const ActorTable actors(sim->runner());
    std::set<CleanupId> registered;
    std::set<CleanupId> ran;
    for (const TraceEvent& e : events_of(sim->trace())) {
      if (e.kind == EventKind::cleanup_registered) registered.insert(e.a);
      if (e.kind == EventKind::cleanup_run) {
        EXPECT_TRUE(actors.is(e.actor, ActorKind::worker)) << actors.name(e.actor);
        EXPECT_TRUE(ran.insert(e.a).second) << "cleanup " << e.a << " ran twice";
      }
    }
    EXPECT_EQ(ran, registered) << to_string(protocol);
    const RunSummary r = sim->summary();
    EXPECT_TRUE(r.ok()) << to_string(protocol);
    EXPECT_EQ(r.executed, s.total_cleanups());
    EXPECT_EQ(r.lost, 0u);
    EXPECT_EQ(r.duplicated, 0u);
    EXPECT_EQ(r.pending, 0u);
    EXPECT_FALSE(r.stranded);
  }
}

TEST(GcCycle, EagerlyPushedBlocksAreExactlyFullAndFreeBlocksAreReused) {
  const Scenario s = multi_cycle_scenario();
  auto sim = run_to_end(s);
  const auto events = events_of(sim->trace());
  std::uint64_t full = 0;
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (events[i].kind != EventKind::block_full) continue;
    ++full;
    // The enqueue that filled it comes just before, in the same step, into its last slot.
    ASSERT_GT(i, 0u);
    EXPECT_EQ(events[i - 1].kind, EventKind::enqueue);
    EXPECT_EQ(events[i - 1].block, events[i].block);
    EXPECT_EQ(events[i - 1].b, s.block_capacity - 1);
  }
  EXPECT_GT(full, 0u);
  EXPECT_EQ(sim->summary().full_pushes, full);
  EXPECT_GT(count_kind(events, EventKind::block_from_free), 0u)
      << "later cycles take their blocks from `free`";
  EXPECT_EQ(count_kind(events, EventKind::block_allocated), sim->summary().blocks_allocated);
}

}  // namespace
}  // namespace cq
