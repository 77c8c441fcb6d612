// GOMAXPROCS changes and faults as scenario events (docs/model-vs-go.md, F1 and F2), each under
// the Go profile that has it and the one that does not, on the inline and the threaded runner:
//   - a shrink mid-sweep strands the cut Ps' partial blocks ((*p).destroy leaves pp.cleanups;
//     flush walks only allp: runtime/proc.go, runtime/mcleanup.go), in go1.25 and go1.26 alike,
//     until GOMAXPROCS grows back;
//   - a growth as the sweep ends makes the last flush meet nil Ps: e46c8e crashes, go1.25 and
//     go1.26 skip them (the nil check in runtime/mcleanup.go flush);
//   - runtime.Goexit in a cleanup kills its goroutine mid-block (#71824): the rest of the block
//     never runs, `running` and ng stay counted, and at cap 1 nothing runs again;
//   - a panic in a cleanup crashes the program.
// The losses by cause that the run reports are checked against a recount made here from the final
// state (the queue's blocks and each cleanup's run count), never from the trace.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "support/runtime_test_support.hpp"

namespace cq {
namespace {

using test::count_kind;
using test::events_of;
using test::find_kind;
using test::run_to_end;

struct Recount {
  std::uint64_t stranded_by_shrink = 0;
  std::uint64_t killed_by_goexit = 0;
  std::uint64_t lost_wakeup = 0;
  std::uint64_t unrun = 0;  // every registered cleanup that never ran
};

// Where every unrun cleanup of a settled queue-profile run is, by walking `all` and asking each
// block where it sits: on `full`, on `free`, in a P's slot (live or cut), or nowhere: held by a
// goroutine that will never give it back (here, one that died in Goexit: no scenario below has a
// stuck cleanup).
Recount recount(const SimRuntime& sim) {
  const RuntimeState& rt = sim.state();
  const CleanupQueue& q = *rt.queue;
  const QueueSnapshot snap = q.snapshot();
  std::set<std::uint32_t> on_full;
  std::set<std::uint32_t> on_free;
  for (const auto& b : snap.full) on_full.insert(b.id);
  for (const auto& b : snap.free) on_free.insert(b.id);
  std::set<std::uint32_t> live_p;
  std::set<std::uint32_t> dead_p;
  for (std::size_t p = 0; p < snap.p_block.size(); ++p) {
    if (snap.p_block[p] < 0) continue;
    (p < snap.gomaxprocs ? live_p : dead_p).insert(static_cast<std::uint32_t>(snap.p_block[p]));
  }
  // A slot that ran is cleared to 0 (runCleanups: b.cleanups[i] = nil); ids start at 1.
  auto unrun_in = [&](const CleanupBlock& b) {
    std::uint64_t n = 0;
    for (std::uint32_t i = 0; i < b.count(); ++i) {
      const CleanupId id = b.slot(i);
      n += id != 0 && rt.run_count[id].load() == 0 ? 1 : 0;
    }
    return n;
  };
  Recount r;
  std::uint64_t full_unrun = 0;
  std::uint32_t held = 0;  // blocks held by dead goroutines
  for (const CleanupBlock* b = q.all_blocks(); b != nullptr; b = b->all_next) {
    if (on_full.contains(b->id)) {
      full_unrun += unrun_in(*b);
    } else if (dead_p.contains(b->id)) {
      r.stranded_by_shrink += unrun_in(*b);
    } else if (!on_free.contains(b->id) && !live_p.contains(b->id) && b->count() > 0) {
      ++held;
      r.killed_by_goexit += unrun_in(*b);
    }
  }
  // Nobody left to take from `full`: every goroutine ng counts died with a block in hand.
  if (held > 0 && held == snap.ng) {
    r.killed_by_goexit += full_unrun;
  } else if (!snap.sleeping.empty()) {
    r.lost_wakeup += full_unrun;
  }
  for (std::uint64_t id = 1; id <= rt.scenario.total_cleanups(); ++id) {
    r.unrun += rt.run_count[id].load() == 0 ? 1 : 0;
  }
  return r;
}

void expect_losses_match_recount(const SimRuntime& sim) {
  const RunSummary s = sim.summary();
  const Recount r = recount(sim);
  EXPECT_EQ(s.losses.stranded_by_shrink, r.stranded_by_shrink);
  EXPECT_EQ(s.losses.killed_by_goexit, r.killed_by_goexit);
  EXPECT_EQ(s.losses.lost_wakeup, r.lost_wakeup);
  // Every cleanup that did not run is explained by one cause.
  EXPECT_EQ(r.unrun, r.stranded_by_shrink + r.killed_by_goexit + r.lost_wakeup);
  EXPECT_EQ(s.pending, r.unrun);
}

// TestCleanupLost's shape (runtime/mcleanup_test.go): GOMAXPROCS goroutines each register
// cleanups, then a GC; here several cycles, small spans so blocks are left partial.
Scenario base(GoVersion go, RunnerKind runner, std::uint32_t gomaxprocs = 8) {
  Scenario s;
  apply_go_profile(s, go);
  s.gomaxprocs = gomaxprocs;
  s.mutators = 0;  // one per P
  s.cleanups = test::kSanitized ? 60 : 150;
  s.gc_cycles = 2;
  s.sweepers = 2;
  s.span_objects = 7;  // 7 does not divide 60 or 20: the Ps' blocks stay partial
  s.runner = runner;
  s.seed = 11;
  return s;
}

struct Case {
  GoVersion go;
  RunnerKind runner;
};
std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  std::string go(go_profile(info.param.go).name);
  for (char& c : go) c = c == '.' ? '_' : c;
  return go + "_" + std::string(to_string(info.param.runner));
}
std::vector<Case> cases(std::vector<GoVersion> versions) {
  std::vector<Case> out;
  for (GoVersion v : versions) {
    for (RunnerKind r : {RunnerKind::inline_, RunnerKind::threaded}) out.push_back({v, r});
  }
  return out;
}

class Released : public ::testing::TestWithParam<Case> {};  // go1.25 and go1.26

TEST_P(Released, WithoutFaultsNothingIsLost) {
  const auto sim = run_to_end(base(GetParam().go, GetParam().runner));
  const RunSummary s = sim->summary();
  EXPECT_TRUE(s.ok()) << s.executed << " of " << s.registered;
  EXPECT_EQ(s.losses, RunSummary::Losses{});
  EXPECT_EQ(s.crash, CrashCause::none);
  expect_losses_match_recount(*sim);
}

TEST_P(Released, ShrinkMidSweepStrandsTheCutPsBlocks) {
  Scenario s = base(GetParam().go, GetParam().runner);
  s.shrink_gomaxprocs_to = 2;
  s.resize_during_cycle = 2;  // the last cycle: no later flush, no regrow
  const auto sim = run_to_end(s);
  const RunSummary r = sim->summary();
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.crash, CrashCause::none);
  EXPECT_GT(r.losses.stranded_by_shrink, 0u) << "the cut Ps held no partial block";
  EXPECT_EQ(r.losses.killed_by_goexit + r.losses.lost_wakeup, 0u);
  EXPECT_FALSE(r.stranded) << "a cut P's block is no work a wake could reach";
  EXPECT_EQ(r.invariant_violations, 0u);
  expect_losses_match_recount(*sim);
  const QueueSnapshot q = sim->state().queue->snapshot();
  EXPECT_EQ(q.gomaxprocs, 2u);
  EXPECT_EQ(q.worker_cap, 1u) << "maxCleanupGs follows gomaxprocs";
  // The stranded blocks are still on `all`: the next mark would scan them as roots.
  std::set<std::uint32_t> all;
  for (const auto& b : q.all) all.insert(b.id);
  for (std::size_t p = 2; p < q.p_block.size(); ++p) {
    if (q.p_block[p] >= 0) {
      EXPECT_TRUE(all.contains(static_cast<std::uint32_t>(q.p_block[p])));
    }
  }
  EXPECT_EQ(count_kind(events_of(sim->trace()), EventKind::procresize), 1u);
}

