// libFuzzer target for the lesson parser, and the teaching rules (lesson_lint.hpp) on what
// parses: arbitrary bytes in, a Lesson or diagnostics out, never a crash, a hang, a sanitizer
// report or an exception. Run by scripts/fuzz-lessons.sh with lessons/*.toml as the seed corpus.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "lesson/lesson_lint.hpp"
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
  // The teaching rules run on whatever parsed, and also name a position for every problem.
  if (result.ok()) {
    for (const cq::lesson::Diagnostic& d : cq::lesson::lint_lesson(*result.lesson)) {
      if (d.pos.line == 0 || d.pos.column == 0 || d.message.empty()) std::abort();
    }
  }
  return 0;
}
