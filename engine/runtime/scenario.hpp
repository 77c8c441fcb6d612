// Scenario: everything that defines a run. The CLI flags, lesson files and web URL parameters
// all fill this one struct, and validate() is the one place that knows the allowed ranges, so
// every front end rejects a bad value with the same message.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "queue/queue_config.hpp"
#include "runtime/go_profile.hpp"
#include "sim/runner.hpp"
#include "sim/threads_available.hpp"

namespace cq {

// What each GC cycle registers. uniform: every cycle, `cleanups` per mutator. priming (Go's pool
// priming, tests/conformance/go/priming.go): the first cycle registers one cleanup per mutator (the
// warm-up), the middle ones `cleanups` each, the last one one more (the probing AddCleanup), and
// each cycle's registration waits until the queue is idle (every queued cleanup has run and every
// cleanup goroutine sleeps), as that workload's waitIdle does. So the last AddCleanup meets the
// needg the middle cycles' wakes left (runtime/mcleanup.go: AddCleanup calls needG, createGs).
enum class CycleShape : std::uint8_t { uniform, priming };

constexpr std::string_view to_string(CycleShape s) {
  return s == CycleShape::priming ? "priming" : "uniform";
}
std::optional<CycleShape> parse_cycle_shape(std::string_view text);

// When a P runs findRunnable's cleanup hook (needsWake, then wake). findrunnable (the default):
// only at a P's scheduling points, as Go's schedule() calls findRunnable (runtime/proc.go): a
// goroutine on the P parks, exits, is picked up after being readied, or has run forcePreemptNS
// (10 ms) since the P's last round (sysmon's retake); an idle P runs none (Go puts it on the idle
// list, pidleput, and its M sleeps in stopm until wakep starts an M on it).
// poll: the named simplification kept for lessons and experiments (docs/model-vs-go.md, S1):
// every P, every sched_round_ns, busy or idle.
enum class SchedulerModel : std::uint8_t { poll, findrunnable };

constexpr std::string_view to_string(SchedulerModel m) {
  return m == SchedulerModel::findrunnable ? "findrunnable" : "poll";
}
std::optional<SchedulerModel> parse_scheduler_model(std::string_view text);

// How the GC cycle's phases run (docs/model-vs-go.md, P1-P5). parked: the model's own off -> mark
// -> sweep -> off, with the mutators parked from their check-in until the sweep is over. go (the
// default): Go's (runtime/mgc.go: gcStart, gcMarkTermination, gcSweep): sweep termination (a
// stop-the-world in gcStart whose finishsweep_m sweeps what is left) -> _GCmark -> mark
// termination (a stop-the-world) -> _GCoff, in which the sweep runs concurrently with mutators
// that keep calling AddCleanup (and sweep a span themselves first, as ensureSwept does).
enum class GcPhasesModel : std::uint8_t { parked, go };

constexpr std::string_view to_string(GcPhasesModel m) {
  return m == GcPhasesModel::go ? "go" : "parked";
}
std::optional<GcPhasesModel> parse_gc_phases(std::string_view text);

// Go's sysmon preempts a goroutine that has run this long on one schedtick (runtime/proc.go:
// forcePreemptNS, retake); the preempted goroutine goes through schedule(), hence findRunnable.
inline constexpr std::uint64_t kForcePreemptNs = 10'000'000;
// findRunnable looks at the global run queue first on every 61st schedtick (runtime/proc.go:
// findRunnable, `pp.schedtick%61 == 0`).
inline constexpr std::uint32_t kGlobalRunqEvery = 61;

// Virtual-time cost of each action, in nanoseconds.
struct Costs {
  std::uint64_t add_cleanup_ns = 100;   // one AddCleanup by a mutator
  std::uint64_t sweep_object_ns = 40;   // sweeping one dead object (and enqueueing its cleanup)
  std::uint64_t cleanup_ns = 200;       // running one cleanup
  std::uint64_t sched_round_ns = 2000;  // between two scheduling rounds of one P
  std::uint64_t wake_latency_ns = 500;  // from injectglist to the woken goroutine running
  std::uint64_t root_scan_ns = 20;      // scanning one block as a GC root
  std::uint64_t gc_phase_ns = 1000;     // a phase change (stop-the-world, mark termination)
  std::uint64_t sweep_gate_ns = 10;     // begin / end / acquiring a P

