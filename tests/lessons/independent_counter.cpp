#include "independent_counter.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "queue/queue_config.hpp"

namespace cq::lesson_test {
namespace {

constexpr std::uint32_t kNone = 0xffffffffu;

bool is_worker_event(EventKind k) {
  switch (k) {
    case EventKind::worker_started:
    case EventKind::take_failed:
    case EventKind::announce_sleep:
    case EventKind::park:
    case EventKind::unpark:
    case EventKind::spurious_wake:
    case EventKind::pop_full:
    case EventKind::running_begin:
    case EventKind::cleanup_run:
    case EventKind::cleanup_stuck:
    case EventKind::running_end:
    case EventKind::push_free:
    case EventKind::fin_take_all:
      return true;
    default:
      return false;
  }
}

}  // namespace

// Everything the quantities need, from one pass over the events.
struct Facts {
  std::array<std::uint64_t, kEventKindCount> count{};
  std::uint64_t work_signalled = 0, needg_raised = 0, woken = 0, largest_wake = 0;
  std::uint64_t last_wake = 0, last_pop = 0;
  std::uint64_t needg = 0, ng = 0, running_counter = 0;
  std::uint64_t phase = 0, cycle = 0, active_sweepers = 0;
  bool drained = true;  // no sweep phase before the first GC: the gate starts drained
  bool stranded = false, finished = false;
  std::uint64_t gomaxprocs_now = 0;  // 0 = no procresize yet
  std::uint64_t goexit_left = 0;     // entries left behind in their blocks by Goexit
  std::uint64_t root_entries_this_mark = 0, enqueues_during_mark = 0;
  std::uint64_t flush_pushed = 0, flush_emptied = 0, flush_missing = 0, flush_empty_pushes = 0;
  struct {
    std::uint64_t pushed = 0, emptied = 0, missing = 0;
  } flush_counts;  // of the flush in progress
  std::uint64_t max_fin_block_plus_one = 0;
  std::vector<std::uint32_t> full;                // block ids, top last
  std::map<std::uint32_t, std::uint64_t> n;       // block -> entries, as last said
  std::map<std::uint32_t, std::uint64_t> pushes;  // block -> pushes onto full or free
  std::set<std::uint32_t> allocated;
  std::map<std::uint16_t, std::uint32_t> p_block;  // P -> its current block
  // Cleanup goroutines by actor.
  std::map<std::uint16_t, std::uint32_t> goroutine_of;
  std::map<std::uint16_t, bool> flag;
  std::map<std::uint16_t, std::uint64_t> ran, held;
  std::map<std::uint16_t, EventKind> last_worker_event;
};

namespace {

// `capacity`: the scenario's block capacity, for what a flush's take() moves (Go's
// (*cleanupBlock).take, runtime/mcleanup.go): the counter works it out, not the event's payload.
Facts gather(std::span<const TraceEvent> events, std::uint64_t capacity) {
  Facts f;
  bool marking = false;
  for (const TraceEvent& e : events) {
    ++f.count[static_cast<std::size_t>(e.kind)];
    if (is_worker_event(e.kind)) {
      if (e.kind == EventKind::worker_started) {
        f.goroutine_of[e.actor] = static_cast<std::uint32_t>(e.a);
      } else if (!f.goroutine_of.count(e.actor)) {
        f.goroutine_of[e.actor] = 0;  // Go 1.24's fing: started without worker_started
      }
      f.last_worker_event[e.actor] = e.kind;
    }
    switch (e.kind) {
      case EventKind::goroutines_created:
        f.ng = std::max<std::uint64_t>(f.ng, e.b);
        f.needg = 0;
        break;
      case EventKind::needg_raised:
        f.needg_raised += e.a;
        f.needg = e.b;
        break;
      case EventKind::wake:
        f.woken += e.a;
        f.last_wake = e.a;
        f.largest_wake = std::max(f.largest_wake, e.a);
        break;
      case EventKind::fin_wake:
        ++f.woken;
        break;
      case EventKind::gc_phase: {
        // The sweep gate is reset where the cycle's sweep starts. gc_phases parked: at the
        // model's own sweep phase (2). gc_phases go: at off (0) right after mark termination
        // (4), where Go's gcMarkTermination sets _GCoff and gcSweep resets sweep.active
        // (runtime/mgc.go); an off after the parked sweep or at the start is no reset.
        const bool sweep_starts = e.b == 2 || (e.b == 0 && f.phase == 4);
        f.phase = e.b;
        f.cycle = e.a;
        marking = e.b == 1;
        if (e.b == 1) f.root_entries_this_mark = 0;
        if (sweep_starts) {
          f.active_sweepers = 0;
          f.drained = false;
        }
        break;
      }
      case EventKind::root_scan:
        f.root_entries_this_mark += f.n[e.block];  // what this counter saw enter the block
        break;
      case EventKind::sweeper_begin:
      case EventKind::sweeper_end:
        f.active_sweepers = e.b;
        break;
      case EventKind::sweep_drained:
        f.drained = true;
        break;
      case EventKind::block_allocated:
        f.allocated.insert(e.block);
        f.n[e.block] = 0;
        f.p_block[e.p] = e.block;
        break;
      case EventKind::block_from_free:
        f.n[e.block] = 0;
        f.p_block[e.p] = e.block;
        break;
      case EventKind::enqueue:
        if (marking) ++f.enqueues_during_mark;
        ++f.n[e.block];  // counted, not the slot the engine reports
        f.p_block[e.p] = e.block;
        break;
      case EventKind::fin_enqueue:
        if (marking) ++f.enqueues_during_mark;
        if (e.block != kNoBlock) {
          f.max_fin_block_plus_one =
              std::max<std::uint64_t>(f.max_fin_block_plus_one, e.block + 1ull);
        }
        break;
      case EventKind::block_full:
        ++f.work_signalled;  // one unit per push onto full (addWork, runtime/mcleanup.go)
        f.p_block[e.p] = kNone;
        f.full.push_back(e.block);
        ++f.pushes[e.block];
        break;
      case EventKind::flush_begin:
        f.flush_empty_pushes = 0;
        f.flush_counts = {};
        break;
      case EventKind::flush_missing:
        f.p_block[e.p] = kNone;
        ++f.flush_counts.missing;
        break;
      case EventKind::flush_adopt:
        f.p_block[e.p] = kNone;
        break;
      case EventKind::flush_merge: {
        f.p_block[e.p] = kNone;
        // take(): as many as fit into the accumulator `a`, from the block's tail.
        std::uint64_t& into = f.n[static_cast<std::uint32_t>(e.a)];
        const std::uint64_t moved = std::min(f.n[e.block], capacity - std::min(capacity, into));
        f.n[e.block] -= moved;
        into += moved;
        break;
      }
      case EventKind::flush_push:
        f.full.push_back(e.block);
        ++f.pushes[e.block];
        if (f.n[e.block] == 0) ++f.flush_empty_pushes;
        ++f.flush_counts.pushed;
        break;
      case EventKind::flush_free_emptied:
        f.n[e.block] = 0;
        ++f.pushes[e.block];
        ++f.flush_counts.emptied;
        break;
      case EventKind::flush_end:
        // Counted from the flush's own events, not read from the totals flush_end carries. Its
        // pushes become work only now: Go's flush calls addWork after the loop, which a flush
        // that throws on a nil P (e46c8e) never reaches.
        f.work_signalled += f.flush_counts.pushed;
        f.flush_pushed = f.flush_counts.pushed;
        f.flush_emptied = f.flush_counts.emptied;
        f.flush_missing = f.flush_counts.missing;
        break;
      case EventKind::pop_full: {
        // What this counter saw enter the block; n stays until the block is done (push_free).
        f.last_pop = f.n[e.block];
        const auto it = std::find(f.full.rbegin(), f.full.rend(), e.block);
        if (it != f.full.rend()) f.full.erase(std::next(it).base());
        f.held[e.actor] = f.n[e.block];
        break;
      }
      case EventKind::fin_take_all:
        f.held[e.actor] += e.a;
        break;
      case EventKind::cleanup_run:
        ++f.ran[e.actor];
        if (f.held[e.actor] > 0) --f.held[e.actor];
        break;
      case EventKind::push_free:
        f.n[e.block] = 0;
        ++f.pushes[e.block];
        f.held[e.actor] = 0;
        break;
      case EventKind::running_begin:
        f.flag[e.actor] = true;
        f.running_counter = e.b;
        break;
      case EventKind::running_end:
        f.flag[e.actor] = false;
        f.running_counter = e.b;
        break;
      case EventKind::stranded:
        f.stranded = true;
        break;
      case EventKind::run_end:
        f.finished = true;
        break;
      case EventKind::procresize:
        f.gomaxprocs_now = e.a;
        break;
      case EventKind::cleanup_goexit:
        f.goexit_left += e.b;
        break;
      case EventKind::crash:
        // A flush that died on a nil P (e46c8e) ends there: what it did so far is the latest
        // flush. Its pushes never become work (no addWork after the loop).
        if (f.count[static_cast<std::size_t>(EventKind::flush_begin)] >
            f.count[static_cast<std::size_t>(EventKind::flush_end)]) {
          f.flush_pushed = f.flush_counts.pushed;
          f.flush_emptied = f.flush_counts.emptied;
          f.flush_missing = f.flush_counts.missing;
        }
        break;
      default:
        break;
    }
  }
  return f;
}

std::uint64_t of(const Facts& f, EventKind k) {
  return f.count[static_cast<std::size_t>(k)];
}

std::optional<std::uint16_t> actor_of_goroutine(const Facts& f, std::uint32_t g) {
  for (const auto& [actor, goroutine] : f.goroutine_of) {
    if (goroutine == g) return actor;
  }
  return std::nullopt;
}

std::optional<std::int64_t> compute(const lesson::QuantityRef& q, const Facts& f,
                                    const Scenario& s) {
  const std::string& name = q.name;
  auto v = [](std::uint64_t x) {
    return std::optional<std::int64_t>(static_cast<std::int64_t>(x));
  };
  const std::uint64_t registered = of(f, EventKind::cleanup_registered);
  const std::uint64_t executed = of(f, EventKind::cleanup_run);
  const std::uint64_t enqueued = of(f, EventKind::enqueue) + of(f, EventKind::fin_enqueue);
  std::uint64_t flags = 0;
  for (const auto& [actor, set] : f.flag) flags += set ? 1 : 0;
  if (name == "registered") return v(registered);
  if (name == "enqueued") return v(enqueued);
  if (name == "executed") return v(executed);
  if (name == "pending") return v(registered > executed ? registered - executed : 0);
  if (name == "queued") return v(enqueued - executed);
  const std::uint64_t gomaxprocs_now = f.gomaxprocs_now != 0 ? f.gomaxprocs_now : s.gomaxprocs;
  if (name == "in_p_blocks" || name == "p_blocks" || name == "p_fill") {
    std::uint64_t entries = 0, holding = 0;
    for (const auto& [p, block] : f.p_block) {
      if (block == kNone || p >= gomaxprocs_now) continue;  // a cut P is no P any more
      ++holding;
      entries += f.n.at(block);
    }
    if (name == "in_p_blocks") return v(entries);
    if (name == "p_blocks") return v(holding);
    const auto it = f.p_block.find(static_cast<std::uint16_t>(q.index));
    if (q.index >= gomaxprocs_now) return v(0);
    return v(it == f.p_block.end() || it->second == kNone ? 0 : f.n.at(it->second));
  }
  if (name == "held_by_workers") {
    std::uint64_t held = 0;
    for (const auto& [actor, h] : f.held) held += h;
    return v(held);
  }
  if (name == "blocks_allocated") {
    return v(s.design() == Design::finalizer_queue ? f.max_fin_block_plus_one : f.allocated.size());
  }
  if (name == "full_blocks") return v(f.full.size());
  if (name == "free_blocks") {
    return v(of(f, EventKind::push_free) + of(f, EventKind::flush_free_emptied) -
             of(f, EventKind::block_from_free));
  }
  if (name == "full_top_n") return v(f.full.empty() ? 0 : f.n.at(f.full.back()));
  if (name == "block_n" || name == "block_tag") {
    if (!f.allocated.count(q.index)) return std::nullopt;
    if (name == "block_n") return v(f.n.at(q.index));
    const auto it = f.pushes.find(q.index);
    return v(it == f.pushes.end() ? 0 : it->second);
  }
  if (name == "full_pushes") return v(of(f, EventKind::block_full));
  if (name == "flush_pushes") return v(of(f, EventKind::flush_push));
  if (name == "pops") return v(of(f, EventKind::pop_full));
  if (name == "last_pop_n") return v(f.last_pop);
  if (name == "work_signalled") return v(f.work_signalled);
  if (name == "flushes") return v(of(f, EventKind::flush_end));
  if (name == "last_flush_pushed") return v(f.flush_pushed);
  if (name == "last_flush_emptied") return v(f.flush_emptied);
  if (name == "last_flush_missing") return v(f.flush_missing);
  if (name == "last_flush_empty_pushes") return v(f.flush_empty_pushes);
  if (name == "needs_wake") return v(of(f, EventKind::needs_wake));
  if (name == "wakes") return v(f.woken);
  if (name == "last_wake_woken") return v(f.last_wake);
  if (name == "largest_wake") return v(f.largest_wake);
  if (name == "spurious_wakes") return v(of(f, EventKind::spurious_wake));
  if (name == "needg") return v(f.needg);
  if (name == "needg_raised") return v(f.needg_raised);
  if (name == "workers") return v(f.ng);
  if (name == "worker_cap") {
    return v(s.design() == Design::finalizer_queue
                 ? 1
                 : max_cleanup_goroutines(s.gomaxprocs, s.worker_cap));
  }
  if (name == "sleepers") {
    const std::uint64_t parks = of(f, EventKind::park);
    return v(parks > f.woken ? parks - f.woken : 0);
  }
  if (name == "workers_parked") {
    return v(static_cast<std::uint64_t>(
        std::count_if(f.last_worker_event.begin(), f.last_worker_event.end(),
                      [](const auto& entry) { return entry.second == EventKind::park; })));
  }
  if (name == "workers_stuck") return v(of(f, EventKind::cleanup_stuck));
  if (name == "worker_executed") {
    const auto actor = actor_of_goroutine(f, q.index);
    if (!actor) return std::nullopt;
    const auto it = f.ran.find(*actor);
    return v(it == f.ran.end() ? 0 : it->second);
  }
  if (name == "running") return v(f.running_counter);
  if (name == "running_flags") return v(flags);
  if (name == "system_goroutines") return v(f.goroutine_of.size() - flags);
  if (name == "phase") return v(f.phase);
  if (name == "gc_cycle") return v(f.cycle);
  if (name == "active_sweepers") return v(f.active_sweepers);
  if (name == "drained") return v(f.drained ? 1 : 0);
  if (name == "root_scans") return v(of(f, EventKind::root_scan));
  if (name == "last_root_scan_entries") return v(f.root_entries_this_mark);
  if (name == "enqueues_during_mark") return v(f.enqueues_during_mark);
  if (name == "stranded") return v(f.stranded ? 1 : 0);
  if (name == "finished") return v(f.finished ? 1 : 0);
  if (name == "gomaxprocs_now") return v(gomaxprocs_now);
  if (name == "crashed") return v(of(f, EventKind::crash) > 0 ? 1 : 0);
  if (name == "stalled") {
    const std::uint64_t stuck = of(f, EventKind::cleanup_stuck);
    const std::uint64_t pending = registered > executed ? registered - executed : 0;
    return v(f.finished && stuck > 0 && pending > stuck ? pending - stuck : 0);
  }
  if (name == "stranded_by_shrink") {
    std::uint64_t entries = 0;
    for (const auto& [p, block] : f.p_block) {
      if (p >= gomaxprocs_now && block != kNone) entries += f.n.at(block);
    }
    return v(entries);
  }
  if (name == "killed_by_goexit") {
    const std::uint64_t goexits = of(f, EventKind::cleanup_goexit);
    std::uint64_t on_full = 0;
    for (std::uint32_t block : f.full) on_full += f.n.at(block);
    return v(f.goexit_left + (f.finished && goexits > 0 && goexits == f.ng ? on_full : 0));
  }
  if (name == "invariant_violations") return v(of(f, EventKind::invariant_violation));
  if (name == "count") return v(of(f, q.event));
  if (name == "gomaxprocs") return v(s.gomaxprocs);
  if (name == "block_capacity") return v(s.block_capacity);
  return std::nullopt;
}

}  // namespace

std::vector<TraceEvent> events_of(const Trace& trace, std::size_t count) {
  std::vector<TraceEvent> out;
  out.reserve(count);
  trace.read(0, count, [&](std::span<const TraceEvent> events) {
    out.insert(out.end(), events.begin(), events.end());
  });
  return out;
}

IndependentCounter::IndependentCounter(std::span<const TraceEvent> events, const Scenario& scenario)
    : facts_(std::make_unique<Facts>(gather(events, scenario.block_capacity))),
      scenario_(scenario) {}

IndependentCounter::~IndependentCounter() = default;

std::optional<std::int64_t> IndependentCounter::value(const lesson::QuantityRef& quantity) const {
  return compute(quantity, *facts_, scenario_);
}

std::vector<std::string> independently_counted() {
  return {"registered",
          "enqueued",
          "executed",
          "pending",
          "queued",
          "in_p_blocks",
          "held_by_workers",
          "blocks_allocated",
          "full_blocks",
          "free_blocks",
          "full_top_n",
          "p_blocks",
          "p_fill",
          "block_n",
          "block_tag",
          "full_pushes",
          "flush_pushes",
          "pops",
          "last_pop_n",
          "work_signalled",
          "flushes",
          "last_flush_pushed",
          "last_flush_emptied",
          "last_flush_missing",
          "last_flush_empty_pushes",
          "needs_wake",
          "wakes",
          "last_wake_woken",
          "largest_wake",
          "spurious_wakes",
          "needg",
          "needg_raised",
          "workers",
          "worker_cap",
          "sleepers",
          "workers_parked",
          "workers_stuck",
          "worker_executed",
          "running",
          "running_flags",
          "system_goroutines",
          "phase",
          "gc_cycle",
          "active_sweepers",
          "drained",
          "root_scans",
          "last_root_scan_entries",
          "enqueues_during_mark",
          "stranded",
          "finished",
          "stalled",
          "crashed",
          "stranded_by_shrink",
          "killed_by_goexit",
          "gomaxprocs_now",
          "invariant_violations",
          "count",
          "gomaxprocs",
          "block_capacity"};
}

}  // namespace cq::lesson_test
