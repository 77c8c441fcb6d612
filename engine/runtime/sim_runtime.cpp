#include "runtime/sim_runtime.hpp"

#include "runtime/actors.hpp"

namespace cq {

SimRuntime::SimRuntime(const Scenario& scenario, TraceObserver* observer)
    : state_(scenario),
      // The inline runner appends from its one thread only: no lock per step (issue 17).
      trace_(
          scenario.record_trace, scenario.trace_retained_chunks,
          scenario.trace_stored_bytes == 0 ? Trace::kUnlimited : scenario.trace_stored_bytes,
          scenario.runner == RunnerKind::inline_ ? Trace::Appenders::one : Trace::Appenders::many),
      runner_(make_runner(scenario.runner, trace_, *this, scenario.seed)) {
  trace_.set_observer(observer);  // before any step: it sees the run from its first event
  const Scenario& s = state_.scenario;
  // Spawn order fixes actor ids, which the deterministic runners use to order ties.
  // Home Ps (findrunnable scheduler): the GC on P 0, mutator m on P m (as its AddCleanup calls
  // already are), sweeper w on P w; mod GOMAXPROCS.
  state_.gc_actor = runner_->spawn(on_home_p(state_, 0, make_gc(state_)), 0);
  for (std::uint32_t m = 0; m < s.mutator_count(); ++m) {
    state_.mutator_actors.push_back(
        runner_->spawn(on_home_p(state_, m, make_mutator(state_, m)), 0));
  }
  for (std::uint32_t w = 0; w < s.sweepers; ++w) {
    state_.sweeper_actors.push_back(
        runner_->spawn(on_home_p(state_, w, make_sweeper(state_, w)), 0));
  }
  const std::uint32_t rounds = s.scheduler_round_count();
  for (std::uint32_t p = 0; p < rounds; ++p) {
    // Staggered, so the Ps' scheduling rounds interleave instead of all landing at once.
    state_.round_actors.push_back(
        runner_->spawn(make_scheduler_round(state_, p), s.costs.sched_round_ns * p / rounds));
  }
  if (!s.schedule.empty()) runner_->set_schedule(s.schedule);
}

SimRuntime::~SimRuntime() = default;

RunOutcome SimRuntime::run(const RunLimit& limit) {
  RunLimit effective = limit;
  if (effective.speed == 0) effective.speed = state_.scenario.speed;
  const std::uint64_t safety = state_.scenario.max_steps;
  const std::uint64_t done = runner_->steps();
  if (done >= safety) return {RunStop::step_limit, 0};
  effective.max_steps = std::min(effective.max_steps, safety - done);
  const auto start = std::chrono::steady_clock::now();
  const RunOutcome out = runner_->run(effective);
  wall_ += std::chrono::steady_clock::now() - start;
  return out;
}

bool SimRuntime::background_can_progress() const {
  if (state_.crashed() != CrashCause::none) return false;  // a dead program does nothing
  if (state_.fin) return state_.fin->needs_wake();
  return state_.queue->wake_would_unpark();
}

RunSummary::Losses count_losses(const RuntimeState& rt) {
  RunSummary::Losses out;
  auto unrun = [&](CleanupId id) { return rt.run_count[id].load(std::memory_order_relaxed) == 0; };
  if (rt.fin) {  // go1.24: only Goexit can lose cleanups for good (fing gone, finq never drained)
    if (rt.goexits.load(std::memory_order_acquire) > 0) {
      out.killed_by_goexit = rt.fing_goexit_held.load() + rt.fin->queued_entries();
    }
    return out;
  }
  const CleanupQueue& q = *rt.queue;
  const QueueSnapshot snap = q.snapshot();
  // Dead Ps: slots at and beyond len(allp) that still hold a block.
  for (std::uint32_t p = snap.gomaxprocs; p < snap.p_block.size(); ++p) {
    if (const CleanupBlock* b = q.p_block(p)) {
      for (std::uint32_t i = 0; i < b->count(); ++i) out.stranded_by_shrink += unrun(b->slot(i));
    }
  }
  // Goroutines that died in Goexit: the rest of the block each held.
  std::uint32_t dead = 0;
  for (std::uint32_t g = 0; g < snap.ng && g <= kMaxWorkers; ++g) {
    const CleanupBlock* b = rt.goexit_block[g].load(std::memory_order_relaxed);
    if (b == nullptr) continue;
    ++dead;
    for (std::uint32_t i = rt.goexit_slot[g].load(std::memory_order_relaxed); i < b->count(); ++i) {
      out.killed_by_goexit += unrun(b->slot(i));
    }
  }
  std::uint64_t on_full = 0;
  for (const auto& b : snap.full) on_full += b.n;
  if (on_full > 0) {
    if (dead > 0 && dead == snap.ng) {
      out.killed_by_goexit += on_full;  // every goroutine ng counts is dead: none will come
    } else if (!snap.sleeping.empty()) {
      out.lost_wakeup += on_full;  // the run settled, so no round would wake them
    }
  }
  return out;
}

void SimRuntime::on_finish(StepContext& ctx) {
  RunSummary s;
  s.registered = state_.registered.load();
  s.executed = state_.executed.load();
  s.stuck_pending = state_.stuck_pending.load();
  std::uint64_t sleeping = 0;
  std::uint64_t queued = 0;    // visibly queued, not held by a stuck goroutine
  std::uint64_t wakeable = 0;  // of those, what a woken goroutine could still reach
  if (state_.queue) {
    const QueueSnapshot q = state_.queue->snapshot();
    for (const auto& b : q.full) queued += b.n;
    wakeable = queued;
    for (std::size_t p = 0; p < q.p_block.size(); ++p) {
      if (q.p_block[p] < 0) continue;
      for (const auto& b : q.all) {
        if (b.id != static_cast<std::uint32_t>(q.p_block[p])) continue;
        queued += b.n;
        if (p < q.gomaxprocs) wakeable += b.n;  // a dead P's block waits for a regrow, not a wake
      }
    }
    sleeping = q.sleeping.size();
  } else {
    queued = state_.fin->queued_entries();
    wakeable = queued;
    sleeping = state_.fin->needs_wake() ? 1 : 0;
  }
  s.queued = queued + s.stuck_pending;
  // Exactly-once books: every id ran once, or is still visibly queued.
  const std::uint64_t total = state_.scenario.total_cleanups();
  std::uint64_t ran_once = 0;
  for (std::uint64_t id = 1; id <= total; ++id) {
    const std::uint8_t n = state_.run_count[id].load(std::memory_order_relaxed);
    if (n > 1) ++s.duplicated;
    if (n >= 1) ++ran_once;
  }
  s.pending = s.registered - std::min(s.registered, ran_once);
  s.lost = s.pending > s.queued ? s.pending - s.queued : 0;
  s.crash = state_.crashed();
  if (s.crash == CrashCause::none) {  // a dead program strands nothing: it lost everything
    s.losses = count_losses(state_);
    s.stranded = wakeable > 0 && sleeping > 0;
    if (s.stranded) ctx.emit(EventKind::stranded, kNoP, kNoBlock, wakeable, sleeping);
  }
  ctx.emit(EventKind::run_end, kNoP, kNoBlock, s.executed, s.pending == 0 ? 1 : 0);
  s.finished = true;
  final_ = s;
  have_final_ = true;
}

RunSummary SimRuntime::summary() const {
  RunSummary s = have_final_ ? final_ : RunSummary{};
  if (!have_final_) {
    s.registered = state_.registered.load();
    s.executed = state_.executed.load();
    s.pending = s.registered - std::min(s.registered, s.executed);
    // A crash is final the moment it happens (the explorer asks right after the crashing step,
    // before the run's end has folded the books).
    s.crash = state_.crashed();
  }
  s.blocks_allocated =
      state_.queue ? state_.queue->blocks_allocated() : state_.fin->blocks_allocated();
  s.full_pushes = state_.full_pushes.load();
  s.flushes = state_.flushes.load();
  s.workers_created = state_.workers_created.load();
  s.worker_cap = state_.queue ? state_.queue->worker_cap() : 1;
  s.wakes = state_.wakes.load();
  s.spurious_wakes = state_.spurious_wakes.load();
  s.needg_raised = state_.needg_raised.load();
  s.invariant_violations = state_.invariant_violations.load();
  s.events = 0;
  for (std::size_t k = 0; k < kEventKindCount; ++k)
    s.events += trace_.count(static_cast<EventKind>(k));
  s.trace_hash = trace_.hash();
  s.steps = runner_->steps();
  s.virtual_ns = runner_->now_ns();
  s.wall_ms = std::chrono::duration<double, std::milli>(wall_).count();
  return s;
}

}  // namespace cq
