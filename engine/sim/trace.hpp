// Trace: the append-only event log of one run.
//
// Storage is chunked (fixed-size chunks, never moved), so readers may read any index below
// size() while the engine keeps appending from other threads. Each step's events are appended
// as one batch, so a step's events are contiguous and a reader never sees half a step.
// The hash is FNV-1a over the events' fields in a fixed byte order: the same run gives the same
// hash on every platform (native and wasm).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>

#include "sim/trace_event.hpp"

namespace cq {

class Trace {
 public:
  static constexpr std::size_t kChunkEvents = std::size_t{1} << 16;
  static constexpr std::size_t kMaxChunks = std::size_t{1} << 14;  // ~1 G events

  explicit Trace(bool record = true);
  ~Trace();
  Trace(const Trace&) = delete;
  Trace& operator=(const Trace&) = delete;

  // Appends one step's events atomically with respect to other appenders and readers.
  // When recording is off, only counts and the hash are kept.
  void append_step(std::span<const TraceEvent> events);

  bool recording() const { return record_; }
  // Events appended and visible to readers (acquire: their contents are complete).
  std::size_t size() const { return size_.load(std::memory_order_acquire); }
  std::uint64_t steps() const { return steps_.load(std::memory_order_acquire); }
  const TraceEvent& at(std::size_t i) const { return chunks_[i / kChunkEvents][i % kChunkEvents]; }
  std::uint64_t hash() const;
  std::uint64_t count(EventKind kind) const {
    return kind_counts_[static_cast<std::size_t>(kind)].load(std::memory_order_relaxed);
  }
  std::size_t memory_bytes() const;

  static std::uint64_t hash_event(std::uint64_t h, const TraceEvent& e);
  static constexpr std::uint64_t kHashSeed = 0xcbf29ce484222325ull;  // FNV-1a offset basis

 private:
  const bool record_;
  mutable std::mutex append_lock_;
  std::unique_ptr<TraceEvent*[]> chunks_;
  std::size_t chunk_count_ = 0;
  std::atomic<std::size_t> size_{0};
  std::atomic<std::uint64_t> steps_{0};
  std::uint64_t hash_ = kHashSeed;
  std::atomic<std::uint64_t> kind_counts_[kEventKindCount] = {};
};

}  // namespace cq
