#include "trace/trace.hpp"

#include <bit>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

namespace cq {
namespace {

// Raw storage: every slot is written before size() publishes it, so initialising 2 MiB per
// chunk would only cost time (TraceEvent is an aggregate, hence an implicit-lifetime type).
//
// Chunks of finished traces are kept for the next trace, up to kPooledChunks (64 MiB): the
// first touch of fresh memory, not storing the events, is most of what recording costs (page
// faults: on this project's VMs a run recording into fresh memory took ~1.35x the time of the
// same run with the trace off, and ~1.05x with reused memory), and the visualizer runs the same
// scenario again and again (step back = re-run to N-1, "what if" branches, lessons restarting).
// Not advised as transparent huge pages either: first touch became ~4x cheaper when the kernel
// had huge pages at hand, but stalled for seconds when it had to compact memory to make them.
class ChunkPool {
 public:
  static constexpr std::size_t kPooledChunks = 32;

  TraceEvent* take() {
    {
      std::lock_guard<std::mutex> guard(lock_);
      if (!free_.empty()) {
        TraceEvent* chunk = free_.back();
        free_.pop_back();
        return chunk;
      }
    }
    return static_cast<TraceEvent*>(::operator new(Trace::kChunkBytes));
  }

  void give_back(TraceEvent* chunk) {
    {
      std::lock_guard<std::mutex> guard(lock_);
      if (free_.size() < kPooledChunks) {
        free_.push_back(chunk);
        return;
      }
    }
    ::operator delete(chunk);
  }

