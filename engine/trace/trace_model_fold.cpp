// The fold behind TraceModel: what each event does to the state. Each handler follows one
// actor's emit order (runtime/*.cpp):
//   sweeper   [block_allocated | block_from_free] enqueue [block_full work_signalled]
//             flush_begin (missing | adopt | merge [push | free_emptied])* [push(last)]
//             [work_signalled] flush_end
//             (under gc_phases "go" a mutator's AddCleanup and the GC's finishsweep_m sweep
//             and flush in the same order: runtime/sweep_session.cpp)
//   worker    worker_started, unpark, take_failed [spurious_wake] | pop_full running_begin,
//             cleanup_run*, running_end push_free, announce_sleep [park]
//   fing      unpark, fin_take_all | take_failed [spurious_wake] announce_sleep park, cleanup_run*
#include <algorithm>

#include "trace/trace_model.hpp"

namespace cq {
namespace {

std::uint32_t minus_saturated(std::uint64_t value, std::uint64_t minus) {
  return static_cast<std::uint32_t>(value > minus ? value - minus : 0);
}

}  // namespace

void TraceModel::fold(const TraceEvent& e, std::size_t index, TraceFoldObserver* observer) {
  if (observer != nullptr) observer->before_fold(*this, e, index);
  switch (e.kind) {
    case EventKind::cleanup_registered:
      ++counters.registered;
      break;
    case EventKind::goroutines_created:
      counters.ng = std::max(counters.ng, e.b);  // ng never shrinks; parallel creations may
                                                 // be appended in either order
      counters.workers_created += e.a;
      counters.needg = 0;  // createGs swaps needg to 0 (Go 1.24's createfing has none: stays 0)
      break;
    case EventKind::gc_phase: {
      const GcPhase before = phase;
      phase = static_cast<GcPhase>(
          std::min<std::uint32_t>(e.b, static_cast<std::uint32_t>(kLastGcPhase)));
      cycle = e.a;
      // The gate is reset as the sweep starts: "parked" at its sweep phase; "go" at the off that
      // ends mark termination, where gcMarkTermination sets _GCoff and gcSweep resets
      // sweep.active (runtime/mgc.go), the step the GC actor emits that off in.
      if (phase == GcPhase::sweep ||
          (phase == GcPhase::off && before == GcPhase::mark_termination)) {
        active_sweepers = 0;
        drained = false;
      }
      break;
    }
    case EventKind::root_scan:
      ++counters.root_scans;
      break;
    // Counted, not copied from b: parallel begins and ends may be appended in either order.
    case EventKind::sweeper_begin:
      ++active_sweepers;
      break;
    case EventKind::sweeper_end:
      active_sweepers = minus_saturated(active_sweepers, 1);
      break;
    case EventKind::sweeper_refused:
      break;
    case EventKind::sweep_drained:
      drained = true;
      break;
    case EventKind::p_acquired:
      if (ModelP* p = p_ptr(e.p)) p->holder = e.actor;
      break;
    case EventKind::p_released:
      if (ModelP* p = p_ptr(e.p); p != nullptr && p->holder == e.actor) p->holder = kNoActorInModel;
      break;
    case EventKind::block_allocated:
    case EventKind::block_from_free:
    case EventKind::enqueue:
    case EventKind::block_full:
    case EventKind::work_signalled:
    case EventKind::fin_enqueue:
      apply_producer(e);
      break;
    case EventKind::flush_begin:
    case EventKind::flush_missing:
    case EventKind::flush_adopt:
    case EventKind::flush_merge:
    case EventKind::flush_push:
    case EventKind::flush_free_emptied:
    case EventKind::flush_end:
      apply_flush(e);
      break;
    case EventKind::worker_started:
    case EventKind::take_failed:
    case EventKind::pop_full:
    case EventKind::announce_sleep:
    case EventKind::park:
    case EventKind::unpark:
    case EventKind::spurious_wake:
    case EventKind::running_begin:
    case EventKind::cleanup_run:
    case EventKind::cleanup_stuck:
    case EventKind::running_end:
    case EventKind::push_free:
    case EventKind::fin_take_all:
      apply_worker(e);
      break;
    case EventKind::needs_wake:
    case EventKind::wake:
    case EventKind::needg_raised:
    case EventKind::fin_wake:
    case EventKind::invariant_violation:
    case EventKind::stranded:
    case EventKind::run_end:
    case EventKind::procresize:
    case EventKind::cleanup_goexit:
    case EventKind::crash:
      apply_runtime(e);
      break;
  }
  if (observer != nullptr) observer->after_fold(*this, e, index);
}

void TraceModel::apply_producer(const TraceEvent& e) {
  if (e.kind == EventKind::work_signalled) {
    counters.work_signalled += e.b;
    return;
  }
  if (e.kind == EventKind::fin_enqueue) {  // Go 1.24: finBlocks are not modelled one by one
    ++counters.enqueued;
    ++entries.finq;
    if (e.block != kNoBlock) {
      counters.blocks_allocated = std::max<std::uint64_t>(counters.blocks_allocated, e.block + 1);
    }
    return;
  }
  if (e.kind == EventKind::enqueue) ++counters.enqueued;
  if (p_ptr(e.p) == nullptr) return;
  ModelBlock* b = block_ptr(e.block);
  if (b == nullptr) return;
  switch (e.kind) {
    case EventKind::block_allocated:
      ++counters.blocks_allocated;
      detach(e.block);
      set_n(e.block, 0);
      attach(e.block, BlockPlace::p, e.p);
      break;
    case EventKind::block_from_free:
      move(e.block, BlockPlace::p, e.p);
      set_n(e.block, 0);
      break;
    case EventKind::enqueue:
      if (!(b->place == BlockPlace::p && b->owner == e.p)) move(e.block, BlockPlace::p, e.p);
      set_n(e.block, e.b + 1);
      break;
    case EventKind::block_full:
      ++counters.full_pushes;
      move(e.block, BlockPlace::full, 0);
      break;
    default:
      break;
  }
}

void TraceModel::apply_flush(const TraceEvent& e) {
  switch (e.kind) {
    case EventKind::flush_begin:
      flush = ModelFlush{.active = true, .actor = e.actor};
      return;
    case EventKind::flush_missing:
      ++flush.missing;
      return;
    case EventKind::flush_end:
      flush.active = false;
      ++counters.flushes;
      return;
    default:
      break;
  }
  if (block_ptr(e.block) == nullptr) return;
  const std::uint32_t id = e.block;
  switch (e.kind) {
    case EventKind::flush_adopt:
    case EventKind::flush_merge:
      move(id, BlockPlace::flusher, 0);
      if (e.kind == EventKind::flush_adopt) {
        set_n(id, e.b);
        flush.accumulator = id;
      } else {
        set_n(id, minus_saturated(blocks[id].n, e.b));
        flush.source = id;
        if (block_ptr(static_cast<std::uint32_t>(e.a)) != nullptr) {
          const auto into = static_cast<std::uint32_t>(e.a);
          set_n(into, blocks[into].n + e.b);
        }
      }
      break;
    case EventKind::flush_push:
      ++flush.pushed;
      ++counters.flush_pushes;
      set_n(id, e.b);
      move(id, BlockPlace::full, 0);
      // After a full accumulator is pushed, the rest of the merge source accumulates next.
      flush.accumulator = e.a == 0 ? flush.source : kNoBlock;
      flush.source = kNoBlock;
      break;
    case EventKind::flush_free_emptied:
      ++flush.emptied;
      move(id, BlockPlace::free, 0);
      set_n(id, 0);
      if (flush.source == id) flush.source = kNoBlock;
      break;
    default:
      break;
  }
}

void TraceModel::apply_worker(const TraceEvent& e) {
  if (e.kind == EventKind::worker_started) {
    if (e.a >= kMaxModelWorkers) {
      ++counters.ignored_events;
      return;
    }
    const auto g = static_cast<std::uint32_t>(e.a);
    if (g >= workers.size()) workers.resize(std::size_t{g} + 1);
    if (e.actor >= worker_of_actor.size()) {
      worker_of_actor.resize(std::size_t{e.actor} + 1, kNoWorker);
    }
    worker_of_actor[e.actor] = g;
    workers[g].actor = e.actor;
    workers[g].phase = WorkerPhase::started;
    return;
  }
  ModelWorker* w = worker_ptr(e.actor);
  if (w == nullptr) return;
  switch (e.kind) {
    case EventKind::take_failed:
      w->phase = WorkerPhase::taking;
      break;
    case EventKind::announce_sleep:
      w->phase = e.b != 0 ? WorkerPhase::announced : WorkerPhase::taking;
      break;
    case EventKind::park:
      w->phase = WorkerPhase::parked;
      ++counters.sleepers;
      break;
    case EventKind::unpark:
      w->phase = WorkerPhase::woken;
      break;
    case EventKind::spurious_wake:
      ++counters.spurious_wakes;
      break;
    case EventKind::pop_full: {
      if (block_ptr(e.block) == nullptr) break;
      ++counters.pops;
      move(e.block, BlockPlace::worker, worker_of_actor[e.actor]);
      set_n(e.block, static_cast<std::uint32_t>(e.a));
      w->block = e.block;
      w->next_slot = 0;
      set_worker_pending(*w, static_cast<std::uint32_t>(e.a));
      w->phase = WorkerPhase::running;
      break;
    }
    case EventKind::fin_take_all:
      entries.finq -= std::min<std::uint64_t>(entries.finq, e.a);
      set_worker_pending(*w, static_cast<std::uint32_t>(w->pending + e.a));
      w->block = kNoBlock;
      w->phase = WorkerPhase::running;
      break;
    case EventKind::running_begin:
      if (!w->running_cleanups) ++counters.running;  // counted, as sweepers are (above)
      w->running_cleanups = true;
      break;
    case EventKind::cleanup_run:
      ++counters.executed;
      ++w->executed;
      w->next_slot = e.b + 1;
      set_worker_pending(*w, minus_saturated(w->pending, 1));
      break;
    case EventKind::cleanup_stuck:
      w->phase = WorkerPhase::stuck;
      break;
    case EventKind::running_end:
      if (w->running_cleanups) --counters.running;
      w->running_cleanups = false;
      break;
    case EventKind::push_free:
      // Entries still pending here were never run: they leave the books, and conservation
      // (checked by the trace checker) shows the loss.
      set_worker_pending(*w, 0);
      w->block = kNoBlock;
      w->phase = WorkerPhase::taking;
      if (block_ptr(e.block) == nullptr) break;
      move(e.block, BlockPlace::free, 0);
      set_n(e.block, 0);
      break;
    default:
      break;
  }
}

void TraceModel::apply_runtime(const TraceEvent& e) {
  switch (e.kind) {
    case EventKind::needs_wake:
      ++counters.needs_wake;
      break;
    case EventKind::wake:
      counters.wakes += e.a;
      counters.sleepers = minus_saturated(counters.sleepers, e.a);
      break;
    case EventKind::needg_raised:
      counters.needg += static_cast<std::uint32_t>(e.a);
      counters.needg_raised += e.a;
      break;
    case EventKind::fin_wake:
      ++counters.wakes;
      counters.sleepers = minus_saturated(counters.sleepers, 1);
      break;
    case EventKind::invariant_violation:
      ++counters.runtime_violations;
      break;
    case EventKind::stranded:
      stranded = true;
      break;
    case EventKind::run_end:
      finished = true;
      complete = e.b != 0;
      break;
    case EventKind::procresize:
      gomaxprocs = static_cast<std::uint32_t>(e.a);
      break;
    case EventKind::cleanup_goexit: {
      // The goroutine is dead (runtime.Goexit unwinds out of runCleanups; it never parks or
      // runs again) but keeps its block and its `running` count: no endRunningCleanups runs
      // (runtime/mcleanup.go, runCleanups; #71824).
      ++goexits;
      if (ModelWorker* w = worker_ptr(e.actor); w != nullptr) w->phase = WorkerPhase::exited;
      break;
    }
    case EventKind::crash:
      crash = e.b;
      break;
    default:
      break;
  }
}

}  // namespace cq
