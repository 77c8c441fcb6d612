#include "lesson/lesson.hpp"

namespace cq::lesson {
namespace {

std::string ordinal(std::uint64_t n) {
  const std::uint64_t tens = n % 100;
  const char* suffix = (tens >= 11 && tens <= 13) ? "th"
                       : n % 10 == 1              ? "st"
                       : n % 10 == 2              ? "nd"
                       : n % 10 == 3              ? "rd"
                                                  : "th";
  return std::to_string(n) + suffix;
}

}  // namespace

std::string Diagnostic::to_string() const {
  return file + ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column) + ": " + message;
}

bool RunUntil::matches(const TraceEvent& e) const {
  if (kind != UntilKind::event || e.kind != event) return false;
  if (p && e.p != *p) return false;
  if (block && e.block != *block) return false;
  if (a && e.a != *a) return false;
  if (b && e.b != *b) return false;
  return true;
}

std::string RunUntil::describe() const {
  switch (kind) {
    case UntilKind::here:
      return "this point";
    case UntilKind::end:
      return "the run's end";
    case UntilKind::step:
      return "step " + std::to_string(target) + " of the run";
    case UntilKind::events:
      return std::to_string(target) + " events";
    case UntilKind::event:
      break;
  }
  std::string text = nth == 0 ? "the next " : "the " + ordinal(nth) + " ";
  text += std::string(cq::to_string(event));
  std::string filters;
  auto add = [&](const char* name, std::uint64_t v) {
    filters += (filters.empty() ? "" : ", ") + std::string(name) + " = " + std::to_string(v);
  };
  if (p) add("p", *p);
  if (block) add("block", *block);
  if (a) add("a", *a);
  if (b) add("b", *b);
  if (!filters.empty()) text += " with " + filters;
  return text;
}

std::optional<std::uint32_t> lesson_number_of_file(const std::string& path) {
  const std::size_t slash = path.find_last_of("/\\");
  const std::string_view base = slash == std::string::npos
                                    ? std::string_view(path)
                                    : std::string_view(path).substr(slash + 1);
  std::uint32_t n = 0;
  std::size_t digits = 0;
  // Six digits at most: enough for any id, and no overflow whatever the name.
  while (digits < base.size() && digits < 6 && base[digits] >= '0' && base[digits] <= '9') {
    n = n * 10 + static_cast<std::uint32_t>(base[digits++] - '0');
  }
  if (digits == 0) return std::nullopt;
  return n;
}

std::size_t Lesson::question_count() const {
  std::size_t n = 0;
  for (const LessonStep& s : steps) n += s.questions.size();
  return n;
}

std::size_t Lesson::predict_question_count() const {
  std::size_t n = 0;
  for (const LessonStep& s : steps) {
    for (const Question& q : s.questions) n += q.predict() ? 1 : 0;
  }
  return n;
}

const Scenario& Lesson::scenario_at(std::size_t step) const {
  for (std::size_t i = std::min(step + 1, steps.size()); i-- > 0;) {
    if (steps[i].restart) return *steps[i].restart;
  }
  return scenario;
}

}  // namespace cq::lesson
