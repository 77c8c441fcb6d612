#include "trace/trace_writer.hpp"

namespace cq {

namespace {

constexpr std::size_t kChromeBufferBytes = std::size_t{1} << 20;

}  // namespace

ChromeTraceWriter::ChromeTraceWriter(io::OutputFile& file) : file_(file) {
  buffer_.reserve(kChromeBufferBytes + 512);
  text_.begin(buffer_);
}

void ChromeTraceWriter::observe(std::span<const TraceEvent> step) {
  for (const TraceEvent& e : step) {
    text_.append_event(buffer_, e);
    ++events_;
    if (buffer_.size() >= kChromeBufferBytes) flush();
  }
}

void ChromeTraceWriter::flush() {
  file_.write(buffer_);
  buffer_.clear();
}

bool ChromeTraceWriter::finish(std::span<const TraceTrack> tracks) {
  text_.end(buffer_, tracks);
  flush();
  return file_.ok();
}

}  // namespace cq
