// Mutator: user code calling runtime.AddCleanup on fresh objects that die at once.
//   register (one AddCleanup per step) ... -> check in with the GC -> wait -> next cycle, or done
//   after the last one. What it waits for depends on gc_phases:
//   parked  until the GC's sweep of this cycle is over (the model's simplification,
//           docs/model-vs-go.md P2): no AddCleanup runs during mark or sweep.
//   go      only until this cycle's gcStart is done: the next cycle's AddCleanups run during
//           _GCmark and during the sweep in _GCoff, as Go's do (runtime/mgc.go). Each step is
//           inside the world (world_stop.hpp): a stop-the-world parks it. An AddCleanup in
//           _GCoff with the sweep not drained first sweeps one span, as addspecial's
//           ensureSwept does for the object's span (runtime/mheap.go addspecial,
//           runtime/mgcsweep.go ensureSwept) and an allocating goroutine's deductSweepCredit does
//           (mgcsweep.go): a sweep session (sweep_session.hpp) whose end may be the last, and so
//           flush; from that session to the registration the mutator is non-preemptible, as
//           addspecial holds acquirem.
// Go's AddCleanup first validates its arguments, builds the closure and finds the object (not
// modelled); then it provisions goroutines (needG / createGs), the only place the pool of cleanup
// goroutines ever grows (teaching moment 10), and adds the special (runtime/mcleanup.go:
// AddCleanup).
#include "runtime/actors.hpp"
#include "runtime/sweep_session.hpp"
#include "sim/fingerprint.hpp"

namespace cq {
namespace {

class Mutator final : public Actor {
 public:
  Mutator(RuntimeState& rt, std::uint32_t index)
      : Actor(ActorKind::mutator, "mutator" + std::to_string(index)),
        rt_(rt),
        index_(index),
        session_(rt, kMutatorHolder + index, index) {}

  StepResult step(StepContext& ctx) override {
    if (rt_.crashed() != CrashCause::none) return {AfterStep::done, 0};  // the program died
    if (!rt_.go_phases()) return step_in_cycle(ctx);
    // gc_phases "go": the GC may unpark us early (as it starts the world): wait on.
    if (waiting_for_gc_ && rt_.gc_started.load(std::memory_order_acquire) <= cycle_) {
      return {AfterStep::park, 0};
    }
    if (!in_add_cleanup_ && !rt_.enter_world(ctx)) return {AfterStep::park, 0};
    const StepResult r = step_in_cycle(ctx);
    if (!in_add_cleanup_) rt_.leave_world(ctx);  // else still inside AddCleanup's sweep
    return r;
  }

  std::uint64_t fingerprint() const override {
    if (!rt_.go_phases()) return Fingerprint().add(cycle_).add(next_).add(waiting_for_gc_).value();
    return Fingerprint()
        .add(cycle_)
        .add(next_)
        .add(waiting_for_gc_)
        .add(in_add_cleanup_)
        .add(session_.fingerprint())
        .value();
  }

