// The concepts lessons teach and need: one fixed vocabulary, so that a lesson's `teaches` and
// `needs` can be checked (a misspelt concept is an error with a did-you-mean, not a silent new
// concept) and a set of lessons can be put in an order where nothing is used before it is
// taught (lesson_set.hpp). `cleanupq lesson concepts` lists them with their meanings.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace cq::lesson {

struct ConceptInfo {
  std::string_view name;     // as written in `teaches` and `needs`: "whole-block"
  std::string_view meaning;  // one line, for the list and for teachers
};

// Every concept, in the order a course meets them.
std::span<const ConceptInfo> all_concepts();

// nullptr when `name` is not a concept.
const ConceptInfo* find_concept(std::string_view name);

// nullopt when `name` is a concept; otherwise the message, with a did-you-mean:
//   'whole-blocks' is not a concept (did you mean 'whole-block'?): `cleanupq lesson concepts`
//   lists them
std::optional<std::string> check_concept_name(std::string_view name);

}  // namespace cq::lesson
