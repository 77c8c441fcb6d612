#include "lesson/answer_leaks.hpp"

#include <algorithm>
#include <cctype>

namespace cq::lesson {
namespace {

bool is_digit(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

// A character that makes a neighbouring digit part of a longer token: "worker0", "p_fill(2)"
// fills to a number on its own, but "x86" or "1.25" do not hold an 86 or a 25 a student reads.
bool glues_to_number(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '#';
}

bool glues_to_word(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

bool is_number(std::string_view s) {
  const std::string_view digits = !s.empty() && s.front() == '-' ? s.substr(1) : s;
  return !digits.empty() && std::all_of(digits.begin(), digits.end(), is_digit);
}

// The whole-number occurrences of `n` in `text`: a maximal run of digits (with '.' or ','
// between digits, so 1.25 and 20,000 are one number each) equal to `n`.
bool contains_number(std::string_view text, std::string_view n, std::size_t* at) {
  std::size_t i = 0;
  while (i < text.size()) {
    if (!is_digit(text[i])) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < text.size() &&
           (is_digit(text[end]) || ((text[end] == '.' || text[end] == ',') &&
                                    end + 1 < text.size() && is_digit(text[end + 1]) && end > i))) {
      ++end;
    }
    std::size_t start = i;
    if (n.front() == '-' && start > 0 && text[start - 1] == '-') --start;
    const bool alone = (start == 0 || !glues_to_number(text[start - 1])) &&
                       (end == text.size() || !glues_to_number(text[end]));
    if (alone && text.substr(start, end - start) == n) {
      if (at != nullptr) *at = start;
      return true;
    }
    i = end;
  }
  return false;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool contains_words(std::string_view text, std::string_view words, std::size_t* at) {
  const std::string hay = lower(text);
  const std::string needle = lower(words);
  if (needle.empty()) return false;
  for (std::size_t pos = hay.find(needle); pos != std::string::npos;
       pos = hay.find(needle, pos + 1)) {
    const std::size_t end = pos + needle.size();
    const bool alone = (pos == 0 || !glues_to_word(hay[pos - 1])) &&
                       (end == hay.size() || !glues_to_word(hay[end]));
    if (alone) {
      if (at != nullptr) *at = pos;
      return true;
    }
  }
  return false;
}

// About six words either side of `at`, on one line.
std::string excerpt_around(std::string_view text, std::size_t at, std::size_t length) {
  constexpr std::size_t kSide = 40;
  const std::size_t from = at > kSide ? at - kSide : 0;
  const std::size_t to = std::min(text.size(), at + length + kSide);
  std::string out(text.substr(from, to - from));
  std::replace(out.begin(), out.end(), '\n', ' ');
  return (from > 0 ? "..." : "") + out + (to < text.size() ? "..." : "");
}

}  // namespace

bool contains_answer(std::string_view text, std::string_view answer, std::size_t* at) {
  if (answer.empty()) return false;
  return is_number(answer) ? contains_number(text, answer, at) : contains_words(text, answer, at);
}

std::optional<AnswerSighting> find_answer_in(std::string_view answer,
                                             const std::vector<ShownText>& shown) {
  for (const ShownText& s : shown) {
    std::size_t at = 0;
    if (contains_answer(s.text, answer, &at)) {
      return AnswerSighting{s.what, excerpt_around(s.text, at, answer.size())};
    }
  }
  return std::nullopt;
}

}  // namespace cq::lesson
