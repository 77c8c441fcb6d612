// ViewCaches: what views compute from the trace and keep between frames, so a paused picture
// costs no rescan. The app owns one per App (a view keeps no static: two Apps, as in the tests,
// or a new trace at an old address, must never share or reuse a cache by accident); each entry
// remembers what it was computed from and is redone when that changes.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "model/code_cursor.hpp"
#include "model/real_go_model.hpp"
#include "trace/go_trace_import.hpp"
#include "trace/trace.hpp"

namespace cq::viz {

// The event log: matching event indices for the current filter, extended as the trace grows.
struct EventLogRows {
  std::string filter;
  bool interesting_only = false;
  const Trace* trace = nullptr;
  std::size_t scanned = 0;
  std::vector<std::size_t> rows;
};

// The timeline: markers to draw, offsets along the axis and rows. Thinning thousands of
// interesting events to one marker per two pixels per row is redone only when the axis changes
// (a new event, zoom, pan, resize), not on every frame of a paused picture.
struct TimelineMarkers {
  struct Marker {
    float dx;
    int row;
  };
  const Trace* trace = nullptr;
  std::size_t head = 0;
  std::size_t marks = 0;
  double first = 0, span = 0;
  float axis_w = 0;
  std::vector<Marker> markers;
};

// The "Real Go" tab: the recorded Go traces under assets/go-traces, read and counted once, on the
// tab's first frame, and the model's run of each one's workload, computed the first time that
// recording is shown. A missing or broken file is its message in the tab (the rest still shows).
struct RealGoTraces {
  struct Entry {
    std::string path;
    std::optional<GoTrace> trace;
    GoTraceCounts counts;  // count_go_trace(*trace)
    std::string error;
    std::optional<RealGoModelRun> model;  // run_model_beside(*trace), once
  };
  bool loaded = false;
  std::vector<Entry> entries;
};

struct ViewCaches {
  CodeCursor code;  // the code pane's actors at the cursor, folded on as the cursor moves
  // The lesson step whose `code` line the pane last scrolled to (-1: none), so it scrolls once
  // when a step points at a line, and the student may scroll away after.
  long code_scrolled_for_step = -1;
  const void* code_scrolled_for_lesson = nullptr;
  // The cursor the pane last followed: when it moves, the pane scrolls to the line of the last
  // event's actor, so the step just taken is in view.
  std::size_t code_followed_cursor = ~std::size_t{0};
  EventLogRows event_log;
  TimelineMarkers timeline;
  RealGoTraces real_go;
};

}  // namespace cq::viz
