// CompactTraceWriter: a run's trace into FILE.cqtrace while the run goes on (`cleanupq run
// --trace FILE.cqtrace`): frames of 65536 events, each compressed with zstd, and a sparse index
// (compact_trace_format.hpp), with a snapshot of the model (TraceModel) at the start of frame 0
// and of frames spaced by size (kSnapshotSpacing); CompactTraceReader seeks in it. Native builds
// only: Debian has no zstd for emscripten, so the wasm cleanupq writes Chrome JSON only.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "trace/compact_trace_format.hpp"
#include "trace/trace_model.hpp"
#include "trace/trace_writer.hpp"

struct ZSTD_CCtx_s;

namespace cq {

// How the writer spaces and caps model snapshots: the format's values; tests set others (a cap
// the models of a small run pass, without writing a GiB).
struct SnapshotRule {
  std::uint32_t spacing = compact_trace::kSnapshotSpacing;     // 0: a snapshot every frame
  std::uint64_t max_bytes = compact_trace::kMaxSnapshotBytes;  // encoded, before zstd
};

// Threads: observe() (the run's appender, under the trace's append lock when many threads append)
// only copies events into the frame being filled; a full frame is handed to the writer's own
// thread, which compresses and writes it while the run goes on. So the run's threads never wait
// on zstd or the disk, unless the writer thread is still busy with the frame before (then the
// hand-off waits: at most two frames, 4 MiB, are ever held). The writer thread also folds every
// frame into its own TraceModel after writing it, so the snapshot of the next one costs the run's
// threads nothing either.
class CompactTraceWriter final : public StreamingTraceWriter {
 public:
  // `initial`: the model before the first event (TraceModel(gomaxprocs), as TraceIndex starts);
  // the header records its Ps, and `cleanupq trace --verify` checks frame 0's snapshot is
  // TraceModel of that many.
  CompactTraceWriter(io::OutputFile& file, TraceModel initial, SnapshotRule rule = {});
  ~CompactTraceWriter() override;  // without finish(): stops the thread; the file is not whole
  void observe(std::span<const TraceEvent> step) override;
  bool finish(std::span<const TraceTrack> tracks) override;
  std::uint64_t bytes_written() const { return offset_; }           // after finish()
  std::uint64_t snapshot_bytes() const { return snapshot_bytes_; }  // after finish()
  std::uint64_t snapshots() const { return snapshots_; }            // after finish()
  // Snapshots not written because they were over rule.max_bytes (after finish()).
  std::uint64_t skipped_snapshots() const { return skipped_snapshots_; }

 private:
  struct ContextDeleter {
    void operator()(ZSTD_CCtx_s* context) const;
  };
  struct Frame {
    std::vector<TraceEvent> events;
    std::uint64_t first_event = 0;
    std::uint64_t hash_before = 0;
  };
  void hand_off();                       // the run's side: frame_ to the writer thread
  void write_frames();                   // the writer thread's loop
  void write_frame(const Frame& frame);  // the writer thread's (or finish's, after the join)
  void stop_thread();
  void write(const void* bytes, std::size_t n);
  // The writer thread's: whether the frame about to be written gets a snapshot (the spacing rule),
  // and if so model_ encoded and compressed into snapshot_compressed_. False when there is none
  // (not due, or skipped as too large); compress_error_ is set if zstd failed.
  bool take_snapshot(bool first_frame);

  io::OutputFile& file_;
  // The run's side.
  Frame frame_;  // being filled
  std::uint64_t steps_ = 0;
  std::uint64_t hash_ = 0;  // after every event observed
  // Between the two: one frame waiting for the writer thread, and a spare buffer coming back.
  std::mutex hand_off_lock_;
  std::condition_variable hand_off_changed_;
  std::optional<Frame> waiting_;
  std::vector<TraceEvent> spare_;
  bool stopping_ = false;
  // The writer thread's (finish reads them after joining it).
  std::unique_ptr<ZSTD_CCtx_s, ContextDeleter> context_;
  std::string columns_;  // a frame's payload before compression
  std::string compressed_;
  std::unique_ptr<ZSTD_CCtx_s, ContextDeleter> snapshot_context_;  // with zstd's checksum
  TraceModel model_;      // folded over every frame written so far
  std::string snapshot_;  // model_ encoded (trace_model_codec.hpp)
  std::string snapshot_compressed_;
  std::uint64_t snapshot_bytes_ = 0;  // of the file, in snapshots (headers excluded)
  std::uint64_t snapshots_ = 0;
  std::uint64_t skipped_snapshots_ = 0;
  SnapshotRule rule_;
  // The spacing: compressed payload bytes of the frames since the last snapshot (taken or
  // skipped), and that snapshot's size (compressed; encoded if it was skipped as too large).
  std::uint64_t frame_bytes_since_snapshot_ = 0;
  std::uint64_t last_snapshot_size_ = 0;
  std::vector<std::uint64_t> frame_offsets_;  // the sparse index
  std::uint64_t offset_ = 0;                  // bytes written so far
  std::string compress_error_;                // zstd's, if it ever failed
  std::thread writer_;
};

}  // namespace cq