 private:
  std::mutex lock_;
  std::vector<TraceEvent*> free_;
};

// Never destroyed: a Trace in a static object may give chunks back during static destruction.
ChunkPool& chunk_pool() {
  static ChunkPool* pool = new ChunkPool;
  return *pool;
}

TraceEvent* allocate_chunk() {
  return chunk_pool().take();
}
void free_chunk(TraceEvent* chunk) {
  chunk_pool().give_back(chunk);
}

// The last restart block at() decoded on this thread, so a loop of at() calls decodes each block
// once. Keyed by the trace's id (never reused, unlike its address) and the block's first event;
// an encoded chunk never changes, so an entry stays right for as long as its events are stored.
struct DecodeCache {
  std::uint64_t trace_id = 0;
  std::size_t first = 0;
  std::size_t count = 0;
  TraceEvent events[EncodedChunk::kRestartEvents];
};

DecodeCache& decode_cache() {
  thread_local std::unique_ptr<DecodeCache> cache = std::make_unique<DecodeCache>();
  return *cache;
}

std::uint64_t next_trace_id() {
  static std::atomic<std::uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace

Trace::Trace(bool record, std::size_t retained_chunks, std::size_t stored_bytes,
             Appenders appenders, std::size_t raw_chunks)
    : record_(record),
      appenders_(appenders),
      retained_limit_(std::min(retained_chunks, kMaxChunks - 1)),
      stored_byte_limit_(stored_bytes),
      raw_limit_(raw_chunks),
      frees_while_reading_(record && (retained_limit_ != kUnlimited || raw_limit_ != kUnlimited)),
      id_(next_trace_id()),
      chunks_(new ChunkSlot[kMaxChunks]()) {}

Trace::~Trace() {
  for (std::size_t c = first_chunk_; c < chunks_started_; ++c) {
    ChunkSlot& slot = slot_number(c);
    if (slot.raw != nullptr) free_chunk(slot.raw);
    delete slot.encoded;
  }
}

std::uint64_t Trace::hash_event(std::uint64_t h, const TraceEvent& e) {
  // The event as four 64-bit words of fixed meaning (never its memory layout), each spread by its
  // own odd multiplier (a bijection) and rotated into its own lane, so changing any one field
  // always changes the input word; that word enters the running hash through xor, an odd
  // multiply and a rotation, each a bijection, so it always changes the hash too. The words'
  // multiplies are independent; the chain from one event to the next is five cycles, where a
  // byte-wise FNV-1a over the same 29 bytes was a chain of 29 multiplies and cost more than the
  // rest of appending an event. Pure 64-bit integer arithmetic: identical on x86-64 and wasm.
  constexpr std::uint64_t kTime = 0x9e3779b97f4a7c15ull;
  constexpr std::uint64_t kA = 0xc2b2ae3d27d4eb4full;
  constexpr std::uint64_t kBlockB = 0x165667b19e3779f9ull;
  constexpr std::uint64_t kWho = 0xd6e8feb86659fd93ull;
  constexpr std::uint64_t kChain = 0xbf58476d1ce4e5b9ull;  // odd, dense: spreads every bit up
  const std::uint64_t block_b = e.block | std::uint64_t{e.b} << 32;
  const std::uint64_t who =
      e.actor | std::uint64_t{e.p} << 16 | std::uint64_t{static_cast<std::uint8_t>(e.kind)} << 32;
  const std::uint64_t word = e.time_ns * kTime ^ std::rotl(e.a * kA, 16) ^
                             std::rotl(block_b * kBlockB, 32) ^ std::rotl(who * kWho, 48);
  return std::rotl((h ^ word) * kChain, 29);
}

void Trace::release_oldest_chunk() {
  ChunkSlot& slot = slot_number(first_chunk_);
  const ChunkSlot released = slot;
  {
    // Exclusive: a reader inside read() or at() may still be reading that chunk.
    std::unique_lock<std::shared_mutex> guard(release_lock_);
    slot = ChunkSlot{};
    ++first_chunk_;
    first_retained_.store(first_chunk_ * kChunkEvents, std::memory_order_release);
  }
  first_raw_chunk_ = std::max(first_raw_chunk_, first_chunk_);
  if (released.raw != nullptr) {
    free_chunk(released.raw);
    raw_chunks_held_.fetch_sub(1, std::memory_order_relaxed);
  } else {
    encoded_bytes_held_.fetch_sub(released.encoded->memory_bytes(), std::memory_order_relaxed);
    delete released.encoded;
  }
}

void Trace::encode_oldest_raw_chunk() {
  ChunkSlot& slot = slot_number(first_raw_chunk_);
  TraceEvent* const raw = slot.raw;
  // Outside the lock: the chunk is full, so nobody writes it, and only this appender frees it.
  auto encoded = std::make_unique<EncodedChunk>(
      EncodedChunk::encode(std::span<const TraceEvent>(raw, kChunkEvents)));
  encoded_bytes_held_.fetch_add(encoded->memory_bytes(), std::memory_order_relaxed);
  {
    std::unique_lock<std::shared_mutex> guard(release_lock_);
    slot.encoded = encoded.release();
    slot.raw = nullptr;
  }
  ++first_raw_chunk_;
  free_chunk(raw);
  raw_chunks_held_.fetch_sub(1, std::memory_order_relaxed);
}

bool Trace::start_chunk() {
  if (retained_limit_ != kUnlimited) {
    // The window is full: release the oldest chunk, so memory stays flat.
    if (chunks_started_ - first_chunk_ == retained_limit_) release_oldest_chunk();
  } else if (chunks_started_ == kMaxChunks) {
    storing_stopped_ = true;
    return false;
  }
  // Encode the chunks that leave the raw window as this one enters it.
  while (raw_limit_ != kUnlimited && chunks_started_ - first_raw_chunk_ >= raw_limit_) {
    encode_oldest_raw_chunk();
  }
  // The storage cap: stop storing, keep counting and hashing. At least one chunk is stored.
  if (retained_limit_ == kUnlimited && stored_byte_limit_ != kUnlimited && chunks_started_ > 0 &&
      memory_bytes() + kChunkBytes > stored_byte_limit_) {
    storing_stopped_ = true;
    return false;
  }
  slot_number(chunks_started_).raw = allocate_chunk();
  raw_chunks_held_.fetch_add(1, std::memory_order_relaxed);
  ++chunks_started_;
  return true;
}

void Trace::append_step(std::span<const TraceEvent> events) {
  std::unique_lock<std::mutex> guard(append_lock_, std::defer_lock);
  if (appenders_ == Appenders::many) guard.lock();
  std::size_t n = size_.load(std::memory_order_relaxed);
  // In a local: the event store below may alias a member, which would be reloaded per event.
  std::uint64_t hash = hash_;
  for (const TraceEvent& e : events) {
    hash = hash_event(hash, e);
    auto& count = kind_counts_[static_cast<std::size_t>(e.kind)];
    count.store(count.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    if (!record_) continue;
    if (n / kChunkEvents == chunks_started_ && (storing_stopped_ || !start_chunk())) continue;
    slot_of(n).raw[n % kChunkEvents] = e;
    ++n;
  }
  hash_ = hash;
  published_hash_.store(hash, std::memory_order_release);
  if (observer_ != nullptr) observer_->observe(events);
  steps_.store(steps_.load(std::memory_order_relaxed) + 1, std::memory_order_release);
  // Release: readers that see the new size see the events below it.
  size_.store(n, std::memory_order_release);
}

std::uint64_t Trace::total_events() const {
  std::uint64_t total = 0;
  for (const auto& count : kind_counts_) total += count.load(std::memory_order_relaxed);
  return total;
}

bool Trace::holds_every_event() const {
  return record_ && first_retained() == 0 && size() == total_events();
}

std::size_t Trace::memory_bytes() const {
  return raw_chunks_held_.load(std::memory_order_relaxed) * kChunkBytes +
         encoded_bytes_held_.load(std::memory_order_relaxed);
}

TraceEvent Trace::at(std::size_t i) const {
  std::shared_lock<std::shared_mutex> guard(release_lock_, std::defer_lock);
  if (frees_while_reading_) guard.lock();
  // Under the lock: nothing is released until it is dropped, so a stored event stays stored.
  const std::size_t first = first_retained();
  const std::size_t end = size();
  if (i >= end || i < first) [[unlikely]]
    throw_not_stored(i, first, end);
  const ChunkSlot& slot = slot_of(i);
  if (slot.raw != nullptr) return slot.raw[i % kChunkEvents];
  return decoded_event(*slot.encoded, i);
}

void Trace::throw_not_stored(std::size_t i, std::size_t first, std::size_t end) {
  throw std::out_of_range("Trace::at(" + std::to_string(i) + "): not a stored event: stored are " +
                          (first == end ? std::string("none")
                                        : std::to_string(first) + ".." + std::to_string(end - 1)));
}

TraceEvent Trace::decoded_event(const EncodedChunk& chunk, std::size_t i) const {
  DecodeCache& cache = decode_cache();
  if (cache.trace_id != id_ || i < cache.first || i - cache.first >= cache.count) {
    const std::size_t offset = i % kChunkEvents;
    const std::size_t block_offset = offset - offset % EncodedChunk::kRestartEvents;
    cache.trace_id = 0;  // invalid while it is being filled
    cache.count = std::min(EncodedChunk::kRestartEvents, chunk.size() - block_offset);
    chunk.decode(block_offset, cache.count, cache.events);
    cache.first = i - (offset - block_offset);
    cache.trace_id = id_;
  }
  return cache.events[i - cache.first];
}

std::unique_ptr<TraceEvent[]> Trace::read_buffer() {
  // make_unique, not make_unique_for_overwrite: the web build's libc++ (emscripten 3.1.6) lacks
  // it, and TraceEvent's fields have initialisers either way.
  return std::make_unique<TraceEvent[]>(kReadPieceEvents);
}

}  // namespace cq
