#include "lesson/toml_hazards.hpp"

#include <vector>

namespace cq::lesson {
namespace {

bool is_ascii(char c) {
  return static_cast<unsigned char>(c) < 0x80;
}
bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Walks the text one byte at a time, keeping the line and column (in code points) and which
// kind of TOML token it is in.
class HazardScanner {
 public:
  explicit HazardScanner(std::string_view text) : text_(text) {}

  std::optional<TomlHazard> run() {
    while (i_ < text_.size()) {
      const char c = text_[i_];
      if (c == '#') {
        skip_until_line_end();
      } else if ((c == '"' || c == '\'') && at_token_start()) {
        if (starts_with("\"\"\"")) {
          if (auto h = multi_line_basic_string()) return h;
        } else if (starts_with("'''")) {
          multi_line_literal_string();
        } else {
          single_line_string(c);
        }
        bare_ = false;
      } else if (!is_ascii(c)) {
        return hazard(
            "a non-ASCII character outside a string or comment (TOML allows them "
            "only inside strings and comments)");
      } else {
        note(c);
        advance();
      }
    }
    return std::nullopt;
  }

 private:
  bool starts_with(std::string_view s) const { return text_.substr(i_, s.size()) == s; }

  // A quote opens a string only where a token starts: after a blank, '=', '[', '{', ',' or a
  // dotted key's '.'. Inside a bare token ("x = 0101a\"...") toml++ reads on through the quote,
  // asking of every code point whether it ends the value, and that question is the one it cannot
  // answer safely (tests/fuzz/fuzz_palette_file found this after the scanner took such a quote
  // for a string).
  bool at_token_start() const {
    if (i_ == 0) return true;
    if (bare_value_) return false;
    const char p = text_[i_ - 1];
    if (p == '[' || p == '=') return !bare_;
    if (p == '.') return !expect_value_;
    return is_blank(p) || p == '{' || p == ',';
  }

  // Follows keys, values, arrays and inline tables over one ASCII character outside strings and
  // comments. A bare token where a value is expected (a number, boolean, date, or something
  // toml++ will refuse) runs, for toml++, up to a value terminator: a blank, ',', ']', '}' or '#'
  // (toml++'s is_value_terminator); on an error it reads that far to quote the token. Inside it
  // '=', '[', '{', '.' and quotes mean nothing (the fuzzer found "0=5&...='...\xc3\xbc", where
  // the scanner took the second '=' for a key's and its quote for a string's).
  void note(char c) {
    if (bare_value_) {
      if (!is_blank(c) && c != ',' && c != ']' && c != '}') return;
      bare_value_ = false;
    }
    switch (c) {
      case '\n':
        bare_ = false;
        if (nesting_.empty()) expect_value_ = false;
        break;
      case '=':
        bare_ = false;
        expect_value_ = true;
        break;
      case '[':
        if (expect_value_ && !bare_) nesting_.push_back('[');
        break;
      case '{':
        bare_ = false;
        if (expect_value_) nesting_.push_back('{');
        expect_value_ = false;  // an inline table starts with a key
        break;
      case ',':
        bare_ = false;
        expect_value_ = !nesting_.empty() && nesting_.back() == '[';
        break;
      case ']':
      case '}':
        bare_ = false;
        if (!nesting_.empty() && nesting_.back() == (c == ']' ? '[' : '{')) nesting_.pop_back();
        expect_value_ = !nesting_.empty() && nesting_.back() == '[';
        break;
      case '.':
        break;  // separates a dotted key's parts; a value's '.' is inside its bare token
      default:
        if (is_blank(c)) {
          bare_ = false;
        } else if (!bare_) {
          bare_ = true;
          bare_value_ = expect_value_;
        }
    }
  }

  void advance() {
    const char c = text_[i_++];
    if (c == '\n') {
      ++line_;
      column_ = 1;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++column_;  // a UTF-8 continuation byte is part of the previous code point
    }
  }
  void advance(std::size_t n) {
    for (std::size_t k = 0; k < n && i_ < text_.size(); ++k) advance();
  }

  std::optional<TomlHazard> hazard(std::string message) const {
    return TomlHazard{{line_, column_}, std::move(message)};
  }

  void skip_until_line_end() {
    while (i_ < text_.size() && text_[i_] != '\n') advance();
  }

  void single_line_string(char quote) {
    advance();
    while (i_ < text_.size() && text_[i_] != '\n') {
      const char c = text_[i_];
      if (quote == '"' && c == '\\') {
        advance(2);  // an escape; toml++ reports a bad one itself, safely, in a one-line string
        continue;
      }
      advance();
      if (c == quote) return;
    }
  }

  // A ''' string: nothing inside it is classified, so it is skipped to its closing delimiter
  // and the up to two quotes that still belong to the string.
  void multi_line_literal_string() {
    advance(3);
    while (i_ < text_.size() && !starts_with("'''")) advance();
    advance(3);
    for (int k = 0; k < 2 && i_ < text_.size() && text_[i_] == '\''; ++k) advance();
  }

  std::optional<TomlHazard> multi_line_basic_string() {
    advance(3);
    while (i_ < text_.size()) {
      if (starts_with("\"\"\"")) {
        advance(3);
        for (int k = 0; k < 2 && i_ < text_.size() && text_[i_] == '"'; ++k) advance();
        return std::nullopt;
      }
      if (text_[i_] != '\\') {
        advance();
        continue;
      }
      advance();
      if (i_ >= text_.size()) return std::nullopt;
      if (!is_ascii(text_[i_])) {
        return hazard(
            "a backslash followed by a non-ASCII character in a \"\"\" string: not an "
            "escape TOML knows, and toml++ 3.3 cannot even report it safely");
      }
      if (!is_blank(text_[i_])) {
        advance();  // an ordinary escape such as \n or \"
        continue;
      }
      // A line-ending backslash: toml++ skips the whitespace after it and classifies the first
      // character that follows.
      while (i_ < text_.size() && is_blank(text_[i_])) advance();
      if (i_ < text_.size() && !is_ascii(text_[i_])) {
        return hazard(
            "a non-ASCII character right after a line-ending backslash: toml++ 3.3 "
            "cannot parse that safely (marzer/tomlplusplus#190); start the line with "
            "an ASCII character");
      }
    }
    return std::nullopt;
  }

  std::string_view text_;
  std::size_t i_ = 0;
  bool bare_ = false;          // inside a bare token: a key, or a value (then bare_value_ too)
  bool bare_value_ = false;    // inside a bare token where a value was expected
  bool expect_value_ = false;  // the next token is a value: after "=", or in an array
  std::vector<char> nesting_;  // the open arrays ('[') and inline tables ('{') of the value
  std::uint32_t line_ = 1;
  std::uint32_t column_ = 1;
};

}  // namespace

std::optional<TomlHazard> find_toml_hazard(std::string_view text) {
  return HazardScanner(text).run();
}

}  // namespace cq::lesson