  bool operator==(const Costs&) const = default;
};

struct Scenario {
  std::uint32_t gomaxprocs = 8;
  std::uint32_t mutators = 0;      // 0 = one per P
  std::uint32_t cleanups = 10000;  // per mutator per GC cycle
  std::uint32_t gc_cycles = 1;
  CycleShape shape = CycleShape::uniform;
  std::uint32_t sweepers = 2;
  // Actors running findRunnable's cleanup hook; 0 = one per P. They are interchangeable, so
  // the schedule explorer uses 1: more only multiply the interleavings, not the states.
  std::uint32_t scheduler_rounds = 0;
  std::uint32_t span_objects = 16;  // dead objects per span a sweeper claims at once
  SchedulerModel scheduler = SchedulerModel::findrunnable;
  GcPhasesModel gc_phases = GcPhasesModel::go;
  // findRunnable's earlier returns, before its needsWake check (runtime/proc.go: findRunnable),
  // under the findrunnable scheduler only. gc_worker: while the GC marks (gcBlackenEnabled), a
  // round returns a mark worker (gcController.findRunnableGCWorker) and never reaches needsWake.
  // global_runq: every 61st round of a P takes a goroutine off the global run queue
  // (globrunqget) and returns; the model has no run queues, so it takes that queue as never
  // empty then.
  bool sched_gc_worker = false;
  bool sched_global_runq = false;
  // The Go the run stands for; it sets the next three (go_profile.hpp), which a scenario may then
  // override for an experiment (describe_go() then says "custom").
  GoVersion go = kDefaultGoVersion;
  std::uint32_t block_capacity = go_profile(kDefaultGoVersion).block_capacity;
  WakeProtocol protocol = go_profile(kDefaultGoVersion).protocol;
  WorkerCapPolicy worker_cap = go_profile(kDefaultGoVersion).worker_cap;
  // Real threads where the build has them; the inline runner where it has none (a browser page
  // that is not cross-origin isolated).
  RunnerKind runner = kThreadsAvailable ? RunnerKind::threaded : RunnerKind::inline_;
  std::uint64_t seed = 1;
  Costs costs;
  std::uint64_t stuck_cleanup = 0;  // id of a cleanup that never returns; 0 = none
  // GOMAXPROCS changes and faults, as scenario events (docs/model-vs-go.md, "GOMAXPROCS changes
  // and faults"). 0 = none for each.
  std::uint32_t shrink_gomaxprocs_to = 0;  // mid-sweep of resize_during_cycle: Ps >= N die
  std::uint32_t grow_gomaxprocs_to = 0;    // as that sweep's last span is swept: new Ps
  std::uint32_t resize_during_cycle = 1;   // the GC cycle (1-based) whose sweep sees the change
  std::uint32_t regrow_after_cycle = 0;    // after a shrink: back to gomaxprocs once it ends
  std::uint64_t goexit_cleanup = 0;        // id of a cleanup that calls runtime.Goexit
  std::uint64_t panic_cleanup = 0;         // id of a cleanup that panics (the program dies)
  double speed = 0;                        // virtual ns per wall ns; 0 = unthrottled
  bool record_trace = true;
  // Trace chunks (65536 events each) kept in memory; 0 = the whole trace. A live view of a long
  // run sets it to bound memory; the CLI's export and the tests need whole traces.
  std::size_t trace_retained_chunks = 0;
  // With no retention: the bytes the stored trace may hold (raw and encoded chunks, Trace's
  // storage cap) before storing stops (the run goes on, counted and hashed); 0 = no cap (up to
  // Trace::kMaxChunks chunks). The app sets it from its memory budget (the CLI stores no event: it
  // writes them as they come). Not a scenario option: it changes no event, only how many are kept.
  std::size_t trace_stored_bytes = 0;
  std::vector<std::string> schedule;        // scripted actor names for the conducted/inline runners
  std::uint64_t max_steps = 2'000'000'000;  // a safety net, reported if ever reached

