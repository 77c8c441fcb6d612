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

// The pieces of that JSON, for a writer that streams events while a run goes on
// (trace_writer.hpp) and names the tracks only at the end: the opening, one event (its
// index `seq` in the run; no separator), the tracks' names (separated by ",\n", and preceded by
// one when events came before), the closing.
inline constexpr std::string_view kChromeTraceOpening =
    "{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n";
inline constexpr std::string_view kChromeTraceClosing = "\n]}\n";
void append_chrome_event(std::string& out, const TraceEvent& e, std::uint64_t seq);
void append_chrome_tracks(std::string& out, std::span<const TraceTrack> tracks, bool after_events);

}  // namespace cq
