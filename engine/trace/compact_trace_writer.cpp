#include "trace/compact_trace_writer.hpp"

#include <zstd.h>

#include <cstring>
#include <new>

#include "trace/compact_trace_format.hpp"
#include "trace/trace.hpp"
#include "trace/trace_model_codec.hpp"

namespace cq {

namespace {

// zstd's fastest level: a frame of 65536 events compresses in about a millisecond, to about 3
// bytes an event (tests/bench/README.md); higher levels gained little on these columns.
constexpr int kCompressionLevel = 1;

template <class T>
void put(std::string& out, T value) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  out.append(bytes, sizeof(T));
}

// The payload of a frame: its events column by column (compact_trace_format.hpp), written
// through a cursor into a buffer sized once (appending field by field cost more than zstd).
void write_columns(std::string& out, std::span<const TraceEvent> events,
                   std::uint64_t first_time_ns) {
  out.resize(events.size() * compact_trace::kColumnBytesPerEvent);
  char* at = out.data();
  auto column = [&](auto field) {
    for (const TraceEvent& e : events) {
      const auto value = field(e);
      std::memcpy(at, &value, sizeof value);
      at += sizeof value;
    }
  };
  std::uint64_t previous_time = first_time_ns;
  column([&](const TraceEvent& e) {
    const std::uint64_t delta = e.time_ns - previous_time;  // unsigned: wraps, and back
    previous_time = e.time_ns;
    return delta;
  });
  column([](const TraceEvent& e) { return e.a; });
  column([](const TraceEvent& e) { return e.block; });
  column([](const TraceEvent& e) { return e.b; });
  column([](const TraceEvent& e) { return e.actor; });
  column([](const TraceEvent& e) { return e.p; });
  column([](const TraceEvent& e) { return static_cast<std::uint8_t>(e.kind); });
}

}  // namespace

void CompactTraceWriter::ContextDeleter::operator()(ZSTD_CCtx_s* context) const {
  ZSTD_freeCCtx(context);
}

CompactTraceWriter::CompactTraceWriter(io::OutputFile& file, TraceModel initial)
    : file_(file),
      hash_(Trace::kHashSeed),
      context_(ZSTD_createCCtx()),
      snapshot_context_(ZSTD_createCCtx()),
      model_(std::move(initial)) {
  if (!context_ || !snapshot_context_) throw std::bad_alloc();
  model_.events = 0;
  // A snapshot carries zstd's checksum of its content on top of the codec's own: a damaged one
  // is refused before it is even parsed.
  ZSTD_CCtx_setParameter(snapshot_context_.get(), ZSTD_c_compressionLevel, kCompressionLevel);
  ZSTD_CCtx_setParameter(snapshot_context_.get(), ZSTD_c_checksumFlag, 1);
  frame_.events.reserve(compact_trace::kFrameEvents);
  frame_.hash_before = Trace::kHashSeed;
  std::string header(compact_trace::kHeaderMagic, sizeof compact_trace::kHeaderMagic);
  put(header, compact_trace::kTraceFileVersion);
  put(header, compact_trace::kFrameEvents);
  put(header, compact_trace::kSnapshotEveryFrames);
  put(header, std::uint32_t{0});
  write(header.data(), header.size());
  writer_ = std::thread([this] { write_frames(); });
}

CompactTraceWriter::~CompactTraceWriter() {
  stop_thread();
}

void CompactTraceWriter::stop_thread() {
  if (!writer_.joinable()) return;
  {
    std::lock_guard<std::mutex> guard(hand_off_lock_);
    stopping_ = true;
  }
  hand_off_changed_.notify_all();
  writer_.join();
}

void CompactTraceWriter::write(const void* bytes, std::size_t n) {
  file_.write(std::string_view(static_cast<const char*>(bytes), n));
  offset_ += n;
}

void CompactTraceWriter::observe(std::span<const TraceEvent> step) {
  ++steps_;
  for (const TraceEvent& e : step) {
    hash_ = Trace::hash_event(hash_, e);
    frame_.events.push_back(e);
    ++events_;
    if (frame_.events.size() == compact_trace::kFrameEvents) hand_off();
  }
}

void CompactTraceWriter::hand_off() {
  const std::uint64_t next_first = events_;
  {
    std::unique_lock<std::mutex> guard(hand_off_lock_);
    hand_off_changed_.wait(guard, [&] { return !waiting_.has_value(); });
    waiting_ = std::move(frame_);
    frame_.events = std::move(spare_);
  }
  hand_off_changed_.notify_all();
  frame_.events.clear();
  frame_.events.reserve(compact_trace::kFrameEvents);
  frame_.first_event = next_first;
  frame_.hash_before = hash_;
}

