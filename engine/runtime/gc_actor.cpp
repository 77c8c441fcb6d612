// The GC. Its cycle depends on gc_phases (docs/model-vs-go.md, P1-P5):
//   parked (the model's own cycle, off -> mark -> sweep -> off): wait for every mutator to check
//     in -> start mark -> scan each block of the `all` list as a root (one step per block,
//     reading n atomically) -> mark termination: the dead objects become spans, the sweep gate
//     opens, the sweepers wake -> park until the last sweeper has flushed -> phase off; release
//     the mutators into the next cycle.
//   go (Go's, runtime/mgc.go): wait for every mutator to check in -> gcStart: stop the world
//     (stwGCSweepTerm) -> sweep termination: finishsweep_m sweeps every span left of the cycle
//     before, and its last end() flushes (runtime/mgcsweep.go) -> the checked-in objects become
//     this cycle's -> _GCmark, start the world (the mutators go on registering the next cycle's
//     objects) -> scan the roots -> stop the world (stwGCMarkTerm) -> _GCmarktermination: the
//     spans are built, the sweep gate is reset (gcSweep) -> _GCoff, start the world: the
//     sweepers and the mutators' AddCleanups sweep while the next cycle registers. After the
//     last cycle it waits until that cycle's sweep has flushed.
// Marking finds every registered object unreachable: they die right after registration.
#include "runtime/actors.hpp"
#include "runtime/sweep_session.hpp"
#include "sim/fingerprint.hpp"

namespace cq {
namespace {

class GcActor final : public Actor {
 public:
  explicit GcActor(RuntimeState& rt)
      : Actor(ActorKind::gc, "gc"), rt_(rt), finish_sweep_(rt, kGcHolder, 0) {}

  StepResult step(StepContext& ctx) override {
    if (rt_.crashed() != CrashCause::none) return {AfterStep::done, 0};  // the program died
    return rt_.go_phases() ? step_go(ctx) : step_parked(ctx);
  }

  std::uint64_t fingerprint() const override {
    // The scan cursor by block id (0 = none): pointers differ from one replay to the next.
    const std::uint64_t cursor = cursor_ == nullptr ? 0 : std::uint64_t{cursor_->id} + 1;
    Fingerprint f;
    f.add(static_cast<std::uint64_t>(stage_)).add(cursor).add(blocks_at_mark_);
    if (rt_.go_phases()) f.add(started_).add(finish_sweep_.fingerprint());
    return f.value();
  }

 private:
  enum class Stage {
    wait_mutators,
    scan_roots,
    wait_sweep,
    // gc_phases "go" only:
    stop_for_sweep_termination,
    finish_sweep,
    stop_for_mark_termination,
    mark_termination,
    wait_last_sweep,
  };

 public:
  std::string next_step() const override {
    switch (stage_) {
      case Stage::wait_mutators:
        return rt_.go_phases() ? "gcStart, if every mutator checked in"
                               : "start the mark, if every mutator checked in";
      case Stage::scan_roots:
        if (cursor_ != nullptr) return "scan a block as a root";
        return rt_.go_phases() ? "end the mark: stop the world" : "end the mark: the sweep begins";
      case Stage::wait_sweep:
        return "end the GC cycle";
      case Stage::stop_for_sweep_termination:
      case Stage::stop_for_mark_termination:
        return "wait until the world has stopped";
      case Stage::finish_sweep:
        return finish_sweep_.active() ? "finishsweep_m: " + finish_sweep_.next_step()
                                      : "finishsweep_m: sweep what is left";
      case Stage::mark_termination:
        return "mark termination: build the spans, reset the gate, start the world";
      case Stage::wait_last_sweep:
        return "wait for the last cycle's sweep to end";
    }
    return {};
  }

 private:
  void set_phase(StepContext& ctx, GcPhase phase, std::uint32_t cycle) {
    rt_.phase.store(phase, std::memory_order_seq_cst);
    ctx.emit(EventKind::gc_phase, kNoP, kNoBlock, cycle, static_cast<std::uint32_t>(phase));
  }

  StepResult step_parked(StepContext& ctx) {
    const Scenario& s = rt_.scenario;
    switch (stage_) {
      case Stage::wait_mutators:
        if (rt_.mutators_checked_in.load(std::memory_order_seq_cst) < s.mutator_count()) {
          return {AfterStep::park, 0};
        }
        rt_.mutators_checked_in.store(0, std::memory_order_seq_cst);
        set_phase(ctx, GcPhase::mark, rt_.cycle);
        start_root_scan();
        stage_ = Stage::scan_roots;
        return {AfterStep::ready, s.costs.gc_phase_ns};

      case Stage::scan_roots:
        if (scan_root(ctx)) return {AfterStep::ready, s.costs.root_scan_ns};
        mark_termination_parked(ctx);
        stage_ = Stage::wait_sweep;
        return {AfterStep::park, 0};

      case Stage::wait_sweep:
        set_phase(ctx, GcPhase::off, rt_.cycle);
        if (rt_.cycle + 1 == s.regrow_after_cycle && rt_.ps.size() != s.gomaxprocs) {
          // GOMAXPROCS back up between cycles (the world is stopped, no sweep runs): allp =
          // allp[:nprocs] within its capacity brings back the very Ps the shrink cut, blocks
          // and all ((*p).init leaves pp.cleanups alone: runtime/proc.go, procresize). The next
          // sweep's flush finds them; this growth flushes nothing by itself.
          rt_.procresize(ctx, s.gomaxprocs);
        }
        if (++rt_.cycle >= s.gc_cycles) return {AfterStep::done, 0};
        for (auto& d : rt_.dead_to_sweep) d.clear();  // all swept
        for (ActorId m : rt_.mutator_actors) ctx.host().unpark(m, ctx.now());
        stage_ = Stage::wait_mutators;
        return {AfterStep::park, 0};

      default:
        return {AfterStep::done, 0};  // gc_phases "go" stages: never reached here
    }
  }

