#include "runtime/runtime_explorer.hpp"

#include <algorithm>

#include "sim/fingerprint.hpp"

namespace cq {
namespace {

void add_blocks(Fingerprint& f, const std::vector<QueueSnapshot::BlockInfo>& blocks) {
  f.add(blocks.size());
  for (const auto& b : blocks) f.add(b.id).add(b.n);
}

// Block contents (which cleanup id sits in which slot) are left out: with one sweeper they
// follow from the counts, and the books (run_count) catch a cleanup that runs twice or never.
void add_queue(Fingerprint& f, const CleanupQueue& queue) {
  const QueueSnapshot q = queue.snapshot();
  add_blocks(f, q.all);
  add_blocks(f, q.full);
  add_blocks(f, q.free);
  for (std::int64_t id : q.p_block) f.add(static_cast<std::uint64_t>(id));
  f.add(q.sleeping.size());
  for (GoroutineId g : q.sleeping) f.add(g);
  // needg grows by one on every scheduler round that sees work nobody sleeps for, without
  // bound; but only min(needg, cap - ng) is ever read (need_g, create_gs), and ng only grows,
  // so the clamped value is the state. Hashing the raw count would make every idle round a
  // new state and the search endless.
  const std::uint32_t headroom = q.ng < q.worker_cap ? q.worker_cap - q.ng : 0;
  f.add(q.flushed).add(q.wakes).add(q.work_units).add(q.asleep).add(q.ng);
  f.add(std::min(q.needg, headroom)).add(q.running);
}

std::uint64_t runtime_fingerprint(const RuntimeState& rt) {
  Fingerprint f;
  f.add(static_cast<std::uint64_t>(rt.phase.load())).add(rt.cycle);
  f.add(rt.gate.active()).add(rt.gate.drained());
  f.add(rt.spans.size()).add(rt.next_span.load()).add(rt.mutators_checked_in.load());
  for (const auto& dead : rt.dead) f.add(dead.size());
  for (const auto& dead : rt.dead_to_sweep) f.add(dead.size());
  if (rt.go_phases()) {
    f.add(rt.world.stopping()).add(rt.gc_started.load()).add(rt.sweeps_done.load());
  }
  for (std::uint32_t p = 0; p < rt.ps.size(); ++p) f.add(rt.ps.holder(p));
  f.add(rt.registered.load()).add(rt.executed.load()).add(rt.stuck_pending.load());
  f.add(rt.invariant_violations.load());
  // Per-cleanup run counts: linear in the scenario's cleanups, which is fine at the explorer's
  // sizes and is what tells "ran once" from "ran twice while another never ran".
  const std::uint64_t total = rt.scenario.total_cleanups();
  for (std::uint64_t id = 1; id <= total; ++id) f.add(rt.run_count[id].load());
  if (rt.queue) add_queue(f, *rt.queue);
  if (rt.fin) {
    // Go 1.24's queue shows less of itself; the explorer's scenarios are the queue's (e46c8e or
    // go1.25).
    f.add(rt.fin->queued_entries()).add(rt.fin->needs_wake()).add(rt.fin->blocks_allocated());
  }
  return f.value();
}

}  // namespace

Scenario exploration_scenario(WakeProtocol protocol, std::uint32_t gomaxprocs,
                              std::uint32_t blocks) {
  Scenario s;
  s.gomaxprocs = gomaxprocs;
  s.mutators = 1;
  s.sweepers = 1;
  s.scheduler_rounds = 1;
  // The poll scheduler, not the default findrunnable: its round may come between any two steps
  // the search picks, so its schedules include every place a findrunnable round can come (a
  // scheduling point) and more. A search that exhausts them without a violation covers
  // findrunnable's too (tests/engine/sim/explorer_test.cpp searches both).
  s.scheduler = SchedulerModel::poll;
  s.gc_cycles = 1;
  // The profile that had the protocol: the one-shot wake only ever existed at e46c8e.
  apply_go_profile(s, protocol == WakeProtocol::oneshot ? GoVersion::e46c8e : GoVersion::go1_25);
  s.block_capacity = kExplorationBlockCapacity;
  s.cleanups = blocks * kExplorationBlockCapacity;
  s.runner = RunnerKind::conducted;
  return s;
}

std::uint64_t state_fingerprint(const SimRuntime& sim) {
  return Fingerprint()
      .add(sim.runner().fingerprint())
      .add(runtime_fingerprint(sim.state()))
      .value();
}

std::vector<BrokenProperty> broken_properties(const RunSummary& summary, bool finished) {
  std::vector<BrokenProperty> broken;
  if (summary.invariant_violations > 0) broken.push_back({"invariant", ""});
  // At the moment it happens, like an invariant: the dead program takes no further step, and its
  // books (every cleanup still queued, none run) say nothing beyond the crash itself.
  if (summary.crash != CrashCause::none) {
    broken.push_back({"crash", std::string(to_string(summary.crash))});
    return broken;
  }
  if (!finished) return broken;  // the other books are closed only at the end
  if (summary.stranded) broken.push_back({"stranded", ""});
  if (summary.lost > 0) broken.push_back({"lost", ""});
  if (summary.duplicated > 0) broken.push_back({"duplicated", ""});
  if (broken.empty() && !summary.ok()) broken.push_back({"incomplete", ""});
  return broken;
}

RuntimeExplorationTarget::RuntimeExplorationTarget(const Scenario& scenario) : scenario_(scenario) {
  // Same choices as the conducted runner (Runner::choose_locked), on this thread: fast.
  scenario_.runner = RunnerKind::inline_;
  scenario_.record_trace = false;
  scenario_.speed = 0;
  scenario_.schedule.clear();
}

ReplayedState RuntimeExplorationTarget::replay(const std::vector<std::string>& schedule) {
  Scenario s = scenario_;
  s.schedule = schedule;
  SimRuntime sim(s);
  RunLimit limit;
  limit.max_steps = schedule.size();  // exactly the schedule: never a step the PRNG chose
  const RunOutcome out = sim.run(limit);
  ReplayedState state;
  if (out.why == RunStop::schedule_error || out.steps != schedule.size()) {
    state.diverged = true;
    return state;
  }
  state.finished = out.why == RunStop::finished;
  state.violations = broken_properties(sim.summary(), state.finished);
  state.fingerprint = state_fingerprint(sim);
  if (!state.finished) {
    for (const ActorInfo& a : sim.runner().actors()) {
      if (a.state == ActorState::ready) state.ready.push_back(a.name);
    }
  }
  return state;
}

}  // namespace cq
