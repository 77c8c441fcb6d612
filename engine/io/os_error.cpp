#include "io/os_error.hpp"

#include <string.h>  // NOLINT(modernize-deprecated-headers): strerror_r is POSIX, not in <cstring>

#include <array>

namespace cq::io {
namespace {

// strerror_r has two forms: glibc's (GNU, the default under g++ and clang++) returns the text,
// which may be a static string instead of the buffer; musl's (the web build) is POSIX's and
// returns 0 once it has filled the buffer.
[[maybe_unused]] const char* text_of(const char* result, const char* /*buffer*/) {
  return result;
}
[[maybe_unused]] const char* text_of(int result, const char* buffer) {
  return result == 0 ? buffer : "unknown error";
}

}  // namespace

std::string os_error(int error) {
  std::array<char, 256> buffer{};
  return text_of(::strerror_r(error, buffer.data(), buffer.size()), buffer.data());
}

}  // namespace cq::io
