#include "trace/chrome_trace.hpp"

#include <cinttypes>
#include <cstdio>

namespace cq {

void write_chrome_trace(std::ostream& out, const Trace& trace, std::span<const TraceTrack> tracks) {
  out << "{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n";
  bool first = true;
  auto separator = [&] {
    if (!first) out << ",\n";
    first = false;
  };
  // Name each actor's track; actor names are plain identifiers, no escaping needed.
  for (const TraceTrack& t : tracks) {
    separator();
    out << "{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":1,\"tid\":" << t.actor
        << ",\"args\":{\"name\":\"" << t.name << "\"}}";
  }
  separator();
  out << "{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":1,\"tid\":" << kRuntimeActor
      << ",\"args\":{\"name\":\"runtime\"}}";
  char line[320];
  const std::size_t n = trace.size();
  for (std::size_t i = 0; i < n; ++i) {
    const TraceEvent& e = trace.at(i);
    // ts is in microseconds; three decimals keep the nanosecond resolution of virtual time.
    std::snprintf(line, sizeof line,
                  "{\"ph\":\"i\",\"s\":\"t\",\"pid\":1,\"tid\":%u,\"ts\":%" PRIu64
                  ".%03u,"
                  "\"name\":\"%.*s\",\"args\":{\"seq\":%zu,\"p\":%d,\"block\":%lld,"
                  "\"a\":%" PRIu64 ",\"b\":%u}}",
                  static_cast<unsigned>(e.actor), e.time_ns / 1000,
                  static_cast<unsigned>(e.time_ns % 1000),
                  static_cast<int>(to_string(e.kind).size()), to_string(e.kind).data(), i,
                  e.p == kNoP ? -1 : static_cast<int>(e.p),
                  e.block == kNoBlock ? -1LL : static_cast<long long>(e.block), e.a, e.b);
    separator();
    out << line;
  }
  out << "\n]}\n";
}

}  // namespace cq
