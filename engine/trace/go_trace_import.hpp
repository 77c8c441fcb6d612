// A real Go execution trace, reduced to what it shows of the cleanup queue: the cleanup goroutines
// (created, running, parked, woken), the GC cycles, the stop-the-world pauses and the per-P sweep
// ranges. Read from the text that the Go toolchain's own `go tool trace -d=parsed FILE` prints
// (Go's internal/trace, Event.String in event.go: one "M=.. P=.. G=.. Kind Time=.." line per
// event, then indented "TransitionStack=" / "Stack=" frames), and kept as a small stable text
// file, `cleanupq-go-trace 1` (.cqgo, docs/conformance.md), that needs no Go to open.
//
// What a Go trace cannot show: the queue's enqueue, flush and wake. Go's tracer has no event for
// them (runtime/traceruntime.go has no cleanup event; mcleanup.go calls no trace function); only
// their effects on goroutines are visible (docs/go-facts.md).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cq {

// Go's goroutine states, as internal/trace's GoState (resources.go) names them.
enum class GoGState : std::uint8_t { undetermined, not_exist, runnable, running, waiting, syscall };
const char* to_string(GoGState state);  // "Running", as Go prints it
std::optional<GoGState> parse_go_state(std::string_view word);

// One state change of a cleanup goroutine.
struct GoStateChange {
  std::int64_t time_ns = 0;  // since the trace's first event
  std::uint64_t goid = 0;
  GoGState from = GoGState::undetermined;
  GoGState to = GoGState::undetermined;
  std::int32_t proc = -1;  // the P the event was emitted on (-1: none)
  std::string reason;      // Go's reason, e.g. "system goroutine wait" for a cleanup park
};

// A range of time: a GC mark phase, a stop-the-world pause or one P's sweep.
struct GoRange {
  std::int64_t begin_ns = 0;
  std::int64_t end_ns = 0;  // the trace's end when it was still open there
  std::string what;         // stop-the-world: its reason ("GC mark termination"); else empty
  std::int32_t proc = -1;   // sweep: the P that swept
  bool began_before_trace = false;  // Go printed RangeActive (already on when tracing started)
};

struct GoCleanupGoroutine {
  std::uint64_t goid = 0;
  std::int64_t created_ns = -1;  // -1: already alive when the trace started
};

// The counts the conformance probe (tests/conformance/go/trace_counts.go) also takes, so that
// the two readers of one trace can be compared.
struct GoTraceCounts {
  std::uint32_t created = 0, preexisting = 0, parks = 0, unblocks = 0;
  std::uint32_t gc_cycles = 0, stw_pauses = 0;  // begun inside the trace, as the probe counts
  std::uint32_t sweeps = 0;
  bool operator==(const GoTraceCounts&) const = default;
};

struct GoTrace {
  std::string go_version;        // "go1.25.12"; from a raw trace's header only the minor: "go1.25"
  std::string workload;          // how it was recorded, free text (may be empty)
  std::uint32_t gomaxprocs = 0;  // the last /sched/gomaxprocs:threads metric (0: none seen)
  std::int64_t duration_ns = 0;  // first to last event
  std::vector<GoCleanupGoroutine> cleanup_goroutines;  // in the order first seen
  std::vector<GoStateChange> changes;                  // in time order
  std::vector<GoRange> gc_cycles, stw_pauses, sweeps;
  // The probe's own counts of the same trace, when the recording script wrote them.
  std::optional<GoTraceCounts> probe_counts;
  // The model's run of the same shape, as scenario options (flag name -> value: "gomaxprocs" ->
  // "8"), when the workload has one (tests/conformance/README.md, "Model side"); else empty.
  std::map<std::string, std::string> model_options;
};

GoTraceCounts count_go_trace(const GoTrace& trace);

// One lane segment of a cleanup goroutine: from `begin_ns` to `end_ns` it was in `state`.
struct GoLaneSegment {
  std::int64_t begin_ns = 0, end_ns = 0;
  GoGState state = GoGState::undetermined;
};
std::vector<GoLaneSegment> go_lane(const GoTrace& trace, std::uint64_t goid);

// A reader's result: the trace, or one message "SOURCE:LINE: what was expected, what was found".
struct GoTraceResult {
  std::optional<GoTrace> trace;
  std::string error;
  bool ok() const { return trace.has_value(); }
};

// Reads `go tool trace -d=parsed` output line by line (a second of tracing prints a million
// lines, so it is never held whole). Only the events named above are kept.
class GoTraceDumpReader {
 public:
  explicit GoTraceDumpReader(std::string source);  // the name messages give the input
  // One line, without its newline. After the first problem the rest is ignored.
  void feed(std::string_view line);
  GoTraceResult finish();

 private:
  struct PendingTransition {
    GoStateChange change;
    std::vector<std::string> frames;  // TransitionStack, innermost first
  };
  void fail(std::string_view expected, std::string_view found);
  void event_line(std::string_view line);
  void resolve_pending();
  void range_event(std::string_view kind, std::string_view rest, std::int64_t time);

  std::string source_;
  std::size_t line_ = 0;
  std::string error_;
  GoTrace trace_;
  std::optional<std::int64_t> origin_;
  std::int64_t last_time_ = 0;
  std::optional<PendingTransition> pending_;
  bool in_transition_stack_ = false;
  bool saw_event_ = false;
  std::unordered_map<std::uint64_t, bool> cleanup_gs_;
  std::unordered_map<std::string, GoRange> open_ranges_;  // by name and scope
};

// "go1.25" from the first bytes of a binary Go trace ("go 1.25 trace\0\0\0"); empty when
// `first_bytes` is not the start of one.
std::string go_trace_header_version(std::string_view first_bytes);

// The .cqgo file: `write_cqgo` and `read_cqgo` are exact inverses.
inline constexpr std::string_view kCqgoMagic = "cleanupq-go-trace 1";
std::string write_cqgo(const GoTrace& trace);
GoTraceResult read_cqgo(std::string_view text, const std::string& source);

}  // namespace cq
