// TraceChecker's per-event checks, one function per actor family, run before the model folds
// the event (so "the model" below is the state the event starts from), and the end-of-trace
// consistency check of the model itself.
#include <algorithm>

#include "trace/trace_invariants.hpp"

namespace cq {
namespace {

std::string block_name(std::uint32_t id) {
  return "block " + std::to_string(id);
}

std::string where(const TraceModel& m, std::uint32_t id) {
  const ModelBlock* b = m.block(id);
  if (b == nullptr) return "nowhere";
  std::string s(to_string(b->place));
  if (b->place == BlockPlace::p || b->place == BlockPlace::worker) {
    s += ' ';
    s += std::to_string(b->owner);  // appended in two steps: GCC 12's -Wrestrict misfires on
                                    // " " + std::to_string(...) at -O3
  }
  return s;
}

bool at_p(const TraceModel& m, std::uint32_t id, std::uint16_t p) {
  const ModelBlock* b = m.block(id);
  return b != nullptr && b->place == BlockPlace::p && b->owner == p;
}

std::uint32_t n_of(const TraceModel& m, std::uint32_t id) {
  const ModelBlock* b = m.block(id);
  return b == nullptr ? 0 : b->n;
}

bool names_queue_block(EventKind k) {
  switch (k) {
    case EventKind::root_scan:
    case EventKind::block_from_free:
    case EventKind::enqueue:
    case EventKind::block_full:
    case EventKind::flush_adopt:
    case EventKind::flush_merge:
    case EventKind::flush_push:
    case EventKind::flush_free_emptied:
    case EventKind::pop_full:
    case EventKind::running_begin:
    case EventKind::cleanup_run:
    case EventKind::cleanup_stuck:
    case EventKind::running_end:
    case EventKind::push_free:
      return true;
    default:
      return false;
  }
}

}  // namespace

bool TraceChecker::sweep_allowed() const {
  if (!go_phases_) return model_.phase == GcPhase::sweep;
  return model_.phase == GcPhase::off || model_.phase == GcPhase::sweep_termination;
}

void TraceChecker::check_gc_event(const TraceEvent& e) {
  const bool sweeping = sweep_allowed();
  switch (e.kind) {
    case EventKind::gc_phase:
      if (is_stop_the_world(static_cast<GcPhase>(e.b))) go_phases_ = true;
      if (go_phases_) {
        // The sweep a mark termination opened ends, at the latest, in the next sweep
        // termination's finishsweep_m: one flush in between (none before the first cycle's).
        if (e.b == static_cast<std::uint32_t>(GcPhase::mark)) {
          const std::uint64_t expected = options_.go124 || !swept_before_ ? 0 : 1;
          if (flushes_in_phase_ != expected) {
            fail(8, "the sweep before cycle " + std::to_string(e.a) + "'s mark ended after " +
                        std::to_string(flushes_in_phase_) + " flushes, expected " +
                        std::to_string(expected));
          }
        }
        if (e.b == static_cast<std::uint32_t>(GcPhase::mark_termination)) {
          swept_before_ = true;
          flushes_in_phase_ = 0;
          last_sweeper_ended_ = false;
        }
        break;
      }
      if (sweeping && e.b != static_cast<std::uint32_t>(GcPhase::sweep)) {
        const std::uint64_t expected = options_.go124 ? 0 : 1;
        if (flushes_in_phase_ != expected) {
          fail(8, "sweep phase of cycle " + std::to_string(model_.cycle) + " ended after " +
                      std::to_string(flushes_in_phase_) + " flushes, expected " +
                      std::to_string(expected));
        }
      }
      flushes_in_phase_ = 0;
      last_sweeper_ended_ = false;
      break;
    case EventKind::sweeper_begin:
      // Threaded: a begin that won its CAS before the drain may be appended after it.
      if (sweeping && model_.drained && (options_.strict_order || e.time_ns > drained_at_)) {
        fail(8, "a sweeper began after the drained bit was set");
      }
      break;
    case EventKind::sweep_drained:
      if (model_.drained) fail(8, "the drained bit was set twice in one sweep phase");
      drained_at_ = e.time_ns;
      break;
    case EventKind::sweeper_end:
      if (e.a != 0) {
        if (!model_.drained || e.b != 0) {
          fail(8, "a sweeper ended as the last one with the gate at " + std::to_string(e.b) +
                      " active, drained " + (model_.drained ? "yes" : "no"));
        }
        last_sweeper_ended_ = true;
      }
      break;
    case EventKind::run_end:
      // "go": the GC ends its part of the run only once the last cycle's sweep has flushed
      // (gc_actor.cpp, wait_last_sweep); a program that died (the model folded its crash event)
      // ends wherever it died.
      if (go_phases_ && swept_before_ && model_.crash == 0) {
        const std::uint64_t expected = options_.go124 ? 0 : 1;
        if (flushes_in_phase_ != expected) {
          fail(8, "the run ended after " + std::to_string(flushes_in_phase_) +
                      " flushes in the last cycle's sweep, expected " + std::to_string(expected));
        }
      }
      break;
    case EventKind::flush_begin:
      if (!last_sweeper_ended_) fail(8, "a flush began without a last sweeper's end before it");
      if (!sweeping) fail(8, "a flush began outside the sweep phase");
      if (model_.flush.active) fail(5, "a flush began inside another flush");
      last_sweeper_ended_ = false;
      ++flushes_in_phase_;
      break;
    default:
      break;
  }
}

void TraceChecker::check_block_event(const TraceEvent& e) {
  const bool strict = options_.strict_order;
  if (!options_.go124 && names_queue_block(e.kind) &&
      (e.block >= allocated_.size() || !allocated_[e.block])) {
    fail(2, block_name(e.block) + " is used by " + std::string(to_string(e.kind)) +
                " but was never allocated");
  }
  const bool in_sweep = sweep_allowed();
  const std::string phase_name(to_string(model_.phase));
  switch (e.kind) {
    case EventKind::block_allocated:
      if (!in_sweep) fail(7, "new " + block_name(e.block) + " linked during phase " + phase_name);
      if (e.block < allocated_.size() && allocated_[e.block]) {
        fail(2, block_name(e.block) + " allocated twice");
      }
      if (e.block >= allocated_.size()) allocated_.resize(std::size_t{e.block} + 1, false);
      allocated_[e.block] = true;
      if (e.p < model_.ps.size() && model_.ps[e.p].block != kNoBlock) {
        fail(2, "P " + std::to_string(e.p) + " took a new block while holding one");
      }
      break;
    case EventKind::block_from_free:
      if (!in_sweep) fail(7, "a block was taken from free during phase " + phase_name);
      if (strict && (model_.free_stack.empty() || model_.free_stack.back() != e.block)) {
        fail(2, block_name(e.block) + " popped from free, but the free stack's top is " +
                    (model_.free_stack.empty() ? "nothing" : block_name(model_.free_stack.back())));
      }
      if (n_of(model_, e.block) != 0) {
        fail(3, block_name(e.block) + " came off free with n " +
                    std::to_string(n_of(model_, e.block)));
      }
      break;
    case EventKind::enqueue:
    case EventKind::fin_enqueue:
      if (!in_sweep)
        fail(7, "enqueue of cleanup " + std::to_string(e.a) + " during phase " + phase_name);
      if (e.kind == EventKind::fin_enqueue) break;
      if (e.b >= options_.block_capacity) {
        fail(1, "enqueue wrote slot " + std::to_string(e.b) + " of " + block_name(e.block) +
                    ", capacity " + std::to_string(options_.block_capacity));
      }
      if (e.p >= model_.ps.size() || model_.ps[e.p].block != e.block) {
        fail(2, "enqueue into " + block_name(e.block) + " on P " + std::to_string(e.p) +
                    ", which the model has at " + where(model_, e.block));
      } else if (e.b != model_.ps[e.p].fill) {
        fail(2, "enqueue wrote slot " + std::to_string(e.b) + " of " + block_name(e.block) +
                    ", which holds " + std::to_string(model_.ps[e.p].fill));
      }
      if (strict && e.p < model_.ps.size() && model_.ps[e.p].holder != e.actor) {
        fail(9, "actor " + std::to_string(e.actor) + " enqueued into P " + std::to_string(e.p) +
                    " without holding it");
      }
      break;
    case EventKind::block_full:
      if (n_of(model_, e.block) != options_.block_capacity) {
        fail(4, "enqueue pushed " + block_name(e.block) + " with n " +
                    std::to_string(n_of(model_, e.block)) + ", not exactly full");
      }
      if (!at_p(model_, e.block, e.p)) {
        fail(2, block_name(e.block) + " pushed full by P " + std::to_string(e.p) +
                    " but it is at " + where(model_, e.block));
      }
      break;
    case EventKind::p_acquired:
      if (strict && e.p < model_.ps.size() && model_.ps[e.p].holder != kNoActorInModel) {
        fail(9, "P " + std::to_string(e.p) + " acquired while held by actor " +
                    std::to_string(model_.ps[e.p].holder));
      }
      break;
    case EventKind::p_released:
      if (strict && (e.p >= model_.ps.size() || model_.ps[e.p].holder != e.actor)) {
        fail(9, "P " + std::to_string(e.p) + " released by an actor that does not hold it");
      }
      break;
    default:
      break;
  }
}

void TraceChecker::check_flush_event(const TraceEvent& e) {
  const ModelFlush& f = model_.flush;
  const std::uint32_t cap = options_.block_capacity;
  auto expect_taken_from_p = [&] {
    if (!at_p(model_, e.block, e.p)) {
      fail(2, "flush took " + block_name(e.block) + " from P " + std::to_string(e.p) +
                  " but it is at " + where(model_, e.block));
    }
  };
  auto visit_p = [&] {
    if (e.p >= gomaxprocs_) {
      fail(5, "flush visited P " + std::to_string(e.p) + " of " + std::to_string(gomaxprocs_));
    } else if (++ps_seen_in_flush_[e.p] > 1) {
      fail(5, "flush visited P " + std::to_string(e.p) + " twice");
    }
  };
  switch (e.kind) {
    case EventKind::flush_begin:
      ps_seen_in_flush_.assign(gomaxprocs_, 0);
      empty_flush_pushes_ = 0;
      return;
    case EventKind::flush_missing:
    case EventKind::flush_adopt:
    case EventKind::flush_merge:
    case EventKind::flush_push:
    case EventKind::flush_free_emptied:
    case EventKind::flush_end:
      if (!f.active) {
        fail(5, std::string(to_string(e.kind)) + " outside a flush");
        return;
      }
      break;
    default:
      return;
  }
  switch (e.kind) {
    case EventKind::flush_missing:
      visit_p();
      if (e.p < model_.ps.size() && model_.ps[e.p].block != kNoBlock) {
        fail(5, "flush found P " + std::to_string(e.p) + " missing, but it holds " +
                    block_name(model_.ps[e.p].block));
      }
      break;
    case EventKind::flush_adopt:
      visit_p();
      expect_taken_from_p();
      if (f.accumulator != kNoBlock) fail(5, "flush adopted a second accumulator");
      if (e.b > cap) {
        fail(1, "flush adopted " + block_name(e.block) + " with n " + std::to_string(e.b));
      }
      if (e.b != n_of(model_, e.block)) {
        fail(5, "flush adopted " + block_name(e.block) + " with n " + std::to_string(e.b) +
                    ", the model has " + std::to_string(n_of(model_, e.block)));
      }
      break;
    case EventKind::flush_merge: {
      visit_p();
      expect_taken_from_p();
      if (e.a != f.accumulator) fail(5, "flush merged into a block that is not its accumulator");
      const std::uint32_t from = n_of(model_, e.block);
      const std::uint32_t into = n_of(model_, static_cast<std::uint32_t>(e.a));
      if (e.b > from) {
        fail(5, "flush moved " + std::to_string(e.b) + " of " + std::to_string(from));
      }
      if (into + e.b > cap) fail(1, "flush merge overfilled the accumulator");
      // take(): afterwards the accumulator is full or the source is empty (or both).
      if (into + e.b != cap && from != e.b) fail(5, "a merge left both blocks partial");
      break;
    }
    case EventKind::flush_push:
      if (e.block != f.accumulator) fail(5, "flush pushed a block that is not its accumulator");
      if (e.b > cap) {
        fail(1, "flush pushed " + block_name(e.block) + " with n " + std::to_string(e.b));
      }
      if (e.a == 0 && e.b != cap) {
        fail(4, "flush pushed a partial " + block_name(e.block) + " (n " + std::to_string(e.b) +
                    ") before its last push");
      }
      if (e.b == 0 && ++empty_flush_pushes_ > 1) fail(4, "flush pushed more than one empty block");
      if (e.b != n_of(model_, e.block)) {
        fail(5, "flush pushed " + block_name(e.block) + " saying n " + std::to_string(e.b) +
                    ", the model has " + std::to_string(n_of(model_, e.block)));
      }
      break;
    case EventKind::flush_free_emptied:
      if (e.block != f.source) fail(5, "flush freed a block it did not just merge from");
      if (n_of(model_, e.block) != 0) {
        fail(3, "flush freed " + block_name(e.block) + " with n " +
                    std::to_string(n_of(model_, e.block)));
      }
      break;
    case EventKind::flush_end: {
      const std::uint32_t emptied = e.b & 0xffff;
      const std::uint32_t missing = e.b >> 16;
      if (e.a != f.pushed || emptied != f.emptied || missing != f.missing) {
        fail(5, "flush_end says pushed/emptied/missing " + std::to_string(e.a) + "/" +
                    std::to_string(emptied) + "/" + std::to_string(missing) + ", its events " +
                    std::to_string(f.pushed) + "/" + std::to_string(f.emptied) + "/" +
                    std::to_string(f.missing));
      }
      if (e.a + emptied + missing != gomaxprocs_) {
        fail(5, "flush accounting: pushed + emptied + missing = " +
                    std::to_string(e.a + emptied + missing) + ", gomaxprocs " +
                    std::to_string(gomaxprocs_));
      }
      for (std::uint32_t p = 0; p < gomaxprocs_; ++p) {
        if (ps_seen_in_flush_[p] != 1) fail(5, "flush never visited P " + std::to_string(p));
        if (p < model_.ps.size() && model_.ps[p].block != kNoBlock) {
          fail(5, "P " + std::to_string(p) + " still holds a block after the flush");
        }
      }
      if (f.accumulator != kNoBlock || f.source != kNoBlock) {
        fail(5, "flush ended holding a block");
      }
      break;
    }
    default:
      break;
  }
}

void TraceChecker::check_worker_event(const TraceEvent& e) {
  const bool strict = options_.strict_order;
  if (e.kind == EventKind::wake || e.kind == EventKind::fin_wake) {
    const std::uint64_t woken = e.kind == EventKind::wake ? e.a : 1;
    if (strict && woken > model_.counters.sleepers) {
      fail(11, "a wake woke " + std::to_string(woken) + " goroutines with " +
                   std::to_string(model_.counters.sleepers) + " parked");
    }
    return;
  }
  const ModelWorker* w = model_.worker_for_actor(e.actor);
  const bool go125_worker = w != nullptr && !w->fing;
  switch (e.kind) {
    case EventKind::pop_full:
      if (e.a > options_.block_capacity) {
        fail(1, block_name(e.block) + " popped with n " + std::to_string(e.a));
      }
      if (w != nullptr && w->block != kNoBlock) {
        fail(2, "a worker popped a block while holding one");
      }
      if (strict && (model_.full_stack.empty() || model_.full_stack.back() != e.block)) {
        fail(2, block_name(e.block) + " popped from full, but the full stack's top is " +
                    (model_.full_stack.empty() ? "nothing" : block_name(model_.full_stack.back())));
      }
      if (e.a != n_of(model_, e.block)) {
        fail(6, block_name(e.block) + " popped saying n " + std::to_string(e.a) +
                    ", the model has " + std::to_string(n_of(model_, e.block)));
      }
      break;
    case EventKind::cleanup_run:
    case EventKind::cleanup_stuck:
      if (w == nullptr || w->pending == 0) {
        fail(6, "cleanup " + std::to_string(e.a) + " ran on a goroutine holding nothing to run");
      }
      if (!go125_worker) break;
      if (w->block != e.block) {
        fail(2, "a worker ran " + block_name(e.block) + " holding " + block_name(w->block));
      } else if (e.b != w->next_slot) {
        fail(2, "a worker ran slot " + std::to_string(e.b) + " of " + block_name(e.block) +
                    ", expected slot " + std::to_string(w->next_slot));
      }
      if (e.b >= n_of(model_, e.block)) {
        fail(1, "a worker ran slot " + std::to_string(e.b) + " of " + block_name(e.block) +
                    " with n " + std::to_string(n_of(model_, e.block)));
      }
      break;
    case EventKind::running_begin:
    case EventKind::running_end:
      if (go125_worker && w->block != e.block) {
        fail(2, std::string(to_string(e.kind)) + " on " + block_name(e.block) +
                    " by a worker holding " + block_name(w->block));
      }
      break;
    case EventKind::push_free:
      if (w == nullptr || w->block != e.block) {
        fail(2, block_name(e.block) + " pushed onto free by a worker not holding it");
      } else if (w->pending != 0) {
        fail(3, block_name(e.block) + " pushed onto free with " + std::to_string(w->pending) +
                    " entries never run");
      }
      break;
    case EventKind::fin_take_all:
      if (w != nullptr && w->pending != 0) {
        fail(6, "fing took the finq while still holding entries");
      }
      if (strict && e.a != model_.entries.finq) {
        fail(6, "fing took " + std::to_string(e.a) + " entries, the finq held " +
                    std::to_string(model_.entries.finq));
      }
      break;
    default:
      break;
  }
}

void TraceChecker::check_model_consistency() {
  const TraceModel& m = model_;
  std::vector<std::uint8_t> on_stack(m.blocks.size(), 0);
  auto walk = [&](const std::vector<std::uint32_t>& stack, BlockPlace place) {
    for (std::uint32_t id : stack) {
      if (id >= m.blocks.size() || m.blocks[id].place != place || on_stack[id]++ != 0) {
        fail(2, block_name(id) + " is on the " + std::string(to_string(place)) +
                    " stack but the model has it at " + where(m, id));
      }
    }
  };
  walk(m.full_stack, BlockPlace::full);
  walk(m.free_stack, BlockPlace::free);
  for (std::uint32_t id = 0; id < m.blocks.size(); ++id) {
    const ModelBlock& b = m.blocks[id];
    if (b.n > options_.block_capacity) {
      fail(1, block_name(id) + " ends with n " + std::to_string(b.n));
    }
    const bool consistent =
        (b.place == BlockPlace::p && b.owner < m.ps.size() && m.ps[b.owner].block == id) ||
        ((b.place == BlockPlace::full || b.place == BlockPlace::free) && on_stack[id] == 1) ||
        (b.place == BlockPlace::worker && b.owner < m.workers.size() &&
         m.workers[b.owner].block == id) ||
        (b.place == BlockPlace::flusher && m.flush.active) ||
        (b.place == BlockPlace::nowhere && (id >= allocated_.size() || !allocated_[id]));
    if (!consistent) {
      fail(2, block_name(id) + " ends in no single place (model: " + where(m, id) + ")");
    }
    if (b.place == BlockPlace::free && b.n != 0) {
      fail(3, block_name(id) + " is free with n " + std::to_string(b.n));
    }
  }
}

}  // namespace cq
