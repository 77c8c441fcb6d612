// Quantities: the named numbers a lesson's questions and text placeholders ask for, computed
// from the engine's state at a checkpoint. Authors name them (`answer = "last_flush_pushed"`,
// "the flush pushed {last_flush_pushed} blocks"); they never type the number itself.
//
// Most come from the TraceModel (the same fold the visualizer draws from); a few that need the
// history rather than the state (the last wake's batch, a block's push count) scan the trace.
// The list is documented for authors in lessons/README.md; `cleanupq lesson quantities` prints
// it, and a test checks that the README names every one.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "lesson/lesson.hpp"
#include "runtime/scenario.hpp"
#include "trace/trace.hpp"
#include "trace/trace_model.hpp"

namespace cq::lesson {

struct QuantityInfo {
  std::string_view name;
  QuantityArgument argument;
  std::string_view meaning;  // one line, for authors
};

// Every quantity, in the order the README lists them.
std::span<const QuantityInfo> all_quantities();
const QuantityInfo* find_quantity(std::string_view name);

// "name" or "name(argument)". `scenario` (when known) bounds a P argument by its gomaxprocs.
// On failure, the message says what is wrong ("unknown quantity 'ful_blocks' (did you mean
// 'full_blocks'?)", "p_fill needs a P index: p_fill(0)").
struct ParsedQuantity {
  std::optional<QuantityRef> quantity;
  std::string error;
};
ParsedQuantity parse_quantity(std::string_view text, const Scenario* scenario);

// Everything a quantity is computed from, at one checkpoint.
struct QuantityContext {
  const TraceModel& model;  // folded over exactly the first `events` events of `trace`
  const Trace& trace;
  std::size_t events;
  const Scenario& scenario;
};

struct QuantityValue {
  std::int64_t value = 0;
  std::string error;  // non-empty: no value (e.g. "worker 3 was never started")
  bool ok() const { return error.empty(); }
};
QuantityValue evaluate(const QuantityRef& quantity, const QuantityContext& context);

struct ExpandedText {
  // The text with its placeholders replaced; on a problem, as far as it got (the text before it).
  std::string text;
  std::string error;  // "" or what is wrong with the placeholders ("a '{' without its '}' ...")
  bool ok() const { return error.empty(); }
};
// Text with {quantity} placeholders ("the flush pushed {last_flush_pushed} blocks"): calls
// `replace` with each placeholder's inside and splices in what it returns. "{{" and "}}" are
// literal braces. An unclosed or empty placeholder is an error, and expanding stops there.
ExpandedText expand_placeholders(std::string_view text,
                                 const std::function<std::string(std::string_view)>& replace);

// The closest name within a small edit distance, for "did you mean" hints.
std::optional<std::string> closest_name(std::string_view word,
                                        std::span<const std::string_view> candidates);

}  // namespace cq::lesson
