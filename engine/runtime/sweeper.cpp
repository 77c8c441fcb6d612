// Sweeper: one of the goroutines that sweep (bgsweep, allocating goroutines), one sweepone
// session after another (sweep_session.hpp: begin -> acquire a P -> claim a span -> sweep its
// objects -> release -> end; the last end flushes).
//   parked (gc_phases): begins only in the model's sweep phase; refused or outside it, parks
//                       until the GC's next mark termination wakes it.
//   go:                 begins in _GCoff, and only while the world is not stopped; a session,
//                       once begun, runs to its end before a stop-the-world can take the world
//                       (sweepone is non-preemptible: gp.m.locks++, runtime/mgcsweep.go).
#include "runtime/actors.hpp"
#include "runtime/sweep_session.hpp"

namespace cq {
namespace {

class Sweeper final : public Actor {
 public:
  Sweeper(RuntimeState& rt, std::uint32_t index)
      : Actor(ActorKind::sweeper, "sweeper" + std::to_string(index)),
        rt_(rt),
        session_(rt, index, index) {}

  StepResult step(StepContext& ctx) override {
    if (rt_.crashed() != CrashCause::none) return {AfterStep::done, 0};  // the program died
    const Costs& c = rt_.scenario.costs;
    const bool go = rt_.go_phases();
    if (!session_.active()) {
      if (go && !rt_.enter_world(ctx)) return {AfterStep::park, 0};  // the GC starts the world
      // (Sweep termination is a stop: enter_world above has refused it.)
      const bool sweep_phase = rt_.sweep_allowed(rt_.phase.load(std::memory_order_seq_cst));
      if (!sweep_phase || !session_.begin(ctx)) {
        if (sweep_phase) ctx.emit(EventKind::sweeper_refused);
        if (go) rt_.leave_world(ctx);
        return {AfterStep::park, 0};  // the GC wakes us at the next mark termination
      }
      return {AfterStep::ready, c.sweep_gate_ns};
    }
    const SweepSession::Step s = session_.step(ctx);
    if (rt_.crashed() != CrashCause::none) return {AfterStep::done, 0};
    if (s.over && go) rt_.leave_world(ctx);
    return {AfterStep::ready, s.delay_ns};
  }

  std::uint64_t fingerprint() const override { return session_.fingerprint(); }
  std::string next_step() const override { return session_.next_step(); }

 private:
  RuntimeState& rt_;
  SweepSession session_;
};

}  // namespace

std::unique_ptr<Actor> make_sweeper(RuntimeState& rt, std::uint32_t index) {
  return std::make_unique<Sweeper>(rt, index);
}

}  // namespace cq
