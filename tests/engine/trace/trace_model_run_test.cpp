// TraceModel on real runs: folding a finished run's whole trace must end in the state the
// runtime itself reports: SimRuntime::summary()'s counters, CleanupQueue::snapshot()'s blocks
// (P slots, full and free stacks, with their n), the finalizer queue's backlog for Go 1.24.
#include <gtest/gtest.h>

#include <algorithm>

#include "trace_test_support.hpp"

namespace cq {
namespace {

using test::events_of;
using test::fold;
using test::NamedScenario;
using test::run_scenario;
using test::trace_scenarios;

std::vector<std::uint32_t> ids_of(const std::vector<QueueSnapshot::BlockInfo>& blocks) {
  std::vector<std::uint32_t> out;
  for (const auto& b : blocks) out.push_back(b.id);
  return out;
}

void expect_counters_match_summary(const TraceModel& m, const SimRuntime& sim,
                                   const std::string& name) {
  const RunSummary s = sim.summary();
  SCOPED_TRACE(name);
  EXPECT_EQ(m.events, s.events);
  EXPECT_EQ(m.counters.registered, s.registered);
  EXPECT_EQ(m.counters.executed, s.executed);
  EXPECT_EQ(m.counters.blocks_allocated, s.blocks_allocated);
  EXPECT_EQ(m.counters.full_pushes, s.full_pushes);
  EXPECT_EQ(m.counters.flushes, s.flushes);
  EXPECT_EQ(m.counters.workers_created, s.workers_created);
  EXPECT_EQ(m.counters.wakes, s.wakes);
  EXPECT_EQ(m.counters.spurious_wakes, s.spurious_wakes);
  EXPECT_EQ(m.counters.needg_raised, s.needg_raised);
  EXPECT_EQ(m.counters.runtime_violations, s.invariant_violations);
  EXPECT_EQ(m.time_ns, s.virtual_ns);
  EXPECT_EQ(m.finished, s.finished);
  EXPECT_EQ(m.stranded, s.stranded);
  EXPECT_EQ(m.complete, s.pending == 0);
  // Everything registered was enqueued by the end (every sweep phase completed) and is either
  // executed or still queued somewhere the model can point at.
  EXPECT_EQ(m.counters.enqueued, s.registered);
  EXPECT_EQ(m.counters.executed + m.entries.queued(), m.counters.enqueued);
  EXPECT_EQ(m.entries.queued(), s.queued);
  EXPECT_TRUE(m.deferred.empty());
  EXPECT_EQ(m.counters.forced_events, 0u);
  EXPECT_EQ(m.counters.ignored_events, 0u);
  // The pool as the trace tells it.
  EXPECT_EQ(m.workers.size(), s.workers_created);
  for (const ModelWorker& w : m.workers) EXPECT_NE(w.actor, kNoActorInModel);
}

void expect_blocks_match_queue(const TraceModel& m, const SimRuntime& sim, bool exact_order,
                               const std::string& name) {
  SCOPED_TRACE(name);
  const RuntimeState& rt = sim.state();
  if (rt.fin) {
    EXPECT_EQ(m.entries.finq, rt.fin->queued_entries());
    EXPECT_TRUE(m.blocks.empty());
    return;
  }
  const QueueSnapshot q = rt.queue->snapshot();
  ASSERT_EQ(m.blocks.size(), q.all.size());
  for (const auto& b : q.all) EXPECT_EQ(m.blocks[b.id].n, b.n) << "block " << b.id;
  std::vector<std::uint32_t> full = m.full_top_first();
  std::vector<std::uint32_t> free = m.free_top_first();
  std::vector<std::uint32_t> q_full = ids_of(q.full);
  std::vector<std::uint32_t> q_free = ids_of(q.free);
  if (!exact_order) {  // threaded: parallel pushes land in an order the trace cannot know
    for (auto* v : {&full, &free, &q_full, &q_free}) std::sort(v->begin(), v->end());
  }
  EXPECT_EQ(full, q_full);
  EXPECT_EQ(free, q_free);
  ASSERT_EQ(m.ps.size(), q.p_block.size());
  for (std::size_t p = 0; p < m.ps.size(); ++p) {
    const std::int64_t model_block =
        m.ps[p].block == kNoBlock ? std::int64_t{-1} : std::int64_t{m.ps[p].block};
    EXPECT_EQ(model_block, q.p_block[p]) << "P " << p;
  }
  // Blocks held by goroutines: the ones on no stack and in no P (a stuck goroutine's block).
  for (const ModelBlock& b : m.blocks) {
    EXPECT_TRUE(b.place == BlockPlace::full || b.place == BlockPlace::free ||
                b.place == BlockPlace::p || b.place == BlockPlace::worker);
  }
  EXPECT_EQ(m.counters.ng, q.ng);
  EXPECT_EQ(m.counters.running, q.running);
}

class TraceModelRun : public ::testing::TestWithParam<RunnerKind> {};

TEST_P(TraceModelRun, FoldedRunMatchesTheRuntimeAtTheEnd) {
  for (const NamedScenario& n : trace_scenarios(GetParam())) {
    auto sim = run_scenario(n.scenario);
    const std::vector<TraceEvent> events = events_of(sim->trace());
    ASSERT_EQ(events.size(), sim->trace().size());
    const TraceModel m = fold(events, n.scenario.gomaxprocs);
    expect_counters_match_summary(m, *sim, n.name);
    expect_blocks_match_queue(m, *sim, GetParam() != RunnerKind::threaded, n.name);
  }
}

INSTANTIATE_TEST_SUITE_P(Runners, TraceModelRun,
                         ::testing::Values(RunnerKind::inline_, RunnerKind::conducted,
                                           RunnerKind::threaded),
                         [](const auto& info) { return std::string(to_string(info.param)); });

// A stuck cleanup leaves its goroutine holding the rest of its block: the model shows exactly
// the entries the runtime reports as stuck behind it.
TEST(TraceModelRunStuck, StuckWorkerHoldsWhatTheRuntimeReports) {
  for (const NamedScenario& n : trace_scenarios(RunnerKind::inline_)) {
    if (n.scenario.stuck_cleanup == 0) continue;
    auto sim = run_scenario(n.scenario);
    const TraceModel m = fold(events_of(sim->trace()), n.scenario.gomaxprocs);
    const auto stuck = std::count_if(m.workers.begin(), m.workers.end(), [](const ModelWorker& w) {
      return w.phase == WorkerPhase::stuck;
    });
    ASSERT_EQ(stuck, 1);
    for (const ModelWorker& w : m.workers) {
      if (w.phase == WorkerPhase::stuck) {
        EXPECT_EQ(w.pending, sim->summary().stuck_pending);
      }
    }
  }
}

}  // namespace
}  // namespace cq
