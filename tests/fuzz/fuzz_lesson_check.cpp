// The lesson checker (`cleanupq lesson check`: parse, then play_and_check and the teaching rules,
// lesson_check.hpp) on arbitrary bytes. What parses is played on the inline runner, each run held
// to kStepBudget engine steps so an input is checked in milliseconds (a longer run is reported by
// the checker as a step that is not reached, which is itself checked code).
// Properties: every diagnostic names the file, a line and a column; and checking is
// deterministic: the same lesson checked twice gives the same diagnostics.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_require.hpp"
#include "lesson/lesson_check.hpp"
#include "lesson/lesson_lint.hpp"
#include "lesson/lesson_parser.hpp"

namespace {

using cq::fuzz::require;

constexpr std::uint64_t kStepBudget = 20'000;
// Scenarios past these sizes take seconds under the sanitizers whatever the step budget (the
// runtime's set-up is per P and per cleanup): the reader's own target covers them.
constexpr std::uint32_t kMaxPs = 16;
constexpr std::uint64_t kMaxCleanups = 2'000;

bool small(const cq::Scenario& s) {
  return s.gomaxprocs <= kMaxPs && s.total_cleanups() <= kMaxCleanups;
}

std::string as_text(const std::vector<cq::lesson::Diagnostic>& diagnostics) {
  std::string out;
  for (const cq::lesson::Diagnostic& d : diagnostics) {
    require(d.pos.line > 0 && d.pos.column > 0 && !d.message.empty(),
            "a diagnostic names a line, a column and a problem", d.to_string());
    require(d.to_string().rfind("fuzz.toml:", 0) == 0, "a diagnostic names the file",
            d.to_string());
    out += d.to_string() + "\n";
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  cq::lesson::ParseResult parsed = cq::lesson::parse_lesson_text(text, "fuzz.toml");
  as_text(parsed.diagnostics);
  if (!parsed.ok()) return 0;
  cq::lesson::Lesson& lesson = *parsed.lesson;
  if (!small(lesson.scenario)) return 0;
  lesson.scenario.max_steps = std::min(lesson.scenario.max_steps, kStepBudget);
  for (cq::lesson::LessonStep& step : lesson.steps) {
    if (!step.restart) continue;
    if (!small(*step.restart)) return 0;
    step.restart->max_steps = std::min(step.restart->max_steps, kStepBudget);
  }
  // What check_lesson_file does after parsing.
  auto check = [&] {
    std::vector<cq::lesson::Diagnostic> out =
        cq::lesson::play_and_check(lesson, cq::RunnerKind::inline_);
    for (cq::lesson::Diagnostic& d : cq::lesson::lint_lesson(lesson)) out.push_back(std::move(d));
    return as_text(out);
  };
  const std::string first = check();
  const std::string second = check();
  require(first == second, "checking a lesson twice gives the same diagnostics",
          "first:\n" + first + "second:\n" + second);
  return 0;
}
