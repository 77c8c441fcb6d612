// The UTF-8 check every file the programs read goes through (engine/io/text_file.hpp:
// first_invalid_utf8), against a decoder written here from the Unicode Standard's table of
// well-formed byte sequences (chapter 3, table 3-7) rather than from the code under test.
// Properties: both find the same first bad byte; and the valid prefix decodes to code points
// that encode back to exactly its bytes.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_require.hpp"
#include "io/text_file.hpp"

namespace {

using cq::fuzz::require;

struct Range {
  unsigned char lo, hi;
};
// Table 3-7: each first byte with the ranges its continuation bytes must be in.
struct Row {
  Range first;
  std::vector<Range> rest;
};
const std::vector<Row>& table_3_7() {
  static const std::vector<Row> rows = {
      {{0x00, 0x7f}, {}},
      {{0xc2, 0xdf}, {{0x80, 0xbf}}},
      {{0xe0, 0xe0}, {{0xa0, 0xbf}, {0x80, 0xbf}}},
      {{0xe1, 0xec}, {{0x80, 0xbf}, {0x80, 0xbf}}},
      {{0xed, 0xed}, {{0x80, 0x9f}, {0x80, 0xbf}}},
      {{0xee, 0xef}, {{0x80, 0xbf}, {0x80, 0xbf}}},
      {{0xf0, 0xf0}, {{0x90, 0xbf}, {0x80, 0xbf}, {0x80, 0xbf}}},
      {{0xf1, 0xf3}, {{0x80, 0xbf}, {0x80, 0xbf}, {0x80, 0xbf}}},
      {{0xf4, 0xf4}, {{0x80, 0x8f}, {0x80, 0xbf}, {0x80, 0xbf}}},
  };
  return rows;
}

bool in(unsigned char b, Range r) {
  return b >= r.lo && b <= r.hi;
}

// The offset of the first sequence that is not well formed, and the code points before it.
std::optional<std::size_t> reference(std::string_view text, std::vector<char32_t>& decoded) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto b0 = static_cast<unsigned char>(text[i]);
    const Row* row = nullptr;
    for (const Row& r : table_3_7()) {
      if (in(b0, r.first)) row = &r;
    }
    if (row == nullptr || text.size() - i < row->rest.size() + 1) return i;
    char32_t cp = row->rest.empty() ? b0 : b0 & (0x3f >> row->rest.size());
    for (std::size_t k = 0; k < row->rest.size(); ++k) {
      const auto b = static_cast<unsigned char>(text[i + 1 + k]);
      if (!in(b, row->rest[k])) return i;
      cp = cp << 6 | (b & 0x3f);
    }
    decoded.push_back(cp);
    i += row->rest.size() + 1;
  }
  return std::nullopt;
}

std::string encode(const std::vector<char32_t>& cps) {
  std::string out;
  for (const char32_t c : cps) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xc0 | c >> 6);
      out += static_cast<char>(0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
      out += static_cast<char>(0xe0 | c >> 12);
      out += static_cast<char>(0x80 | (c >> 6 & 0x3f));
      out += static_cast<char>(0x80 | (c & 0x3f));
    } else {
      out += static_cast<char>(0xf0 | c >> 18);
      out += static_cast<char>(0x80 | (c >> 12 & 0x3f));
      out += static_cast<char>(0x80 | (c >> 6 & 0x3f));
      out += static_cast<char>(0x80 | (c & 0x3f));
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<char32_t> decoded;
  const std::optional<std::size_t> expected = reference(text, decoded);
  const std::optional<std::size_t> found = cq::io::first_invalid_utf8(text);
  require(found == expected, "first_invalid_utf8 agrees with table 3-7",
          "found " + (found ? std::to_string(*found) : std::string("none")) + ", expected " +
              (expected ? std::to_string(*expected) : std::string("none")));
  const std::string_view valid = text.substr(0, expected.value_or(text.size()));
  require(encode(decoded) == valid, "the valid prefix encodes back to its bytes");
  return 0;
}
