#include "trace/trace_writer.hpp"

namespace cq {

namespace {

constexpr std::size_t kChromeBufferBytes = std::size_t{1} << 20;

}  // namespace

ChromeTraceWriter::ChromeTraceWriter(io::OutputFile& file) : file_(file) {
  buffer_.reserve(kChromeBufferBytes + 512);
  buffer_ += kChromeTraceOpening;
}

void ChromeTraceWriter::observe(std::span<const TraceEvent> step) {
  for (const TraceEvent& e : step) {
    if (events_ > 0) buffer_ += ",\n";
    append_chrome_event(buffer_, e, events_);
    ++events_;
    if (buffer_.size() >= kChromeBufferBytes) flush();
  }
}

void ChromeTraceWriter::flush() {
  file_.write(buffer_);
  buffer_.clear();
}

bool ChromeTraceWriter::finish(std::span<const TraceTrack> tracks) {
  append_chrome_tracks(buffer_, tracks, events_ > 0);
  buffer_ += kChromeTraceClosing;
  flush();
  return file_.ok();
}

}  // namespace cq
