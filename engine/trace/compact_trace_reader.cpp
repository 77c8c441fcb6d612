#include "trace/compact_trace_reader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <span>
#include <stdexcept>
#include <utility>

#include "io/os_error.hpp"
#include "trace/trace.hpp"
#include "trace/trace_model_codec.hpp"

namespace cq {

namespace {

// Reads exactly n bytes at `offset`; false on an error or the file's end (errno 0 then).
bool read_at(int fd, void* out, std::size_t n, std::uint64_t offset) {
  auto* bytes = static_cast<char*>(out);
  while (n > 0) {
    const ssize_t got = ::pread(fd, bytes, n, static_cast<off_t>(offset));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) {
      if (got == 0) errno = 0;
      return false;
    }
    bytes += got;
    n -= static_cast<std::size_t>(got);
    offset += static_cast<std::uint64_t>(got);
  }
  return true;
}

template <class T>
T take(const char*& at) {
  T value;
  std::memcpy(&value, at, sizeof(T));
  at += sizeof(T);
  return value;
}

}  // namespace

CompactTraceReader::CompactTraceReader(std::string path, int fd)
    : path_(std::move(path)), fd_(fd) {}

CompactTraceReader::CompactTraceReader(CompactTraceReader&& other) noexcept
    : path_(std::move(other.path_)),
      fd_(std::exchange(other.fd_, -1)),
      file_bytes_(other.file_bytes_),
      footer_(other.footer_),
      tracks_(std::move(other.tracks_)),
      frame_offsets_(std::move(other.frame_offsets_)),
      frame_(std::move(other.frame_)),
      frame_number_(other.frame_number_),
      snapshot_spacing_(other.snapshot_spacing_),
      gomaxprocs_(other.gomaxprocs_),
      verified_snapshot_bytes_(other.verified_snapshot_bytes_),
      verified_snapshots_(other.verified_snapshots_) {}

CompactTraceReader::~CompactTraceReader() {
  if (fd_ >= 0) ::close(fd_);
}

std::string CompactTraceReader::problem(const std::string& what) const {
  return path_ + ": " + what;
}

std::variant<CompactTraceReader, std::string> CompactTraceReader::open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return path + ": cannot open: " + io::os_error(errno);
  CompactTraceReader reader(path, fd);
  if (auto error = reader.load_trailer()) return *error;
  return reader;
}

