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

CompactTraceWriter::CompactTraceWriter(io::OutputFile& file, TraceModel initial, SnapshotRule rule)
    : file_(file),
      hash_(Trace::kHashSeed),
      context_(ZSTD_createCCtx()),
      snapshot_context_(ZSTD_createCCtx()),
      model_(std::move(initial)),
      rule_(rule) {
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
  put(header, rule_.spacing);
  put(header, static_cast<std::uint32_t>(model_.ps.size()));
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
  const bool snapshot = take_snapshot(frame.first_event == 0);
  if (!compress_error_.empty()) return;
  if (snapshot) {
    header.snapshot_bytes = static_cast<std::uint32_t>(snapshot_compressed_.size());
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
    ++snapshots_;
  }
  write(compressed_.data(), n);
  frame_bytes_since_snapshot_ += n;
  model_.apply(frame.events);
}

bool CompactTraceWriter::take_snapshot(bool first_frame) {
  // Not due: the frames since the last snapshot are still small beside it (the spacing rule,
  // compact_trace_format.hpp). Only this check runs for most frames of a run with a large model;
  // encoding it is what would cost the model's size on every frame.
  if (!first_frame && frame_bytes_since_snapshot_ < rule_.spacing * last_snapshot_size_) {
    return false;
  }
  // model_ is the state before this frame: every frame before it was folded after writing.
  snapshot_.clear();
  encode_model(model_, snapshot_);
  frame_bytes_since_snapshot_ = 0;
  if (snapshot_.size() > rule_.max_bytes) {
    // Too large for the format: this frame goes without, and a seek into it folds from the
    // snapshot before. The next try waits for the spacing measured against this size, so a model
    // that stays too large is encoded rarely, not on every frame. Frame 0's model is the empty
    // one of a few bytes a P; a writer whose cap it passes is not writing a readable file.
    last_snapshot_size_ = snapshot_.size();
    ++skipped_snapshots_;
    if (first_frame && compress_error_.empty()) {
      compress_error_ = "the model before the first event is over the snapshots' cap";
    }
    return false;
  }
  snapshot_compressed_.resize(ZSTD_compressBound(snapshot_.size()));
  const std::size_t n =
      ZSTD_compress2(snapshot_context_.get(), snapshot_compressed_.data(),
                     snapshot_compressed_.size(), snapshot_.data(), snapshot_.size());
  if (ZSTD_isError(n)) {
    if (compress_error_.empty()) compress_error_ = ZSTD_getErrorName(n);
    return false;
  }
  snapshot_compressed_.resize(n);
  last_snapshot_size_ = n;
  return true;
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
