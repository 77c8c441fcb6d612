// libFuzzer target for the lesson parser: arbitrary bytes in, a Lesson or diagnostics out,
// never a crash, a hang, a sanitizer report or an exception. Run by scripts/fuzz-lessons.sh with
// lessons/*.toml as the seed corpus.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "lesson/lesson_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const cq::lesson::ParseResult result = cq::lesson::parse_lesson_text(text, "fuzz.toml");
  // The parser's contract: a lesson xor diagnostics, and every diagnostic names a position.
  if (result.ok() == !result.diagnostics.empty()) std::abort();
  for (const cq::lesson::Diagnostic& d : result.diagnostics) {
    if (d.pos.line == 0 || d.pos.column == 0 || d.message.empty()) std::abort();
    if (d.to_string().rfind("fuzz.toml:", 0) != 0) std::abort();
  }
  if (result.ok() && result.lesson->steps.empty()) std::abort();
  return 0;
}