 private:
  StepResult step_in_cycle(StepContext& ctx) {
    const Scenario& s = rt_.scenario;
    if (waiting_for_gc_) {  // parked: the previous cycle's sweep is over; go: its gcStart is done
      waiting_for_gc_ = false;
      ++cycle_;
      next_ = 0;
    }
    const std::uint32_t n = s.cleanups_in_cycle(cycle_);
    if (s.shape == CycleShape::priming && cycle_ > 0 && next_ == 0 && !queue_idle()) {
      // tests/conformance/go/priming.go's waitIdle: poll (Go: Gosched, then a 1 ms ticker) until
      // every queued cleanup has run and every cleanup goroutine sleeps.
      return {AfterStep::ready, s.costs.sched_round_ns};
    }
    if (next_ < n) {
      if (rt_.go_phases()) {
        if (session_.active()) {
          const SweepSession::Step r = session_.step(ctx);
          if (rt_.crashed() != CrashCause::none) return {AfterStep::done, 0};
          return {AfterStep::ready, r.delay_ns};
        }
        if (!in_add_cleanup_) {
          in_add_cleanup_ = true;  // acquirem: no stop-the-world until the special is added
          // ensureSwept: in _GCoff with spans left, sweep one first (the gate may refuse).
          if (rt_.phase.load(std::memory_order_seq_cst) == GcPhase::off && !rt_.gate.drained() &&
              session_.begin(ctx)) {
            return {AfterStep::ready, s.costs.sweep_gate_ns};
          }
        }
        in_add_cleanup_ = false;
      }
      const auto p = static_cast<std::uint16_t>(index_ % rt_.ps.size());
      rt_.provision_goroutines(ctx, p);
      const CleanupId id = rt_.cleanup_id(cycle_, index_, next_++);
      rt_.dead[index_].push_back(id);  // the object dies right away; the next sweep finds it
      rt_.registered.fetch_add(1, std::memory_order_relaxed);
      ctx.emit(EventKind::cleanup_registered, p, kNoBlock, id, cycle_);
      return {AfterStep::ready, s.costs.add_cleanup_ns};
    }
    // Registration for this cycle is over. seq_cst: the last one to check in sees every other
    // mutator's dead list complete, and hands them to the GC.
    const std::uint32_t in = rt_.mutators_checked_in.fetch_add(1, std::memory_order_seq_cst) + 1;
    if (in == s.mutator_count()) ctx.host().unpark(rt_.gc_actor, ctx.now());
    if (cycle_ + 1 >= s.gc_cycles) return {AfterStep::done, 0};
    waiting_for_gc_ = true;
    return {AfterStep::park, 0};
  }

 public:
  std::string next_step() const override {
    if (session_.active()) return "AddCleanup sweeps a span first: " + session_.next_step();
    if (rt_.go_phases() && waiting_for_gc_ &&
        rt_.gc_started.load(std::memory_order_acquire) <= cycle_) {
      return "wait until the GC's gcStart is done";
    }
    const std::uint32_t n = rt_.scenario.cleanups_in_cycle(waiting_for_gc_ ? cycle_ + 1 : cycle_);
    const std::uint32_t k = waiting_for_gc_ ? 0 : next_;
    if (rt_.scenario.shape == CycleShape::priming && !waiting_for_gc_ && cycle_ > 0 && k == 0 &&
        !queue_idle()) {
      return "wait until the queue is idle (priming)";
    }
    if (k < n) return "AddCleanup " + std::to_string(k + 1) + " of " + std::to_string(n);
    return "check in with the GC";
  }

 private:
  // As the priming workload's queueSnapshot.idle (tests/conformance/go/queue_mirror.go): nothing
  // queued or running, every goroutine asleep. The snapshot is exact under the inline and
  // conducted runners (one step at a time); under the threaded one this is a poll that may retry.
  bool queue_idle() const {
    if (!rt_.queue) return true;  // go1.24 has no pool to prime (the shape is queue-only)
    // Every cleanup of the earlier cycles ran (not `registered`: another mutator may already be
    // registering this cycle's, which nothing sweeps before this one checks in).
    const Scenario& s = rt_.scenario;
    const std::uint64_t earlier = s.mutator_count() * s.cleanups_before_cycle(cycle_);
    if (rt_.executed.load(std::memory_order_acquire) < earlier || rt_.queue->running() != 0) {
      return false;
    }
    const QueueSnapshot q = rt_.queue->snapshot();
    return q.full.empty() && q.work_units == 0 && q.asleep == q.ng && q.sleeping.size() == q.ng;
  }

  RuntimeState& rt_;
  const std::uint32_t index_;
  SweepSession session_;  // gc_phases "go": the span an AddCleanup sweeps
  std::uint32_t cycle_ = 0;
  std::uint32_t next_ = 0;
  bool waiting_for_gc_ = false;
  bool in_add_cleanup_ = false;  // gc_phases "go": between its sweep and its registration
};

}  // namespace

std::unique_ptr<Actor> make_mutator(RuntimeState& rt, std::uint32_t index) {
  return std::make_unique<Mutator>(rt, index);
}

}  // namespace cq
