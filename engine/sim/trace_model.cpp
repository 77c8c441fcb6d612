// The fold behind TraceModel. Each handler follows one actor's emit order (runtime/*.cpp):
//   sweeper   [block_allocated | block_from_free] enqueue [block_full work_signalled]
//             flush_begin (missing | adopt | merge [push | free_emptied])* [push(last)]
//             [work_signalled] flush_end
//   worker    worker_started, unpark, take_failed [spurious_wake] | pop_full running_begin,
//             cleanup_run*, running_end push_free, announce_sleep [park]
//   fing      unpark, fin_take_all | take_failed [spurious_wake] announce_sleep park, cleanup_run*
#include "sim/trace_model.hpp"

#include <algorithm>

namespace cq {
namespace {

// Larger ids cannot come from a run (100 M cleanups at capacity 1 is the most blocks a valid
// scenario allocates; 256 Ps; kMaxWorkers goroutines): such events are counted and ignored
// rather than letting a corrupted trace allocate gigabytes.
constexpr std::uint32_t kMaxModelBlocks = std::uint32_t{1} << 28;
constexpr std::uint16_t kMaxModelPs = 4096;
constexpr std::uint64_t kMaxModelWorkers = 4096;

void erase_from_stack(std::vector<std::uint32_t>& stack, std::uint32_t id) {
  // Searched from the top: a pop nearly always takes the top (always, outside threaded runs).
  for (std::size_t i = stack.size(); i-- > 0;) {
    if (stack[i] == id) {
      stack.erase(stack.begin() + static_cast<std::ptrdiff_t>(i));
      return;
    }
  }
}

std::uint32_t minus_saturated(std::uint64_t value, std::uint64_t minus) {
  return static_cast<std::uint32_t>(value > minus ? value - minus : 0);
}

}  // namespace

ModelBlock* TraceModel::block_ptr(std::uint32_t id) {
  if (id >= kMaxModelBlocks) {
    ++counters.ignored_events;
    return nullptr;
  }
  if (id >= blocks.size()) blocks.resize(std::size_t{id} + 1);
  return &blocks[id];
}

ModelP* TraceModel::p_ptr(std::uint16_t p) {
  if (p >= kMaxModelPs) {  // includes kNoP
    ++counters.ignored_events;
    return nullptr;
  }
  if (p >= ps.size()) ps.resize(std::size_t{p} + 1);
  return &ps[p];
}

ModelWorker* TraceModel::worker_ptr(std::uint16_t actor) {
  if (actor >= worker_of_actor.size()) worker_of_actor.resize(std::size_t{actor} + 1, kNoWorker);
  if (worker_of_actor[actor] == kNoWorker) {
    if (workers.size() >= kMaxModelWorkers) {
      ++counters.ignored_events;
      return nullptr;
    }
    worker_of_actor[actor] = static_cast<std::uint32_t>(workers.size());
    ModelWorker& fing = workers.emplace_back();
    fing.actor = actor;
    fing.fing = true;
  }
  return &workers[worker_of_actor[actor]];
}

std::uint64_t* TraceModel::total_for(BlockPlace place) {
  switch (place) {
    case BlockPlace::p: return &entries.in_p;
    case BlockPlace::full: return &entries.in_full;
    case BlockPlace::flusher: return &entries.in_flusher;
    // A held block's entries are counted by its worker's `pending` (run ones leave the block
    // only when it is cleared), and free or unallocated blocks hold nothing queued.
    case BlockPlace::worker:
    case BlockPlace::free:
    case BlockPlace::nowhere: return nullptr;
  }
  return nullptr;
}

void TraceModel::detach(std::uint32_t id) {
  ModelBlock& b = blocks[id];
  if (std::uint64_t* total = total_for(b.place)) *total -= b.n;
  switch (b.place) {
    case BlockPlace::p:
      if (b.owner < ps.size() && ps[b.owner].block == id) {
        ps[b.owner].block = kNoBlock;
        ps[b.owner].fill = 0;
      }
      break;
    case BlockPlace::full: erase_from_stack(full_stack, id); break;
    case BlockPlace::free: erase_from_stack(free_stack, id); break;
    case BlockPlace::worker:
    case BlockPlace::flusher:
    case BlockPlace::nowhere: break;
  }
  b.place = BlockPlace::nowhere;
  b.owner = 0;
}

void TraceModel::attach(std::uint32_t id, BlockPlace place, std::uint32_t owner) {
  ModelBlock& b = blocks[id];
  b.place = place;
  b.owner = owner;
  if (std::uint64_t* total = total_for(place)) *total += b.n;
  switch (place) {
    case BlockPlace::p:
      ps[owner].block = id;
      ps[owner].fill = b.n;
      break;
    case BlockPlace::full: full_stack.push_back(id); break;
    case BlockPlace::free: free_stack.push_back(id); break;
    case BlockPlace::worker:
    case BlockPlace::flusher:
    case BlockPlace::nowhere: break;
  }
}

void TraceModel::set_n(std::uint32_t id, std::uint32_t n) {
  ModelBlock& b = blocks[id];
  if (std::uint64_t* total = total_for(b.place)) *total = *total - b.n + n;
  b.n = n;
  if (b.place == BlockPlace::p && ps[b.owner].block == id) ps[b.owner].fill = n;
}

bool TraceModel::can_fold_now(const TraceEvent& e) const {
  const BlockPlace from = e.kind == EventKind::pop_full          ? BlockPlace::full
                          : e.kind == EventKind::block_from_free ? BlockPlace::free
                                                                 : BlockPlace::nowhere;
  if (from == BlockPlace::nowhere) return true;
  const ModelBlock* b = block(e.block);
  return b != nullptr && b->place == from;
}

bool TraceModel::has_deferred(std::uint16_t actor) const {
  return std::any_of(deferred.begin(), deferred.end(),
                     [&](const DeferredEvent& d) { return d.event.actor == actor; });
}

void TraceModel::apply(const TraceEvent& e, TraceFoldObserver* observer) {
  if (!deferred.empty() && e.time_ns != time_ns) settle(observer);
  const std::size_t index = events++;
  time_ns = e.time_ns;
  // An actor's events stay in order: behind a deferred one, everything of that actor waits.
  if (!deferred.empty() && has_deferred(e.actor)) {
    deferred.push_back({e, index});
    return;
  }
  if (!can_fold_now(e)) {
    if (observer != nullptr) observer->on_deferred(*this, e, index);
    deferred.push_back({e, index});
    return;
  }
  fold(e, index, observer);
  if (!deferred.empty()) fold_deferred_that_can_go(observer);
}

void TraceModel::fold_deferred_that_can_go(TraceFoldObserver* observer) {
  for (bool progress = true; progress;) {
    progress = false;
    for (std::size_t i = 0; i < deferred.size(); ++i) {
      const std::uint16_t actor = deferred[i].event.actor;
      const bool first_of_actor =
          std::none_of(deferred.begin(), deferred.begin() + static_cast<std::ptrdiff_t>(i),
                       [&](const DeferredEvent& d) { return d.event.actor == actor; });
      if (!first_of_actor || !can_fold_now(deferred[i].event)) continue;
      const DeferredEvent d = deferred[i];
      deferred.erase(deferred.begin() + static_cast<std::ptrdiff_t>(i));
      fold(d.event, d.index, observer);
      progress = true;
      break;
    }
  }
}

void TraceModel::settle(TraceFoldObserver* observer) {
  fold_deferred_that_can_go(observer);
  while (!deferred.empty()) {
    const DeferredEvent d = deferred.front();
    deferred.erase(deferred.begin());
    if (!can_fold_now(d.event)) {
      ++counters.forced_events;
      if (observer != nullptr) observer->on_forced(*this, d.event, d.index);
    }
    fold(d.event, d.index, observer);
    fold_deferred_that_can_go(observer);
  }
}

void TraceModel::set_worker_pending(ModelWorker& w, std::uint32_t pending) {
  entries.held_by_workers = entries.held_by_workers - w.pending + pending;
  w.pending = pending;
}

void TraceModel::fold(const TraceEvent& e, std::size_t index, TraceFoldObserver* observer) {
  if (observer != nullptr) observer->before_fold(*this, e, index);
  switch (e.kind) {
    case EventKind::cleanup_registered: ++counters.registered; break;
    case EventKind::goroutines_created:
      counters.ng = std::max(counters.ng, e.b);  // ng never shrinks; parallel creations may
                                                  // be appended in either order
      counters.workers_created += e.a;
      counters.needg = 0;  // createGs swaps needg to 0 (Go 1.24's createfing has none: stays 0)
      break;
    case EventKind::gc_phase:
      phase = static_cast<ModelGcPhase>(std::min<std::uint32_t>(e.b, 2));
      cycle = e.a;
      if (phase == ModelGcPhase::sweep) {  // mark termination resets the gate (stop-the-world)
        active_sweepers = 0;
        drained = false;
      }
      break;
    case EventKind::root_scan: ++counters.root_scans; break;
    // Counted, not copied from b: parallel begins and ends may be appended in either order.
    case EventKind::sweeper_begin: ++active_sweepers; break;
    case EventKind::sweeper_end: active_sweepers = minus_saturated(active_sweepers, 1); break;
    case EventKind::sweeper_refused: break;
    case EventKind::sweep_drained: drained = true; break;
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
    case EventKind::fin_enqueue: apply_producer(e); break;
    case EventKind::flush_begin:
    case EventKind::flush_missing:
    case EventKind::flush_adopt:
    case EventKind::flush_merge:
    case EventKind::flush_push:
    case EventKind::flush_free_emptied:
    case EventKind::flush_end: apply_flush(e); break;
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
    case EventKind::fin_take_all: apply_worker(e); break;
    case EventKind::needs_wake:
    case EventKind::wake:
    case EventKind::needg_raised:
    case EventKind::fin_wake:
    case EventKind::invariant_violation:
    case EventKind::stranded:
    case EventKind::run_end: apply_runtime(e); break;
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
    default: break;
  }
}

void TraceModel::apply_flush(const TraceEvent& e) {
  switch (e.kind) {
    case EventKind::flush_begin: flush = ModelFlush{.active = true}; return;
    case EventKind::flush_missing: ++flush.missing; return;
    case EventKind::flush_end:
      flush.active = false;
      ++counters.flushes;
      return;
    default: break;
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
    default: break;
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
    case EventKind::take_failed: w->phase = WorkerPhase::taking; break;
    case EventKind::announce_sleep:
      w->phase = e.b != 0 ? WorkerPhase::announced : WorkerPhase::taking;
      break;
    case EventKind::park:
      w->phase = WorkerPhase::parked;
      ++counters.sleepers;
      break;
    case EventKind::unpark: w->phase = WorkerPhase::woken; break;
    case EventKind::spurious_wake: ++counters.spurious_wakes; break;
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
    case EventKind::cleanup_stuck: w->phase = WorkerPhase::stuck; break;
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
    default: break;
  }
}

void TraceModel::apply_runtime(const TraceEvent& e) {
  switch (e.kind) {
    case EventKind::needs_wake: ++counters.needs_wake; break;
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
    case EventKind::invariant_violation: ++counters.runtime_violations; break;
    case EventKind::stranded: stranded = true; break;
    case EventKind::run_end:
      finished = true;
      complete = e.b != 0;
      break;
    default: break;
  }
}

std::string_view to_string(BlockPlace place) {
  switch (place) {
    case BlockPlace::nowhere: return "nowhere";
    case BlockPlace::p: return "P";
    case BlockPlace::full: return "full";
    case BlockPlace::free: return "free";
    case BlockPlace::worker: return "worker";
    case BlockPlace::flusher: return "flusher";
  }
  return "unknown";
}

std::string_view to_string(WorkerPhase phase) {
  switch (phase) {
    case WorkerPhase::started: return "started";
    case WorkerPhase::taking: return "taking";
    case WorkerPhase::running: return "running";
    case WorkerPhase::announced: return "announced";
    case WorkerPhase::parked: return "parked";
    case WorkerPhase::woken: return "woken";
    case WorkerPhase::stuck: return "stuck";
  }
  return "unknown";
}

}  // namespace cq
