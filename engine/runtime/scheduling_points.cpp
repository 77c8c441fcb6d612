// A goroutine's scheduling points, under the findrunnable scheduler: the wrapper every goroutine
// actor (mutator, GC, sweeper, cleanup goroutine, fing) runs inside, which tells its P when Go's
// schedule() would run findRunnable there (runtime/proc.go):
//   picked up   its first step, and its first step after a park: the goroutine was readied
//               (newproc, ready, injectglist) and a P found it in findRunnable. This is also the
//               GC's start-the-world: the mutators and sweepers the GC readies as a stop-the-world
//               ends are picked up on their Ps;
//   parks/exits the step returned park or done: gopark and goexit call schedule() (park_m,
//               goexit0), whose findRunnable looks for the next goroutine;
//   preempted   a step that keeps running forcePreemptNS (10 ms) after the P's last round: sysmon's
//               retake preempts it (preemptone) and the goroutine goes through schedule().
// The P is the goroutine's home P (`home` % GOMAXPROCS): the model pins goroutines to Ps, where
// Go's run queues and work stealing move them. Under the poll scheduler nothing is wrapped.
#include "runtime/actors.hpp"
#include "sim/fingerprint.hpp"

namespace cq {
namespace {

class OnP final : public Actor {
 public:
  OnP(RuntimeState& rt, std::uint32_t home, std::unique_ptr<Actor> inner)
      : Actor(inner->kind(), inner->name()), rt_(rt), home_(home), inner_(std::move(inner)) {}

  StepResult step(StepContext& ctx) override {
    const std::uint32_t p = home_ % rt_.ps.size();
    if (picked_up_) {
      picked_up_ = false;
      rt_.schedule_point(ctx, p);
    }
    const StepResult r = inner_->step(ctx);
    switch (r.next) {
      case AfterStep::park:
        picked_up_ = true;  // its next step comes after a ready and a findRunnable
        rt_.schedule_point(ctx, p);
        break;
      case AfterStep::done:
        rt_.schedule_point(ctx, p);
        break;
      case AfterStep::ready:
        rt_.preempt_if_due(ctx, p);
        break;
      case AfterStep::stuck:
        break;  // the model stops stepping it; a loop that never returns is preempted in Go
    }
    return r;
  }

  std::uint64_t fingerprint() const override {
    return Fingerprint().add(inner_->fingerprint()).add(picked_up_).value();
  }
  std::string next_step() const override { return inner_->next_step(); }

 private:
  RuntimeState& rt_;
  const std::uint32_t home_;
  std::unique_ptr<Actor> inner_;
  bool picked_up_ = true;  // its first step: a P picked the new goroutine up
};

}  // namespace

std::unique_ptr<Actor> on_home_p(RuntimeState& rt, std::uint32_t home,
                                 std::unique_ptr<Actor> goroutine) {
  if (rt.scenario.scheduler != SchedulerModel::findrunnable) return goroutine;
  return std::make_unique<OnP>(rt, home, std::move(goroutine));
}

}  // namespace cq
