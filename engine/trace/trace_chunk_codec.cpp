#include "trace/trace_chunk_codec.hpp"

#include <algorithm>
#include <bit>
#include <cassert>
#include <cstddef>
#include <cstring>
#include <iterator>
#include <memory>
#include <utility>
#include <vector>

namespace cq {
namespace {

static_assert(kEventKindCount * 4 <= 256, "the header byte holds the kind times four");

// The header's low two bits: what follows it.
enum Form : std::uint8_t {
  kSameTime = 0,   // the actor byte; the time is the previous event's, the fields as predicted
  kLaterTime = 1,  // the actor byte and the time's advance (1..255 ns) byte; fields as predicted
  kUnused = 2,     // never written
  kGeneral = 3,    // a byte of kDiffers* bits, the actor as a varint, then the differences it names
};
constexpr std::uint8_t kTimeDiffers = 1u << 0;
constexpr std::uint8_t kPDiffers = 1u << 1;
constexpr std::uint8_t kBlockDiffers = 1u << 2;
constexpr std::uint8_t kADiffers = 1u << 3;
constexpr std::uint8_t kBDiffers = 1u << 4;

// block and b as the 8 bytes TraceEvent holds them in (block first): predicted, compared and
// learned as one word. The carry out of block into b is part of the prediction, the same on
// both sides, so it costs nothing but a rare miss.
static_assert(offsetof(TraceEvent, b) == offsetof(TraceEvent, block) + 4, "block, then b");
std::uint64_t block_and_b(const TraceEvent& e) {
  std::uint64_t word = 0;
  std::memcpy(&word, &e.block, sizeof word);
  return word;
}
constexpr std::uint64_t block_and_b(std::uint32_t block, std::uint32_t b) {
  return std::uint64_t{block} | std::uint64_t{b} << 32;
}

// One field's prediction: the next value (the last plus the stride, so a right guess only adds
// the stride again) and the stride, which changes only when the field moves by the same step
// twice running (`step`: its last move). One odd move (a mutator moving to another P, a slot
// number starting again in a new block) then costs one miss, not two.
template <class T>
struct FieldPrediction {
  T next, stride = 0, step = 0;

  void learn_miss(T value) {
    const auto moved = static_cast<T>(value - static_cast<T>(next - stride));
    if (moved == step) stride = moved;
    step = moved;
    next = static_cast<T>(value + stride);
  }
};

// What one actor's events of one kind predict from: a, block/b and p move on by their strides.
// Actors share a context modulo kActorContexts (still exact, only less well predicted).
// A context changes only when an event misses its prediction (a right guess with stride 0
// leaves it as it was, and a stride is only ever set by a miss), so the contexts that differ
// from the defaults are those the misses since the last restart named: CodecTables lists them
// and resets only those at the next restart, and the loop needs no check per event.
constexpr std::size_t kActorContexts = 64;
struct alignas(64) KindActorContext {  // one cache line: the index is a shift
  FieldPrediction<std::uint64_t> a{0};
  FieldPrediction<std::uint64_t> block_b{block_and_b(kNoBlock, 0)};
  std::uint16_t p = kNoP;  // predicted to stay
  bool listed = false;     // in CodecTables::changed

  bool predicts(std::uint64_t event_a, std::uint64_t event_block_b, std::uint16_t event_p) const {
    return ((event_a ^ a.next) | (event_block_b ^ block_b.next) |
            static_cast<std::uint16_t>(event_p ^ p)) == 0;
  }
  void learn_hit() {
    a.next += a.stride;
    block_b.next += block_b.stride;
  }
};

// Per thread, so encoding and decoding share nothing. Every pass (encoding or decoding from a
// restart point) starts from default contexts: start_pass() resets those the last pass changed.
struct CodecTables {
  KindActorContext contexts[kEventKindCount * kActorContexts];
  std::vector<KindActorContext*> changed;
  std::vector<std::uint8_t> encode_buffer;

