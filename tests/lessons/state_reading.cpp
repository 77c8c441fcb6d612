#include "state_reading.hpp"

#include <string_view>

#include "queue/cleanup_queue.hpp"

namespace cq::lesson_test {
namespace {

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

}  // namespace cq::lesson_test