void CompactTraceWriter::write_frames() {
  for (;;) {
    Frame frame;
    {
      std::unique_lock<std::mutex> guard(hand_off_lock_);
      hand_off_changed_.wait(guard, [&] { return waiting_.has_value() || stopping_; });
      if (!waiting_) return;  // stopping, nothing left
      frame = std::move(*waiting_);
      waiting_.reset();
    }
    hand_off_changed_.notify_all();  // the run may hand off the next one while this is written
    write_frame(frame);
    std::lock_guard<std::mutex> guard(hand_off_lock_);
    if (spare_.capacity() == 0) spare_ = std::move(frame.events);
  }
}

void CompactTraceWriter::write_frame(const Frame& frame) {
  if (frame.events.empty()) return;
  compact_trace::FrameHeader header;
  header.events = static_cast<std::uint32_t>(frame.events.size());
  header.first_event = frame.first_event;
  header.hash_before = frame.hash_before;
  header.first_time_ns = frame.events.front().time_ns;
  const bool snapshot =
      (frame.first_event / compact_trace::kFrameEvents) % compact_trace::kSnapshotEveryFrames == 0;
  if (snapshot) {
    // model_ is the state before this frame: every frame before it was folded after writing.
    snapshot_.clear();
    encode_model(model_, snapshot_);
    snapshot_compressed_.resize(ZSTD_compressBound(snapshot_.size()));
    const std::size_t n =
        ZSTD_compress2(snapshot_context_.get(), snapshot_compressed_.data(),
                       snapshot_compressed_.size(), snapshot_.data(), snapshot_.size());
    if (ZSTD_isError(n) || snapshot_.size() > compact_trace::kMaxSnapshotBytes) {
      if (compress_error_.empty()) {
        compress_error_ = ZSTD_isError(n) ? ZSTD_getErrorName(n) : "a model snapshot too large";
      }
      return;
    }
    snapshot_compressed_.resize(n);
    header.snapshot_bytes = static_cast<std::uint32_t>(n);
    header.snapshot_model_bytes = static_cast<std::uint32_t>(snapshot_.size());
  }
  write_columns(columns_, frame.events, header.first_time_ns);
  compressed_.resize(ZSTD_compressBound(columns_.size()));
  const std::size_t n = ZSTD_compressCCtx(context_.get(), compressed_.data(), compressed_.size(),
                                          columns_.data(), columns_.size(), kCompressionLevel);
  // Compressing into a buffer of ZSTD_compressBound bytes fails only for want of memory: the
  // file is then not whole, and finish() says so.
  if (ZSTD_isError(n)) {
    if (compress_error_.empty()) compress_error_ = ZSTD_getErrorName(n);
    return;
  }
  header.compressed_bytes = static_cast<std::uint32_t>(n);
  frame_offsets_.push_back(offset_);
  write(&header, sizeof header);
  if (snapshot) {
    write(snapshot_compressed_.data(), snapshot_compressed_.size());
    snapshot_bytes_ += snapshot_compressed_.size();
  }
  write(compressed_.data(), n);
  model_.apply(frame.events);
}

bool CompactTraceWriter::finish(std::span<const TraceTrack> tracks) {
  stop_thread();  // every frame handed off is written (the thread drains before it stops)
  write_frame(frame_);
  frame_.events.clear();
  if (!compress_error_.empty()) {
    error_ = file_.path() + ": cannot compress the trace: " + compress_error_;
    return false;
  }
  compact_trace::Footer footer;
  footer.trailer_offset = offset_;
  std::string trailer;
  put(trailer, static_cast<std::uint32_t>(tracks.size()));
  for (const TraceTrack& t : tracks) {
    put(trailer, t.actor);
    put(trailer, static_cast<std::uint16_t>(t.name.size()));
    trailer += t.name;
  }
  footer.index_offset = offset_ + trailer.size();
  for (std::uint64_t frame_offset : frame_offsets_) put(trailer, frame_offset);
  footer.frames = frame_offsets_.size();
  footer.events = events_;
  footer.steps = steps_;
  footer.hash = hash_;
  std::memcpy(footer.magic, compact_trace::kFooterMagic, sizeof footer.magic);
  write(trailer.data(), trailer.size());
  write(&footer, sizeof footer);
  return file_.ok();
}

}  // namespace cq
