#include "runtime/code_location.hpp"

#include "runtime/runtime_state.hpp"

namespace cq {

std::string_view code_line_of(const TraceEvent& e, const CodeVariant& v, CodeLineContext context) {
  // Go 1.24 has no cleanup queue and no listing (its fing runs runtime/mfinal.go).
  if (v.design != Design::cleanup_queue) return {};
  const bool level = v.protocol == WakeProtocol::level;
  switch (e.kind) {
    case EventKind::cleanup_registered:
      return "addcleanup.add";
    case EventKind::goroutines_created:
      return "creategs.go";
    case EventKind::worker_started:
      return "runcleanups.start";
    case EventKind::sweeper_begin:
      return "gate.begin";
    case EventKind::sweeper_refused:
      return "gate.refused";
    case EventKind::sweeper_end:
      return e.a != 0 ? "gate.last" : "gate.end";
    case EventKind::sweep_drained:
      return "gate.drained";
    case EventKind::block_allocated:
      return "enqueue.allocate";
    case EventKind::block_from_free:
      return "enqueue.from_free";
    case EventKind::enqueue:
      return "enqueue.store";
    case EventKind::block_full:
      return "enqueue.push_full";
    case EventKind::work_signalled:
      // enqueue signals one unit on its P; flush signals what it pushed, on no P.
      return e.p != kNoP ? "enqueue.add_work" : "flush.add_work";
    case EventKind::flush_begin:
      return "flush.begin";
    case EventKind::flush_missing:
      return context.p_is_nil && v.flush_skips_nil_p ? "flush.nil_p_check" : "flush.no_block";
    case EventKind::flush_adopt:
      return "flush.adopt";
    case EventKind::flush_merge:
      return "flush.take";
    case EventKind::flush_push:
      return e.a != 0 ? "flush.push_last" : "flush.push_full";
    case EventKind::flush_free_emptied:
      return "flush.free_emptied";
    case EventKind::flush_end:
      return "flush.end";
    case EventKind::needs_wake:
      return "wake.needs_wake";
    case EventKind::wake:
      return e.a > 0 ? "wake.inject" : "wake.none";
    case EventKind::needg_raised:
      return "wake.needg";
    case EventKind::take_failed:
    case EventKind::spurious_wake:
      // Level: tryTakeWork found no work unit. One-shot: the pop found nothing.
      return level ? "dequeue.try_take" : "dequeue.pop";
    case EventKind::pop_full:
      return "dequeue.pop";
    case EventKind::announce_sleep:
      // b = 0: the level protocol's re-check saw work after announcing, and undoes it.
      return e.b == 0 && level ? "dequeue.recheck" : "dequeue.announce";
    case EventKind::park:
    case EventKind::unpark:  // goparkunlock returns when wake injects the goroutine
      return "dequeue.park";
    case EventKind::running_begin:
      return "runcleanups.begin_running";
    case EventKind::cleanup_run:
    case EventKind::cleanup_stuck:   // the call never returns
    case EventKind::cleanup_goexit:  // the call ends the goroutine (golang/go#71824)
      return "runcleanups.call";
    case EventKind::running_end:
      return "runcleanups.end_running";
    case EventKind::push_free:
      return "runcleanups.push_free";
    case EventKind::crash:
      // e46c8e's flush reads pp.cleanups through a nil allp entry.
      return e.b == static_cast<std::uint32_t>(CrashCause::nil_p_in_flush) ? "flush.no_block" : "";
    case EventKind::gc_phase:
    case EventKind::root_scan:
    case EventKind::p_acquired:
    case EventKind::p_released:
    case EventKind::fin_enqueue:
    case EventKind::fin_take_all:
    case EventKind::fin_wake:
    case EventKind::invariant_violation:
    case EventKind::stranded:
    case EventKind::run_end:
    case EventKind::procresize:
      return {};
  }
  return {};
}

std::string_view why_no_code_line(EventKind kind) {
  switch (kind) {
    case EventKind::gc_phase:
      return "the GC's phase changes (gcStart, gcMarkTermination in runtime/mgc.go) are not listed";
    case EventKind::root_scan:
      return "markroot's scan of the cleanup blocks (runtime/mgcmark.go) is not listed";
    case EventKind::p_acquired:
    case EventKind::p_released:
      return "the model's sweeper takes a P to sweep on; Go's sweeps run on the goroutine's own P";
    case EventKind::fin_enqueue:
    case EventKind::fin_take_all:
    case EventKind::fin_wake:
      return "Go 1.24's finalizer queue (runtime/mfinal.go): the pane lists the cleanup queue";
    case EventKind::invariant_violation:
      return "the model's own check of docs/algorithm.md's invariants, not Go code";
    case EventKind::stranded:
    case EventKind::run_end:
      return "written by the runner when the run ends, not by an actor";
    case EventKind::procresize:
      return "procresize (runtime/proc.go) is not listed";
    case EventKind::crash:
      return "a panic in a cleanup (runtime/panic.go) is not listed; e46c8e's nil-P fault is";
    default:
      return {};
  }
}

void ActorCodeLines::apply(const TraceEvent& e, std::size_t index) {
  ++events_;
  // procresize grows allp before it allocates the new Ps; when the grower's next step is the
  // last sweeper's flush, the Ps from the old count up stay nil until that flush ends.
  CodeLineContext context;
  if (e.actor == grower_ && e.kind != EventKind::procresize) {
    nil_ps_in_flush_ = e.kind == EventKind::flush_begin;
    grower_ = kRuntimeActor;
  }
  if (e.kind == EventKind::flush_missing && nil_ps_in_flush_) {
    context.p_is_nil = e.p >= grown_from_ && e.p < grown_to_;
  }
  if (e.kind == EventKind::flush_end || e.kind == EventKind::crash) nil_ps_in_flush_ = false;
  if (e.kind == EventKind::procresize) {
    nil_ps_in_flush_ = false;
    if (e.a > e.b) {
      grower_ = e.actor;
      grown_from_ = e.b;
      grown_to_ = static_cast<std::uint32_t>(e.a);
    }
  }
  const std::string_view line = code_line_of(e, variant_, context);
  if (line.empty() || e.actor == kRuntimeActor) return;
  if (e.actor >= positions_.size()) positions_.resize(std::size_t{e.actor} + 1);
  positions_[e.actor] = {line, index, e.kind};
}

}  // namespace cq