  StepResult step_go(StepContext& ctx) {
    const Scenario& s = rt_.scenario;
    switch (stage_) {
      case Stage::wait_mutators:
        // Woken early too (a sweeper's last end, a start of the world): check again.
        if (rt_.mutators_checked_in.load(std::memory_order_seq_cst) < s.mutator_count()) {
          return {AfterStep::park, 0};
        }
        rt_.mutators_checked_in.store(0, std::memory_order_seq_cst);
        // gcStart: stopTheWorldWithSema(stwGCSweepTerm) (runtime/mgc.go).
        rt_.world.request_stop();
        stage_ = Stage::stop_for_sweep_termination;
        [[fallthrough]];

      case Stage::stop_for_sweep_termination:
        // stopTheWorldWithSema waits until every P has stopped; a sweeper or an AddCleanup in
        // the middle of its span ends it first (runtime/proc.go; sweepone is non-preemptible),
        // and the last one out unparks us.
        if (!rt_.world.stopped()) return {AfterStep::park, 0};
        set_phase(ctx, GcPhase::sweep_termination, started_);
        stage_ = Stage::finish_sweep;
        return {AfterStep::ready, s.costs.gc_phase_ns};

      case Stage::finish_sweep:
        // finishsweep_m: for sweepone() != ^uintptr(0) {} (runtime/mgcsweep.go), on the GC's
        // own P; the last end() flushes here, by the GC, under the stop.
        if (finish_sweep_.active()) {
          const SweepSession::Step r = finish_sweep_.step(ctx);
          if (rt_.crashed() != CrashCause::none) return {AfterStep::done, 0};
          return {AfterStep::ready, r.delay_ns};
        }
        if (finish_sweep_.begin(ctx)) return {AfterStep::ready, s.costs.sweep_gate_ns};
        // "active sweepers found at start of mark phase" is a throw in finishsweep_m.
        if (rt_.gate.active() != 0) rt_.violation(ctx, Invariant::sweep_gate, rt_.gate.active());
        start_mark(ctx);
        return {AfterStep::ready, s.costs.gc_phase_ns};

      case Stage::scan_roots:
        if (scan_root(ctx)) return {AfterStep::ready, s.costs.root_scan_ns};
        // gcMarkDone: stopTheWorldWithSema(stwGCMarkTerm) (runtime/mgc.go).
        rt_.world.request_stop();
        stage_ = Stage::stop_for_mark_termination;
        [[fallthrough]];

      case Stage::stop_for_mark_termination:
        if (!rt_.world.stopped()) return {AfterStep::park, 0};
        set_phase(ctx, GcPhase::mark_termination, rt_.cycle);  // setGCPhase(_GCmarktermination)
        stage_ = Stage::mark_termination;
        return {AfterStep::ready, s.costs.gc_phase_ns};

      case Stage::mark_termination:
        // gcMarkTermination: setGCPhase(_GCoff), gcSweep (sweep.active.reset() under the
        // stop), then startTheWorldWithSema; the sweep runs concurrently from here.
        build_spans();
        rt_.gate.reset();
        set_phase(ctx, GcPhase::off, rt_.cycle);
        start_the_world(ctx);
        if (started_ >= s.gc_cycles) {
          stage_ = Stage::wait_last_sweep;
          return {AfterStep::park, 0};
        }
        // The mutators may all have checked in during the mark (their unpark found us busy,
        // not parked): then the next gcStart is due now, with this sweep barely begun.
        stage_ = Stage::wait_mutators;
        if (rt_.mutators_checked_in.load(std::memory_order_seq_cst) >= s.mutator_count()) {
          return {AfterStep::ready, 0};
        }
        return {AfterStep::park, 0};

      case Stage::wait_last_sweep:
        // The run's end: every cycle's sweep flushed (the last end() unparks us).
        if (rt_.sweeps_done.load(std::memory_order_acquire) < started_) {
          return {AfterStep::park, 0};
        }
        if (rt_.cycle + 1 == s.regrow_after_cycle && rt_.ps.size() != s.gomaxprocs) {
          rt_.procresize(ctx, s.gomaxprocs);  // as under parked: after the last cycle's sweep
        }
        return {AfterStep::done, 0};

      case Stage::wait_sweep:
        break;
    }
    return {AfterStep::done, 0};
  }

