// TraceModel's bookkeeping: where blocks are and what they hold (detach / attach / set_n keep
// the entry totals right), and the deferral of pops that came before their push (apply,
// settle). What each event means is in trace_model_fold.cpp.
#include "trace/trace_model.hpp"

#include <algorithm>

namespace cq {
namespace {

void erase_from_stack(std::vector<std::uint32_t>& stack, std::uint32_t id) {
  // Searched from the top: a pop nearly always takes the top (always, outside threaded runs).
  for (std::size_t i = stack.size(); i-- > 0;) {
    if (stack[i] == id) {
      stack.erase(stack.begin() + static_cast<std::ptrdiff_t>(i));
      return;
    }
  }
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
    case BlockPlace::p:
      return &entries.in_p;
    case BlockPlace::full:
      return &entries.in_full;
    case BlockPlace::flusher:
      return &entries.in_flusher;
    // A held block's entries are counted by its worker's `pending` (run ones leave the block
    // only when it is cleared), and free or unallocated blocks hold nothing queued.
    case BlockPlace::worker:
    case BlockPlace::free:
    case BlockPlace::nowhere:
      return nullptr;
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
    case BlockPlace::full:
      erase_from_stack(full_stack, id);
      break;
    case BlockPlace::free:
      erase_from_stack(free_stack, id);
      break;
    case BlockPlace::worker:
    case BlockPlace::flusher:
    case BlockPlace::nowhere:
      break;
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
    case BlockPlace::full:
      full_stack.push_back(id);
      break;
    case BlockPlace::free:
      free_stack.push_back(id);
      break;
    case BlockPlace::worker:
    case BlockPlace::flusher:
    case BlockPlace::nowhere:
      break;
  }
}

void TraceModel::set_n(std::uint32_t id, std::uint32_t n) {
  ModelBlock& b = blocks[id];
  if (std::uint64_t* total = total_for(b.place)) *total = *total - b.n + n;
  b.n = n;
  if (b.place == BlockPlace::p && b.owner < ps.size() && ps[b.owner].block == id) {
    ps[b.owner].fill = n;
  }
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

std::string_view to_string(BlockPlace place) {
  switch (place) {
    case BlockPlace::nowhere:
      return "nowhere";
    case BlockPlace::p:
      return "P";
    case BlockPlace::full:
      return "full";
    case BlockPlace::free:
      return "free";
    case BlockPlace::worker:
      return "worker";
    case BlockPlace::flusher:
      return "flusher";
  }
  return "unknown";
}

std::string_view to_string(WorkerPhase phase) {
  switch (phase) {
    case WorkerPhase::started:
      return "started";
    case WorkerPhase::taking:
      return "taking";
    case WorkerPhase::running:
      return "running";
    case WorkerPhase::announced:
      return "announced";
    case WorkerPhase::parked:
      return "parked";
    case WorkerPhase::woken:
      return "woken";
    case WorkerPhase::stuck:
      return "stuck";
    case WorkerPhase::exited:
      return "exited (Goexit)";
  }
  return "unknown";
}

}  // namespace cq