TEST_P(Released, RegrowingAfterTheShrinkRunsEveryStrandedCleanup) {
  Scenario s = base(GetParam().go, GetParam().runner);
  s.shrink_gomaxprocs_to = 2;
  s.resize_during_cycle = 1;
  s.regrow_after_cycle = 1;  // back to 8 before cycle 2, whose flush walks the old Ps again
  const auto sim = run_to_end(s);
  const RunSummary r = sim->summary();
  EXPECT_TRUE(r.ok()) << r.executed << " of " << r.registered;
  EXPECT_EQ(r.losses, RunSummary::Losses{});
  expect_losses_match_recount(*sim);
  const auto events = events_of(sim->trace());
  ASSERT_EQ(count_kind(events, EventKind::procresize), 2u);
  const std::size_t shrink = find_kind(events, EventKind::procresize);
  const std::size_t regrow = find_kind(events, EventKind::procresize, shrink + 1);
  EXPECT_EQ(events[shrink].a, 2u);
  EXPECT_EQ(events[shrink].b, 8u);
  EXPECT_EQ(events[regrow].a, 8u);
  EXPECT_EQ(events[regrow].b, 2u);
}

TEST_P(Released, GrowthAsTheSweepEndsSkipsTheNilPs) {
  Scenario s = base(GetParam().go, GetParam().runner, 4);
  s.grow_gomaxprocs_to = 8;
  s.resize_during_cycle = 1;
  const auto sim = run_to_end(s);
  const RunSummary r = sim->summary();
  EXPECT_EQ(r.crash, CrashCause::none);
  EXPECT_TRUE(r.ok()) << r.executed << " of " << r.registered;
  expect_losses_match_recount(*sim);
  // The first flush after the growth walked 8 Ps, the 4 new ones nil and so missing.
  const auto events = events_of(sim->trace());
  const std::size_t grow = find_kind(events, EventKind::procresize);
  ASSERT_LT(grow, events.size());
  const std::size_t end = find_kind(events, EventKind::flush_end, grow);
  ASSERT_LT(end, events.size());
  std::set<std::uint16_t> missing;
  for (std::size_t i = grow; i < end; ++i) {
    if (events[i].kind == EventKind::flush_missing) missing.insert(events[i].p);
  }
  for (std::uint16_t p = 4; p < 8; ++p) EXPECT_TRUE(missing.contains(p)) << "P" << p;
  EXPECT_EQ(sim->state().queue->worker_cap(), 2u) << "maxCleanupGs at GOMAXPROCS 8";
}