std::optional<std::string> CompactTraceReader::load_trailer() {
  struct stat info {};
  if (::fstat(fd_, &info) != 0) return problem("cannot read: " + io::os_error(errno));
  if (!S_ISREG(info.st_mode)) return problem("is not a regular file");
  file_bytes_ = static_cast<std::uint64_t>(info.st_size);
  const std::string not_ours =
      "is not a compact trace file (cleanupq run --trace FILE.cqtrace writes them)";
  char header[compact_trace::kHeaderBytes];
  if (file_bytes_ < sizeof header + sizeof footer_ || !read_at(fd_, header, sizeof header, 0) ||
      std::memcmp(header, compact_trace::kHeaderMagic, sizeof compact_trace::kHeaderMagic) != 0) {
    return problem(not_ours);
  }
  const char* at = header + sizeof compact_trace::kHeaderMagic;
  const auto version = take<std::uint32_t>(at);
  const auto frame_events = take<std::uint32_t>(at);
  snapshot_spacing_ = take<std::uint32_t>(at);
  gomaxprocs_ = take<std::uint32_t>(at);
  if (version != compact_trace::kTraceFileVersion) {
    return problem("is version " + std::to_string(version) +
                   " of the compact trace format: this build reads version " +
                   std::to_string(compact_trace::kTraceFileVersion) +
                   " (write it again with this build's cleanupq run --trace)");
  }
  if (frame_events != compact_trace::kFrameEvents) {
    return problem("has frames of " + std::to_string(frame_events) +
                   " events: this build reads frames of " +
                   std::to_string(compact_trace::kFrameEvents) + " events");
  }
  const std::string cut = "ends before its index: the run that wrote it did not finish";
  if (!read_at(fd_, &footer_, sizeof footer_, file_bytes_ - sizeof footer_) ||
      std::memcmp(footer_.magic, compact_trace::kFooterMagic, sizeof footer_.magic) != 0) {
    return problem(cut);
  }
  const std::uint64_t trailer_end = file_bytes_ - sizeof footer_;
  const bool index_fits = footer_.trailer_offset <= footer_.index_offset &&
                          footer_.index_offset <= trailer_end &&
                          (trailer_end - footer_.index_offset) / 8 == footer_.frames &&
                          (trailer_end - footer_.index_offset) % 8 == 0;
  const bool frames_fit = footer_.frames == (footer_.events + compact_trace::kFrameEvents - 1) /
                                                compact_trace::kFrameEvents;
  if (!index_fits || !frames_fit) return problem("has a damaged index");
  std::string trailer(trailer_end - footer_.trailer_offset, '\0');
  if (!read_at(fd_, trailer.data(), trailer.size(), footer_.trailer_offset)) {
    return problem("cannot read its index: " + io::os_error(errno));
  }
  const char* p = trailer.data();
  const char* tracks_end = trailer.data() + (footer_.index_offset - footer_.trailer_offset);
  auto damaged = [&] { return problem("has a damaged list of tracks"); };
  if (tracks_end - p < 4) return damaged();
  const auto track_count = take<std::uint32_t>(p);
  for (std::uint32_t i = 0; i < track_count; ++i) {
    if (tracks_end - p < 4) return damaged();
    const auto actor = take<std::uint16_t>(p);
    const auto length = take<std::uint16_t>(p);
    if (tracks_end - p < length) return damaged();
    tracks_.push_back({actor, std::string(p, length)});
    p += length;
  }
  if (p != tracks_end) return damaged();
  frame_offsets_.resize(footer_.frames);
  // A run without events has no frame, and an empty vector's data() may be null: no memcpy.
  if (footer_.frames > 0) std::memcpy(frame_offsets_.data(), tracks_end, footer_.frames * 8);
  for (std::uint64_t k = 0; k < footer_.frames; ++k) {
    const std::uint64_t next =
        k + 1 < footer_.frames ? frame_offsets_[k + 1] : footer_.trailer_offset;
    if (frame_offsets_[k] < compact_trace::kHeaderBytes || frame_offsets_[k] >= next) {
      return problem("has a damaged index");
    }
  }
  return std::nullopt;
}

std::string CompactTraceReader::frame_name(std::uint64_t k) const {
  return "frame " + std::to_string(k) + " of " + std::to_string(frames());
}

