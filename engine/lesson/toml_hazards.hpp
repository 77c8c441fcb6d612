// Inputs that toml++ 3.3 (Debian's) cannot parse safely, found before it sees them.
//
// toml++ 3.3 classifies some non-ASCII code points with a generated switch whose default is
// `__builtin_unreachable()` (U+00A1..U+0499 and U+2C3E..U+3037 reach it): undefined behaviour,
// not a parse error (marzer/tomlplusplus#190, #295; fixed upstream after 3.3). It asks that
// question of a code point in three places: between tokens, after a backslash in a multi-line
// basic string, and at the first character after a line-ending backslash in one. This scanner
// finds those places and reports them as ordinary lesson problems; the fuzzer found the first.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "lesson/lesson.hpp"

namespace cq::lesson {

struct TomlHazard {
  SourcePos pos;
  std::string message;
};

// The first hazard in `text`, or nullopt. Positions count code points, as toml++'s do.
std::optional<TomlHazard> find_toml_hazard(std::string_view text);

}  // namespace cq::lesson
