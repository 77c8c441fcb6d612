#include "trace/trace.hpp"

#include <bit>
#include <new>
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

}  // namespace

Trace::Trace(bool record, std::size_t retained_chunks, std::size_t stored_chunks,
             Appenders appenders)
    : record_(record),
      appenders_(appenders),
      retained_limit_(std::min(retained_chunks, kMaxChunks - 1)),
      stored_limit_(std::clamp<std::size_t>(stored_chunks, 1, kMaxChunks)),
      chunks_(new TraceEvent*[kMaxChunks]()) {}

Trace::~Trace() {
  for (std::size_t c = first_chunk_; c < chunks_started_; ++c) {
    free_chunk(chunks_[c & kChunkSlotMask]);
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

TraceEvent* Trace::next_chunk_storage() {
  if (retained_limit_ == kUnlimited || chunks_started_ - first_chunk_ < retained_limit_) {
    TraceEvent* chunk = allocate_chunk();
    chunks_[chunks_started_ & kChunkSlotMask] = chunk;
    return chunk;
  }
  // The window is full: release the oldest chunk and reuse its buffer, so memory stays flat.
  // Exclusive: a reader inside read() may still be visiting that chunk.
  std::unique_lock<std::shared_mutex> guard(release_lock_);
  TraceEvent* chunk = chunks_[first_chunk_ & kChunkSlotMask];
  chunks_[first_chunk_ & kChunkSlotMask] = nullptr;
  ++first_chunk_;
  first_retained_.store(first_chunk_ * kChunkEvents, std::memory_order_release);
  chunks_[chunks_started_ & kChunkSlotMask] = chunk;
  return chunk;
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
    if (n / kChunkEvents == chunks_started_) {
      // The storage cap with no retention limit: stop storing, keep counting and hashing.
      if (retained_limit_ == kUnlimited && chunks_started_ == stored_limit_) continue;
      next_chunk_storage();
      ++chunks_started_;
    }
    chunk_of(n)[n % kChunkEvents] = e;
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
  // From what readers may read, not from the appender's chunk counts: with one appender they are
  // not under any lock. After a whole step the chunks started are exactly the ones size() reaches
  // into (a chunk is started by its first event, and storing stops at a chunk's end).
  const std::size_t first = first_retained();
  const std::size_t end = size();
  const std::size_t chunks = (end + kChunkEvents - 1) / kChunkEvents - first / kChunkEvents;
  return chunks * kChunkBytes;
}

}  // namespace cq