std::optional<std::string> CompactTraceReader::decode_frame(std::uint64_t k) {
  if (k == frame_number_) return std::nullopt;
  frame_number_ = ~std::uint64_t{0};
  const std::string which = frame_name(k);
  compact_trace::FrameHeader header;
  if (auto error = read_header(k, header)) return error;
  const std::uint64_t end = k + 1 < frames() ? frame_offsets_[k + 1] : footer_.trailer_offset;
  const std::uint64_t expected_events = std::min<std::uint64_t>(
      compact_trace::kFrameEvents, events() - k * compact_trace::kFrameEvents);
  if (header.events != expected_events || header.first_event != k * compact_trace::kFrameEvents ||
      frame_offsets_[k] + sizeof header + header.snapshot_bytes + header.compressed_bytes != end ||
      (k == 0 && header.snapshot_bytes == 0)) {
    return problem(which + " has a damaged header");
  }
  compressed_.resize(header.compressed_bytes);
  if (!read_at(fd_, compressed_.data(), compressed_.size(),
               frame_offsets_[k] + sizeof header + header.snapshot_bytes)) {
    return problem("cannot read " + which + ": " + (errno ? io::os_error(errno) : "cut short"));
  }
  const std::size_t n = header.events;
  columns_.resize(n * compact_trace::kColumnBytesPerEvent);
  const std::size_t got =
      ZSTD_decompress(columns_.data(), columns_.size(), compressed_.data(), compressed_.size());
  if (ZSTD_isError(got) || got != columns_.size()) return problem(which + " does not decompress");
  frame_.resize(n);
  const char* at = columns_.data();
  std::uint64_t time = header.first_time_ns;
  for (TraceEvent& e : frame_) {
    e = TraceEvent{};
    time += take<std::uint64_t>(at);
    e.time_ns = time;
  }
  for (TraceEvent& e : frame_) e.a = take<std::uint64_t>(at);
  for (TraceEvent& e : frame_) e.block = take<std::uint32_t>(at);
  for (TraceEvent& e : frame_) e.b = take<std::uint32_t>(at);
  for (TraceEvent& e : frame_) e.actor = take<std::uint16_t>(at);
  for (TraceEvent& e : frame_) e.p = take<std::uint16_t>(at);
  for (TraceEvent& e : frame_) {
    const auto kind = take<std::uint8_t>(at);
    if (kind >= kEventKindCount) return problem(which + " has an unknown event kind");
    e.kind = static_cast<EventKind>(kind);
  }
  // The chain of hashes: this frame's events must lead to what the next frame (or the end)
  // says came before it.
  std::uint64_t hash = header.hash_before;
  for (const TraceEvent& e : frame_) hash = Trace::hash_event(hash, e);
  std::uint64_t hash_after = footer_.hash;
  if (k + 1 < frames()) {
    compact_trace::FrameHeader next;
    if (!read_at(fd_, &next, sizeof next, frame_offsets_[k + 1])) {
      return problem("cannot read frame " + std::to_string(k + 1) + ": " +
                     (errno ? io::os_error(errno) : "cut short"));
    }
    hash_after = next.hash_before;
  }
  if (hash != hash_after || (k == 0 && header.hash_before != Trace::kHashSeed)) {
    return problem(which + " fails its hash check: the file was altered");
  }
  frame_number_ = k;
  return std::nullopt;
}

std::optional<std::string> CompactTraceReader::read(std::uint64_t from, std::uint64_t to,
                                                    std::vector<TraceEvent>& out) {
  out.clear();
  to = std::min(to, events());
  while (from < to) {
    const std::uint64_t k = from / compact_trace::kFrameEvents;
    if (auto error = decode_frame(k)) return error;
    const std::uint64_t offset = from - k * compact_trace::kFrameEvents;
    const std::uint64_t n = std::min<std::uint64_t>(to - from, frame_.size() - offset);
    out.insert(out.end(), frame_.begin() + static_cast<std::ptrdiff_t>(offset),
               frame_.begin() + static_cast<std::ptrdiff_t>(offset + n));
    from += n;
  }
  return std::nullopt;
}

std::optional<std::string> CompactTraceReader::read_header(std::uint64_t k,
                                                           compact_trace::FrameHeader& header) {
  if (!read_at(fd_, &header, sizeof header, frame_offsets_[k])) {
    return problem("cannot read " + frame_name(k) + ": " +
                   (errno ? io::os_error(errno) : "cut short"));
  }
  return std::nullopt;
}

std::variant<std::uint64_t, std::string> CompactTraceReader::nearest_snapshot(std::uint64_t k) {
  // Backwards from k: as many headers (40 bytes each) as the frames the seek then folds. Frame 0
  // always has one (decode_frame refuses it without), so the walk ends.
  for (;; --k) {
    compact_trace::FrameHeader header;
    if (auto error = read_header(k, header)) return *error;
    if (header.snapshot_bytes > 0 || k == 0) return k;
  }
}

