#include "runtime/sweep_session.hpp"

#include "sim/fingerprint.hpp"

namespace cq {

bool SweepSession::begin(StepContext& ctx) {
  if (!rt_.gate.begin()) return false;
  ctx.emit(EventKind::sweeper_begin, kNoP, kNoBlock, 0, rt_.gate.active());
  stage_ = Stage::acquire_p;
  return true;
}

SweepSession::Step SweepSession::step(StepContext& ctx) {
  const Costs& c = rt_.scenario.costs;
  switch (stage_) {
    case Stage::idle:
      return {true, c.sweep_gate_ns};  // no session: begin() first

    case Stage::acquire_p: {
      auto p = rt_.ps.acquire((first_p_ + sessions_) % rt_.ps.size(), holder_);
      if (!p) return {false, c.sweep_gate_ns};  // every P busy: try again
      p_ = static_cast<std::uint16_t>(*p);
      ++sessions_;
      ctx.emit(EventKind::p_acquired, p_);
      stage_ = Stage::claim_span;
      return {false, c.sweep_gate_ns};
    }

    case Stage::claim_span: {
      if (p_ >= rt_.ps.size()) {
        // A shrink cut our P: after Go's stop-the-world this goroutine runs on a live P.
        release_p(ctx);
        stage_ = Stage::acquire_p;
        return {false, c.sweep_gate_ns};
      }
      const std::uint32_t i = rt_.next_span.fetch_add(1, std::memory_order_relaxed);
      if (i >= rt_.spans.size()) {
        if (rt_.gate.mark_drained()) ctx.emit(EventKind::sweep_drained, p_);
        release_p(ctx);
        stage_ = Stage::end;
        return {false, c.sweep_gate_ns};
      }
      maybe_shrink(ctx, i);
      span_ = rt_.spans[i];
      stage_ = Stage::sweep_object;
      return {false, c.sweep_gate_ns};
    }

    case Stage::sweep_object:
      sweep_one(ctx, rt_.dead_to_sweep[span_.mutator][span_.begin++]);
      if (span_.begin == span_.end) {
        release_p(ctx);
        stage_ = Stage::end;
      }
      return {false, c.sweep_object_ns};

    case Stage::end: {
      stage_ = Stage::idle;
      const bool last = rt_.gate.end();
      ctx.emit(EventKind::sweeper_end, kNoP, kNoBlock, last ? 1 : 0, rt_.gate.active());
      if (last) {
        if (grows_now()) begin_growth(ctx);
        flush(ctx);
        if (rt_.crashed() != CrashCause::none) return {true, 0};
        if (grows_now()) end_growth();
        // Release: the GC that waits for the last sweep (gc_phases "go") sees the flush done.
        rt_.sweeps_done.fetch_add(1, std::memory_order_release);
        // The GC waits for this (parked: until the sweep is over; go: the last cycle's sweep),
        // unless it flushed itself (finishsweep_m).
        if (ctx.self() != rt_.gc_actor) ctx.host().unpark(rt_.gc_actor, ctx.now());
      }
      return {true, c.sweep_gate_ns};
    }
  }
  return {true, 0};
}

std::uint64_t SweepSession::fingerprint() const {
  // sessions_ stays in: it picks the P the next session starts looking from.
  return Fingerprint()
      .add(static_cast<std::uint64_t>(stage_))
      .add(p_)
      .add(sessions_)
      .add(span_.mutator)
      .add(span_.begin)
      .add(span_.end)
      .value();
}

std::string SweepSession::next_step() const {
  switch (stage_) {
    case Stage::idle:
      return "begin sweeping (the gate may refuse)";
    case Stage::acquire_p:
      return "acquire a P";
    case Stage::claim_span:
      return "claim a span";
    case Stage::sweep_object:
      return "sweep an object into P" + std::to_string(p_) + "'s block";
    case Stage::end:
      return "end sweeping (the last one flushes)";
  }
  return {};
}

bool SweepSession::in_resize_cycle() const {
  return rt_.cycle + 1 == rt_.scenario.resize_during_cycle;
}

// --shrink-gomaxprocs-to: whoever claims the middle span of that cycle's sweep shrinks
// GOMAXPROCS first, so that the Ps swept so far hold partial blocks. Go stops the world
// (runtime.GOMAXPROCS: stopTheWorldGC, then procresize); the model does not wait for the
// other sweepers' spans in flight, which end on their (now dead) Ps as Go's non-preemptible
// sweepone would have ended them before the stop. Cut Ps keep their blocks
// (CleanupQueue::set_gomaxprocs); no later flush walks them.
void SweepSession::maybe_shrink(StepContext& ctx, std::uint32_t span) {
  const Scenario& s = rt_.scenario;
  if (s.shrink_gomaxprocs_to == 0 || !in_resize_cycle() || span != rt_.spans.size() / 2) return;
  rt_.procresize(ctx, s.shrink_gomaxprocs_to, p_);
}

// --grow-gomaxprocs-to, as the last span of that cycle is swept: procresize grows allp first
// (a new backing array, the new entries nil) and only then allocates each new P, and new(p)
// can sweep (mallocgc); here it swept the last span, so the last end() and its flush run with
// those entries still nil (runtime/proc.go, procresize; the comment on the nil check in
// runtime/mcleanup.go, flush). e46c8e's flush has no check: it reads pp.cleanups through nil.
bool SweepSession::grows_now() const {
  return rt_.scenario.grow_gomaxprocs_to != 0 && in_resize_cycle();
}
void SweepSession::begin_growth(StepContext& ctx) {
  const std::uint32_t before = rt_.ps.size();
  for (std::uint32_t p = before; p < rt_.scenario.grow_gomaxprocs_to; ++p) {
    rt_.queue->set_p_nil(p, true);
  }
  rt_.procresize(ctx, rt_.scenario.grow_gomaxprocs_to, p_);
}
// procresize goes on: pp.init, atomicstorep(&allp[i], pp).
void SweepSession::end_growth() {
  for (std::uint32_t p = rt_.scenario.gomaxprocs; p < rt_.scenario.grow_gomaxprocs_to; ++p) {
    rt_.queue->set_p_nil(p, false);
  }
}

void SweepSession::release_p(StepContext& ctx) {
  rt_.ps.release(p_);
  ctx.emit(EventKind::p_released, p_);
}

// freeSpecial for a dead object with a cleanup special: hand the cleanup to the queue.
void SweepSession::sweep_one(StepContext& ctx, CleanupId id) {
  if (!rt_.sweep_allowed(rt_.phase.load(std::memory_order_seq_cst))) {
    rt_.violation(ctx, Invariant::no_growth_during_mark, id);
  }
  if (rt_.ps.holder(p_) != holder_) rt_.violation(ctx, Invariant::exclusive_p, p_);
  if (rt_.fin) {
    const FinEnqueueResult r = rt_.fin->enqueue(id);
    ctx.emit(EventKind::fin_enqueue, p_, r.block, id, r.slot);
    return;
  }
  const EnqueueResult r = rt_.queue->enqueue(p_, id);
  if (r.took_block) {
    ctx.emit(r.allocated ? EventKind::block_allocated : EventKind::block_from_free, p_, r.block->id,
             0, r.cas_retries);
  }
  ctx.emit(EventKind::enqueue, p_, r.block->id, id, r.slot);
  if (r.slot + 1 > r.block->capacity) rt_.violation(ctx, Invariant::bounds, r.block->id);
  if (r.pushed_full) {
    if (r.slot + 1 != r.block->capacity) {
      rt_.violation(ctx, Invariant::enqueue_pushes_full, r.block->id);
    }
    rt_.full_pushes.fetch_add(1, std::memory_order_relaxed);
    ctx.emit(EventKind::block_full, p_, r.block->id, 0, r.cas_retries);
    ctx.emit(EventKind::work_signalled, p_, kNoBlock, 0, 1);
  }
}

// The last sweeper's flush: no sweeper is active and none can start, so every P's block is
// ours without a lock. Each merge becomes an event the picture animates; the events' actor says
// who flushed (a sweeper; under gc_phases "go" also a mutator or the GC).
void SweepSession::flush(StepContext& ctx) {
  if (!rt_.queue) return;  // Go 1.24 has nothing P-local to flush
  ctx.emit(EventKind::flush_begin);
  const FlushResult r = rt_.queue->flush();
  for (const FlushStep& f : r.steps) {
    const auto p = static_cast<std::uint16_t>(f.p);
    switch (f.kind) {
      case FlushStep::Kind::missing:
        ctx.emit(EventKind::flush_missing, p);
        break;
      case FlushStep::Kind::adopt:
        ctx.emit(EventKind::flush_adopt, p, f.block, 0, f.count);
        break;
      case FlushStep::Kind::merge:
        ctx.emit(EventKind::flush_merge, p, f.block, f.into, f.count);
        break;
      case FlushStep::Kind::push_full:
        ctx.emit(EventKind::flush_push, p, f.block, 0, f.count);
        break;
      case FlushStep::Kind::push_last:
        ctx.emit(EventKind::flush_push, p, f.block, 1, f.count);
        break;
      case FlushStep::Kind::free_emptied:
        ctx.emit(EventKind::flush_free_emptied, p, f.block);
        break;
    }
  }
  if (r.nil_p_crash) {
    // SIGSEGV under the stopped world: the program dies mid-walk (no flush_end).
    rt_.crash(ctx, CrashCause::nil_p_in_flush, *r.nil_p_crash,
              static_cast<std::uint16_t>(*r.nil_p_crash));
    return;
  }
  if (r.pushed > 0) ctx.emit(EventKind::work_signalled, kNoP, kNoBlock, 0, r.pushed);
  ctx.emit(EventKind::flush_end, kNoP, kNoBlock, r.pushed, r.emptied | r.missing << 16);
  rt_.flushes.fetch_add(1, std::memory_order_relaxed);
  if (!r.accounting_holds) rt_.violation(ctx, Invariant::flush_postcondition, r.pushed);
  for (std::uint32_t p = 0; p < rt_.queue->gomaxprocs(); ++p) {  // allp: dead Ps keep theirs
    if (rt_.queue->p_block(p) != nullptr) rt_.violation(ctx, Invariant::flush_postcondition, p);
  }
}

}  // namespace cq
