#include "trace/trace_chunk_codec.hpp"

#include <algorithm>
#include <cassert>
#include <cstring>
#include <utility>

namespace cq {
namespace {

static_assert(kEventKindCount <= 64, "the header byte holds the kind in 6 bits");

constexpr std::uint8_t kTimeDiffers = 1u << 6;
constexpr std::uint8_t kMoreFollows = 1u << 7;
constexpr std::uint8_t kKindMask = 0x3f;
constexpr std::uint8_t kActorDiffers = 1u << 0;
constexpr std::uint8_t kPDiffers = 1u << 1;
constexpr std::uint8_t kBlockDiffers = 1u << 2;
constexpr std::uint8_t kADiffers = 1u << 3;
constexpr std::uint8_t kBDiffers = 1u << 4;

// What both sides predict from: the previous event's time and the previous event of each kind.
// A restart begins from default events (kNoBlock, kNoP, zeros), which is what most fields of most
// kinds hold.
struct CodecState {
  std::uint64_t time = 0;
  TraceEvent previous[kEventKindCount];
};

void put_varint(std::uint8_t*& out, std::uint64_t v) {
  while (v >= 0x80) {
    *out++ = static_cast<std::uint8_t>(v | 0x80);
    v >>= 7;
  }
  *out++ = static_cast<std::uint8_t>(v);
}

std::uint64_t get_varint(const std::uint8_t*& in) {
  std::uint64_t v = 0;
  for (unsigned shift = 0;; shift += 7) {
    const std::uint8_t byte = *in++;
    v |= std::uint64_t{byte & 0x7fu} << shift;
    if (byte < 0x80) return v;
  }
}

// Zigzag of the wrapping difference in the field's own width: small either way, one byte for
// differences within +-63.
template <class T>
std::uint64_t zigzag_delta(T value, T previous) {
  using Signed = std::make_signed_t<T>;
  const auto d = static_cast<Signed>(static_cast<T>(value - previous));
  using Unsigned = std::make_unsigned_t<Signed>;
  return static_cast<Unsigned>((static_cast<Unsigned>(d) << 1) ^
                               static_cast<Unsigned>(d >> (sizeof(T) * 8 - 1)));
}

template <class T>
T undo_zigzag_delta(std::uint64_t z, T previous) {
  const auto u = static_cast<T>(z);
  const auto d = static_cast<T>((u >> 1) ^ static_cast<T>(0 - (u & 1)));
  return static_cast<T>(previous + d);
}

std::uint8_t* encode_event(std::uint8_t* out, const TraceEvent& e, CodecState& s) {
  TraceEvent& prev = s.previous[static_cast<std::size_t>(e.kind)];
  std::uint8_t fields = 0;
  if (e.actor != prev.actor) fields |= kActorDiffers;
  if (e.p != prev.p) fields |= kPDiffers;
  if (e.block != prev.block) fields |= kBlockDiffers;
  if (e.a != prev.a) fields |= kADiffers;
  if (e.b != prev.b) fields |= kBDiffers;
  std::uint8_t header = static_cast<std::uint8_t>(e.kind);
  if (e.time_ns != s.time) header |= kTimeDiffers;
  if (fields != 0) header |= kMoreFollows;
  *out++ = header;
  if (fields != 0) *out++ = fields;
  if (e.time_ns != s.time) put_varint(out, zigzag_delta(e.time_ns, s.time));
  if (fields & kActorDiffers) put_varint(out, zigzag_delta(e.actor, prev.actor));
  if (fields & kPDiffers) put_varint(out, zigzag_delta(e.p, prev.p));
  if (fields & kBlockDiffers) put_varint(out, zigzag_delta(e.block, prev.block));
  if (fields & kADiffers) put_varint(out, zigzag_delta(e.a, prev.a));
  if (fields & kBDiffers) put_varint(out, zigzag_delta(e.b, prev.b));
  s.time = e.time_ns;
  prev = e;
  return out;
}

const std::uint8_t* decode_event(const std::uint8_t* in, TraceEvent& e, CodecState& s) {
  const std::uint8_t header = *in++;
  const std::uint8_t fields = (header & kMoreFollows) != 0 ? *in++ : 0;
  TraceEvent& prev = s.previous[header & kKindMask];
  if (header & kTimeDiffers) s.time = undo_zigzag_delta(get_varint(in), s.time);
  if (fields & kActorDiffers) prev.actor = undo_zigzag_delta(get_varint(in), prev.actor);
  if (fields & kPDiffers) prev.p = undo_zigzag_delta(get_varint(in), prev.p);
  if (fields & kBlockDiffers) prev.block = undo_zigzag_delta(get_varint(in), prev.block);
  if (fields & kADiffers) prev.a = undo_zigzag_delta(get_varint(in), prev.a);
  if (fields & kBDiffers) prev.b = undo_zigzag_delta(get_varint(in), prev.b);
  prev.time_ns = s.time;
  prev.kind = static_cast<EventKind>(header & kKindMask);
  e = prev;
  return in;
}

}  // namespace

EncodedChunk EncodedChunk::encode(std::span<const TraceEvent> events) {
  // A buffer for the whole chunk at a guess of 8 bytes an event, grown when less than the worst
  // case of one more restart block is left; the result is then copied to its exact size, so the
  // chunk holds no slack and the buffer lives only during the call.
  constexpr std::size_t kBlockRoom = kRestartEvents * kMaxEventBytes;
  std::size_t room = std::max(kBlockRoom, events.size() * 8);
  auto buffer = std::make_unique_for_overwrite<std::uint8_t[]>(room);
  EncodedChunk chunk;
  chunk.events_ = events.size();
  chunk.restarts_.reserve((events.size() + kRestartEvents - 1) / kRestartEvents);
  std::size_t used = 0;
  CodecState state;
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (i % kRestartEvents == 0) {
      if (room - used < kBlockRoom) {
        room *= 2;
        auto grown = std::make_unique_for_overwrite<std::uint8_t[]>(room);
        std::memcpy(grown.get(), buffer.get(), used);
        buffer = std::move(grown);
      }
      chunk.restarts_.push_back(static_cast<std::uint32_t>(used));
      state = CodecState{};
    }
    used = static_cast<std::size_t>(encode_event(buffer.get() + used, events[i], state) -
                                    buffer.get());
  }
  chunk.byte_count_ = used;
  chunk.bytes_ = std::make_unique_for_overwrite<std::uint8_t[]>(used);
  std::memcpy(chunk.bytes_.get(), buffer.get(), used);
  return chunk;
}

void EncodedChunk::decode(std::size_t first, std::size_t count, TraceEvent* out) const {
  assert(first + count <= events_);
  if (count == 0) return;
  std::size_t i = first - first % kRestartEvents;
  const std::uint8_t* in = bytes_.get() + restarts_[i / kRestartEvents];
  CodecState state;
  TraceEvent skipped;
  for (; i < first; ++i) in = decode_event(in, skipped, state);
  for (std::size_t k = 0; k < count; ++k, ++i) {
    if (i % kRestartEvents == 0) {
      in = bytes_.get() + restarts_[i / kRestartEvents];
      state = CodecState{};
    }
    in = decode_event(in, out[k], state);
  }
}

std::size_t EncodedChunk::memory_bytes() const {
  return byte_count_ + restarts_.capacity() * sizeof(std::uint32_t) + sizeof(*this);
}

}  // namespace cq