ModelFromFile CompactTraceReader::read_snapshot(std::uint64_t k) {
  ModelFromFile result;
  const std::string which = "the model snapshot of " + frame_name(k);
  const auto refuse = [&](const std::string& what) {
    result.error = problem(which + " " + what);
    return result;
  };
  compact_trace::FrameHeader header;
  if (!read_at(fd_, &header, sizeof header, frame_offsets_[k])) {
    return refuse(std::string("cannot be read: ") + (errno ? io::os_error(errno) : "cut short"));
  }
  const std::uint64_t end = k + 1 < frames() ? frame_offsets_[k + 1] : footer_.trailer_offset;
  if (header.snapshot_bytes == 0 ||
      header.snapshot_model_bytes > compact_trace::kMaxSnapshotBytes ||
      frame_offsets_[k] + sizeof header + header.snapshot_bytes > end) {
    return refuse("is missing or its size is damaged");
  }
  last_snapshot_bytes_ = header.snapshot_bytes;
  std::string compressed(header.snapshot_bytes, '\0');
  if (!read_at(fd_, compressed.data(), compressed.size(), frame_offsets_[k] + sizeof header)) {
    return refuse(std::string("cannot be read: ") + (errno ? io::os_error(errno) : "cut short"));
  }
  // The size zstd's own frame records must agree with the header's before anything is allocated.
  if (ZSTD_getFrameContentSize(compressed.data(), compressed.size()) !=
      header.snapshot_model_bytes) {
    return refuse("is damaged: its sizes disagree");
  }
  std::string bytes(header.snapshot_model_bytes, '\0');
  const std::size_t got =
      ZSTD_decompress(bytes.data(), bytes.size(), compressed.data(), compressed.size());
  if (ZSTD_isError(got) || got != bytes.size()) return refuse("does not decompress");
  DecodedModel decoded = decode_model(bytes);
  if (!decoded.ok()) return refuse(decoded.error);
  if (decoded.model->events != k * compact_trace::kFrameEvents) {
    return refuse("is of event " + std::to_string(decoded.model->events) +
                  ", not of the frame's first");
  }
  result.model = std::move(decoded.model);
  result.snapshot_events = k * compact_trace::kFrameEvents;
  return result;
}

ModelFromFile CompactTraceReader::model_after_count(std::uint64_t count) {
  if (count > events()) {
    throw std::out_of_range("CompactTraceReader::model_after_count: " + std::to_string(count) +
                            " events asked of a file of " + std::to_string(events()));
  }
  if (frames() == 0) return {std::nullopt, problem("holds no events, so no model snapshot")};
  // The frame holding event count - 1 (or, at count = 0, frame 0), and its snapshot's frame.
  const std::uint64_t last = count == 0 ? 0 : (count - 1) / compact_trace::kFrameEvents;
  auto start = nearest_snapshot(last);
  if (auto* error = std::get_if<std::string>(&start)) return {std::nullopt, *error};
  const std::uint64_t first = std::get<std::uint64_t>(start);
  ModelFromFile result = read_snapshot(first);
  if (!result.ok()) return result;
  TraceModel& model = *result.model;
  for (std::uint64_t k = first; model.events < count; ++k) {
    if (auto error = decode_frame(k)) return {std::nullopt, *error};
    const std::uint64_t n = std::min<std::uint64_t>(frame_.size(), count - model.events);
    model.apply(std::span<const TraceEvent>(frame_.data(), static_cast<std::size_t>(n)));
  }
  return result;
}

std::optional<std::string> CompactTraceReader::verify() {
  std::optional<TraceModel> folded;  // from frame 0's snapshot, the model before frame k
  verified_snapshot_bytes_ = 0;
  verified_snapshots_ = 0;
  for (std::uint64_t k = 0; k < frames(); ++k) {
    if (auto error = decode_frame(k)) return error;  // checks its header: frame 0 has a snapshot
    compact_trace::FrameHeader header;
    if (auto error = read_header(k, header)) return error;
    if (header.snapshot_bytes > 0) {
      ModelFromFile snapshot = read_snapshot(k);
      if (!snapshot.ok()) return snapshot.error;
      verified_snapshot_bytes_ += last_snapshot_bytes_;
      ++verified_snapshots_;
      // Frame 0's is where every fold starts, so nothing folded can check it: it must be the
      // model before any event, of the Ps the header names.
      if (k == 0 && !(*snapshot.model == TraceModel(gomaxprocs_))) {
        return problem("the model snapshot of " + frame_name(k) +
                       " is not the model before any event (the empty model of " +
                       std::to_string(gomaxprocs_) + " Ps): the file was altered");
      }
      if (folded && !(*folded == *snapshot.model)) {
        return problem("the model snapshot of " + frame_name(k) +
                       " differs from the model its events fold to: the file was altered");
      }
      if (!folded) folded = std::move(snapshot.model);
    }
    folded->apply(frame_);
  }
  return std::nullopt;
}

}  // namespace cq
