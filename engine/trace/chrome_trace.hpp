// Export of a trace to the Chrome trace-event JSON format, which Perfetto (ui.perfetto.dev)
// and chrome://tracing open: one track per actor, one instant event per trace event.
#pragma once

#include <cstdint>
#include <ostream>
#include <span>
#include <string>
#include <string_view>

#include "trace/trace.hpp"

namespace cq {

// One track of the export: the actor id that events carry, and the name shown for it. The
// runner knows its actors (sim/runner.hpp, trace_tracks); the trace knows only their ids.
struct TraceTrack {
  std::uint16_t actor;
  std::string name;
};

// Streams the JSON (a trace can hold millions of events; nothing is built in memory). The
// runtime's own track (kRuntimeActor, the author of run_end and stranded) is always added.
void write_chrome_trace(std::ostream& out, const Trace& trace, std::span<const TraceTrack> tracks);

// That JSON as text, piece by piece: what write_chrome_trace writes for a stored trace, and what
// ChromeTraceWriter (trace_writer.hpp) streams while a run goes on and names the tracks only at
// its end, so the two cannot differ. Each piece is appended to `out`.
class ChromeTraceText {
 public:
  void begin(std::string& out) const;
  // The next event, numbered (its `seq`) by the events before it, after a separator if any came.
  void append_event(std::string& out, const TraceEvent& e);
  // The tracks' names, then the closing.
  void end(std::string& out, std::span<const TraceTrack> tracks) const;

 private:
  std::uint64_t events_ = 0;
};

}  // namespace cq
