#include "sim/trace.hpp"

namespace cq {
namespace {

constexpr std::uint64_t kFnvPrime = 0x100000001b3ull;

std::uint64_t mix(std::uint64_t h, std::uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) {
    h ^= (value >> (8 * i)) & 0xff;
    h *= kFnvPrime;
  }
  return h;
}

}  // namespace

Trace::Trace(bool record) : record_(record), chunks_(new TraceEvent*[kMaxChunks]()) {}

Trace::~Trace() {
  for (std::size_t c = 0; c < chunk_count_; ++c) delete[] chunks_[c];
}

std::uint64_t Trace::hash_event(std::uint64_t h, const TraceEvent& e) {
  h = mix(h, e.time_ns, 8);
  h = mix(h, e.a, 8);
  h = mix(h, e.block, 4);
  h = mix(h, e.b, 4);
  h = mix(h, e.actor, 2);
  h = mix(h, e.p, 2);
  return mix(h, static_cast<std::uint8_t>(e.kind), 1);
}

void Trace::append_step(std::span<const TraceEvent> events) {
  std::lock_guard<std::mutex> guard(append_lock_);
  std::size_t n = size_.load(std::memory_order_relaxed);
  for (const TraceEvent& e : events) {
    hash_ = hash_event(hash_, e);
    kind_counts_[static_cast<std::size_t>(e.kind)].fetch_add(1, std::memory_order_relaxed);
    if (!record_) continue;
    if (n / kChunkEvents == chunk_count_) {
      if (chunk_count_ == kMaxChunks) continue;  // ~1 G events: stop storing, keep counting
      chunks_[chunk_count_++] = new TraceEvent[kChunkEvents];
    }
    chunks_[n / kChunkEvents][n % kChunkEvents] = e;
    ++n;
  }
  steps_.fetch_add(1, std::memory_order_release);
  // Release: readers that see the new size see the events below it.
  size_.store(n, std::memory_order_release);
}

std::uint64_t Trace::hash() const {
  std::lock_guard<std::mutex> guard(append_lock_);
  return hash_;
}

std::size_t Trace::memory_bytes() const {
  std::lock_guard<std::mutex> guard(append_lock_);
  return chunk_count_ * kChunkEvents * sizeof(TraceEvent);
}

}  // namespace cq
