// CleanupQueue: Go's gcCleanups (runtime/mcleanup.go) as real lock-free C++, with both wake
// protocols: the level-triggered one of Go 1.25.0 (CL 671676, #73642) and e46c8e's one-shot one
// (CL 650697 as committed on the development branch, 8-16 May 2025; never released). The block
// geometry, tag width, wake protocol and nil-P check are QueueConfig values, set by the Go
// profiles (runtime/go_profile.hpp).
//
// [SECTION] Producer side: enqueue into P-local blocks, eager push of full blocks, flush
// [SECTION] Consumer side: take a whole block, announce sleep, finish a block
// [SECTION] Scheduler side: needsWake / wake; pool growth: needG / createGs
// [SECTION] Inspection: snapshots for invariant checks, counters for the picture
//
// Every operation is one indivisible step of the simulated runtime and reports what it did
// (which block, which slot, CAS retries...), so the caller can record a trace without the queue
// knowing that anyone is watching. Parking itself belongs to the caller: announce_sleep() puts
// a goroutine id on the sleeping list, and wake() hands back the ids the caller must unpark.
#pragma once

#include <array>
#include <atomic>
#include <cassert>
#include <cstdint>
#include <mutex>
#include <optional>
#include <span>
#include <vector>

#include "queue/cleanup_block.hpp"
#include "queue/queue_config.hpp"
#include "queue/tagged_stack.hpp"

namespace cq {

using GoroutineId = std::uint32_t;

struct EnqueueResult {
  CleanupBlock* block;        // the P's block the cleanup went into
  std::uint32_t slot;         // index written
  bool took_block;            // the P had no block: one came from `free` or was allocated
  bool allocated;             // ... and it was freshly allocated (linked into `all`)
  bool cleared_flushed;       // this enqueue flipped `flushed` back to false
  bool pushed_full;           // the block filled up and was pushed onto `full`
  std::uint32_t cas_retries;  // on free.pop, all-list push and full.push together
};

// One step of the last sweeper's coalescing walk over the Ps.
struct FlushStep {
  enum class Kind : std::uint8_t {
    missing,       // the P had no block
    adopt,         // the P's block became the accumulator
    merge,         // `moved` entries went from the P's block (tail) into the accumulator
    push_full,     // the accumulator filled up and was pushed; the P's block is the new one
    free_emptied,  // the P's block ended empty and went back to `free`
    push_last,     // the final accumulator was pushed (may be empty: the exact-fit case)
  };
  Kind kind;
  std::uint32_t p;
  std::uint32_t block;  // the block acted on (the P's block, or the pushed block)
  std::uint32_t into;   // for merge: the accumulator's block id
  std::uint32_t count;  // entries moved (merge) or block size when pushed
  bool nil_p;           // for missing: allp held no P at all (skipped by Go 1.25's nil-P check)
};

struct FlushResult {
  std::vector<FlushStep> steps;
  std::vector<std::uint32_t> pushed_sizes;  // sizes of the blocks pushed onto `full`, in order
  std::uint32_t pushed = 0;                 // Go's flushed count: blocks pushed
  std::uint32_t emptied = 0;
  std::uint32_t missing = 0;     // Ps without a block, nil Ps included
  std::uint32_t nil_ps = 0;      // nil Ps skipped (flush_skips_nil_p)
  bool accounting_holds = true;  // pushed + emptied + missing == P count
  // Without the nil-P check: the P whose nil pointer flush dereferenced. Go crashes there (a
  // fault under the world stop, the program dies); the queue stops the walk at that P and leaves
  // everything else as it was, for the caller to report as a crash.
  std::optional<std::uint32_t> nil_p_crash;
};

struct TakeResult {
  CleanupBlock* block;  // nullptr: no work available
  std::uint32_t cas_retries;
};

enum class SleepOutcome : std::uint8_t {
  parked,  // on the sleeping list; the caller must block until wake() returns this id
  retry,   // (level) work arrived after the announcement: do not sleep, try to take again
};

struct WakeResult {
  std::vector<GoroutineId> woken;  // popped from `sleeping`: the caller unparks these
  std::uint32_t signals = 0;       // oneshot: wakes consumed; level: workUnits seen
  std::uint32_t asleep_seen = 0;
  std::uint32_t extra = 0;        // surplus demand beyond the sleepers
  std::uint32_t needg_added = 0;  // min(extra, cap - ng), clamped at 0
};

// Counters and positions, read while no step is running (or approximately while steps run).
struct QueueSnapshot {
  struct BlockInfo {
    std::uint32_t id;
    std::uint32_t n;
  };
  std::vector<BlockInfo> all;         // every block, newest first (the `all` list)
  std::vector<BlockInfo> full;        // top of the stack first
  std::vector<BlockInfo> free;        // top of the stack first
  std::vector<std::int64_t> p_block;  // per P slot: block id or -1 (dead Ps included)
  std::uint32_t gomaxprocs = 0;       // len(allp): p_block[gomaxprocs..] are dead Ps
  std::vector<GoroutineId> sleeping;
  bool flushed = false;
  std::uint32_t wakes = 0;       // oneshot only
  std::uint64_t work_units = 0;  // level only
  std::uint32_t asleep = 0;
  std::uint32_t ng = 0;
  std::uint32_t needg = 0;
  std::uint32_t running = 0;
  std::uint32_t worker_cap = 0;
  std::uint64_t queued = 0;    // Go 1.26's /gc/cleanups/queued
  std::uint64_t executed = 0;  // Go 1.26's /gc/cleanups/executed
};

class CleanupQueue {
 public:
  // Throws std::invalid_argument naming the field when config_problem(config) finds one.
  explicit CleanupQueue(const QueueConfig& config);
  ~CleanupQueue();
  CleanupQueue(const CleanupQueue&) = delete;
  CleanupQueue& operator=(const CleanupQueue&) = delete;

