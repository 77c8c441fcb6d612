#include "runtime/runtime_state.hpp"

#include "runtime/actors.hpp"

namespace cq {

RuntimeState::RuntimeState(const Scenario& s)
    : scenario(s),
      ps(s.gomaxprocs, s.max_gomaxprocs()),
      dead(s.mutator_count()),
      dead_to_sweep(s.mutator_count()),
      run_count(new std::atomic<std::uint8_t>[s.total_cleanups() + 1]()) {
  if (s.design() == Design::cleanup_queue) {
    queue = std::make_unique<CleanupQueue>(s.queue_config());
  } else {
    fin = std::make_unique<FinalizerQueue>();
  }
  for (auto& a : worker_actor) a.store(kNoActor, std::memory_order_relaxed);
  if (s.scheduler == SchedulerModel::findrunnable) {
    rounds_by_p.reset(new std::atomic<std::uint64_t>[s.max_gomaxprocs()]());
    schedwhen_by_p.reset(new std::atomic<std::uint64_t>[s.max_gomaxprocs()]());
    round_wanted.reset(new std::atomic<bool>[s.scheduler_round_count()]());
  }
}

bool RuntimeState::enter_world(StepContext& ctx) {
  bool wake_gc = false;
  const bool entered = world.enter(wake_gc);
  if (wake_gc) ctx.host().unpark(gc_actor, ctx.now());
  return entered;
}

void RuntimeState::leave_world(StepContext& ctx) {
  if (world.leave()) ctx.host().unpark(gc_actor, ctx.now());
}

void RuntimeState::schedule_point(StepContext& ctx, std::uint32_t p) {
  if (scenario.scheduler != SchedulerModel::findrunnable || round_actors.empty()) return;
  // A new schedtick: sysmon's slice for this P starts again.
  schedwhen_by_p[p].store(ctx.now(), std::memory_order_relaxed);
  const std::size_t round = p % round_actors.size();
  // seq_cst: the GC's start of the world reads it after clearing the stop (gc_actor.cpp).
  round_wanted[round].store(true, std::memory_order_seq_cst);
  ctx.host().unpark(round_actors[round], ctx.now());
}

bool RuntimeState::preempt_if_due(StepContext& ctx, std::uint32_t p) {
  if (scenario.scheduler != SchedulerModel::findrunnable) return false;
  if (schedwhen_by_p[p].load(std::memory_order_relaxed) + kForcePreemptNs > ctx.now()) return false;
  schedule_point(ctx, p);
  return true;
}

void RuntimeState::crash(StepContext& ctx, CrashCause cause, std::uint64_t detail, std::uint16_t p,
                         std::uint32_t block) {
  std::uint8_t none = 0;
  if (!crash_cause.compare_exchange_strong(none, static_cast<std::uint8_t>(cause),
                                           std::memory_order_acq_rel)) {
    return;  // already dead: a second fault in a step still in flight changes nothing
  }
  ctx.emit(EventKind::crash, p, block, detail, static_cast<std::uint32_t>(cause));
}

void RuntimeState::procresize(StepContext& ctx, std::uint32_t n, std::uint16_t p) {
  const std::uint32_t before = ps.size();
  queue->set_gomaxprocs(n);
  ps.set_size(n);
  ctx.emit(EventKind::procresize, p, kNoBlock, n, before);
}

void RuntimeState::violation(StepContext& ctx, Invariant which, std::uint64_t detail) {
  invariant_violations.fetch_add(1, std::memory_order_relaxed);
  ctx.emit(EventKind::invariant_violation, kNoP, kNoBlock, detail,
           static_cast<std::uint32_t>(which));
}

void RuntimeState::provision_goroutines(StepContext& ctx, std::uint16_t p) {
  if (fin) {
    // Go 1.24's createfing: the first AddCleanup starts the one finalizer goroutine.
    if (fing_claimed.exchange(true, std::memory_order_acq_rel)) return;
    fing_actor.store(ctx.host().spawn(on_home_p(*this, p, make_fing(*this)), ctx.now()),
                     std::memory_order_release);
    workers_created.fetch_add(1, std::memory_order_relaxed);
    ctx.emit(EventKind::goroutines_created, p, kNoBlock, 1, 1);
    return;
  }
  if (!queue->need_g()) return;  // the lock-free fast check every AddCleanup makes
  GoroutineId first = 0;
  const std::uint32_t n = queue->create_gs(first);
  if (n == 0) return;
  const std::uint32_t ng_after = first + n;
  if (ng_after > std::max(queue->worker_cap(), first))
    violation(ctx, Invariant::pool_size, ng_after);
  ctx.emit(EventKind::goroutines_created, p, kNoBlock, n, ng_after);
  workers_created.fetch_add(n, std::memory_order_relaxed);
  // create_gs claimed ids [first, first + n) under the queue's lock; start them outside it.
  for (GoroutineId g = first; g < ng_after; ++g) {
    // Home P: goroutine g on P g (findrunnable scheduler); Go's newproc puts it on the creating
    // P's run queue, whence another P may steal it.
    worker_actor[g].store(
        ctx.host().spawn(on_home_p(*this, g, make_cleanup_worker(*this, g)), ctx.now()),
        std::memory_order_release);
  }
}

}  // namespace cq
