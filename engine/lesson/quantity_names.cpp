// The names side of quantities: parsing "p_fill(2)" and "{placeholders}", and the did-you-mean
// hints every lesson message uses. The values side is quantities.cpp.
#include <algorithm>
#include <vector>

#include "lesson/quantities.hpp"

namespace cq::lesson {
namespace {

using Arg = QuantityArgument;

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string_view argument_example(Arg a) {
  switch (a) {
    case Arg::p:
      return "a P index";
    case Arg::block:
      return "a block id";
    case Arg::worker:
      return "a goroutine id";
    case Arg::event_kind:
      return "an event kind";
    case Arg::none:
      break;
  }
  return "nothing";
}

std::optional<std::uint32_t> parse_index(std::string_view text) {
  if (text.empty() || text.size() > 9) return std::nullopt;
  std::uint32_t v = 0;
  for (char ch : text) {
    if (ch < '0' || ch > '9') return std::nullopt;
    v = v * 10 + static_cast<std::uint32_t>(ch - '0');
  }
  return v;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<std::string> closest_name(std::string_view word,
                                        std::span<const std::string_view> candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (std::string_view c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = std::string(c);
    }
  }
  return best;
}

ParsedQuantity parse_quantity(std::string_view text, const Scenario* scenario) {
  const std::string_view spelled = trim(text);
  std::string_view name = spelled;
  std::optional<std::string_view> argument;
  if (const auto open = spelled.find('('); open != std::string_view::npos) {
    if (spelled.back() != ')')
      return {std::nullopt, "'" + std::string(spelled) + "' is missing its ')'"};
    name = trim(spelled.substr(0, open));
    argument = trim(spelled.substr(open + 1, spelled.size() - open - 2));
  }
  const QuantityInfo* info = find_quantity(name);
  if (info == nullptr) {
    std::vector<std::string_view> names;
    for (const QuantityInfo& q : all_quantities()) names.push_back(q.name);
    std::string message = "unknown quantity '" + std::string(name) + "'";
    if (auto near = closest_name(name, names)) message += " (did you mean '" + *near + "'?)";
    return {std::nullopt, message};
  }
  QuantityRef ref;
  ref.name = std::string(info->name);
  ref.argument = info->argument;
  ref.spelling = std::string(spelled);
  if (info->argument == Arg::none) {
    if (argument) return {std::nullopt, "'" + ref.name + "' takes no argument"};
    return {ref, {}};
  }
  if (!argument || argument->empty()) {
    const std::string example =
        ref.name + (info->argument == Arg::event_kind ? "(block_full)" : "(0)");
    return {std::nullopt, "'" + ref.name + "' needs " +
                              std::string(argument_example(info->argument)) + ", e.g. " + example};
  }
  if (info->argument == Arg::event_kind) {
    const auto kind = parse_event_kind(*argument);
    if (!kind) return {std::nullopt, "'" + std::string(*argument) + "' is not an event kind"};
    ref.event = *kind;
    return {ref, {}};
  }
  const auto index = parse_index(*argument);
  if (!index) {
    return {std::nullopt, "'" + ref.name + "' needs " +
                              std::string(argument_example(info->argument)) + ", not '" +
                              std::string(*argument) + "'"};
  }
  if (info->argument == Arg::p && scenario != nullptr && *index >= scenario->gomaxprocs) {
    return {std::nullopt, "P " + std::to_string(*index) + " does not exist: the scenario has " +
                              std::to_string(scenario->gomaxprocs) + " Ps (0.." +
                              std::to_string(scenario->gomaxprocs - 1) + ")"};
  }
  ref.index = *index;
  return {ref, {}};
}

ExpandedText expand_placeholders(std::string_view text,
                                 const std::function<std::string(std::string_view)>& replace) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if ((c == '{' || c == '}') && i + 1 < text.size() && text[i + 1] == c) {
      out += c;  // "{{" or "}}": a literal brace
      ++i;
      continue;
    }
    if (c == '}') return {out, "a '}' without its '{' (write '}}' for a literal brace)"};
    if (c != '{') {
      out += c;
      continue;
    }
    const std::size_t close = text.find('}', i + 1);
    if (close == std::string_view::npos) {
      return {out, "a '{' without its '}' (write '{{' for a literal brace)"};
    }
    const std::string_view inner = trim(text.substr(i + 1, close - i - 1));
    if (inner.empty())
      return {out, "an empty placeholder '{}': name a quantity, e.g. {full_blocks}"};
    out += replace(inner);
    i = close;
  }
  return {out, {}};
}

}  // namespace cq::lesson
