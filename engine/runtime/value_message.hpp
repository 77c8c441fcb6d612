// The one way a bad value is worded (docs/errors.md, "Messages"), whatever the input: an option
// of the scenario table in any front end's spelling (scenario_options.hpp), or a flag of one
// command (`cleanupq flush --capacity`, cli/checked_flags.hpp). Both call these, so a range or a
// word list reads the same everywhere: "--capacity 0 is out of range: allowed 1..1024".
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace cq {

// Decimal digits only (no sign, no spaces, at most 20); nullopt otherwise or past 2^64 - 1.
std::optional<std::uint64_t> parse_count(std::string_view text);

// "1..1024"
std::string range_text(std::uint64_t min, std::uint64_t max);
// "oneshot or level", "a, b or c"; `quote`: "\"oneshot\" or \"level\"", as a lesson's TOML writes
// them.
std::string word_list(std::span<const std::string_view> words, bool quote = false);

// What is wrong with `text` as a whole number in min..max ("cannot be negative", "is out of
// range", "is not a whole number"); nullopt when it is one.
std::optional<std::string_view> count_problem(std::string_view text, std::uint64_t min,
                                              std::uint64_t max);
// "is not a choice" when `text` is none of `choices`; else nullopt.
std::optional<std::string_view> choice_problem(std::string_view text,
                                               std::span<const std::string_view> choices);

// "<input> <problem>: allowed <allowed>", the input as the front end spells it ("--capacity 0",
// "'gomaxprocs' = 0", "URL parameter gomaxprocs=0").
std::string value_message(std::string_view input, std::string_view problem,
                          std::string_view allowed);

}  // namespace cq
