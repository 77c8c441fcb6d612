// The checks behind TraceChecker. before_event() compares an event's claims with the model as it
// stands (where the block is, who holds the P); the model then folds the event; after_event()
// checks the outcome (counts, conservation). Numbers in fail() are docs/algorithm.md §6.
#include "trace/trace_invariants.hpp"

#include <algorithm>

namespace cq {
namespace {

constexpr std::uint8_t kRegistered = 1;
constexpr std::uint8_t kEnqueued = 2;
constexpr std::uint8_t kRan = 4;
constexpr std::uint64_t kMaxTrackedCleanupId = std::uint64_t{1} << 31;

}  // namespace

TraceChecker::TraceChecker(const TraceCheckOptions& options)
    : options_(options), model_(options.gomaxprocs), gomaxprocs_(options.gomaxprocs) {}

void TraceChecker::fail(std::uint32_t invariant, std::string message) {
  ++count_;
  if (violations_.size() < kMaxRecorded) {
    violations_.push_back({index_, invariant, std::move(message)});
  }
}

void TraceChecker::check(const TraceEvent& e) {
  // A new virtual instant: every step of the previous one has ended, in every runner.
  if (have_time_ && e.time_ns != time_) {
    model_.settle(this);
    check_settled();
  }
  have_time_ = true;
  time_ = e.time_ns;
  model_.apply(e, this);
}

void TraceChecker::before_fold(const TraceModel&, const TraceEvent& e, std::size_t index) {
  index_ = index;
  before_event(e);
}

void TraceChecker::after_fold(const TraceModel&, const TraceEvent& e, std::size_t index) {
  index_ = index;
  after_event(e);
}

void TraceChecker::on_deferred(const TraceModel& m, const TraceEvent& e, std::size_t index) {
  if (!options_.strict_order) return;  // threaded: its push may still come in this instant
  index_ = index;
  const ModelBlock* b = m.block(e.block);
  fail(2, std::string(to_string(e.kind)) + " of block " + std::to_string(e.block) +
              ", which is not on that stack (model: " +
              std::string(to_string(b == nullptr ? BlockPlace::nowhere : b->place)) + ")");
}

void TraceChecker::on_forced(const TraceModel&, const TraceEvent& e, std::size_t index) {
  if (options_.strict_order) return;  // on_deferred already reported it
  index_ = index;
  fail(2, std::string(to_string(e.kind)) + " of block " + std::to_string(e.block) +
              " found no push of it by any step of the same instant");
}

void TraceChecker::finish() {
  model_.settle(this);
  index_ = model_.events;
  check_settled();
  if (options_.strict_order) {  // otherwise check_settled() just did
    check_conservation();
    check_work_accounting();
  }
  check_model_consistency();
}

void TraceChecker::check_settled() {
  if (!options_.strict_order) {
    check_conservation();
    check_work_accounting();
  }
}

void TraceChecker::check_conservation() {
  const ModelCounters& c = model_.counters;
  const std::uint64_t accounted = c.executed + model_.entries.queued();
  if (c.enqueued != accounted) {
    fail(6, "conservation: enqueued " + std::to_string(c.enqueued) + " != executed " +
                std::to_string(c.executed) + " + queued " +
                std::to_string(model_.entries.queued()) + " (P " +
                std::to_string(model_.entries.in_p) + ", full " +
                std::to_string(model_.entries.in_full) + ", flusher " +
                std::to_string(model_.entries.in_flusher) + ", held " +
                std::to_string(model_.entries.held_by_workers) + ", finq " +
                std::to_string(model_.entries.finq) + ")");
  }
}

void TraceChecker::check_work_accounting() {
  if (options_.go124 || !options_.level_protocol) return;
  const ModelCounters& c = model_.counters;
  if (c.pops > c.work_signalled || c.work_signalled - c.pops > model_.full_stack.size()) {
    fail(10, "work units " + std::to_string(c.work_signalled) + " signalled - " +
                 std::to_string(c.pops) + " taken is outside 0.." +
                 std::to_string(model_.full_stack.size()) + " (blocks on full)");
  }
}

void TraceChecker::before_event(const TraceEvent& e) {
  check_ids(e);
  check_gc_event(e);
  check_block_event(e);
  check_flush_event(e);
  check_worker_event(e);
  if (e.kind == EventKind::procresize) gomaxprocs_ = static_cast<std::uint32_t>(e.a);
  if (e.kind == EventKind::invariant_violation) {
    fail(e.b, "the runtime reported a violation of invariant " + std::to_string(e.b) + " (detail " +
                  std::to_string(e.a) + ")");
  }
}

void TraceChecker::after_event(const TraceEvent& e) {
  const ModelCounters& c = model_.counters;
  if (options_.strict_order) {
    check_conservation();
    check_work_accounting();
    // The counts the runtime carries in b, against the model's own count of the same thing.
    auto expect_b = [&](std::uint32_t invariant, const char* what, std::uint64_t counted) {
      if (e.b != counted) {
        fail(invariant, std::string(what) + " is " + std::to_string(e.b) + " after " +
                            std::string(to_string(e.kind)) + ", but the trace counts " +
                            std::to_string(counted));
      }
    };
    switch (e.kind) {
      case EventKind::running_begin:
      case EventKind::running_end:
        expect_b(14, "the running counter", c.running);
        break;
      case EventKind::sweeper_begin:
      case EventKind::sweeper_end:
        expect_b(8, "the active sweeper count", model_.active_sweepers);
        break;
      case EventKind::needg_raised:
        expect_b(12, "needg", c.needg);
        break;
      default:
        break;
    }
  }
  switch (e.kind) {
    case EventKind::goroutines_created:
      if (e.b > std::max(options_.worker_cap, max_ng_)) {
        fail(12, "ng " + std::to_string(e.b) + " exceeds max(cap " +
                     std::to_string(options_.worker_cap) + ", previous ng " +
                     std::to_string(max_ng_) + ")");
      }
      if (options_.strict_order && (e.b <= max_ng_ || e.b - max_ng_ != e.a)) {
        fail(12, "ng went from " + std::to_string(max_ng_) + " to " + std::to_string(e.b) +
                     " creating " + std::to_string(e.a));
      }
      max_ng_ = std::max(max_ng_, e.b);
      break;
    case EventKind::stranded:
      if (!options_.go124 && options_.level_protocol) {
        fail(13, "the run ended with " + std::to_string(e.a) + " cleanups queued and " +
                     std::to_string(e.b) + " goroutines asleep (level protocol)");
      }
      break;
    case EventKind::run_end:
      if (e.a != c.executed) {
        fail(6, "run_end says " + std::to_string(e.a) + " executed, the trace ran " +
                    std::to_string(c.executed));
      }
      if (e.b != 0 && c.registered != c.executed) {
        fail(6, "run_end says complete, but " + std::to_string(c.registered) + " registered and " +
                    std::to_string(c.executed) + " ran");
      }
      break;
    default:
      break;
  }
}

void TraceChecker::check_ids(const TraceEvent& e) {
  std::uint8_t bit = 0;
  const char* what = "";
  if (e.kind == EventKind::cleanup_registered) {
    bit = kRegistered;
    what = "registered";
  } else if (e.kind == EventKind::enqueue || e.kind == EventKind::fin_enqueue) {
    bit = kEnqueued;
    what = "enqueued";
  } else if (e.kind == EventKind::cleanup_run) {
    bit = kRan;
    what = "run";
  } else {
    return;
  }
  if (e.a == 0 || e.a >= kMaxTrackedCleanupId) {
    fail(6, "cleanup id " + std::to_string(e.a) + " is no valid id");
    return;
  }
  if (e.a >= cleanup_flags_.size()) {
    cleanup_flags_.resize(std::max<std::size_t>(e.a + 1, cleanup_flags_.size() * 2));
  }
  std::uint8_t& flags = cleanup_flags_[e.a];
  if (flags & bit) fail(6, "cleanup " + std::to_string(e.a) + " " + what + " twice");
  const std::uint8_t before = bit == kEnqueued ? kRegistered : bit == kRan ? kEnqueued : 0;
  if (before != 0 && !(flags & before)) {
    fail(6, "cleanup " + std::to_string(e.a) + " " + what + " before it was " +
                (before == kRegistered ? "registered" : "enqueued"));
  }
  flags |= bit;
}

std::vector<TraceViolation> check_events(std::span<const TraceEvent> events,
                                         const TraceCheckOptions& options) {
  TraceChecker checker(options);
  checker.check(events);
  checker.finish();
  return checker.violations();
}

std::vector<TraceViolation> check_trace(const Trace& trace, const TraceCheckOptions& options) {
  TraceChecker checker(options);
  const bool whole = trace.read(0, trace.size(),
                                [&](std::span<const TraceEvent> events) { checker.check(events); });
  checker.finish();
  std::vector<TraceViolation> out = checker.violations();
  if (!whole) {
    out.insert(out.begin(), {0, 0,
                             "the trace's first events were released (retention): "
                             "a whole-trace check needs the whole trace"});
  }
  return out;
}

}  // namespace cq