  Design design() const { return go_profile(go).design; }
  std::uint32_t mutator_count() const { return mutators == 0 ? gomaxprocs : mutators; }
  std::uint32_t scheduler_round_count() const {
    return scheduler_rounds == 0 ? gomaxprocs : scheduler_rounds;
  }
  // The most Ps the run ever has (a growth adds Ps beyond the starting GOMAXPROCS).
  std::uint32_t max_gomaxprocs() const { return std::max(gomaxprocs, grow_gomaxprocs_to); }
  // AddCleanup calls of one mutator in GC cycle `cycle` (from 0), and in all cycles before it.
  std::uint32_t cleanups_in_cycle(std::uint32_t cycle) const {
    const bool edge = cycle == 0 || cycle + 1 == gc_cycles;
    return shape == CycleShape::priming && edge ? 1 : cleanups;
  }
  std::uint64_t cleanups_before_cycle(std::uint32_t cycle) const {
    if (shape == CycleShape::uniform) return std::uint64_t{cycle} * cleanups;
    // priming: the first and the last cycle (one cleanup each) among those before `cycle`.
    const std::uint32_t edges = (cycle > 0 ? 1 : 0) + (gc_cycles > 1 && cycle >= gc_cycles ? 1 : 0);
    return edges + std::uint64_t{cycle - edges} * cleanups;
  }
  std::uint64_t total_cleanups() const {
    return std::uint64_t{mutator_count()} * cleanups_before_cycle(gc_cycles);
  }
  // The queue as the profile's code has it, with the scenario's overrides.
  QueueConfig queue_config() const {
    const GoProfile& p = go_profile(go);
    return {gomaxprocs, block_capacity,      protocol,        worker_cap, p.slot_kind,
            p.tag_bits, p.flush_skips_nil_p, max_gomaxprocs()};
  }

  bool operator==(const Scenario&) const = default;
};

// Sets the Go version and everything its profile fixes (protocol, block capacity, pool cap).
void apply_go_profile(Scenario& s, GoVersion version);

// What runs, for every label: the profile's label when nothing is overridden, else
// "custom (based on go1.25: protocol oneshot, block capacity 20)". `brief`: the profile's short
// title, or "custom (based on go1.25)", for a status line.
std::string describe_go(const Scenario& s, bool brief = false);

// Ranges, in one table so that messages and checks agree.
inline constexpr std::uint32_t kMaxMutators = 256;
inline constexpr std::uint32_t kMaxCleanupsPerMutator = 10'000'000;
inline constexpr std::uint32_t kMaxGcCycles = 1000;
inline constexpr std::uint32_t kMaxSweepers = 64;
inline constexpr double kMinSpeed = 1e-3;

// nullopt when valid; otherwise a message naming the option and the allowed range, e.g.
// "--gomaxprocs 0 is out of range: allowed 1..256".
std::optional<std::string> validate(const Scenario& s);

// The most actors a run of this scenario has at once: the GC, the mutators, the sweepers, the
// scheduler rounds, and the cleanup goroutines up to the pool cap (Go 1.24: the one finalizer
// goroutine). Under the threaded and conducted runners each is an OS thread: the web page makes
// its Web Workers up front (a browser cannot start one while its page's thread waits), so it
// needs this number before the run starts.
std::uint32_t max_actors(const Scenario& s);
// The OS threads those actors take: max_actors under the threaded and conducted runners, none
// under the inline runner.
std::uint32_t actor_threads(const Scenario& s);

// A host that can give a run at most `max_threads` threads (a browser page's Web Workers,
// viz/shells/web_main.cpp) runs a scenario whose actors need more with the inline runner: the same
// model, and the same choices as the conducted runner, on the one engine thread. Changes `s` and
// returns what it did, for the user, or nullopt when the scenario fits as it is.
std::optional<std::string> fit_to_threads(Scenario& s, std::uint32_t max_threads);

}  // namespace cq