// The cleanup the inline runner runs first in `s`: a Goexit there leaves the most at stake.
CleanupId first_to_run(Scenario s) {
  s.runner = RunnerKind::inline_;
  const auto sim = run_to_end(s);
  const auto events = events_of(sim->trace());
  const std::size_t first = find_kind(events, EventKind::cleanup_run);
  EXPECT_LT(first, events.size());
  return first < events.size() ? events[first].a : 1;
}

TEST_P(Released, GoexitAtCapOneStopsEveryLaterCleanup) {
  Scenario s = base(GetParam().go, GetParam().runner, 4);  // cap max(4/4, 1) = 1
  s.goexit_cleanup = first_to_run(s);
  const auto sim = run_to_end(s);
  const RunSummary r = sim->summary();
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.crash, CrashCause::none);
  EXPECT_EQ(r.workers_created, 1u) << "needG sees ng at the cap: no replacement";
  EXPECT_EQ(r.losses.killed_by_goexit, r.pending);
  if (GetParam().runner == RunnerKind::inline_) {  // the same choices as the dry run
    EXPECT_EQ(r.executed, 1u) << "the first cleanup called Goexit: nothing ran after it";
  }
  expect_losses_match_recount(*sim);
  const QueueSnapshot q = sim->state().queue->snapshot();
  EXPECT_EQ(q.ng, 1u);
  EXPECT_EQ(q.running, 1u) << "endRunningCleanups never ran";
  const auto events = events_of(sim->trace());
  const std::size_t goexit = find_kind(events, EventKind::cleanup_goexit);
  ASSERT_LT(goexit, events.size());
  EXPECT_EQ(events[goexit].a, s.goexit_cleanup);
  EXPECT_EQ(find_kind(events, EventKind::cleanup_run, goexit), events.size())
      << "a cleanup ran after the only goroutine died";
}

