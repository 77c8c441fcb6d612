// Trace: the append-only event log of one run.
//
// Storage is chunked (fixed-size chunks, never moved), so readers may read any index below
// size() while the engine keeps appending from other threads. Each step's events are appended
// as one batch, so a step's events are contiguous and a reader never sees half a step.
// The hash folds every event's fields, as fixed-meaning 64-bit words, into one 64-bit value
// (hash_event): the same run gives the same hash on every platform (native and wasm).
//
// Retention (memory bound for long runs): with a limit of N chunks, once N chunks are stored the
// oldest one is released (its buffer is reused for the next chunk) and first_retained() moves
// forward by kChunkEvents. The hash, the per-kind counts and size() still cover every event ever
// appended; only the stored window shrinks. The default is unlimited, because the CLI's export
// and the tests read whole traces; a long-lived live view opts in (Scenario::trace_retained_chunks)
// and keeps TraceIndex snapshots, so the model at the window's start is still known.
//
// Storage cap (memory bound for big runs that must start at event 0): without retention, storing
// stops once `stored_chunks` chunks are full; the hash and the counts go on, size() stays, and
// holds_every_event() turns false. The CLI and the app set it from their memory budgets
// (Scenario::trace_stored_chunks), so no accepted scenario can exhaust memory with its trace.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <span>

#include "trace/trace_event.hpp"
#include "trace/trace_observer.hpp"

namespace cq {

class Trace {
 public:
  static constexpr std::size_t kChunkEvents = std::size_t{1} << 16;
  static constexpr std::size_t kMaxChunks = std::size_t{1} << 14;  // ~1 G events
  static constexpr std::size_t kUnlimited = 0;
  static constexpr std::size_t kChunkBytes = kChunkEvents * sizeof(TraceEvent);
  // Chunks that fit in a memory budget of `mib` MiB (at least one): how the CLI and the app turn
  // their budgets into Scenario::trace_stored_chunks.
  static constexpr std::size_t chunks_in_mib(std::size_t mib) {
    return std::max<std::size_t>(1, (mib << 20) / kChunkBytes);
  }

  // Who appends: `many` threads (append_step takes append_lock_), or only `one` thread at a time,
  // each append ordered after the previous one by the caller (the inline runner: one thread),
  // which needs no lock. Readers are safe with either.
  enum class Appenders : std::uint8_t { many, one };

  // retained_chunks: kUnlimited (keep everything, up to stored_chunks), or 1..kMaxChunks-1.
  // stored_chunks: 1..kMaxChunks; with retention it is not used.
  explicit Trace(bool record = true, std::size_t retained_chunks = kUnlimited,
                 std::size_t stored_chunks = kMaxChunks, Appenders appenders = Appenders::many);
  ~Trace();
  Trace(const Trace&) = delete;
  Trace& operator=(const Trace&) = delete;

  // Appends one step's events atomically with respect to other appenders and readers.
  // When recording is off, only counts and the hash are kept.
  void append_step(std::span<const TraceEvent> events);

  // Every step appended from now on is shown to `observer` (nullptr: none), recorded or not.
  // Set it before the run: a one-appender trace appends without the lock.
  void set_observer(TraceObserver* observer) {
    std::lock_guard<std::mutex> guard(append_lock_);
    observer_ = observer;
  }

  bool recording() const { return record_; }
  // Events appended and visible to readers (acquire: their contents are complete).
  std::size_t size() const { return size_.load(std::memory_order_acquire); }
  // Index of the oldest event still stored (0 unless a retention limit released chunks).
  std::size_t first_retained() const { return first_retained_.load(std::memory_order_acquire); }
  std::size_t retained_chunk_limit() const { return retained_limit_; }
  std::size_t stored_chunk_limit() const { return stored_limit_; }
  std::uint64_t steps() const { return steps_.load(std::memory_order_acquire); }

  // Event i, for first_retained() <= i < size(). With a retention limit and a concurrent
  // appender the chunk may be released under the caller: use read() then.
  const TraceEvent& at(std::size_t i) const { return chunk_of(i)[i % kChunkEvents]; }

  // Calls visit(std::span<const TraceEvent>) for events [from, min(to, size())), chunk by chunk,
  // while holding off the release of those chunks. Returns false (visiting nothing) when `from`
  // was already released. Safe against a concurrent appender in every configuration.
  template <class Visitor>
  bool read(std::size_t from, std::size_t to, Visitor&& visit) const;

  // The hash after the last whole step. While a run appends it may already include a step that
  // size() and steps() do not count yet: read them after the run for a matching pair.
  std::uint64_t hash() const { return published_hash_.load(std::memory_order_acquire); }
  std::uint64_t count(EventKind kind) const {
    return kind_counts_[static_cast<std::size_t>(kind)].load(std::memory_order_relaxed);
  }
  std::uint64_t total_events() const;  // every event appended, stored or not
  // Recording, and nothing released or left unstored: the trace is the whole run so far.
  bool holds_every_event() const;
  // Event storage currently held (while another thread appends, possibly one chunk more or less).
  std::size_t memory_bytes() const;

  static std::uint64_t hash_event(std::uint64_t h, const TraceEvent& e);
  static constexpr std::uint64_t kHashSeed = 0xcbf29ce484222325ull;  // the hash of no events

 private:
  static constexpr std::size_t kChunkSlotMask = kMaxChunks - 1;
  // Chunk slots form a ring indexed by absolute chunk number, so a retained window can run
  // past kMaxChunks chunks; without retention the ring never wraps (storing stops instead).
  TraceEvent* chunk_of(std::size_t i) const { return chunks_[(i / kChunkEvents) & kChunkSlotMask]; }
  TraceEvent* next_chunk_storage();  // the appender's

  const bool record_;
  const Appenders appenders_;
  const std::size_t retained_limit_;
  const std::size_t stored_limit_;
  mutable std::mutex append_lock_;
  // Readers hold it shared while they read stored events; the appender holds it exclusively
  // only for the instant it releases the oldest chunk (once per kChunkEvents events).
  mutable std::shared_mutex release_lock_;
  std::unique_ptr<TraceEvent*[]> chunks_;
  std::size_t chunks_started_ = 0;  // absolute number of chunks ever allocated to the window
  std::size_t first_chunk_ = 0;     // absolute number of the oldest retained chunk
  std::atomic<std::size_t> size_{0};
  std::atomic<std::size_t> first_retained_{0};
  std::atomic<std::uint64_t> steps_{0};
  std::uint64_t hash_ = kHashSeed;                        // the appender's
  std::atomic<std::uint64_t> published_hash_{kHashSeed};  // hash_ after the last whole step
  TraceObserver* observer_ = nullptr;  // set before the run; read by the appender
  // Written only by the appender (under append_lock_ with many: load + store, no
  // read-modify-write), read by anyone.
  std::atomic<std::uint64_t> kind_counts_[kEventKindCount] = {};
};

template <class Visitor>
bool Trace::read(std::size_t from, std::size_t to, Visitor&& visit) const {
  std::shared_lock<std::shared_mutex> guard(release_lock_, std::defer_lock);
  if (retained_limit_ != kUnlimited) guard.lock();  // nothing is ever released otherwise
  if (from < first_retained()) return false;
  to = std::min(to, size());
  while (from < to) {
    const std::size_t offset = from % kChunkEvents;
    const std::size_t n = std::min(to - from, kChunkEvents - offset);
    visit(std::span<const TraceEvent>(chunk_of(from) + offset, n));
    from += n;
  }
  return true;
}

}  // namespace cq
