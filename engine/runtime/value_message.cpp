#include "runtime/value_message.hpp"

#include <algorithm>
#include <limits>

namespace cq {

std::optional<std::uint64_t> parse_count(std::string_view text) {
  if (text.empty() || text.size() > 20) return std::nullopt;
  std::uint64_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (value > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  return value;
}

std::string range_text(std::uint64_t min, std::uint64_t max) {
  return std::to_string(min) + ".." + std::to_string(max);
}

std::string word_list(std::span<const std::string_view> words, bool quote) {
  std::string list;
  for (std::size_t i = 0; i < words.size(); ++i) {
    list += i == 0 ? "" : (i + 1 == words.size() ? " or " : ", ");
    list += quote ? "\"" + std::string(words[i]) + "\"" : std::string(words[i]);
  }
  return list;
}

std::optional<std::string_view> count_problem(std::string_view text, std::uint64_t min,
                                              std::uint64_t max) {
  const auto value = parse_count(text);
  if (!value) {
    const bool negative = !text.empty() && text.front() == '-';
    const bool digits =
        !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
    return negative ? "cannot be negative" : digits ? "is out of range" : "is not a whole number";
  }
  if (*value < min || *value > max) return "is out of range";
  return std::nullopt;
}

std::optional<std::string_view> choice_problem(std::string_view text,
                                               std::span<const std::string_view> choices) {
  if (std::find(choices.begin(), choices.end(), text) != choices.end()) return std::nullopt;
  return "is not a choice";
}

std::string value_message(std::string_view input, std::string_view problem,
                          std::string_view allowed) {
  std::string message(input);
  message += ' ';
  message += problem;
  message += ": allowed ";
  message += allowed;
  return message;
}

}  // namespace cq