  const QueueConfig& config() const { return config_; }
  // maxCleanupGs() reads gomaxprocs on every call (runtime/mcleanup.go), so the cap follows
  // set_gomaxprocs.
  std::uint32_t worker_cap() const { return worker_cap_.load(std::memory_order_relaxed); }
  // len(allp): the Ps that exist now. Starts at config().gomaxprocs.
  std::uint32_t gomaxprocs() const { return gomaxprocs_.load(std::memory_order_acquire); }

  // [SECTION] Producer side. Only the thread that holds P `p` may call enqueue(p, ...), and never
  // during the mark phase (the caller enforces both; the runtime checks them).
  // The common case (the P already has a block and this entry does not fill it) is inline: two
  // plain stores, no atomic RMW, no call. The rare cases are out of line: enqueue_slow() when the
  // P has no block, publish_full() when this entry filled it.
  EnqueueResult enqueue(std::uint32_t p, CleanupId cleanup) {
    return config_.slot_kind == SlotKind::word ? enqueue_as<SlotKind::word>(p, cleanup)
                                               : enqueue_as<SlotKind::cleanup_fn>(p, cleanup);
  }
  // enqueue() for a caller that chose the queue's slot kind once, outside its loop (as Go's
  // compiler does: the slot type is fixed per Go version). Precondition: Kind ==
  // config().slot_kind.
  template <SlotKind Kind>
  EnqueueResult enqueue_as(std::uint32_t p, CleanupId cleanup) {
    assert(config_.slot_kind == Kind);
    CleanupBlock* b = ps_[p].block;
    if (b == nullptr) [[unlikely]]
      return enqueue_slow(p, cleanup);
    const std::uint32_t n = b->append_as<Kind>(cleanup);
    // Every block of this queue has config_.block_capacity slots (allocate_block), so the bound
    // is read from the queue, not from the block just loaded: Go's is a constant too (the
    // length of cleanupBlock's array), and this load does not wait for the block pointer.
    if (n == config_.block_capacity) [[unlikely]]
      return publish_full(p, b);
    return EnqueueResult{b, n - 1, false, false, false, false, 0};
  }
  // The last sweeper's flush. Precondition: no enqueue runs or can start (the sweep gate).
  FlushResult flush();
  CleanupBlock* p_block(std::uint32_t p) const { return ps_[p].block; }

