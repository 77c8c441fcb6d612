// A P's scheduling round (findRunnable's cleanup hook): a cheap needsWake() poll on every round,
// and when it says so, wake(): unpark up to min(work, asleep) sleepers in one batch and post the
// surplus on the needg board. It never creates a goroutine itself (teaching moments 9 and 10).
// When it runs depends on the scenario's scheduler (scenario.hpp, SchedulerModel):
//   poll          every sched_round_ns, on every P (docs/model-vs-go.md, S1);
//   findrunnable  parked, until one of the P's scheduling points (scheduling_points.cpp) unparks
//                 it; then one findRunnable in Go's order (runtime/proc.go, findRunnable): the GC
//                 worker while marking and the 1-in-61 global run queue check return first if the
//                 scenario turns them on, then the finalizer/cleanup wakes; then park again.
//                 Its first check is findRunnable's: `if sched.gcwaiting.Load() { gcstopm();
//                 goto top }`. A round asked for while the world is stopping or stopped (gc_phases
//                 "go") stops with its P and runs when the GC starts the world, and the stop waits
//                 for a round in flight as it waits for every P. The trace reader is not modelled
//                 (the model has no tracer).
#include "runtime/actors.hpp"
#include "sim/fingerprint.hpp"

namespace cq {
namespace {

class SchedulerRound final : public Actor {
 public:
  SchedulerRound(RuntimeState& rt, std::uint32_t p)
      : Actor(ActorKind::scheduler, "sched" + std::to_string(p)),
        rt_(rt),
        p_(static_cast<std::uint16_t>(p)) {}

  StepResult step(StepContext& ctx) override {
    if (rt_.crashed() != CrashCause::none) return {AfterStep::done, 0};  // the program died
    if (rt_.scenario.scheduler == SchedulerModel::findrunnable) return find_runnable(ctx);
    poll(ctx);
    return {AfterStep::ready, rt_.scenario.costs.sched_round_ns};
  }

  // Stateless under poll: every round of every P does the same thing given the queue, so the
  // explorer sees rounds of different Ps as interchangeable. Under findrunnable a step depends
  // on whether a scheduling point asked for a round and, with the global run queue check, on
  // the P's schedtick mod 61.
  std::uint64_t fingerprint() const override {
    if (rt_.scenario.scheduler == SchedulerModel::poll) return 0;
    const std::uint32_t tick = rt_.scenario.sched_global_runq ? schedtick_ % kGlobalRunqEvery : 0;
    return Fingerprint().add(wanted()).add(tick).value();
  }

  std::string next_step() const override {
    if (rt_.scenario.scheduler == SchedulerModel::findrunnable && !wanted()) {
      return "go idle until a goroutine needs this P";
    }
    return "a scheduling round: needsWake, then wake";
  }

 private:
  // One findRunnable, up to and including its cleanup hook, then the P runs what it found or
  // sleeps in stopm: either way its next round is its next scheduling point.
  StepResult find_runnable(StepContext& ctx) {
    // if sched.gcwaiting.Load() { gcstopm(); goto top }: the round keeps being wanted, and the
    // GC's start of the world unparks it (gc_actor.cpp, start_the_world).
    if (!rt_.enter_world(ctx)) return {AfterStep::park, 0};
    const StepResult r = find_runnable_in_world(ctx);
    rt_.leave_world(ctx);
    return r;
  }

  StepResult find_runnable_in_world(StepContext& ctx) {
    // A P starts idle (its first step parks), and sleeps in stopm until a scheduling point.
    if (!rt_.round_wanted[p_].exchange(false, std::memory_order_seq_cst)) {
      return {AfterStep::park, 0};
    }
    const std::uint32_t tick = schedtick_++;
    rt_.rounds_by_p[p_].fetch_add(1, std::memory_order_relaxed);
    const Scenario& s = rt_.scenario;
    // if gcBlackenEnabled != 0 { gp := gcController.findRunnableGCWorker(pp, now); return gp }
    if (s.sched_gc_worker && rt_.phase.load(std::memory_order_acquire) == GcPhase::mark) {
      rt_.rounds_to_gc_worker.fetch_add(1, std::memory_order_relaxed);
      return {AfterStep::park, 0};
    }
    // if pp.schedtick%61 == 0 && !sched.runq.empty() { return globrunqget() }
    if (s.sched_global_runq && tick % kGlobalRunqEvery == 0) {
      rt_.rounds_to_global_runq.fetch_add(1, std::memory_order_relaxed);
      return {AfterStep::park, 0};
    }
    poll(ctx);
    return {AfterStep::park, 0};
  }

  // findRunnable's wakefing (go1.24) or needsWake/wake (the queue's profiles).
  void poll(StepContext& ctx) {
    const Costs& c = rt_.scenario.costs;
    const std::uint64_t woken_at = ctx.now() + c.wake_latency_ns;
    if (rt_.fin) {
      if (rt_.fin->needs_wake() && rt_.fin->wake()) {
        ctx.emit(EventKind::fin_wake, p_);
        rt_.wakes.fetch_add(1, std::memory_order_relaxed);
        ctx.host().unpark(rt_.fing_actor.load(std::memory_order_acquire), woken_at);
      }
      return;
    }
    CleanupQueue& q = *rt_.queue;
    if (!q.needs_wake()) return;
    ctx.emit(EventKind::needs_wake, p_);
    const WakeResult r = q.wake();
    ctx.emit(EventKind::wake, p_, kNoBlock, r.woken.size(), r.extra);
    if (r.needg_added > 0) {
      rt_.needg_raised.fetch_add(r.needg_added, std::memory_order_relaxed);
      ctx.emit(EventKind::needg_raised, p_, kNoBlock, r.needg_added, q.needg());
    }
    rt_.wakes.fetch_add(r.woken.size(), std::memory_order_relaxed);
    for (GoroutineId g : r.woken) {  // injectglist
      ctx.host().unpark(rt_.worker_actor[g].load(std::memory_order_acquire), woken_at);
    }
  }

  bool wanted() const { return rt_.round_wanted[p_].load(std::memory_order_acquire); }

  RuntimeState& rt_;
  const std::uint16_t p_;
  std::uint32_t schedtick_ = 0;  // findrunnable: rounds run (pp.schedtick's stand-in)
};

}  // namespace

std::unique_ptr<Actor> make_scheduler_round(RuntimeState& rt, std::uint32_t p) {
  return std::make_unique<SchedulerRound>(rt, p);
}

}  // namespace cq
