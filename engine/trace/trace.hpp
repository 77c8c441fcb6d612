// Trace: the append-only event log of one run.
//
// Storage is chunked (fixed-size chunks, never moved), so readers may read any index below
// size() while the engine keeps appending from other threads. Each step's events are appended
// as one batch, so a step's events are contiguous and a reader never sees half a step.
// The hash folds every event's fields, as fixed-meaning 64-bit words, into one 64-bit value
// (hash_event): the same run gives the same hash on every platform (native and wasm).
//
// Compaction (issue 17 item 1): the newest `raw_chunks` chunks are kept as TraceEvents (32 bytes
// each); older full chunks are encoded (EncodedChunk, trace_chunk_codec.hpp: about 3 bytes an
// event on real runs) and their raw buffers freed. The appender encodes a chunk when the chunk
// after the raw window starts. Readers see no difference: at() returns events by value (decoding
// through a per-thread cache of the last decoded restart block), and read() hands its visitor
// decoded spans. Encoding costs the appender about 4-5 ns an event (tests/bench/README.md), once
// per event that leaves the raw window; runs that fit in it pay nothing.
//
// Retention (memory bound for long runs): with a limit of N chunks, once N chunks are stored the
// oldest one is released and first_retained() moves forward by kChunkEvents. The hash, the
// per-kind counts and size() still cover every event ever appended; only the stored window
// shrinks. The default is unlimited, because the CLI's export and the tests read whole traces; a
// long-lived live view opts in (Scenario::trace_retained_chunks) and keeps TraceIndex snapshots,
// so the model at the window's start is still known.
//
// Storage cap (memory bound for big runs that must start at event 0): without retention, storing
// stops at the start of a chunk that would take the held bytes (raw and encoded) past
// `stored_bytes`; the hash and the counts go on, size() stays, and holds_every_event() turns
// false. The app sets it from its memory budget (Scenario::trace_stored_bytes), so no accepted
// scenario can exhaust memory with its trace.
//
// Readers and the appender: a raw buffer is freed (released or encoded) only under release_lock_
// held exclusively, and at() and read() hold it shared whenever that can happen.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <span>

#include "trace/trace_chunk_codec.hpp"
#include "trace/trace_event.hpp"
#include "trace/trace_observer.hpp"

namespace cq {

class Trace {
 public:
  static constexpr std::size_t kChunkEvents = std::size_t{1} << 16;
  static constexpr std::size_t kMaxChunks = std::size_t{1} << 14;  // ~1 G events
  static constexpr std::size_t kUnlimited = 0;
  // What a raw chunk holds in memory.
  static constexpr std::size_t kChunkBytes = kChunkEvents * sizeof(TraceEvent);
  // Raw chunks kept by default (8 MiB, 262,144 events): most lessons fit whole and the default
  // scenario (~270 K events) encodes one chunk, while a run of a few million events already
  // holds under 8 bytes an event (the raw window is then a small part of it).
  static constexpr std::size_t kDefaultRawChunks = 4;

  // Who appends: `many` threads (append_step takes append_lock_), or only `one` thread at a time,
  // each append ordered after the previous one by the caller (the inline runner: one thread),
  // which needs no lock. Readers are safe with either.
  enum class Appenders : std::uint8_t { many, one };

  // retained_chunks: kUnlimited (keep everything, up to stored_bytes), or 1..kMaxChunks-1.
  // stored_bytes: kUnlimited (up to kMaxChunks chunks), or a budget in bytes (at least one chunk
  // is always stored); with retention it is not used.
  // raw_chunks: the newest chunks kept unencoded, 1.. ; kUnlimited never encodes.
  explicit Trace(bool record = true, std::size_t retained_chunks = kUnlimited,
                 std::size_t stored_bytes = kUnlimited, Appenders appenders = Appenders::many,
                 std::size_t raw_chunks = kDefaultRawChunks);
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
  std::size_t stored_byte_limit() const { return stored_byte_limit_; }
  std::size_t raw_chunk_limit() const { return raw_limit_; }
  std::uint64_t steps() const { return steps_.load(std::memory_order_acquire); }

  // Event i, for first_retained() <= i < size(); any other i throws std::out_of_range (a
  // programming error, docs/errors.md). A copy: an encoded chunk has no TraceEvent to point at.
  // Sequential calls decode each restart block once (a per-thread cache). With a retention limit
  // and a concurrent appender the chunk may be released before the call (it then throws): use
  // read() then, which says so by returning false.
  TraceEvent at(std::size_t i) const;

