// Mutator: user code calling runtime.AddCleanup on fresh objects that die at once.
//   register (one AddCleanup per step) ... -> check in with the GC -> park until the GC's sweep
//   of this cycle is over -> next cycle, or done after the last one.
// Go's AddCleanup first validates its arguments, builds the closure and finds the object (not
// modelled); then it provisions goroutines (needG / createGs), the only place the pool of cleanup
// goroutines ever grows (teaching moment 10), and adds the special (runtime/mcleanup.go:
// AddCleanup). Parking until the sweep is over is the model's simplification: in Go, AddCleanup
// runs concurrently with sweeping and marking.
#include "runtime/actors.hpp"
#include "sim/fingerprint.hpp"

namespace cq {
namespace {

class Mutator final : public Actor {
 public:
  Mutator(RuntimeState& rt, std::uint32_t index)
      : Actor(ActorKind::mutator, "mutator" + std::to_string(index)), rt_(rt), index_(index) {}

  StepResult step(StepContext& ctx) override {
    if (rt_.crashed() != CrashCause::none) return {AfterStep::done, 0};  // the program died
    const Scenario& s = rt_.scenario;
    if (waiting_for_gc_) {  // unparked by the GC: the previous cycle's sweep is over
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

  std::uint64_t fingerprint() const override {
    return Fingerprint().add(cycle_).add(next_).add(waiting_for_gc_).value();
  }

  std::string next_step() const override {
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
  std::uint32_t cycle_ = 0;
  std::uint32_t next_ = 0;
  bool waiting_for_gc_ = false;
};

}  // namespace

std::unique_ptr<Actor> make_mutator(RuntimeState& rt, std::uint32_t index) {
  return std::make_unique<Mutator>(rt, index);
}

}  // namespace cq
