#include "lesson/quantities.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <vector>

#include "queue/queue_config.hpp"

namespace cq::lesson {
namespace {

using Arg = QuantityArgument;
using Compute = std::function<QuantityValue(const QuantityContext&, const QuantityRef&)>;

struct QuantityDef {
  QuantityInfo info;
  Compute compute;
};

QuantityValue value(std::uint64_t v) {
  return {static_cast<std::int64_t>(v), {}};
}
QuantityValue failure(std::string message) {
  return {0, std::move(message)};
}

// Calls visit(event) for the first context.events events of the trace.
template <class Visit>
void scan(const QuantityContext& c, Visit&& visit) {
  c.trace.read(0, c.events, [&](std::span<const TraceEvent> events) {
    for (const TraceEvent& e : events) visit(e);
  });
}

// The events of the latest flush (flush_begin .. flush_end), by a scan: the model keeps only
// its totals.
std::uint64_t last_flush_empty_pushes(const QuantityContext& c) {
  std::uint64_t empty = 0;
  scan(c, [&](const TraceEvent& e) {
    if (e.kind == EventKind::flush_begin) empty = 0;
    if (e.kind == EventKind::flush_push && e.b == 0) ++empty;
  });
  return empty;
}

std::uint64_t worker_count_in(const TraceModel& m, WorkerPhase phase) {
  return static_cast<std::uint64_t>(std::count_if(
      m.workers.begin(), m.workers.end(), [&](const ModelWorker& w) { return w.phase == phase; }));
}

const ModelWorker* worker_at(const TraceModel& m, std::uint32_t g) {
  if (g >= m.workers.size() || m.workers[g].actor == kNoActorInModel) return nullptr;
  return &m.workers[g];
}

std::uint64_t worker_cap_of(const Scenario& s) {
  return s.design() == Design::finalizer_queue ? 1
                                               : max_cleanup_goroutines(s.gomaxprocs, s.worker_cap);
}

// GOMAXPROCS now, len(allp): the Ps that exist. The model keeps the Ps a shrink cut, with
// their blocks, beyond it.
std::uint32_t live_ps(const QuantityContext& c) {
  return c.model.gomaxprocs != 0 ? c.model.gomaxprocs : c.scenario.gomaxprocs;
}

// Entries in the partial blocks of Ps at and beyond GOMAXPROCS: a shrink's procresize trims
// allp, and flush walks only allp (proc.go (*p).destroy leaves pp.cleanups alone).
std::uint64_t stranded_by_shrink(const QuantityContext& c) {
  const TraceModel& m = c.model;
  const std::uint32_t now = live_ps(c);
  std::uint64_t entries = 0;
  for (std::size_t p = now; p < m.ps.size(); ++p) {
    if (m.ps[p].block != kNoBlock) entries += m.ps[p].fill;
  }
  return entries;
}

// What a Goexit in a cleanup leaves unrun (count_losses in runtime/sim_runtime.cpp counts the
// same from the final state): the rest of each dead goroutine's block (the event's b), and, once
// the run is over with every goroutine `ng` counts dead, whatever waits on `full`.
std::uint64_t killed_by_goexit(const QuantityContext& c) {
  std::uint64_t killed = 0;
  scan(c, [&](const TraceEvent& e) {
    if (e.kind == EventKind::cleanup_goexit) killed += e.b;
  });
  const TraceModel& m = c.model;
  if (m.finished && m.goexits > 0 && m.goexits == m.counters.ng) killed += m.entries.in_full;
  return killed;
}

// clang-format off
const std::vector<QuantityDef>& definitions() {
  static const std::vector<QuantityDef> defs = {
    // Cleanups, end to end.
    {{"registered", Arg::none, "cleanups registered by `AddCleanup` so far"},
     [](auto& c, auto&) { return value(c.model.counters.registered); }},
    {{"enqueued", Arg::none, "cleanups the sweepers put into blocks (Go 1.24: onto `finq`)"},
     [](auto& c, auto&) { return value(c.model.counters.enqueued); }},
    {{"executed", Arg::none, "cleanups that have run"},
     [](auto& c, auto&) { return value(c.model.counters.executed); }},
    {{"pending", Arg::none, "registered but not yet run: registered - executed"},
     [](auto& c, auto&) {
       const auto& k = c.model.counters;
       return value(k.registered > k.executed ? k.registered - k.executed : 0); }},
    {{"queued", Arg::none,
      "cleanups waiting anywhere: P blocks, `full`, the flusher, held by goroutines, `finq`"},
     [](auto& c, auto&) { return value(c.model.entries.queued()); }},
    {{"in_p_blocks", Arg::none, "cleanups waiting in P-local blocks (`p.cleanups`) of the Ps that exist now"},
     [](auto& c, auto&) { return value(c.model.entries.in_p - stranded_by_shrink(c)); }},
    {{"held_by_workers", Arg::none,
      "cleanups taken by a goroutine (with its block) and not yet run"},
     [](auto& c, auto&) { return value(c.model.entries.held_by_workers); }},
    // Blocks and the two stacks.
    {{"blocks_allocated", Arg::none, "blocks ever allocated (`persistentalloc`; never freed)"},
     [](auto& c, auto&) { return value(c.model.counters.blocks_allocated); }},
    {{"full_blocks", Arg::none, "blocks on the `full` stack now"},
     [](auto& c, auto&) { return value(c.model.full_stack.size()); }},
    {{"free_blocks", Arg::none, "blocks on the `free` stack now"},
     [](auto& c, auto&) { return value(c.model.free_stack.size()); }},
    {{"full_top_n", Arg::none, "entries in the block on top of `full` (0 when `full` is empty)"},
     [](auto& c, auto&) {
       const TraceModel& m = c.model;
       if (m.full_stack.empty()) return value(0);
       const ModelBlock* b = m.block(m.full_stack.back());
       return value(b == nullptr ? 0 : b->n); }},
    {{"p_blocks", Arg::none, "Ps holding a partial block now (a P a shrink cut is no P any more)"},
     [](auto& c, auto&) {
       const std::size_t live = std::min<std::size_t>(live_ps(c), c.model.ps.size());
       return value(static_cast<std::uint64_t>(std::count_if(c.model.ps.begin(),
           c.model.ps.begin() + static_cast<std::ptrdiff_t>(live),
           [](const ModelP& p) { return p.block != kNoBlock; }))); }},
    {{"p_fill", Arg::p, "entries in P's current block: p_fill(0) (0 when it has none)"},
     [](auto& c, auto& q) {
       if (q.index >= c.model.ps.size() || q.index >= live_ps(c)) return value(0);
       return value(c.model.ps[q.index].block == kNoBlock ? 0 : c.model.ps[q.index].fill); }},
    {{"block_n", Arg::block, "entries in block B as last seen: block_n(0)"},
     [](auto& c, auto& q) {
       const ModelBlock* b = c.model.block(q.index);
       if (b == nullptr || b->place == BlockPlace::nowhere) {
         return failure("block " + std::to_string(q.index) + " was never allocated");
       }
       return value(b->n); }},
    {{"block_tag", Arg::block,
      "pushes of block B onto `full` or `free`: its `pushcnt`, the ABA tag"},
     [](auto& c, auto& q) {
       const ModelBlock* b = c.model.block(q.index);
       if (b == nullptr || b->place == BlockPlace::nowhere) {
         return failure("block " + std::to_string(q.index) + " was never allocated");
       }
       std::uint64_t pushes = 0;
       scan(c, [&](const TraceEvent& e) {
         if (e.block != q.index) return;
         if (e.kind == EventKind::block_full || e.kind == EventKind::flush_push ||
             e.kind == EventKind::push_free || e.kind == EventKind::flush_free_emptied) ++pushes;
       });
       return value(pushes); }},
    {{"full_pushes", Arg::none, "blocks pushed onto `full` by `enqueue` the moment they filled"},
     [](auto& c, auto&) { return value(c.model.counters.full_pushes); }},
    {{"flush_pushes", Arg::none, "blocks pushed onto `full` by the last sweepers' flushes"},
     [](auto& c, auto&) { return value(c.model.counters.flush_pushes); }},
    {{"pops", Arg::none, "blocks taken off `full` by cleanup goroutines (a pop CAS each, plus the `workUnits` CAS under the level protocol)"},
     [](auto& c, auto&) { return value(c.model.counters.pops); }},
    {{"last_pop_n", Arg::none, "cleanups in the block the latest `pop_full` took (0 if none yet)"},
     [](auto& c, auto&) {
       std::uint64_t last = 0;
       scan(c, [&](const TraceEvent& e) { if (e.kind == EventKind::pop_full) last = e.a; });
       return value(last); }},
    {{"work_signalled", Arg::none,
      "units of work signalled so far (one per block pushed onto `full`)"},
     [](auto& c, auto&) { return value(c.model.counters.work_signalled); }},
    // The last sweeper's flush.
    {{"flushes", Arg::none, "flushes done by last sweepers (one per GC cycle)"},
     [](auto& c, auto&) { return value(c.model.counters.flushes); }},
    {{"last_flush_pushed", Arg::none,
      "blocks the latest flush pushed onto `full` (its units of work)"},
     [](auto& c, auto&) { return value(c.model.flush.pushed); }},
    {{"last_flush_emptied", Arg::none, "P blocks the latest flush emptied and returned to `free`"},
     [](auto& c, auto&) { return value(c.model.flush.emptied); }},
    {{"last_flush_missing", Arg::none, "Ps that had no block at the latest flush"},
     [](auto& c, auto&) { return value(c.model.flush.missing); }},
    {{"last_flush_empty_pushes", Arg::none,
      "empty blocks the latest flush pushed (the exact-fit case)"},
     [](auto& c, auto&) { return value(last_flush_empty_pushes(c)); }},
    // The scheduler and the pool.
    {{"needs_wake", Arg::none, "scheduler rounds whose `needsWake` check said yes"},
     [](auto& c, auto&) { return value(c.model.counters.needs_wake); }},
    {{"wakes", Arg::none, "goroutines woken by scheduler rounds (`wake`, `injectglist`)"},
     [](auto& c, auto&) { return value(c.model.counters.wakes); }},
    {{"last_wake_woken", Arg::none, "goroutines the latest `wake` woke in one batch (0 if none)"},
     [](auto& c, auto&) {
       std::uint64_t last = 0;
       scan(c, [&](const TraceEvent& e) { if (e.kind == EventKind::wake) last = e.a; });
       return value(last); }},
    {{"largest_wake", Arg::none, "the biggest batch a single `wake` woke so far"},
     [](auto& c, auto&) {
       std::uint64_t most = 0;
       scan(c, [&](const TraceEvent& e) {
         if (e.kind == EventKind::wake) most = std::max(most, e.a);
       });
       return value(most); }},
    {{"spurious_wakes", Arg::none, "woken goroutines that found no block"},
     [](auto& c, auto&) { return value(c.model.counters.spurious_wakes); }},
    {{"needg", Arg::none, "requests for goroutines on the `needg` board now"},
     [](auto& c, auto&) { return value(c.model.counters.needg); }},
    {{"needg_raised", Arg::none, "requests the scheduler ever posted to `needg`"},
     [](auto& c, auto&) { return value(c.model.counters.needg_raised); }},
    {{"workers", Arg::none, "cleanup goroutines created (`ng`; Go 1.24: `fing`, so 1)"},
     [](auto& c, auto&) { return value(c.model.counters.ng); }},
    {{"worker_cap", Arg::none,
      "the pool's cap: `max(GOMAXPROCS/4, 1)`, or GOMAXPROCS (1 in Go 1.24)"},
     [](auto& c, auto&) { return value(worker_cap_of(c.scenario)); }},
    {{"sleepers", Arg::none, "goroutines parked on the sleeping list (`asleep`)"},
     [](auto& c, auto&) { return value(c.model.counters.sleepers); }},
    {{"workers_parked", Arg::none, "cleanup goroutines parked now"},
     [](auto& c, auto&) { return value(worker_count_in(c.model, WorkerPhase::parked)); }},
    {{"workers_stuck", Arg::none, "cleanup goroutines inside a cleanup that never returns"},
     [](auto& c, auto&) { return value(worker_count_in(c.model, WorkerPhase::stuck)); }},
    {{"worker_executed", Arg::worker, "cleanups goroutine G has run: worker_executed(0)"},
     [](auto& c, auto& q) {
       const ModelWorker* w = worker_at(c.model, q.index);
       if (w == nullptr) return failure("worker " + std::to_string(q.index) + " was never started");
       return value(w->executed); }},
    // System or user goroutine.
    {{"running", Arg::none, "the `running` counter: goroutines inside user cleanup code"},
     [](auto& c, auto&) { return value(c.model.counters.running); }},
    {{"running_flags", Arg::none, "goroutines whose `runningCleanups` flag is set"},
     [](auto& c, auto&) {
       return value(static_cast<std::uint64_t>(std::count_if(c.model.workers.begin(),
           c.model.workers.end(), [](const ModelWorker& w) { return w.running_cleanups; }))); }},
    {{"system_goroutines", Arg::none,
      "cleanup goroutines counted as system goroutines (flag clear)"},
     [](auto& c, auto&) {
       std::uint64_t system = 0;
       for (const ModelWorker& w : c.model.workers) {
         if (w.actor != kNoActorInModel && !w.running_cleanups) ++system;
       }
       return value(system); }},
    // GC and sweep.
    {{"phase", Arg::none, "the model's GC phase: 0 off, 1 mark, 2 sweep (Go sweeps in _GCoff; its 2 is _GCmarktermination)"},
     [](auto& c, auto&) { return value(static_cast<std::uint64_t>(c.model.phase)); }},
    {{"gc_cycle", Arg::none, "the current GC cycle, from 0"},
     [](auto& c, auto&) { return value(c.model.cycle); }},
    {{"active_sweepers", Arg::none, "sweepers between `begin` and `end` (the sweep gate's count)"},
     [](auto& c, auto&) { return value(c.model.active_sweepers); }},
    {{"drained", Arg::none, "1 when the sweep gate's drained bit is set"},
     [](auto& c, auto&) { return value(c.model.drained ? 1 : 0); }},
    {{"root_scans", Arg::none, "blocks scanned as GC roots (`fixedRootCleanups`)"},
     [](auto& c, auto&) { return value(c.model.counters.root_scans); }},
    {{"last_root_scan_entries", Arg::none, "queued cleanups the latest mark phase found in blocks"},
     [](auto& c, auto&) {
       std::uint64_t entries = 0;
       scan(c, [&](const TraceEvent& e) {
         if (e.kind == EventKind::gc_phase && e.b == 1) entries = 0;
         if (e.kind == EventKind::root_scan) entries += e.b;
       });
       return value(entries); }},
    {{"enqueues_during_mark", Arg::none,
      "enqueues while the GC was marking (the design forbids any)"},
     [](auto& c, auto&) {
       std::uint64_t during = 0;
       bool marking = false;
       scan(c, [&](const TraceEvent& e) {
         if (e.kind == EventKind::gc_phase) marking = e.b == 1;
         const bool enqueue = e.kind == EventKind::enqueue || e.kind == EventKind::fin_enqueue;
         if (marking && enqueue) ++during;
       });
       return value(during); }},
    // The run as a whole.
    {{"stranded", Arg::none, "1 when the run ended with work queued and its goroutines asleep"},
     [](auto& c, auto&) { return value(c.model.stranded ? 1 : 0); }},
    // Hazards (docs/model-vs-go.md, "GOMAXPROCS changes and faults"): the outcomes the
    // scheduler campaign's levels (lessons 11 to 16) are won by.
    {{"stalled", Arg::none,
      "at the run's end: cleanups that never ran behind a cleanup that never returns (0 before the end)"},
     [](auto& c, auto&) {
       const TraceModel& m = c.model;
       const std::uint64_t stuck = worker_count_in(m, WorkerPhase::stuck);
       const std::uint64_t pending = m.counters.registered > m.counters.executed
                                         ? m.counters.registered - m.counters.executed : 0;
       return value(m.finished && stuck > 0 && pending > stuck ? pending - stuck : 0); }},
    {{"crashed", Arg::none, "1 when the modelled program died (a panic in a cleanup, e46c8e's nil P in flush)"},
     [](auto& c, auto&) { return value(c.model.crash != 0 ? 1 : 0); }},
    {{"stranded_by_shrink", Arg::none,
      "cleanups in the blocks of Ps a GOMAXPROCS shrink cut: no flush walks them"},
     [](auto& c, auto&) { return value(stranded_by_shrink(c)); }},
    {{"killed_by_goexit", Arg::none,
      "cleanups a `runtime.Goexit` in a cleanup left unrun: the rest of its block, and (at the end) `full` once no live goroutine is left"},
     [](auto& c, auto&) { return value(killed_by_goexit(c)); }},
    {{"finished", Arg::none, "1 when the run is over"},
     [](auto& c, auto&) { return value(c.model.finished ? 1 : 0); }},
    {{"invariant_violations", Arg::none,
      "invariants of docs/algorithm.md §6 the runtime saw broken (should be 0)"},
     [](auto& c, auto&) { return value(c.model.counters.runtime_violations); }},
    {{"count", Arg::event_kind, "events of one kind so far: count(sweeper_refused)"},
     [](auto& c, auto& q) {
       std::uint64_t n = 0;
       scan(c, [&](const TraceEvent& e) { if (e.kind == q.event) ++n; });
       return value(n); }},
    {{"gomaxprocs", Arg::none, "the scenario's GOMAXPROCS"},
     [](auto& c, auto&) { return value(c.scenario.gomaxprocs); }},
    {{"gomaxprocs_now", Arg::none, "GOMAXPROCS now: the scenario's, until a shrink or growth changes it"},
     [](auto& c, auto&) { return value(live_ps(c)); }},
    {{"block_capacity", Arg::none, "the scenario's cleanups per block"},
     [](auto& c, auto&) { return value(c.scenario.block_capacity); }},
  };
  return defs;
}
// clang-format on

}  // namespace

std::span<const QuantityInfo> all_quantities() {
  static const std::vector<QuantityInfo> infos = [] {
    std::vector<QuantityInfo> out;
    for (const QuantityDef& d : definitions()) out.push_back(d.info);
    return out;
  }();
  return infos;
}

const QuantityInfo* find_quantity(std::string_view name) {
  for (const QuantityInfo& q : all_quantities()) {
    if (q.name == name) return &q;
  }
  return nullptr;
}

QuantityValue evaluate(const QuantityRef& quantity, const QuantityContext& context) {
  for (const QuantityDef& d : definitions()) {
    if (d.info.name == quantity.name) return d.compute(context, quantity);
  }
  return failure("unknown quantity '" + quantity.name + "'");
}

}  // namespace cq::lesson