  // procresize (runtime/proc.go) as far as the queue sees it: allp becomes `n` long, 1..the P
  // slots. Shrinking leaves the cut Ps' blocks where they are: (*p).destroy moves runq, timers,
  // the write barrier buffer, mcache and cleanupsQueued, but never pp.cleanups (proc.go, Go 1.25
  // and 1.26), and flush walks only allp, so such a block is never flushed and its cleanups never
  // run unless GOMAXPROCS grows back (allp = allp[:nprocs] within its capacity brings the same P,
  // block and all: procresize, (*p).init). It stays on `all`, a GC root. Called only while no
  // enqueue or flush runs (Go: the world is stopped). Throws std::invalid_argument for n out of
  // range.
  void set_gomaxprocs(std::uint32_t n);

  // allp[p] is nil: procresize has grown allp and not yet allocated this P (proc.go). Such a P
  // has never run, so it holds no block. Called only while the world is stopped. Throws
  // std::invalid_argument for a P out of range or one that holds a block.
  void set_p_nil(std::uint32_t p, bool nil);
  bool p_is_nil(std::uint32_t p) const { return ps_[p].nil_p; }

  // [SECTION] Consumer side: dequeue split into the steps the runtime interleaves.
  TakeResult try_take_block();
  SleepOutcome announce_sleep(GoroutineId g);
  // After running every entry: count them as executed, clear, n = 0 atomically, push onto
  // `free` (runCleanups after endRunningCleanups). Returns CAS retries.
  std::uint32_t finish_block(CleanupBlock* block);
  // Go's beginRunningCleanups / endRunningCleanups: the profile's `running` counter.
  void begin_running() { running_.fetch_add(1, std::memory_order_relaxed); }
  void end_running() { running_.fetch_sub(1, std::memory_order_relaxed); }

  // [SECTION] Scheduler side, called on every scheduling round of every P.
  bool needs_wake() const;
  // Whether wake() would now unpark at least one goroutine (the end-of-run liveness question:
  // needs_wake() may be true with nobody asleep, which only raises needg).
  bool wake_would_unpark() const;
  WakeResult wake();
  // Pool growth, called by AddCleanup: needG() is the lock-free fast check; create_gs() claims
  // and returns how many goroutines the caller must now start (outside the lock, as Go does).
  bool need_g() const;
  std::uint32_t create_gs();
  // The same, also saying which goroutine ids were claimed: [first, first + count).
  std::uint32_t create_gs(GoroutineId& first);

  // [SECTION] Inspection.
  QueueSnapshot snapshot() const;  // exact only while no step runs
  bool flushed() const { return flushed_.load(std::memory_order_relaxed); }
  std::uint32_t ng() const { return ng_.load(std::memory_order_acquire); }
  std::uint32_t needg() const { return needg_.load(std::memory_order_acquire); }
  std::uint32_t running() const { return running_.load(std::memory_order_relaxed); }
  std::uint32_t blocks_allocated() const { return next_block_id_.load(std::memory_order_relaxed); }
  CleanupBlock* all_blocks() const { return all_.load(std::memory_order_acquire); }
  std::uint64_t cas_retries() const {
    return full_.total_cas_retries() + free_.total_cas_retries();
  }
  // Go's statistics (readQueueStats; runtime/metrics /gc/cleanups/queued and /executed in 1.26,
  // the GODEBUG=checkfinalizers line in 1.25). queued: every cleanup ever enqueued. Go counts it
  // per P (pp.cleanupsQueued++ in enqueue); the model derives the same number without touching
  // the enqueue fast path: what each P's blocks held when they left the P, plus its current
  // block's n. Exact only while no step runs (Go's own sum is "an estimate" too).
  std::uint64_t queued() const;
  // executed: added by whole blocks, b.n after the block's cleanups all ran (runCleanups).
  std::uint64_t executed() const { return executed_.load(std::memory_order_relaxed); }
  const TaggedStack<CleanupBlock>& full_stack() const { return full_; }
  const TaggedStack<CleanupBlock>& free_stack() const { return free_; }

