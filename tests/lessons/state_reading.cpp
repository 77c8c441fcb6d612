#include "state_reading.hpp"

#include <algorithm>
#include <string_view>

#include "queue/cleanup_queue.hpp"
#include "trace/trace.hpp"

namespace cq::lesson_test {
namespace {

std::uint32_t asleep_now(const SimRuntime& sim) {
  const CleanupQueue* q = sim.state().queue.get();
  return q == nullptr ? 0 : q->snapshot().asleep;
}

std::optional<std::int64_t> block_n(const QueueSnapshot& s, std::int64_t id) {
  for (const QueueSnapshot::BlockInfo& b : s.all) {
    if (b.id == id) return b.n;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::int64_t> value_from_state(const SimRuntime& sim,
                                             const lesson::QuantityRef& quantity) {
  const RuntimeState& rt = sim.state();
  const std::string_view name = quantity.name;
  const auto n = [](std::uint64_t v) { return static_cast<std::int64_t>(v); };
  // The runtime's books and the GC, in every design.
  if (name == "registered") return n(rt.registered.load());
  if (name == "executed") return n(rt.executed.load());
  if (name == "pending") return n(rt.registered.load() - rt.executed.load());
  if (name == "phase") return static_cast<std::int64_t>(rt.phase.load());
  // Not gc_cycle: the GC's counter moves on to the next cycle as soon as one ends (gc_actor.cpp),
  // while the quantity is the cycle of the latest phase change: a different definition.
  if (name == "active_sweepers") return n(rt.gate.active());
  if (name == "drained") return rt.gate.drained() ? 1 : 0;
  if (name == "wakes") return n(rt.wakes.load());
  if (name == "spurious_wakes") return n(rt.spurious_wakes.load());
  if (rt.queue == nullptr) return std::nullopt;  // Go 1.24: no queue below
  const CleanupQueue& q = *rt.queue;
  const QueueSnapshot s = q.snapshot();
  if (name == "enqueued") return n(q.queued());
  if (name == "workers") return n(s.ng);
  if (name == "worker_cap") return n(s.worker_cap);
  if (name == "sleepers") return n(s.asleep);
  if (name == "needg") return n(s.needg);
  if (name == "running") return n(s.running);
  if (name == "needg_raised") return n(rt.needg_raised.load());
  if (name == "full_pushes") return n(rt.full_pushes.load());
  if (name == "flushes") return n(rt.flushes.load());
  if (name == "blocks_allocated") return n(s.all.size());
  if (name == "full_blocks") return n(s.full.size());
  if (name == "free_blocks") return n(s.free.size());
  if (name == "full_top_n") return s.full.empty() ? 0 : n(s.full.front().n);
  if (name == "p_fill" || name == "p_blocks" || name == "in_p_blocks") {
    std::int64_t holding = 0;
    std::int64_t entries = 0;
    for (std::uint32_t p = 0; p < s.gomaxprocs && p < s.p_block.size(); ++p) {
      if (s.p_block[p] < 0) continue;
      const std::int64_t fill = block_n(s, s.p_block[p]).value_or(0);
      if (name == "p_fill" && p == quantity.index) return fill;
      ++holding;
      entries += fill;
    }
    if (name == "p_fill") return 0;
    return name == "p_blocks" ? holding : entries;
  }
  return std::nullopt;
}

void WakeWitness::follow(const lesson::LessonPlayer& player) {
  generation_ = player.run_generation();
  const Trace& trace = player.runtime().trace();
  events_seen_ = trace.size();
  // A run this witness meets part-way is known only if no `wake` has happened in it yet.
  known_ = true;
  last_ = largest_ = 0;
  trace.read(0, events_seen_, [&](std::span<const TraceEvent> events) {
    for (const TraceEvent& e : events) known_ = known_ && e.kind != EventKind::wake;
  });
}

void WakeWitness::before_step(const lesson::LessonPlayer& player) {
  if (player.run_generation() != generation_ || player.runtime().trace().size() != events_seen_) {
    follow(player);  // a new run, or steps taken without the witness
  }
  asleep_before_ = asleep_now(player.runtime());
}

void WakeWitness::after_step(const lesson::LessonPlayer& player) {
  if (player.run_generation() != generation_) {
    follow(player);
    return;
  }
  const Trace& trace = player.runtime().trace();
  std::size_t wakes = 0;
  std::size_t parks = 0;
  trace.read(events_seen_, trace.size(), [&](std::span<const TraceEvent> events) {
    for (const TraceEvent& e : events) {
      wakes += e.kind == EventKind::wake ? 1 : 0;
      parks += e.kind == EventKind::announce_sleep ? 1 : 0;
    }
  });
  events_seen_ = trace.size();
  if (wakes == 0) return;
  const std::uint32_t asleep_after = asleep_now(player.runtime());
  if (wakes > 1 || parks > 0 || asleep_after > asleep_before_) {
    known_ = false;  // the sleeper count no longer tells this wake's batch apart
    return;
  }
  last_ = static_cast<std::int64_t>(asleep_before_ - asleep_after);
  largest_ = std::max(largest_, last_);
}

std::optional<std::int64_t> WakeWitness::value(const lesson::QuantityRef& quantity) const {
  if (!known_) return std::nullopt;
  if (quantity.name == "last_wake_woken") return last_;
  if (quantity.name == "largest_wake") return largest_;
  return std::nullopt;
}

}  // namespace cq::lesson_test