TEST_P(Released, GoexitAtCapTwoLosesOnlyTheRestOfItsBlock) {
  Scenario s = base(GetParam().go, GetParam().runner, 8);  // cap 2
  s.goexit_cleanup = 3;
  const auto sim = run_to_end(s);
  const RunSummary r = sim->summary();
  EXPECT_FALSE(r.ok());
  const auto events = events_of(sim->trace());
  const std::size_t goexit = find_kind(events, EventKind::cleanup_goexit);
  ASSERT_LT(goexit, events.size());
  EXPECT_EQ(r.losses.killed_by_goexit, events[goexit].b) << "the rest of its block, no more";
  EXPECT_EQ(r.pending, r.losses.killed_by_goexit);
  expect_losses_match_recount(*sim);
  EXPECT_EQ(sim->state().queue->snapshot().running, 1u);
}

TEST_P(Released, PanicInACleanupCrashesTheProgram) {
  Scenario s = base(GetParam().go, GetParam().runner);
  s.panic_cleanup = 3;
  const auto sim = run_to_end(s);
  const RunSummary r = sim->summary();
  EXPECT_EQ(r.crash, CrashCause::panic_in_cleanup);
  EXPECT_FALSE(r.ok());
  EXPECT_LT(r.executed, r.registered);
  const auto events = events_of(sim->trace());
  const std::size_t crash = find_kind(events, EventKind::crash);
  ASSERT_LT(crash, events.size());
  EXPECT_EQ(events[crash].a, s.panic_cleanup);
  EXPECT_EQ(count_kind(events, EventKind::crash), 1u);
  if (GetParam().runner == RunnerKind::inline_) {  // threaded: steps in flight may still land
    EXPECT_EQ(find_kind(events, EventKind::cleanup_run, crash), events.size());
  }
}

INSTANTIATE_TEST_SUITE_P(GoVersions, Released,
                         ::testing::ValuesIn(cases({GoVersion::go1_25, GoVersion::go1_26})),
                         case_name);

class E46c8e : public ::testing::TestWithParam<Case> {};

TEST_P(E46c8e, GrowthAsTheSweepEndsCrashesInFlush) {
  Scenario s = base(GoVersion::e46c8e, GetParam().runner, 4);
  s.grow_gomaxprocs_to = 8;
  const auto sim = run_to_end(s);
  const RunSummary r = sim->summary();
  EXPECT_EQ(r.crash, CrashCause::nil_p_in_flush);
  EXPECT_FALSE(r.ok());
  const auto events = events_of(sim->trace());
  const std::size_t crash = find_kind(events, EventKind::crash);
  ASSERT_LT(crash, events.size());
  EXPECT_EQ(events[crash].a, 4u) << "the first new P is the first nil entry of allp";
  EXPECT_EQ(find_kind(events, EventKind::flush_end, find_kind(events, EventKind::procresize)),
            events.size())
      << "the flush never finished";
}

TEST_P(E46c8e, ShrinkStrandsHereToo) {
  Scenario s = base(GoVersion::e46c8e, GetParam().runner);
  s.shrink_gomaxprocs_to = 2;
  s.resize_during_cycle = 2;
  const auto sim = run_to_end(s);
  const RunSummary r = sim->summary();
  EXPECT_GT(r.losses.stranded_by_shrink, 0u);
  expect_losses_match_recount(*sim);
}

INSTANTIATE_TEST_SUITE_P(OneShot, E46c8e, ::testing::ValuesIn(cases({GoVersion::e46c8e})),
                         case_name);

// The e46c8e lost wakeup (stranded_test.cpp's schedule), counted by cause.
TEST(LossesByCause, TheOneShotLostWakeupIsCountedAsSuch) {
  Scenario s;
  apply_go_profile(s, GoVersion::e46c8e);
  s.gomaxprocs = 8;
  s.mutators = 1;
  s.cleanups = 1;
  s.sweepers = 1;
  s.block_capacity = 1;
  s.runner = RunnerKind::inline_;
  s.gc_phases = GcPhasesModel::parked;  // the schedule names the parked cycle's two GC steps
  s.schedule = {"mutator0", "worker0",  "mutator0", "gc",     "gc",     "sweeper0",
                "sweeper0", "sweeper0", "sweeper0", "sched0", "worker0"};
  const auto sim = run_to_end(s);
  const RunSummary r = sim->summary();
  EXPECT_TRUE(r.stranded);
  EXPECT_EQ(r.losses.lost_wakeup, 1u);
  EXPECT_EQ(r.losses.stranded_by_shrink + r.losses.killed_by_goexit, 0u);
  expect_losses_match_recount(*sim);
}

}  // namespace
}  // namespace cq
