// The one way a fuzz target reports a broken property: the property and what was seen go to
// standard error, then abort(), which libFuzzer reports as a crash and keeps the input of.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace cq::fuzz {

inline void require(bool holds, std::string_view property, const std::string& seen = {}) {
  if (holds) return;
  std::fprintf(stderr, "fuzz property broken: %.*s\n%s\n", static_cast<int>(property.size()),
               property.data(), seen.c_str());
  std::abort();
}

}  // namespace cq::fuzz
