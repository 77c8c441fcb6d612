// Writing a run's trace to a file while the run goes on (`cleanupq run --trace FILE`), so the
// run holds no event in memory whatever its length: each writer is the trace's TraceObserver.
//
//   ChromeTraceWriter   Chrome trace-event JSON for Perfetto, as write_chrome_trace writes a
//                       stored trace (about 150 bytes an event).
//   CompactTraceWriter  FILE.cqtrace (compact_trace_writer.hpp): about 3 bytes an event, with an
//                       index to seek by; native builds only (it needs zstd).
//
// Writers write through an io::OutputFile: nothing replaces the named file unless every write
// succeeded (finish() then commit()), and the first failed write is kept as the error.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "io/output_file.hpp"
#include "trace/chrome_trace.hpp"
#include "trace/trace_observer.hpp"

namespace cq {

class StreamingTraceWriter : public TraceObserver {
 public:
  // Writes what is still buffered and the end of the file (the tracks' names, for each format its
  // own way); then io::OutputFile::commit() makes it the named file. Returns false after any
  // failed write (the OutputFile's error() says which).
  virtual bool finish(std::span<const TraceTrack> tracks) = 0;
  std::uint64_t events() const { return events_; }
  // After finish() failed: what failed in the writer itself ("PATH: why"), or "" when the file
  // did (the OutputFile's error()).
  const std::string& error() const { return error_; }

 protected:
  std::uint64_t events_ = 0;
  std::string error_;
};

class ChromeTraceWriter final : public StreamingTraceWriter {
 public:
  explicit ChromeTraceWriter(io::OutputFile& file);
  void observe(std::span<const TraceEvent> step) override;
  bool finish(std::span<const TraceTrack> tracks) override;

 private:
  void flush();

  io::OutputFile& file_;
  ChromeTraceText text_;
  std::string buffer_;  // written out at about 1 MiB
};

}  // namespace cq
