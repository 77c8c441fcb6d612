// CompactTraceWriter: a run's trace into FILE.cqtrace while the run goes on (`cleanupq run
// --trace FILE.cqtrace`): frames of 65536 events, each compressed with zstd, and a sparse index
// (compact_trace_format.hpp); CompactTraceReader seeks in it. Native builds only: Debian has no
// zstd for emscripten, so the wasm cleanupq writes Chrome JSON only.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "trace/trace_writer.hpp"

struct ZSTD_CCtx_s;

namespace cq {

class CompactTraceWriter final : public StreamingTraceWriter {
 public:
  explicit CompactTraceWriter(io::OutputFile& file);
  ~CompactTraceWriter() override;
  void observe(std::span<const TraceEvent> step) override;
  bool finish(std::span<const TraceTrack> tracks) override;
  std::uint64_t bytes_written() const { return offset_; }

 private:
  struct ContextDeleter {
    void operator()(ZSTD_CCtx_s* context) const;
  };
  void write(const void* bytes, std::size_t n);
  void write_frame();

  io::OutputFile& file_;
  std::unique_ptr<ZSTD_CCtx_s, ContextDeleter> context_;
  std::vector<TraceEvent> frame_;  // the events of the frame being filled
  std::string columns_;            // its payload before compression
  std::string compressed_;
  std::vector<std::uint64_t> frame_offsets_;  // the sparse index
  std::uint64_t offset_ = 0;                  // bytes written so far
  std::uint64_t steps_ = 0;
  std::uint64_t hash_ = 0;               // after every event observed
  std::uint64_t frame_hash_before_ = 0;  // before the frame being filled
};

}  // namespace cq
