// Reading a compact trace file (compact_trace_format.hpp, written by CompactTraceWriter,
// compact_trace_writer.hpp): the summary from its footer at once, and any range of events by
// decoding only the frames that hold it, so a seek costs one frame (65536 events) however long the
// run was.
//
// Every frame decoded is checked: its events, folded into the trace hash from the hash its header
// says came before, must give the hash the next frame's header (or the footer) says. A file cut
// short, altered or not a trace file is refused with a message that names it and says what is
// wrong; nothing throws for a bad file.
//
// The model (TraceModel) after any event: the nearest model snapshot at or before its frame
// (compact_trace_format.hpp: frame 0 has one, later frames when the spacing rule gave them one),
// decoded and checked (trace_model_codec.hpp), plus the events from there folded forward, each
// frame checked against the hash chain as it is decoded.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "trace/chrome_trace.hpp"
#include "trace/compact_trace_format.hpp"
#include "trace/trace_event.hpp"
#include "trace/trace_model.hpp"

namespace cq {

// The model read from a file, or what is wrong with the file there ("PATH: what").
struct ModelFromFile {
  std::optional<TraceModel> model;
  std::string error;
  // The events before the snapshot it was folded from (that snapshot's frame's first event): the
  // fold covered the events from there to the count asked for.
  std::uint64_t snapshot_events = 0;
  bool ok() const { return model.has_value(); }
};

class CompactTraceReader {
 public:
  // The reader, or a message "PATH: what is wrong".
  static std::variant<CompactTraceReader, std::string> open(const std::string& path);
  ~CompactTraceReader();
  CompactTraceReader(CompactTraceReader&& other) noexcept;
  CompactTraceReader& operator=(CompactTraceReader&&) = delete;
  CompactTraceReader(const CompactTraceReader&) = delete;
  CompactTraceReader& operator=(const CompactTraceReader&) = delete;

  std::uint64_t events() const { return footer_.events; }
  std::uint64_t steps() const { return footer_.steps; }
  std::uint64_t hash() const { return footer_.hash; }  // the run's trace_hash
  std::uint64_t frames() const { return footer_.frames; }
  std::uint64_t file_bytes() const { return file_bytes_; }
  const std::vector<TraceTrack>& tracks() const { return tracks_; }

  // Replaces `out` with events [from, min(to, events())), decoding the frames that hold them.
  // Returns nullopt, or the message of the first frame that cannot be read or fails its check.
  std::optional<std::string> read(std::uint64_t from, std::uint64_t to,
                                  std::vector<TraceEvent>& out);
  // The model after the first `count` events (count = 0: before any; at most events()). A file
  // without events has no snapshot, so no model: that is an error too. Throws
  // std::out_of_range for count > events() (the caller checks its input against events()).
  ModelFromFile model_after_count(std::uint64_t count);
  // The model after event i: model_after_count(i + 1).
  ModelFromFile model_at(std::uint64_t i) { return model_after_count(i + 1); }
  // The spacing the writer used (compact_trace_format.hpp, kSnapshotSpacing), from the header.
  std::uint32_t snapshot_spacing() const { return snapshot_spacing_; }
  // The Ps of the model before the first event, from the header.
  std::uint32_t gomaxprocs() const { return gomaxprocs_; }
  // Decodes every frame, checking each; frame 0's model snapshot against the model before any
  // event (TraceModel(gomaxprocs())), and every later one against the model folded from the
  // start: nullopt when the whole file is sound.
  std::optional<std::string> verify();
  // Bytes of the file the model snapshots take (compressed) and how many, counted by verify().
  std::uint64_t verified_snapshot_bytes() const { return verified_snapshot_bytes_; }
  std::uint64_t verified_snapshots() const { return verified_snapshots_; }

 private:
  CompactTraceReader(std::string path, int fd);
  std::optional<std::string> load_trailer();
  // Frame k decoded into frame_ (kept: reading on from where the last read ended is free).
  std::optional<std::string> decode_frame(std::uint64_t k);
  std::string problem(const std::string& what) const;
  // Frame k's header (not checked: decode_frame and read_snapshot check what they use).
  std::optional<std::string> read_header(std::uint64_t k, compact_trace::FrameHeader& header);
  // The nearest frame at or before k with a model snapshot (headers read backwards).
  std::variant<std::uint64_t, std::string> nearest_snapshot(std::uint64_t k);
  // The snapshot frame k carries.
  ModelFromFile read_snapshot(std::uint64_t k);
  std::string frame_name(std::uint64_t k) const;

  std::string path_;
  int fd_ = -1;
  std::uint64_t file_bytes_ = 0;
  compact_trace::Footer footer_;
  std::vector<TraceTrack> tracks_;
  std::vector<std::uint64_t> frame_offsets_;
  std::vector<TraceEvent> frame_;
  std::uint64_t frame_number_ = ~std::uint64_t{0};  // which frame frame_ holds
  std::uint32_t snapshot_spacing_ = 0;
  std::uint32_t gomaxprocs_ = 0;
  std::uint64_t verified_snapshot_bytes_ = 0;
  std::uint64_t verified_snapshots_ = 0;
  std::uint64_t last_snapshot_bytes_ = 0;  // of the snapshot read_snapshot() read last
  std::string compressed_, columns_;
};

}  // namespace cq
