// Code locations: which line of the code pane's listings (code_listing.hpp) a trace event's step
// executed. No field of TraceEvent holds it (events stay 32 bytes, hashes unchanged): the kind and
// its fields say it, and what the event alone cannot say (was a P the flush found missing nil, or
// just without a block?) the fold of the trace before it does (ActorCodeLines).
//
// Every kind maps to a line or, for a reason why_no_code_line() gives, to none
// (tests/engine/runtime/code_location_test.cpp holds both, and that every line id is reachable).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "runtime/code_listing.hpp"
#include "trace/trace_event.hpp"

namespace cq {

// What the fold knows about an event that its fields do not say.
struct CodeLineContext {
  // flush_missing: the P's allp entry is nil (procresize grew allp just before this flush and
  // had not allocated the new Ps yet: sweeper.cpp, begin_growth), not merely without a block.
  bool p_is_nil = false;
};

// The line id the event's step stood on, or "" when it has none (why_no_code_line says why).
std::string_view code_line_of(const TraceEvent& e, const CodeVariant& variant,
                              CodeLineContext context = {});

// Why events of this kind never stand on a listed line, or "" for kinds that do (for some
// variant and fields).
std::string_view why_no_code_line(EventKind kind);

// Each actor's line at a point of the trace: the line of its last event with one. Folded one
// event at a time, like every other view of the trace (docs/architecture.md, "The picture is a
// fold of the trace").
class ActorCodeLines {
 public:
  struct Position {
    std::string_view line;         // "" while the actor has stood on no listed line yet
    std::size_t event = 0;         // the index of the event that put it there
    EventKind kind = EventKind{};  // and its kind
  };

  explicit ActorCodeLines(const CodeVariant& variant) : variant_(variant) {}

  void apply(const TraceEvent& e, std::size_t index);
  std::size_t events() const { return events_; }  // events applied
  // By actor id; an actor with no event yet has an empty line.
  const std::vector<Position>& positions() const { return positions_; }
  Position position(std::uint16_t actor) const {
    return actor < positions_.size() ? positions_[actor] : Position{};
  }

 private:
  CodeVariant variant_;
  std::vector<Position> positions_;
  std::size_t events_ = 0;
  // A procresize that grew GOMAXPROCS from `grown_from`, by `grower`, not yet followed by that
  // actor's next event; and the nil range of the flush it led into.
  std::uint16_t grower_ = kRuntimeActor;
  std::uint32_t grown_from_ = 0, grown_to_ = 0;
  bool nil_ps_in_flush_ = false;
};

}  // namespace cq
