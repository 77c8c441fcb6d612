// CodeListing: short pseudocode of the Go functions the simulated runtime stands for (AddCleanup's
// pool growth, enqueue, the sweep gate, flush, the scheduler's wake, needG/createGs, dequeue,
// runCleanups), as data the code pane draws and lessons point at. Each listing follows its Go
// function's order, line for line where it matters; what it leaves out is said in its `note`, and
// docs/model-vs-go.md lists where the model departs from Go.
//
// A line that some step of the model stands on has a stable id ("flush.nil_p_check"): events map
// to it (code_location.hpp) and a lesson step's `code` key names it. Lines without an id are
// context (a function header, a closing brace, a branch no step stops at).
//
// The listing depends on the run's code, not only its Go version: a scenario may override the
// wake protocol ("custom (based on go1.25: protocol oneshot)"), and the pane shows the code that
// runs. So listings are selected by a CodeVariant made from the scenario.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/go_profile.hpp"

namespace cq {

struct Scenario;

// What of a run decides its listing's lines.
struct CodeVariant {
  Design design = Design::cleanup_queue;
  WakeProtocol protocol = WakeProtocol::level;  // one-shot wake (e46c8e) or level (1.25 on)
  bool flush_skips_nil_p = true;                // the nil-P check in flush (1.25 and 1.26)
  SlotKind slot_kind = SlotKind::word;          // *funcval (e46c8e, 1.25) or cleanupFn (1.26)
  bool queue_stats = true;                      // queued/executed counters (not at e46c8e)
  std::string_view go_name = "go1.25";          // the profile, for the citation line
  bool operator==(const CodeVariant&) const = default;
};
CodeVariant code_variant(const Scenario& scenario);
CodeVariant code_variant(GoVersion version);

// When a line is part of a listing.
enum class CodeWhen : std::uint8_t {
  always,
  level,         // WakeProtocol::level
  oneshot,       // WakeProtocol::oneshot
  nil_p_check,   // flush skips a nil P
  no_nil_check,  // flush reads pp.cleanups through a nil P
  word_slot,     // a slot is one *funcval
  cleanup_fn,    // a slot is Go 1.26's three-word cleanupFn
  stats,         // the version keeps queued/executed statistics
};

struct CodeLine {
  std::string_view id;  // "" for a context line
  std::string_view text;
  CodeWhen when = CodeWhen::always;
};

struct CodeListing {
  std::string_view id;        // "flush": the prefix of its lines' ids
  std::string_view function;  // the Go function(s): "(*cleanupQueue).flush"
  std::string_view file;      // "runtime/mcleanup.go"
  std::string_view note;      // who calls it in Go, what the pseudocode leaves out
  std::vector<CodeLine> lines;
};

// The listings of a run's code, in the order the pane shows them; empty for Go 1.24 (no cleanup
// queue: its finalizer goroutine is not listed).
std::vector<CodeListing> code_listings(const CodeVariant& variant);

// Where a line id is in the variant's listings.
struct CodeLineRef {
  std::size_t listing = 0;
  std::size_t line = 0;
};
std::optional<CodeLineRef> find_code_line(const std::vector<CodeListing>& listings,
                                          std::string_view id);
// Every line id of the variant's listings, in order.
std::vector<std::string_view> code_line_ids(const CodeVariant& variant);
// Every line id of any variant (what a lesson may name), sorted, without repeats.
std::vector<std::string_view> every_code_line_id();

}  // namespace cq
