// Export of a trace to the Chrome trace-event JSON format, which Perfetto (ui.perfetto.dev)
// and chrome://tracing open: one track per actor, one instant event per trace event.
#pragma once

#include <ostream>
#include <vector>

#include "sim/runner.hpp"
#include "sim/trace.hpp"

namespace cq {

// Streams the JSON (a trace can hold millions of events; nothing is built in memory).
void write_chrome_trace(std::ostream& out, const Trace& trace,
                        const std::vector<ActorInfo>& actors);

}  // namespace cq
