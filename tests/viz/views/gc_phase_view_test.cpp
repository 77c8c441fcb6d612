// The GC panel names who flushed: "last flush: none yet" before the first flush, then the actor
// of the latest flush_begin (found here by scanning the session's raw trace and named by the
// engine's own actor table, not the view's naming) with what it stands for in Go: a sweeper is
// bgsweep, a mutator AddCleanup's ensureSwept, the GC finishsweep_m under the stop-the-world.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "viz_test_support.hpp"

namespace cq::viz {
namespace {

using test::HeadlessUi;

// What the panel says each kind of flusher is in Go (gc_phase_view.cpp, runtime/mgcsweep.go).
std::string in_go(cq::ActorKind kind) {
  switch (kind) {
    case cq::ActorKind::sweeper:
      return "bgsweep";
    case cq::ActorKind::mutator:
      return "AddCleanup's ensureSwept";
    case cq::ActorKind::gc:
      return "finishsweep_m under STW";
    default:
      return "?";
  }
}

// The actor of the last flush_begin among the events the picture shows, from the raw trace.
std::uint16_t last_flusher(HeadlessUi& ui) {
  const Trace& trace = ui.app().session().trace();
  const std::size_t cursor = ui.projection().cursor();
  std::uint16_t actor = kNoActorInModel;
  for (std::size_t i = trace.first_retained(); i < cursor; ++i) {
    if (trace.at(i).kind == EventKind::flush_begin) actor = trace.at(i).actor;
  }
  return actor;
}

// Runs to the first flush_end of an actor of `kind`, and reads the panel's flusher line.
void expect_flusher_named(const Scenario& s, cq::ActorKind kind) {
  HeadlessUi ui(s);
  ui.frames(3);
  auto text = ui.text();
  EXPECT_TRUE(find_text(text, "last flush: none yet", "##gc").has_value()) << test::dump_text(text);
  const std::vector<ActorInfo> actors = ui.app().session().sim().runner().actors();
  ui.app().session().advance_to([&actors, kind](const TraceEvent& e) {
    return e.kind == EventKind::flush_end && e.actor < actors.size() &&
           actors[e.actor].kind == kind;
  });
  ui.app().session().wait_idle();
  ui.settle();
  const std::uint16_t actor = last_flusher(ui);
  ASSERT_NE(actor, kNoActorInModel) << "no flush by a " << to_string(kind);
  ASSERT_LT(actor, actors.size());
  EXPECT_EQ(actors[actor].kind, kind) << actors[actor].name;
  EXPECT_EQ(ui.projection().model().flush.actor, actor);
  const std::string line = "last flush: " + actors[actor].name + " (" + in_go(kind) + ")";
  text = ui.text();
  EXPECT_TRUE(find_text(text, line, "##gc").has_value()) << line << "\n" << test::dump_text(text);
}

Scenario go_phases(Scenario s) {
  s.gc_phases = GcPhasesModel::go;
  s.gc_cycles = 3;
  return s;
}

TEST(GcPhaseView, UnderParkedASweeperFlushes) {
  Scenario s = test::small_scenario();
  s.gc_phases = GcPhasesModel::parked;
  s.gc_cycles = 2;
  expect_flusher_named(s, cq::ActorKind::sweeper);
}

TEST(GcPhaseView, UnderGoAnAddCleanupsSweepFlushes) {
  // Sweeps are short next to the mutators' AddCleanups, so a mutator's ensureSwept ends last.
  expect_flusher_named(go_phases(test::small_scenario()), cq::ActorKind::mutator);
}

TEST(GcPhaseView, UnderGoTheGcFlushesInSweepTermination) {
  // One slow sweeper and a long mark: the sweep is still open at the next gcStart, and
  // finishsweep_m ends it with the world stopped (tests/engine/runtime/gc_phases_go_test.cpp).
  Scenario s = go_phases(test::small_scenario());
  s.sweepers = 1;
  s.span_objects = 2;
  s.costs.gc_phase_ns = 1'000'000;
  s.costs.sweep_object_ns = 1000;
  expect_flusher_named(s, cq::ActorKind::gc);
}

// In a stop-the-world the panel says who waits: under findrunnable the scheduler rounds too
// (findRunnable's gcwaiting check), under poll not (its rounds run on: docs/model-vs-go.md, P5).
void expect_stop_says(SchedulerModel scheduler, const std::string& line) {
  Scenario s = go_phases(test::small_scenario());
  s.scheduler = scheduler;
  HeadlessUi ui(s);
  ui.frames(3);
  ui.app().session().advance_to([](const TraceEvent& e) {
    return e.kind == EventKind::gc_phase && static_cast<GcPhase>(e.b) == GcPhase::sweep_termination;
  });
  ui.app().session().wait_idle();
  ui.settle();
  ASSERT_EQ(ui.projection().model().phase, GcPhase::sweep_termination);
  const auto text = ui.text();
  EXPECT_TRUE(find_text(text, line, "##gc").has_value()) << line << "\n" << test::dump_text(text);
}

TEST(GcPhaseView, UnderFindRunnableTheRoundsWaitInAStop) {
  expect_stop_says(SchedulerModel::findrunnable,
                   "stop-the-world: mutators, sweepers and scheduler rounds wait");
}

TEST(GcPhaseView, UnderPollTheRoundsRunOnInAStop) {
  expect_stop_says(SchedulerModel::poll,
                   "stop-the-world: mutators and sweepers wait; poll's rounds run on");
}

}  // namespace
}  // namespace cq::viz
