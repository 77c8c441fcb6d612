// A P's scheduling round (findRunnable's cleanup hook): a cheap needsWake() poll on every round,
// and when it says so, wake(): unpark up to min(work, asleep) sleepers in one batch and post the
// surplus on the needg board. It never creates a goroutine itself (teaching moments 9 and 10).
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
    const Costs& c = rt_.scenario.costs;
    const std::uint64_t woken_at = ctx.now() + c.wake_latency_ns;
    if (rt_.fin) {
      if (rt_.fin->needs_wake() && rt_.fin->wake()) {
        ctx.emit(EventKind::fin_wake, p_);
        rt_.wakes.fetch_add(1, std::memory_order_relaxed);
        ctx.host().unpark(rt_.fing_actor.load(std::memory_order_acquire), woken_at);
      }
      return {AfterStep::ready, c.sched_round_ns};
    }
    CleanupQueue& q = *rt_.queue;
    if (!q.needs_wake()) return {AfterStep::ready, c.sched_round_ns};
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
    return {AfterStep::ready, c.sched_round_ns};
  }

  // Stateless: every round of every P does the same thing given the queue, so the explorer
  // sees rounds of different Ps as interchangeable.
  std::uint64_t fingerprint() const override { return 0; }

  std::string next_step() const override { return "a scheduling round: needsWake, then wake"; }

 private:
  RuntimeState& rt_;
  const std::uint16_t p_;
};

}  // namespace

std::unique_ptr<Actor> make_scheduler_round(RuntimeState& rt, std::uint32_t p) {
  return std::make_unique<SchedulerRound>(rt, p);
}

}  // namespace cq