  // Calls visit(std::span<const TraceEvent>) for events [from, min(to, size())), chunk by chunk
  // (encoded chunks in decoded pieces of up to kReadPieceEvents), while holding off the release
  // and encoding of those chunks. Returns false (visiting nothing) when `from` was already
  // released. Safe against a concurrent appender in every configuration. The visitor must not
  // call at() or read() of the same trace: release_lock_ is held shared, and taking it again on
  // the same thread is undefined (it may deadlock once the appender waits for it).
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
  // Event storage currently held: raw chunks and encoded chunks (while another thread appends,
  // possibly one chunk more or less).
  std::size_t memory_bytes() const;

  static std::uint64_t hash_event(std::uint64_t h, const TraceEvent& e);
  static constexpr std::uint64_t kHashSeed = 0xcbf29ce484222325ull;  // the hash of no events

 private:
  static constexpr std::size_t kChunkSlotMask = kMaxChunks - 1;
  // read() decodes encoded events in pieces of this many (64 KiB), ending at restart boundaries.
  static constexpr std::size_t kReadPieceEvents = 2 * EncodedChunk::kRestartEvents;
  // One chunk: raw (being appended, or in the raw window) or encoded (older), never both.
  struct ChunkSlot {
    TraceEvent* raw = nullptr;
    const EncodedChunk* encoded = nullptr;
  };
  // Chunk slots form a ring indexed by absolute chunk number, so a retained window can run
  // past kMaxChunks chunks; without retention the ring never wraps (storing stops instead).
  const ChunkSlot& slot_of(std::size_t i) const {
    return chunks_[(i / kChunkEvents) & kChunkSlotMask];
  }
  ChunkSlot& slot_number(std::size_t chunk) const { return chunks_[chunk & kChunkSlotMask]; }
  // The appender's, at the first event of chunk chunks_started_: releases, encodes, checks the
  // budget; false when storing stops.
  bool start_chunk();
  void release_oldest_chunk();
  void encode_oldest_raw_chunk();
  TraceEvent decoded_event(const EncodedChunk& chunk, std::size_t i) const;
  [[noreturn]] static void throw_not_stored(std::size_t i, std::size_t first, std::size_t end);
  static std::unique_ptr<TraceEvent[]> read_buffer();

  const bool record_;
  const Appenders appenders_;
  const std::size_t retained_limit_;
  const std::size_t stored_byte_limit_;
  const std::size_t raw_limit_;
  // Whether a stored chunk's buffer can be freed while the trace lives (retention or encoding):
  // readers then take release_lock_.
  const bool frees_while_reading_;
  const std::uint64_t id_;  // unique per Trace ever made: keys the per-thread decode cache
  mutable std::mutex append_lock_;
  // Readers hold it shared while they read stored events; the appender holds it exclusively
  // only for the instant it releases or swaps a chunk (at most twice per kChunkEvents events).
  mutable std::shared_mutex release_lock_;
  std::unique_ptr<ChunkSlot[]> chunks_;
  std::size_t chunks_started_ = 0;   // absolute number of chunks ever allocated to the window
  std::size_t first_chunk_ = 0;      // absolute number of the oldest retained chunk
  std::size_t first_raw_chunk_ = 0;  // chunks [first_chunk_, first_raw_chunk_) are encoded
  bool storing_stopped_ = false;     // the storage cap was reached
  std::atomic<std::size_t> raw_chunks_held_{0};
  std::atomic<std::size_t> encoded_bytes_held_{0};
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
  if (frees_while_reading_) guard.lock();  // nothing is ever freed otherwise
  if (from < first_retained()) return false;
  to = std::min(to, size());
  std::unique_ptr<TraceEvent[]> decoded;  // made when an encoded chunk is read
  while (from < to) {
    const std::size_t offset = from % kChunkEvents;
    const ChunkSlot& slot = slot_of(from);
    std::size_t n = std::min(to - from, kChunkEvents - offset);
    if (slot.raw != nullptr) {
      visit(std::span<const TraceEvent>(slot.raw + offset, n));
    } else {
      n = std::min(n, kReadPieceEvents - offset % EncodedChunk::kRestartEvents);
      if (!decoded) decoded = read_buffer();
      slot.encoded->decode(offset, n, decoded.get());
      visit(std::span<const TraceEvent>(decoded.get(), n));
    }
    from += n;
  }
  return true;
}

}  // namespace cq
