// The lesson reader (lesson_parser.hpp) and the teaching rules (lesson_lint.hpp) on arbitrary
// bytes: a Lesson xor diagnostics, never a crash, a hang, a sanitizer report or an exception.
// Properties: every diagnostic names the file, a line and a column; a lesson has steps; and the
// lesson's scenario written back as a [scenario] table (to_lesson_toml, what authors copy) reads
// back as the same scenario.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_require.hpp"
#include "lesson/lesson_lint.hpp"
#include "lesson/lesson_parser.hpp"
#include "lesson/lesson_scenario.hpp"
#include "runtime/scenario_options.hpp"

namespace {

using cq::fuzz::require;

void require_positioned(const cq::lesson::Diagnostic& d) {
  require(d.pos.line > 0 && d.pos.column > 0 && !d.message.empty(),
          "a diagnostic names a line, a column and a problem", d.to_string());
  require(d.to_string().rfind("fuzz.toml:", 0) == 0, "a diagnostic names the file", d.to_string());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const cq::lesson::ParseResult result = cq::lesson::parse_lesson_text(text, "fuzz.toml");
  require(result.ok() != !result.diagnostics.empty(), "a lesson xor diagnostics");
  for (const cq::lesson::Diagnostic& d : result.diagnostics) require_positioned(d);
  if (!result.ok()) return 0;
  const cq::lesson::Lesson& lesson = *result.lesson;
  require(!lesson.steps.empty(), "a lesson has steps");
  for (const cq::lesson::Diagnostic& d : cq::lesson::lint_lesson(lesson)) require_positioned(d);

  const std::string table =
      cq::to_lesson_toml(lesson.scenario, cq::lesson::lesson_default_scenario());
  const std::string again_text =
      "id = 99\ntitle = \"round trip\"\n" + table + "\n[[step]]\ntext = \"x\"\nuntil = \"end\"\n";
  const cq::lesson::ParseResult again = cq::lesson::parse_lesson_text(again_text, "again.toml");
  std::string problems;
  for (const cq::lesson::Diagnostic& d : again.diagnostics) problems += d.to_string() + "\n";
  require(again.ok(), "the scenario written as TOML reads back", again_text + problems);
  require(again.lesson->scenario == lesson.scenario, "the scenario read back is the same",
          again_text + "was: " + cq::to_command_line(lesson.scenario) +
              "\nis:  " + cq::to_command_line(again.lesson->scenario));
  return 0;
}
