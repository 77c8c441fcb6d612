#include "trace/chrome_trace.hpp"

#include <cinttypes>
#include <cstdio>

namespace cq {

void ChromeTraceText::begin(std::string& out) const {
  out += "{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n";
}

void ChromeTraceText::append_event(std::string& out, const TraceEvent& e) {
  if (events_ > 0) out += ",\n";
  char line[320];
  // ts is in microseconds; three decimals keep the nanosecond resolution of virtual time.
  const int n = std::snprintf(
      line, sizeof line,
      "{\"ph\":\"i\",\"s\":\"t\",\"pid\":1,\"tid\":%u,\"ts\":%" PRIu64
      ".%03u,"
      "\"name\":\"%.*s\",\"args\":{\"seq\":%" PRIu64 ",\"p\":%d,\"block\":%lld,\"a\":%" PRIu64
      ",\"b\":%u}}",
      static_cast<unsigned>(e.actor), e.time_ns / 1000, static_cast<unsigned>(e.time_ns % 1000),
      static_cast<int>(to_string(e.kind).size()), to_string(e.kind).data(), events_,
      e.p == kNoP ? -1 : static_cast<int>(e.p),
      e.block == kNoBlock ? -1LL : static_cast<long long>(e.block), e.a, e.b);
  out.append(line, static_cast<std::size_t>(n));
  ++events_;
}

void ChromeTraceText::end(std::string& out, std::span<const TraceTrack> tracks) const {
  bool first = events_ == 0;
  // Actor names are plain identifiers: no escaping needed.
  auto track = [&](std::uint16_t actor, std::string_view name) {
    if (!first) out += ",\n";
    first = false;
    out += "{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":1,\"tid\":";
    out += std::to_string(actor);
    out += ",\"args\":{\"name\":\"";
    out += name;
    out += "\"}}";
  };
  for (const TraceTrack& t : tracks) track(t.actor, t.name);
  track(kRuntimeActor, "runtime");
  out += "\n]}\n";
}

void write_chrome_trace(std::ostream& out, const Trace& trace, std::span<const TraceTrack> tracks) {
  ChromeTraceText text;
  std::string piece;
  text.begin(piece);
  const std::size_t n = trace.size();
  for (std::size_t i = 0; i < n; ++i) {
    text.append_event(piece, trace.at(i));
    out << piece;
    piece.clear();
  }
  text.end(piece, tracks);
  out << piece;
}

}  // namespace cq