  CodecTables() { changed.reserve(std::size(contexts)); }
  KindActorContext& context(std::uint8_t kind, std::uint16_t actor) {
    return contexts[kind * kActorContexts + actor % kActorContexts];
  }
  void start_pass() {
    for (KindActorContext* c : changed) *c = KindActorContext{};
    changed.clear();
  }
  // After an event that missed c's prediction.
  void learn_miss(KindActorContext& c, std::uint64_t a, std::uint64_t block_b, std::uint16_t p) {
    if (!c.listed) {
      c.listed = true;
      changed.push_back(&c);
    }
    c.a.learn_miss(a);
    c.block_b.learn_miss(block_b);
    c.p = p;
  }
};
CodecTables& codec_tables() {
  thread_local std::unique_ptr<CodecTables> tables = std::make_unique<CodecTables>();
  return *tables;
}

void put_varint(std::uint8_t*& out, std::uint64_t v) {
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

// An event in the general form (encode_block's rare case, kept out of its loop so that the loop's
// values stay in registers): `time` is the previous event's, `c` the event's context.
[[gnu::noinline]] std::uint8_t* encode_general(std::uint8_t* out, const TraceEvent& e,
                                               std::uint64_t time, KindActorContext& c,
                                               CodecTables& tables) {
  const std::uint16_t p_predicted = c.p;
  const auto block_predicted = static_cast<std::uint32_t>(c.block_b.next);
  const auto b_predicted = static_cast<std::uint32_t>(c.block_b.next >> 32);
  const std::uint64_t a_predicted = c.a.next;
  const auto differs = static_cast<std::uint8_t>(
      (e.time_ns != time ? kTimeDiffers : 0) | (e.p != p_predicted ? kPDiffers : 0) |
      (e.block != block_predicted ? kBlockDiffers : 0) | (e.a != a_predicted ? kADiffers : 0) |
      (e.b != b_predicted ? kBDiffers : 0));
  tables.learn_miss(c, e.a, block_and_b(e), e.p);
  out[0] = static_cast<std::uint8_t>(static_cast<std::uint8_t>(e.kind) * 4 | kGeneral);
  out[1] = differs;
  out += 2;
  put_varint(out, e.actor);
  if (differs & kTimeDiffers) put_varint(out, zigzag_delta(e.time_ns, time));
  if (differs & kPDiffers) put_varint(out, zigzag_delta(e.p, p_predicted));
  if (differs & kBlockDiffers) put_varint(out, zigzag_delta(e.block, block_predicted));
  if (differs & kADiffers) put_varint(out, zigzag_delta(e.a, a_predicted));
  if (differs & kBDiffers) put_varint(out, zigzag_delta(e.b, b_predicted));
  return out;
}

// One restart block of events, [event, end), from default contexts and time 0. Returns the end
// of what it wrote; `out` has room for kMaxEventBytes an event and one byte more.
//
// Why it looks the way it does (issue 17: the appender pays for it): most events are fully
// predicted and take the fast form, two or three bytes written without a branch on which (the
// actor and advance checks stay separate branches: folded into the fields' check they measured
// 10 % slower); the rest go to encode_general, out of the loop, so that the loop's values stay in
// registers; and the event's fields are read into locals before anything is written, because the
// output is written through a byte pointer, which may alias anything, and the compiler would load
// them again.
std::uint8_t* encode_block(const TraceEvent* event, const TraceEvent* end, std::uint8_t* out,
                           CodecTables& tables) {
  tables.start_pass();
  std::uint64_t time = 0;
  for (; event != end; ++event) {
    const std::uint64_t event_time = event->time_ns;
    const std::uint64_t a = event->a;
    const std::uint64_t block_b = block_and_b(*event);
    const std::uint16_t actor = event->actor;
    const std::uint16_t p = event->p;
    const auto kind = static_cast<std::uint8_t>(event->kind);
    KindActorContext& c = tables.context(kind, actor);
    const std::uint64_t advance = event_time - time;
    if (((a ^ c.a.next) | (block_b ^ c.block_b.next) | static_cast<std::uint16_t>(p ^ c.p)) == 0 &&
        actor <= 0xff && advance <= 0xff) [[likely]] {
      c.learn_hit();
      const std::uint8_t later = advance != 0 ? 1 : 0;
      out[0] = static_cast<std::uint8_t>(kind * 4 | later);
      out[1] = static_cast<std::uint8_t>(actor);
      out[2] = static_cast<std::uint8_t>(advance);  // past the end when not `later`: overwritten
      out += 2 + later;
    } else {
      out = encode_general(out, *event, time, c, tables);
    }
    time = event_time;
  }
  return out;
}

const std::uint8_t* decode_event(const std::uint8_t* in, TraceEvent& out, CodecTables& tables,
                                 std::uint64_t& time) {
  const std::uint8_t header = in[0];
  const auto kind = static_cast<std::uint8_t>(header >> 2);
  TraceEvent e;
  e.kind = static_cast<EventKind>(kind);
  if ((header & 3) != kGeneral) {
    assert((header & 3) != kUnused);
    const std::uint8_t later = header & 1;
    e.actor = in[1];
    time += later != 0 ? in[2] : 0;
    in += 2 + later;
    KindActorContext& c = tables.context(kind, e.actor);
    e.a = c.a.next;
    std::memcpy(&e.block, &c.block_b.next, sizeof c.block_b.next);
    e.p = c.p;
    c.learn_hit();
  } else {
    const std::uint8_t differs = in[1];
    in += 2;
    e.actor = static_cast<std::uint16_t>(get_varint(in));
    if (differs & kTimeDiffers) time = undo_zigzag_delta(get_varint(in), time);
    KindActorContext& c = tables.context(kind, e.actor);
    e.p = c.p;
    e.block = static_cast<std::uint32_t>(c.block_b.next);
    e.b = static_cast<std::uint32_t>(c.block_b.next >> 32);
    e.a = c.a.next;
    if (differs & kPDiffers) e.p = undo_zigzag_delta(get_varint(in), e.p);
    if (differs & kBlockDiffers) e.block = undo_zigzag_delta(get_varint(in), e.block);
    if (differs & kADiffers) e.a = undo_zigzag_delta(get_varint(in), e.a);
    if (differs & kBDiffers) e.b = undo_zigzag_delta(get_varint(in), e.b);
    tables.learn_miss(c, e.a, block_and_b(e), e.p);
  }
  e.time_ns = time;
  out = e;
  return in;
}

}  // namespace

EncodedChunk EncodedChunk::encode(std::span<const TraceEvent> events) {
  // Into the thread's buffer, grown whenever less than the worst case of one more restart block
  // is left, then copied to the chunk at its exact size (no slack held). The buffer stays with the
  // thread (the appender's: about one encoded chunk), so encoding a chunk does not fault in fresh
  // pages for it every time.
  // One more restart block's worst case, and the byte the fast form may write past its end.
  constexpr std::size_t kBlockRoom = kRestartEvents * kMaxEventBytes + 1;
  CodecTables& tables = codec_tables();
  std::vector<std::uint8_t>& buffer = tables.encode_buffer;
  if (buffer.size() < kBlockRoom) buffer.resize(kBlockRoom);
  EncodedChunk chunk;
  chunk.events_ = events.size();
  chunk.restarts_.reserve((events.size() + kRestartEvents - 1) / kRestartEvents);
  std::size_t used = 0;
  for (std::size_t first = 0; first < events.size(); first += kRestartEvents) {
    if (buffer.size() - used < kBlockRoom) buffer.resize(2 * buffer.size());
    chunk.restarts_.push_back(static_cast<std::uint32_t>(used));
    const std::size_t end = std::min(events.size(), first + kRestartEvents);
    std::uint8_t* out =
        encode_block(events.data() + first, events.data() + end, buffer.data() + used, tables);
    used = static_cast<std::size_t>(out - buffer.data());
  }
  chunk.byte_count_ = used;
  // Not zeroed first (new without "()": make_unique_for_overwrite is not in the web build's
  // libc++, emscripten 3.1.6): every byte is copied in at once.
  chunk.bytes_ = std::unique_ptr<std::uint8_t[]>(new std::uint8_t[used]);
  std::memcpy(chunk.bytes_.get(), buffer.data(), used);
  return chunk;
}

void EncodedChunk::decode(std::size_t first, std::size_t count, TraceEvent* out) const {
  assert(first + count <= events_);
  if (count == 0) return;
  CodecTables& tables = codec_tables();
  std::size_t i = first - first % kRestartEvents;
  const std::uint8_t* in = bytes_.get() + restarts_[i / kRestartEvents];
  tables.start_pass();
  std::uint64_t time = 0;
  TraceEvent skipped;
  for (; i < first; ++i) in = decode_event(in, skipped, tables, time);
  for (std::size_t k = 0; k < count; ++k, ++i) {
    if (i % kRestartEvents == 0) {
      in = bytes_.get() + restarts_[i / kRestartEvents];
      tables.start_pass();
      time = 0;
    }
    in = decode_event(in, out[k], tables, time);
  }
}

std::size_t EncodedChunk::memory_bytes() const {
  return byte_count_ + restarts_.capacity() * sizeof(std::uint32_t) + sizeof(*this);
}

}  // namespace cq
