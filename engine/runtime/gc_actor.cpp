// The GC: one cycle is off -> mark -> sweep -> off.
//   wait for every mutator to check in -> start mark -> scan each block of the `all` list as a
//   root (one step per block, reading n atomically) -> mark termination: the dead objects
//   become spans, the sweep gate opens, the sweepers wake -> park until the last sweeper has
//   flushed -> phase off; release the mutators into the next cycle.
// Marking finds every registered object unreachable: they die right after registration.
#include "runtime/actors.hpp"
#include "sim/fingerprint.hpp"

namespace cq {
namespace {

class GcActor final : public Actor {
 public:
  explicit GcActor(RuntimeState& rt) : Actor(ActorKind::gc, "gc"), rt_(rt) {}

  StepResult step(StepContext& ctx) override {
    if (rt_.crashed() != CrashCause::none) return {AfterStep::done, 0};  // the program died
    const Scenario& s = rt_.scenario;
    switch (stage_) {
      case Stage::wait_mutators:
        if (rt_.mutators_checked_in.load(std::memory_order_seq_cst) < s.mutator_count()) {
          return {AfterStep::park, 0};
        }
        rt_.mutators_checked_in.store(0, std::memory_order_seq_cst);
        rt_.phase.store(GcPhase::mark, std::memory_order_seq_cst);
        ctx.emit(EventKind::gc_phase, kNoP, kNoBlock, rt_.cycle,
                 static_cast<std::uint32_t>(GcPhase::mark));
        if (rt_.queue) {
          blocks_at_mark_ = rt_.queue->blocks_allocated();
          cursor_ = rt_.queue->all_blocks();
        }
        stage_ = Stage::scan_roots;
        return {AfterStep::ready, s.costs.gc_phase_ns};

      case Stage::scan_roots:
        if (cursor_ != nullptr) {
          // fixedRootCleanups: n read atomically, racing with runners that clear and zero it.
          ctx.emit(EventKind::root_scan, kNoP, cursor_->id, 0, cursor_->count_for_root_scan());
          cursor_ = cursor_->all_next;
          return {AfterStep::ready, s.costs.root_scan_ns};
        }
        if (rt_.queue && rt_.queue->blocks_allocated() != blocks_at_mark_) {
          rt_.violation(ctx, Invariant::no_growth_during_mark, rt_.queue->blocks_allocated());
        }
        mark_termination(ctx);
        stage_ = Stage::wait_sweep;
        return {AfterStep::park, 0};

      case Stage::wait_sweep:
        rt_.phase.store(GcPhase::off, std::memory_order_seq_cst);
        ctx.emit(EventKind::gc_phase, kNoP, kNoBlock, rt_.cycle,
                 static_cast<std::uint32_t>(GcPhase::off));
        if (rt_.cycle + 1 == s.regrow_after_cycle && rt_.ps.size() != s.gomaxprocs) {
          // GOMAXPROCS back up between cycles (the world is stopped, no sweep runs): allp =
          // allp[:nprocs] within its capacity brings back the very Ps the shrink cut, blocks
          // and all ((*p).init leaves pp.cleanups alone: runtime/proc.go, procresize). The next
          // sweep's flush finds them; this growth flushes nothing by itself.
          rt_.procresize(ctx, s.gomaxprocs);
        }
        if (++rt_.cycle >= s.gc_cycles) return {AfterStep::done, 0};
        for (auto& d : rt_.dead) d.clear();  // all swept: the mutators start new lists
        for (ActorId m : rt_.mutator_actors) ctx.host().unpark(m, ctx.now());
        stage_ = Stage::wait_mutators;
        return {AfterStep::park, 0};
    }
    return {AfterStep::done, 0};
  }

  std::uint64_t fingerprint() const override {
    // The scan cursor by block id (0 = none): pointers differ from one replay to the next.
    const std::uint64_t cursor = cursor_ == nullptr ? 0 : std::uint64_t{cursor_->id} + 1;
    return Fingerprint()
        .add(static_cast<std::uint64_t>(stage_))
        .add(cursor)
        .add(blocks_at_mark_)
        .value();
  }

 private:
  enum class Stage { wait_mutators, scan_roots, wait_sweep };

 public:
  std::string next_step() const override {
    switch (stage_) {
      case Stage::wait_mutators:
        return "start the mark, if every mutator checked in";
      case Stage::scan_roots:
        return cursor_ != nullptr ? "scan a block as a root" : "end the mark: the sweep begins";
      case Stage::wait_sweep:
        return "end the GC cycle";
    }
    return {};
  }

 private:
  void mark_termination(StepContext& ctx) {
    const Scenario& s = rt_.scenario;
    rt_.spans.clear();
    for (std::uint32_t m = 0; m < rt_.dead.size(); ++m) {
      const auto n = static_cast<std::uint32_t>(rt_.dead[m].size());
      for (std::uint32_t b = 0; b < n; b += s.span_objects) {
        rt_.spans.push_back({m, b, std::min(n, b + s.span_objects)});
      }
    }
    rt_.next_span.store(0, std::memory_order_relaxed);
    rt_.gate.reset();  // stop-the-world: zero sweepers, not drained
    rt_.phase.store(GcPhase::sweep, std::memory_order_seq_cst);
    ctx.emit(EventKind::gc_phase, kNoP, kNoBlock, rt_.cycle,
             static_cast<std::uint32_t>(GcPhase::sweep));
    // Runner's unpark orders these writes before the sweepers' next steps.
    for (ActorId w : rt_.sweeper_actors) ctx.host().unpark(w, ctx.now());
  }

  RuntimeState& rt_;
  Stage stage_ = Stage::wait_mutators;
  CleanupBlock* cursor_ = nullptr;
  std::uint32_t blocks_at_mark_ = 0;
};

}  // namespace

std::unique_ptr<Actor> make_gc(RuntimeState& rt) {
  return std::make_unique<GcActor>(rt);
}

}  // namespace cq
