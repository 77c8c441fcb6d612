#include "trace/trace_chunk_codec.hpp"

#include <algorithm>
#include <cassert>
#include <cstring>
#include <utility>

namespace cq {
namespace {

static_assert(kEventKindCount * 4 <= 256, "the header byte holds the kind times four");

// The header's low two bits: what follows it.
enum Form : std::uint8_t {
  kSame = 0,      // nothing: the time and the actor are the previous event's, p/block/a/b predicted
  kNewActor = 1,  // the actor's difference; time the previous event's, fields predicted
  kNewStep = 2,   // the time's and the actor's differences; fields predicted
  kGeneral = 3,   // a byte of kDiffers* bits, then the differences it names, in that order
};
constexpr std::uint8_t kTimeDiffers = 1u << 0;
constexpr std::uint8_t kActorDiffers = 1u << 1;
constexpr std::uint8_t kPDiffers = 1u << 2;
constexpr std::uint8_t kBlockDiffers = 1u << 3;
constexpr std::uint8_t kADiffers = 1u << 4;
constexpr std::uint8_t kBDiffers = 1u << 5;

// What one actor's events of one kind predict from: the last one's p, block, a, b and how each
// moved then (stride), so a mutator's next cleanup id or slot, or an unchanged P, costs nothing.
// Actors share a context modulo kActorContexts (still exact, only less well predicted).
constexpr std::size_t kActorContexts = 64;
struct KindActorContext {
  std::uint64_t restart = 0;  // the restart it belongs to; any other: it holds the defaults
  std::uint64_t a = 0, a_stride = 0;
  std::uint32_t block = kNoBlock, block_stride = 0;
  std::uint32_t b = 0, b_stride = 0;
  std::uint16_t p = kNoP, p_stride = 0;
};

// Per thread, so encoding and decoding share nothing; a restart makes every context stale at
// once by taking a new number, instead of clearing the table (141 KiB).
struct CodecTables {
  std::uint64_t restarts = 0;
  KindActorContext contexts[kEventKindCount * kActorContexts];
  std::vector<std::uint8_t> encode_buffer;
};
CodecTables& codec_tables() {
  thread_local std::unique_ptr<CodecTables> tables = std::make_unique<CodecTables>();
  return *tables;
}

// The state of one pass from a restart point: the previous event's time and actor, and the
// contexts.
struct CodecState {
  explicit CodecState(CodecTables& t) : tables(t) { restart(); }
  void restart() {
    id = ++tables.restarts;
    time = 0;
    actor = 0;
  }
  KindActorContext& context(std::uint8_t kind, std::uint16_t of_actor) {
    KindActorContext& c = tables.contexts[kind * kActorContexts + of_actor % kActorContexts];
    if (c.restart != id) {
      c = KindActorContext{};
      c.restart = id;
    }
    return c;
  }
  CodecTables& tables;
  std::uint64_t id = 0;
  std::uint64_t time = 0;
  std::uint16_t actor = 0;
};

void put_varint(std::uint8_t*& out, std::uint64_t v) {
  if (v < 0x80) {  // most differences
    *out++ = static_cast<std::uint8_t>(v);
    return;
  }
  while (v >= 0x80) {
    *out++ = static_cast<std::uint8_t>(v | 0x80);
    v >>= 7;
  }
  *out++ = static_cast<std::uint8_t>(v);
}

std::uint64_t get_varint(const std::uint8_t*& in) {
  std::uint64_t v = *in++;
  if (v < 0x80) return v;
  v &= 0x7f;
  for (unsigned shift = 7;; shift += 7) {
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

// The context takes the event's fields and how far each moved.
void learn(KindActorContext& c, const TraceEvent& e) {
  c.p_stride = static_cast<std::uint16_t>(e.p - c.p);
  c.block_stride = e.block - c.block;
  c.a_stride = e.a - c.a;
  c.b_stride = e.b - c.b;
  c.p = e.p;
  c.block = e.block;
  c.a = e.a;
  c.b = e.b;
}

std::uint8_t* encode_event(std::uint8_t* out, const TraceEvent& e, CodecState& s) {
  const auto kind = static_cast<std::uint8_t>(e.kind);
  KindActorContext& c = s.context(kind, e.actor);
  const auto p = static_cast<std::uint16_t>(c.p + c.p_stride);
  const std::uint32_t block = c.block + c.block_stride;
  const std::uint64_t a = c.a + c.a_stride;
  const std::uint32_t b = c.b + c.b_stride;
  std::uint8_t differs = 0;
  if (e.time_ns != s.time) differs |= kTimeDiffers;
  if (e.actor != s.actor) differs |= kActorDiffers;
  if (e.p != p) differs |= kPDiffers;
  if (e.block != block) differs |= kBlockDiffers;
  if (e.a != a) differs |= kADiffers;
  if (e.b != b) differs |= kBDiffers;
  const std::uint8_t header = static_cast<std::uint8_t>(kind * 4);
  switch (differs) {
    case 0:
      *out++ = header | kSame;
      break;
    case kActorDiffers:
      *out++ = header | kNewActor;
      put_varint(out, zigzag_delta(e.actor, s.actor));
      break;
    case kTimeDiffers | kActorDiffers:
      *out++ = header | kNewStep;
      put_varint(out, zigzag_delta(e.time_ns, s.time));
      put_varint(out, zigzag_delta(e.actor, s.actor));
      break;
    default:
      *out++ = header | kGeneral;
      *out++ = differs;
      if (differs & kTimeDiffers) put_varint(out, zigzag_delta(e.time_ns, s.time));
      if (differs & kActorDiffers) put_varint(out, zigzag_delta(e.actor, s.actor));
      if (differs & kPDiffers) put_varint(out, zigzag_delta(e.p, p));
      if (differs & kBlockDiffers) put_varint(out, zigzag_delta(e.block, block));
      if (differs & kADiffers) put_varint(out, zigzag_delta(e.a, a));
      if (differs & kBDiffers) put_varint(out, zigzag_delta(e.b, b));
  }
  s.time = e.time_ns;
  s.actor = e.actor;
  learn(c, e);
  return out;
}

const std::uint8_t* decode_event(const std::uint8_t* in, TraceEvent& e, CodecState& s) {
  const std::uint8_t header = *in++;
  std::uint8_t differs = 0;
  switch (header & 3) {
    case kSame:
      break;
    case kNewActor:
      differs = kActorDiffers;
      break;
    case kNewStep:
      differs = kTimeDiffers | kActorDiffers;
      break;
    default:
      differs = *in++;
  }
  if (differs & kTimeDiffers) s.time = undo_zigzag_delta(get_varint(in), s.time);
  if (differs & kActorDiffers) s.actor = undo_zigzag_delta(get_varint(in), s.actor);
  const auto kind = static_cast<std::uint8_t>(header >> 2);
  KindActorContext& c = s.context(kind, s.actor);
  e = TraceEvent{};
  e.time_ns = s.time;
  e.actor = s.actor;
  e.kind = static_cast<EventKind>(kind);
  e.p = static_cast<std::uint16_t>(c.p + c.p_stride);
  e.block = c.block + c.block_stride;
  e.a = c.a + c.a_stride;
  e.b = c.b + c.b_stride;
  if (differs & kPDiffers) e.p = undo_zigzag_delta(get_varint(in), e.p);
  if (differs & kBlockDiffers) e.block = undo_zigzag_delta(get_varint(in), e.block);
  if (differs & kADiffers) e.a = undo_zigzag_delta(get_varint(in), e.a);
  if (differs & kBDiffers) e.b = undo_zigzag_delta(get_varint(in), e.b);
  learn(c, e);
  return in;
}

}  // namespace

EncodedChunk EncodedChunk::encode(std::span<const TraceEvent> events) {
  // Into the thread's buffer, grown whenever less than the worst case of one more restart block
  // is left, then copied to the chunk at its exact size (no slack held). The buffer stays with the
  // thread (the appender's: about one encoded chunk), so encoding a chunk does not fault in fresh
  // pages for it every time.
  constexpr std::size_t kBlockRoom = kRestartEvents * kMaxEventBytes;
  CodecTables& tables = codec_tables();
  std::vector<std::uint8_t>& buffer = tables.encode_buffer;
  if (buffer.size() < kBlockRoom) buffer.resize(kBlockRoom);
  EncodedChunk chunk;
  chunk.events_ = events.size();
  chunk.restarts_.reserve((events.size() + kRestartEvents - 1) / kRestartEvents);
  std::size_t used = 0;
  CodecState state(tables);
  for (std::size_t first = 0; first < events.size(); first += kRestartEvents) {
    state.restart();
    if (buffer.size() - used < kBlockRoom) buffer.resize(2 * buffer.size());
    chunk.restarts_.push_back(static_cast<std::uint32_t>(used));
    std::uint8_t* out = buffer.data() + used;
    const std::size_t end = std::min(events.size(), first + kRestartEvents);
    for (std::size_t i = first; i < end; ++i) out = encode_event(out, events[i], state);
    used = static_cast<std::size_t>(out - buffer.data());
  }
  chunk.byte_count_ = used;
  // Zeroed, then overwritten: make_unique_for_overwrite is not in the web build's libc++
  // (emscripten 3.1.6); zeroing a chunk's few hundred KiB is small beside encoding it.
  chunk.bytes_ = std::make_unique<std::uint8_t[]>(used);
  std::memcpy(chunk.bytes_.get(), buffer.data(), used);
  return chunk;
}

void EncodedChunk::decode(std::size_t first, std::size_t count, TraceEvent* out) const {
  assert(first + count <= events_);
  if (count == 0) return;
  std::size_t i = first - first % kRestartEvents;
  const std::uint8_t* in = bytes_.get() + restarts_[i / kRestartEvents];
  CodecState state(codec_tables());
  TraceEvent skipped;
  for (; i < first; ++i) in = decode_event(in, skipped, state);
  for (std::size_t k = 0; k < count; ++k, ++i) {
    if (i % kRestartEvents == 0) {
      in = bytes_.get() + restarts_[i / kRestartEvents];
      state.restart();
    }
    in = decode_event(in, out[k], state);
  }
}

std::size_t EncodedChunk::memory_bytes() const {
  return byte_count_ + restarts_.capacity() * sizeof(std::uint32_t) + sizeof(*this);
}

}  // namespace cq