  // Sweep termination is over: the world is still stopped, nothing is being swept, and every
  // mutator has checked in (so none writes its dead list).
  void start_mark(StepContext& ctx) {
    const Scenario& s = rt_.scenario;
    if (started_ > 0) {
      // The regrow of "parked" runs between cycles, the world stopped and no sweep running:
      // here, after finishsweep_m. The cycle's sweep's flush finds the Ps it brings back.
      if (rt_.cycle + 1 == s.regrow_after_cycle && rt_.ps.size() != s.gomaxprocs) {
        rt_.procresize(ctx, s.gomaxprocs);
      }
      ++rt_.cycle;
    }
    // The objects registered before this gcStart die in this cycle; those after it, in the next.
    for (std::uint32_t m = 0; m < rt_.dead.size(); ++m) {
      rt_.dead_to_sweep[m].clear();
      std::swap(rt_.dead[m], rt_.dead_to_sweep[m]);
    }
    ++started_;
    rt_.gc_started.store(started_, std::memory_order_release);
    set_phase(ctx, GcPhase::mark, rt_.cycle);  // setGCPhase(_GCmark)
    start_root_scan();
    stage_ = Stage::scan_roots;
    start_the_world(ctx);
  }

  // startTheWorldWithSema: every goroutine parked by the stop runs again. The model unparks
  // every mutator and sweeper; those that wait for something else find it has not come, and
  // park again. A P whose findRunnable stopped in gcstopm goes on from its top: the rounds
  // asked for during the stop run now (scheduler_round.cpp). A round asked for after this load
  // is unparked by whoever asked (RuntimeState::schedule_point). seq_cst here and on the flag's
  // store: a round that saw the stop (seq_cst) was asked for before it, so this load, after
  // world.start() in the single total order, sees the request (no store-buffering window).
  void start_the_world(StepContext& ctx) {
    rt_.world.start();
    for (ActorId m : rt_.mutator_actors) ctx.host().unpark(m, ctx.now());
    for (ActorId w : rt_.sweeper_actors) ctx.host().unpark(w, ctx.now());
    if (rt_.scenario.scheduler != SchedulerModel::findrunnable) return;  // poll: never stopped
    for (std::size_t r = 0; r < rt_.round_actors.size(); ++r) {
      if (rt_.round_wanted[r].load(std::memory_order_seq_cst)) {
        ctx.host().unpark(rt_.round_actors[r], ctx.now());
      }
    }
  }

  void start_root_scan() {
    if (rt_.queue) {
      blocks_at_mark_ = rt_.queue->blocks_allocated();
      cursor_ = rt_.queue->all_blocks();
    }
  }

  // One block of `all` scanned as a root; false when the scan is over (and then checked).
  bool scan_root(StepContext& ctx) {
    if (cursor_ != nullptr) {
      // fixedRootCleanups: n read atomically, racing with runners that clear and zero it.
      ctx.emit(EventKind::root_scan, kNoP, cursor_->id, 0, cursor_->count_for_root_scan());
      cursor_ = cursor_->all_next;
      return true;
    }
    if (rt_.queue && rt_.queue->blocks_allocated() != blocks_at_mark_) {
      rt_.violation(ctx, Invariant::no_growth_during_mark, rt_.queue->blocks_allocated());
    }
    return false;
  }

  void build_spans() {
    const Scenario& s = rt_.scenario;
    rt_.spans.clear();
    for (std::uint32_t m = 0; m < rt_.dead_to_sweep.size(); ++m) {
      const auto n = static_cast<std::uint32_t>(rt_.dead_to_sweep[m].size());
      for (std::uint32_t b = 0; b < n; b += s.span_objects) {
        rt_.spans.push_back({m, b, std::min(n, b + s.span_objects)});
      }
    }
    rt_.next_span.store(0, std::memory_order_relaxed);
  }

  void mark_termination_parked(StepContext& ctx) {
    // The mutators are parked: their lists are this cycle's objects.
    for (std::uint32_t m = 0; m < rt_.dead.size(); ++m) {
      std::swap(rt_.dead[m], rt_.dead_to_sweep[m]);
      rt_.dead[m].clear();
    }
    build_spans();
    rt_.gate.reset();  // stop-the-world: zero sweepers, not drained
    set_phase(ctx, GcPhase::sweep, rt_.cycle);
    // Runner's unpark orders these writes before the sweepers' next steps.
    for (ActorId w : rt_.sweeper_actors) ctx.host().unpark(w, ctx.now());
  }

  RuntimeState& rt_;
  SweepSession finish_sweep_;  // gc_phases "go": finishsweep_m's sweepone loop
  Stage stage_ = Stage::wait_mutators;
  CleanupBlock* cursor_ = nullptr;
  std::uint32_t blocks_at_mark_ = 0;
  std::uint32_t started_ = 0;  // gc_phases "go": gcStarts done
};

}  // namespace

std::unique_ptr<Actor> make_gc(RuntimeState& rt) {
  return std::make_unique<GcActor>(rt);
}

}  // namespace cq