 private:
  // enqueue() when the P has no block: take one from `free` (or allocate it), then store.
  EnqueueResult enqueue_slow(std::uint32_t p, CleanupId cleanup);
  // enqueue() after the entry filled the P's block (already stored): publish it.
  EnqueueResult publish_full(std::uint32_t p, CleanupBlock* b);
  // Eager flush of a full block: push onto `full`, detach from the P, signal one unit of work.
  void push_full_block(std::uint32_t p, CleanupBlock* b, EnqueueResult& r);
  CleanupBlock* allocate_block(std::uint32_t& cas_retries);
  void signal_work(std::uint32_t units);
  std::uint32_t headroom(std::uint32_t ng) const {
    const std::uint32_t cap = worker_cap();
    return ng < cap ? cap - ng : 0;
  }

  // Each P's slot on its own cache line: Ps fill their blocks in parallel without false sharing.
  struct alignas(64) PSlot {
    CleanupBlock* block = nullptr;
    // Entries in the blocks that left this P (pushed full, or taken by flush): with the current
    // block's n, this P's share of Go's `queued`. Written by the P's owner or the flusher only.
    std::atomic<std::uint64_t> retired{0};
    bool nil_p = false;  // allp[p] == nil (set_p_nil)
  };
  void retire(std::uint32_t p, std::uint32_t entries) {
    ps_[p].retired.store(ps_[p].retired.load(std::memory_order_relaxed) + entries,
                         std::memory_order_relaxed);
  }

  const QueueConfig config_;
  std::atomic<std::uint32_t> worker_cap_;
  std::atomic<std::uint32_t> gomaxprocs_;  // len(allp); ps_ beyond it are dead Ps (or unborn)
  // Held in the queue itself (not a std::vector) so that enqueue finds a P's block with one
  // load from the queue, not two (the vector's data pointer, then the slot). 256 x 64 bytes.
  // Only the first p_slots_ are used.
  std::array<PSlot, kMaxGomaxprocs> ps_;
  const std::uint32_t p_slots_;
  std::span<const PSlot> used_ps() const { return {ps_.data(), p_slots_}; }

  alignas(64) TaggedStack<CleanupBlock> full_;
  std::atomic<std::uint64_t> work_units_{0};  // level: blocks claimable on `full`, same line

  alignas(64) TaggedStack<CleanupBlock> free_;
  std::atomic<bool> flushed_{false};  // used together with `free`, as in Go

  alignas(64) std::atomic<CleanupBlock*> all_{nullptr};
  std::atomic<std::uint32_t> next_block_id_{0};

  // oneshot: high 32 bits asleep, low 32 bits pending wakes. level: only the high half is used
  // (as `asleep`), so both protocols read the sleeper count from one place.
  alignas(64) std::atomic<std::uint64_t> sleep_state_{0};

  alignas(64) mutable std::mutex lock_;  // protects sleeping_ and writes to ng_
  std::vector<GoroutineId> sleeping_;    // LIFO, like Go's gList
  std::atomic<std::uint32_t> running_{0};
  std::atomic<std::uint32_t> ng_{0};
  std::atomic<std::uint32_t> needg_{0};
  std::atomic<std::uint64_t> executed_{0};
};

}  // namespace cq
