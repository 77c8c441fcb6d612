#include "trace/chrome_trace.hpp"

#include <cinttypes>
#include <cstdio>

namespace cq {

void append_chrome_event(std::string& out, const TraceEvent& e, std::uint64_t seq) {
  char line[320];
  // ts is in microseconds; three decimals keep the nanosecond resolution of virtual time.
  const int n = std::snprintf(
      line, sizeof line,
      "{\"ph\":\"i\",\"s\":\"t\",\"pid\":1,\"tid\":%u,\"ts\":%" PRIu64
      ".%03u,"
      "\"name\":\"%.*s\",\"args\":{\"seq\":%" PRIu64 ",\"p\":%d,\"block\":%lld,\"a\":%" PRIu64
      ",\"b\":%u}}",
      static_cast<unsigned>(e.actor), e.time_ns / 1000, static_cast<unsigned>(e.time_ns % 1000),
      static_cast<int>(to_string(e.kind).size()), to_string(e.kind).data(), seq,
      e.p == kNoP ? -1 : static_cast<int>(e.p),
      e.block == kNoBlock ? -1LL : static_cast<long long>(e.block), e.a, e.b);
  out.append(line, static_cast<std::size_t>(n));
}

void append_chrome_tracks(std::string& out, std::span<const TraceTrack> tracks, bool after_events) {
  bool first = !after_events;
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
}

void write_chrome_trace(std::ostream& out, const Trace& trace, std::span<const TraceTrack> tracks) {
  out << kChromeTraceOpening;
  std::string line;
  const std::size_t n = trace.size();
  for (std::size_t i = 0; i < n; ++i) {
    line.clear();
    if (i > 0) line = ",\n";
    append_chrome_event(line, trace.at(i), i);
    out << line;
  }
  line.clear();
  append_chrome_tracks(line, tracks, n > 0);
  out << line << kChromeTraceClosing;
}

}  // namespace cq
