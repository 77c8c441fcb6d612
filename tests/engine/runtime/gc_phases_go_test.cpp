// gc_phases = "go" (docs/model-vs-go.md, P1-P5), read back from the trace: each cycle walks
// sweep termination -> mark -> mark termination -> off; mutators register during mark and during
// the sweep, and what they register after a cycle's gcStart dies in the next cycle; an AddCleanup
// in _GCoff sweeps a span itself (ensureSwept); a sweep left unfinished is finished, and flushed,
// by the GC under sweep termination's stop-the-world, and no flush ever happens in mark or mark
// termination; nothing but the GC, the cleanup goroutines and the scheduler rounds steps while the
// world is stopped; and every cleanup runs exactly once, on the inline and the threaded runner.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "support/runtime_test_support.hpp"
#include "trace/trace_invariants.hpp"
#include "trace/trace_model.hpp"

namespace cq {
namespace {

using test::ActorTable;
using test::events_of;
using test::expect_every_cleanup_ran_once;
using test::for_each_with_phase;
using test::small_scenario;

Scenario go_phases(Scenario s) {
  s.gc_phases = GcPhasesModel::go;
  return s;
}

// Several cycles, more mutators than sweepers, small blocks and spans.
Scenario multi_cycle(RunnerKind runner = RunnerKind::inline_) {
  Scenario s = small_scenario(runner);
  s.mutators = 3;
  s.cleanups = 25;
  s.gc_cycles = 3;
  s.sweepers = 2;
  s.block_capacity = 7;
  s.seed = 11;
  return go_phases(s);
}

// The sweep is still open when the next gcStart comes: the mark lasts long (gc_phase_ns), so the
// mutators register the whole next cycle and check in before the sweep has begun, and one slow
// sweeper cannot finish many small spans before the GC stops the world.
Scenario sweep_left_for_gc_start(RunnerKind runner = RunnerKind::inline_) {
  Scenario s = small_scenario(runner);
  s.gomaxprocs = 2;
  s.mutators = 2;
  s.cleanups = 20;
  s.gc_cycles = 3;
  s.sweepers = 1;
  s.span_objects = 2;
  s.costs.gc_phase_ns = 1'000'000;
  s.costs.sweep_object_ns = 1000;
  return go_phases(s);
}

// The opposite: AddCleanup is so slow that every sweep ends long before the mutators check in.
Scenario sweep_done_before_gc_start(RunnerKind runner = RunnerKind::inline_) {
  Scenario s = multi_cycle(runner);
  s.costs.add_cleanup_ns = 1'000'000;
  return s;
}

std::vector<Scenario> shapes(RunnerKind runner) {
  std::vector<Scenario> out = {multi_cycle(runner), sweep_left_for_gc_start(runner),
                               sweep_done_before_gc_start(runner)};
  Scenario one_cycle = go_phases(small_scenario(runner));
  out.push_back(one_cycle);
  Scenario growing = go_phases(test::growing_scenario());
  growing.runner = runner;
  out.push_back(growing);
  Scenario priming = multi_cycle(runner);
  priming.shape = CycleShape::priming;
  priming.gc_cycles = 4;
  out.push_back(priming);
  Scenario go124 = multi_cycle(runner);
  apply_go_profile(go124, GoVersion::go1_24);
  out.push_back(go124);
  Scenario poll = multi_cycle(runner);
  poll.scheduler = SchedulerModel::poll;
  out.push_back(poll);
  return out;
}

std::string describe(const Scenario& s) {
  return std::string(to_string(s.runner)) + " " + std::string(to_string(s.shape)) + " " +
         std::string(go_profile(s.go).name) + " " + std::string(to_string(s.scheduler)) +
         " cycles " + std::to_string(s.gc_cycles) + " sweepers " + std::to_string(s.sweepers) +
         " add_cleanup_ns " + std::to_string(s.costs.add_cleanup_ns);
}

class GcPhasesGo : public ::testing::TestWithParam<RunnerKind> {};

TEST_P(GcPhasesGo, EveryCleanupRunsExactlyOnceAndTheTraceKeepsEveryInvariant) {
  for (const Scenario& s : shapes(GetParam())) {
    SCOPED_TRACE(describe(s));
    ASSERT_FALSE(validate(s).has_value()) << *validate(s);
    SimRuntime sim(s);
    const RunOutcome out = sim.run();
    const bool go124 = s.design() == Design::finalizer_queue;
    expect_every_cleanup_ran_once(sim, out, s.total_cleanups(), go124 ? 0 : s.gc_cycles);
    const auto violations = check_trace(sim.trace(), test::check_options(sim));
    EXPECT_TRUE(violations.empty())
        << violations.size() << " violations, first at event " << violations.front().event_index
        << ": invariant " << violations.front().invariant << ": " << violations.front().message;
  }
}

// findRunnable's first check is `if sched.gcwaiting.Load() { gcstopm(); goto top }` (runtime/
// proc.go): a P that looks for work while the world is stopping stops with it, so no cleanup
// hook runs inside a stop. The stop waits for a round in flight, as it waits for every P, on
// real threads too.
TEST_P(GcPhasesGo, NoSchedulerRoundRunsWhileTheWorldIsStopped) {
  // One more shape, where the cleanup hook had work during a stop: the lone sweeper, slow (0.1 ms
  // an object), ends its span as gcStart stops the world and parks, a scheduling point on its P,
  // with two full blocks queued; before the gcwaiting check, that round woke a goroutine inside
  // sweep termination (`cleanupq run --gomaxprocs 2 --cleanups 10 --gc-cycles 3 --sweepers 1
  // --span-objects 16 --gc-phase-ns 1000 --sweep-object-ns 100000 --worker-cap gomaxprocs
  // --block-capacity 4 --seed 567 --runner inline`).
  Scenario slow_sweep;
  slow_sweep.gomaxprocs = 2;
  slow_sweep.cleanups = 10;
  slow_sweep.gc_cycles = 3;
  slow_sweep.sweepers = 1;
  slow_sweep.span_objects = 16;
  slow_sweep.costs.gc_phase_ns = 1000;
  slow_sweep.costs.sweep_object_ns = 100'000;
  slow_sweep.worker_cap = WorkerCapPolicy::gomaxprocs;
  slow_sweep.block_capacity = 4;
  slow_sweep.seed = 567;
  slow_sweep.runner = GetParam();
  std::vector<Scenario> scenarios = shapes(GetParam());
  scenarios.push_back(go_phases(slow_sweep));
  for (const Scenario& s : scenarios) {
    if (s.scheduler != SchedulerModel::findrunnable) continue;  // poll's rounds are periodic (S1)
    SCOPED_TRACE(describe(s));
    auto sim = test::run_to_end(s);
    const ActorTable actors(sim->runner());
    std::uint64_t round_events = 0;
    for_each_with_phase(events_of(sim->trace()), [&](const TraceEvent& e, GcPhase phase) {
      if (!actors.is(e.actor, ActorKind::scheduler)) return;
      ++round_events;
      EXPECT_FALSE(is_stop_the_world(phase)) << actors.name(e.actor) << " emitted "
                                             << to_string(e.kind) << " during " << to_string(phase);
    });
    EXPECT_GT(round_events, 0u) << "the rounds woke the cleanup goroutines at least once";
  }
}

// startTheWorldWithSema: gcstopm returns and findRunnable goes on from its top, so a round asked
// for during the stop is ready the moment the world starts, whether or not a goroutine is picked
// up on its P (gc_actor.cpp, start_the_world). Checked right after every start of the world.
TEST(GcPhasesGoOrder, RoundsAskedForDuringAStopAreReadyWhenTheWorldStarts) {
  std::uint64_t starts = 0;
  std::uint64_t waiting_rounds = 0;  // rounds found asked for at a start: the check saw some
  for (Scenario s : shapes(RunnerKind::inline_)) {
    if (s.scheduler != SchedulerModel::findrunnable) continue;
    SCOPED_TRACE(describe(s));
    SimRuntime sim(s);
    RunLimit limit;
    limit.stop_on = [](const TraceEvent& e) {
      return e.kind == EventKind::gc_phase && (static_cast<GcPhase>(e.b) == GcPhase::mark ||
                                               static_cast<GcPhase>(e.b) == GcPhase::off);
    };
    while (sim.run(limit).why != RunStop::finished) {
      ++starts;
      const std::vector<ActorId> ready = sim.runner().runnable();
      const RuntimeState& rt = sim.state();
      for (std::size_t r = 0; r < rt.round_actors.size(); ++r) {
        if (!rt.round_wanted[r].load()) continue;
        ++waiting_rounds;
        EXPECT_NE(std::find(ready.begin(), ready.end(), rt.round_actors[r]), ready.end())
            << "round " << r << " was asked for and is not ready at event " << sim.trace().size();
      }
    }
  }
  EXPECT_GT(starts, 0u);
  EXPECT_GT(waiting_rounds, 0u);
}

// The blocks finishsweep_m fills and flushes under sweep termination's stop wait until the world
// starts; then the Ps that stopped look for work again (gcstopm returns, goto top), and their
// cleanup hook wakes a goroutine before the next stop.
TEST_P(GcPhasesGo, WhatTheGcFlushedUnderAStopIsWokenWhenTheWorldStarts) {
  const Scenario s = sweep_left_for_gc_start(GetParam());
  auto sim = test::run_to_end(s);
  const ActorTable actors(sim->runner());
  std::uint64_t gc_flushes = 0;
  bool waiting = false;  // a flush by the GC under a stop, not yet followed by a wake
  for_each_with_phase(events_of(sim->trace()), [&](const TraceEvent& e, GcPhase phase) {
    if (e.kind == EventKind::flush_end && actors.is(e.actor, ActorKind::gc)) {
      ASSERT_EQ(phase, GcPhase::sweep_termination);
      ++gc_flushes;
      waiting = true;
    }
    if (e.kind == EventKind::wake && waiting) {
      EXPECT_EQ(phase, GcPhase::mark) << "the first wake after the GC's flush";
      waiting = false;
    }
    if (e.kind == EventKind::gc_phase && static_cast<GcPhase>(e.b) == GcPhase::mark_termination) {
      EXPECT_FALSE(waiting) << "a whole mark passed without a wake after the GC's flush";
    }
  });
  EXPECT_GT(gc_flushes, 0u) << "the shape leaves its sweep to the next gcStart";
}

INSTANTIATE_TEST_SUITE_P(Runners, GcPhasesGo,
                         ::testing::Values(RunnerKind::inline_, RunnerKind::threaded),
                         [](const auto& info) {
                           return info.param == RunnerKind::inline_ ? std::string("inline")
                                                                    : std::string("threaded");
                         });

// The rest read the order of events, which only the one-step-at-a-time runners make exact.

TEST(GcPhasesGoOrder, EachCycleIsSweepTerminationMarkMarkTerminationOff) {
  for (const Scenario& s : shapes(RunnerKind::inline_)) {
    SCOPED_TRACE(describe(s));
    auto sim = test::run_to_end(s);
    const ActorTable actors(sim->runner());
    std::vector<std::pair<GcPhase, std::uint64_t>> phases;
    for (const TraceEvent& e : events_of(sim->trace())) {
      if (e.kind != EventKind::gc_phase) continue;
      EXPECT_TRUE(actors.is(e.actor, ActorKind::gc)) << actors.name(e.actor);
      phases.emplace_back(static_cast<GcPhase>(e.b), e.a);
    }
    const GcPhase cycle[] = {GcPhase::sweep_termination, GcPhase::mark, GcPhase::mark_termination,
                             GcPhase::off};
    ASSERT_EQ(phases.size(), 4u * s.gc_cycles);
    for (std::uint32_t c = 0; c < s.gc_cycles; ++c) {
      for (std::uint32_t k = 0; k < 4; ++k) {
        EXPECT_EQ(phases[4 * c + k].first, cycle[k]) << "cycle " << c << ", phase " << k;
        EXPECT_EQ(phases[4 * c + k].second, c) << "cycle " << c << ", phase " << k;
      }
    }
    EXPECT_EQ(sim->state().phase.load(), GcPhase::off);
  }
}

TEST(GcPhasesGoOrder, NoMutatorOrSweeperStepsWhileTheWorldIsStopped) {
  for (const Scenario& s : shapes(RunnerKind::inline_)) {
    SCOPED_TRACE(describe(s));
    auto sim = test::run_to_end(s);
    const ActorTable actors(sim->runner());
    std::uint64_t in_stops = 0;
    for_each_with_phase(events_of(sim->trace()), [&](const TraceEvent& e, GcPhase phase) {
      if (!is_stop_the_world(phase)) return;
      ++in_stops;
      EXPECT_FALSE(actors.is(e.actor, ActorKind::mutator) || actors.is(e.actor, ActorKind::sweeper))
          << actors.name(e.actor) << " emitted " << to_string(e.kind) << " during "
          << to_string(phase);
    });
    EXPECT_GT(in_stops, 0u) << "every cycle's stops emit at least their phase changes";
  }
}

TEST(GcPhasesGoOrder, MutatorsRegisterDuringMarkAndDuringTheSweep) {
  const Scenario s = multi_cycle();
  auto sim = test::run_to_end(s);
  const auto events = events_of(sim->trace());
  std::uint64_t in_mark = 0;
  std::uint64_t in_open_sweep = 0;  // in _GCoff after a mark termination, before its flush
  bool sweep_open = false;
  for_each_with_phase(events, [&](const TraceEvent& e, GcPhase phase) {
    if (e.kind == EventKind::gc_phase && static_cast<GcPhase>(e.b) == GcPhase::mark_termination) {
      sweep_open = true;
    }
    if (e.kind == EventKind::flush_end) sweep_open = false;
    if (e.kind != EventKind::cleanup_registered) return;
    EXPECT_FALSE(is_stop_the_world(phase)) << "cleanup " << e.a << " registered in a stop";
    if (phase == GcPhase::mark) ++in_mark;
    if (phase == GcPhase::off && sweep_open) ++in_open_sweep;
  });
  EXPECT_GT(in_mark, 0u);
  EXPECT_GT(in_open_sweep, 0u);
}

// An object registered after cycle c's gcStart is black (allocated during mark) or born after the
// mark: cycle c's sweep never frees it; it is enqueued only after cycle c+1's mark termination.
TEST(GcPhasesGoOrder, WhatIsRegisteredAfterAGcStartDiesInTheNextCycle) {
  for (const Scenario& s : shapes(RunnerKind::inline_)) {
    SCOPED_TRACE(describe(s));
    auto sim = test::run_to_end(s);
    std::map<CleanupId, std::uint64_t> registered_in;  // id -> gcStarts done when registered
    std::uint64_t gc_starts = 0;
    std::uint64_t mark_terminations = 0;
    std::uint64_t enqueues = 0;
    for (const TraceEvent& e : events_of(sim->trace())) {
      if (e.kind == EventKind::gc_phase && static_cast<GcPhase>(e.b) == GcPhase::mark) ++gc_starts;
      if (e.kind == EventKind::gc_phase && static_cast<GcPhase>(e.b) == GcPhase::mark_termination) {
        ++mark_terminations;
      }
      if (e.kind == EventKind::cleanup_registered) {
        registered_in[e.a] = gc_starts;
        EXPECT_EQ(e.b, gc_starts) << "cleanup " << e.a << ": its mutator's cycle";
      }
      if (e.kind == EventKind::enqueue || e.kind == EventKind::fin_enqueue) {
        ++enqueues;
        ASSERT_TRUE(registered_in.contains(e.a)) << "cleanup " << e.a << " never registered";
        EXPECT_GT(mark_terminations, registered_in[e.a])
            << "cleanup " << e.a << ", registered after " << registered_in[e.a]
            << " gcStarts, swept after only " << mark_terminations << " mark terminations";
      }
    }
    EXPECT_EQ(enqueues, s.total_cleanups());
  }
}

TEST(GcPhasesGoOrder, AnAddCleanupInGcOffSweepsASpanItself) {
  const Scenario s = multi_cycle();
  auto sim = test::run_to_end(s);
  const ActorTable actors(sim->runner());
  std::uint64_t by_mutators = 0;
  std::map<ActorId, bool> in_session;
  for_each_with_phase(events_of(sim->trace()), [&](const TraceEvent& e, GcPhase phase) {
    if (!actors.is(e.actor, ActorKind::mutator)) return;
    if (e.kind == EventKind::sweeper_begin) {
      EXPECT_EQ(phase, GcPhase::off)
          << actors.name(e.actor) << " began sweeping in the wrong phase";
      in_session[e.actor] = true;
    }
    if (e.kind == EventKind::sweeper_end) in_session[e.actor] = false;
    if (e.kind == EventKind::enqueue) {
      EXPECT_TRUE(in_session[e.actor]) << actors.name(e.actor) << " enqueued outside a session";
      EXPECT_EQ(phase, GcPhase::off);
      ++by_mutators;
    }
    if (e.kind == EventKind::cleanup_registered) {
      EXPECT_FALSE(in_session[e.actor]) << "the span is swept before the special is added";
    }
  });
  EXPECT_GT(by_mutators, 0u) << "no AddCleanup swept a span";
}

// Who flushed, from the flush events' actor: the GC only in sweep termination (finishsweep_m),
// a sweeper or a mutator only in _GCoff; never in mark or mark termination.
struct Flushers {
  std::uint64_t gc = 0;
  std::uint64_t sweeper = 0;
  std::uint64_t mutator = 0;
};

Flushers flushers(const Scenario& s) {
  auto sim = test::run_to_end(s);
  const ActorTable actors(sim->runner());
  Flushers f;
  for_each_with_phase(events_of(sim->trace()), [&](const TraceEvent& e, GcPhase phase) {
    if (e.kind != EventKind::flush_begin) return;
    if (actors.is(e.actor, ActorKind::gc)) {
      EXPECT_EQ(phase, GcPhase::sweep_termination);
      ++f.gc;
    } else {
      EXPECT_EQ(phase, GcPhase::off) << actors.name(e.actor);
      f.sweeper += actors.is(e.actor, ActorKind::sweeper) ? 1 : 0;
      f.mutator += actors.is(e.actor, ActorKind::mutator) ? 1 : 0;
    }
  });
  return f;
}

TEST(GcPhasesGoOrder, TheGcFlushesAtSweepTerminationWhenTheSweepIsLeftUnfinished) {
  const Scenario s = sweep_left_for_gc_start();
  const Flushers f = flushers(s);
  EXPECT_EQ(f.gc, s.gc_cycles - 1u) << "every sweep but the last is left to the next gcStart";
  EXPECT_EQ(f.gc + f.sweeper + f.mutator, s.gc_cycles);
}

TEST(GcPhasesGoOrder, TheGcNeverFlushesWhenEverySweepEndsBeforeTheNextGcStart) {
  const Scenario s = sweep_done_before_gc_start();
  const Flushers f = flushers(s);
  EXPECT_EQ(f.gc, 0u);
  EXPECT_EQ(f.sweeper + f.mutator, s.gc_cycles);
}

// The trace model names who flushed (TraceModel::flush.actor, the GC panel's "last flush"):
// folded event by event, it is the actor of the latest flush_begin found by scanning the raw
// trace, kNoActorInModel before the first (and always in Go 1.24, which has no flush); across the
// shapes the GC (finishsweep_m), a sweeper (bgsweep) and a mutator (AddCleanup's ensureSwept) each
// flush at least once.
TEST(GcPhasesGoOrder, TheModelNamesWhoFlushedLast) {
  Flushers seen;
  for (const Scenario& s : shapes(RunnerKind::inline_)) {
    SCOPED_TRACE(describe(s));
    auto sim = test::run_to_end(s);
    const ActorTable actors(sim->runner());
    TraceModel model(s.gomaxprocs);
    std::uint16_t last_flusher = kNoActorInModel;
    std::uint64_t mismatches = 0;
    std::size_t index = 0;
    for (const TraceEvent& e : events_of(sim->trace())) {
      if (e.kind == EventKind::flush_begin) {
        last_flusher = e.actor;
        seen.gc += actors.is(e.actor, ActorKind::gc) ? 1 : 0;
        seen.sweeper += actors.is(e.actor, ActorKind::sweeper) ? 1 : 0;
        seen.mutator += actors.is(e.actor, ActorKind::mutator) ? 1 : 0;
      }
      model.apply(e);
      if (model.flush.actor != last_flusher && mismatches++ == 0) {
        ADD_FAILURE() << "after event " << index << " (" << to_string(e.kind)
                      << ") the model says actor " << model.flush.actor
                      << " flushed last, the trace " << last_flusher;
      }
      ++index;
    }
    model.settle();
    EXPECT_EQ(mismatches, 0u);
    if (s.design() == Design::finalizer_queue) {
      EXPECT_EQ(last_flusher, kNoActorInModel) << "Go 1.24's finalizer queue has no flush";
    } else {
      EXPECT_NE(last_flusher, kNoActorInModel) << "no flush in this run";
    }
    EXPECT_EQ(model.flush.actor, last_flusher);
  }
  EXPECT_GT(seen.gc, 0u);
  EXPECT_GT(seen.sweeper, 0u);
  EXPECT_GT(seen.mutator, 0u);
}

// Go's phases are the default: a scenario that names none runs both stop-the-world pauses and
// never the parked model's own sweep phase.
TEST(GcPhasesGoOrder, TheDefaultIsGo) {
  EXPECT_EQ(Scenario{}.gc_phases, GcPhasesModel::go);
  auto sim = test::run_to_end(small_scenario());
  std::size_t stops = 0;
  for (const TraceEvent& e : events_of(sim->trace())) {
    if (e.kind != EventKind::gc_phase) continue;
    EXPECT_NE(static_cast<GcPhase>(e.b), GcPhase::sweep) << to_string(GcPhase(e.b));
    if (is_stop_the_world(static_cast<GcPhase>(e.b))) ++stops;
  }
  EXPECT_EQ(stops, 2u * small_scenario().gc_cycles);
}

// The parked model stays available by name, and never stops the world.
TEST(GcPhasesGoOrder, ParkedByNameNeverStopsTheWorld) {
  Scenario s = small_scenario();
  s.gc_phases = GcPhasesModel::parked;
  auto sim = test::run_to_end(s);
  for (const TraceEvent& e : events_of(sim->trace())) {
    if (e.kind == EventKind::gc_phase) {
      EXPECT_FALSE(is_stop_the_world(static_cast<GcPhase>(e.b))) << to_string(GcPhase(e.b));
    }
  }
}

}  // namespace
}  // namespace cq
