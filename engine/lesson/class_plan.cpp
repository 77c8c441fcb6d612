#include "lesson/class_plan.hpp"

#include <charconv>

namespace cq::lesson {
namespace {

constexpr std::string_view kHeadingStart = "## A ";
constexpr std::string_view kHeadingEnd = "-minute class";

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

std::optional<std::uint32_t> number(std::string_view s) {
  s = trim(s);
  std::uint32_t value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return value;
}

std::vector<std::string_view> cells_of(std::string_view line) {
  std::vector<std::string_view> cells;
  line = trim(line);
  if (line.size() < 2 || line.front() != '|' || line.back() != '|') return cells;
  line = line.substr(1, line.size() - 2);
  std::size_t from = 0;
  for (std::size_t bar = line.find('|'); bar != std::string_view::npos;
       bar = line.find('|', from)) {
    cells.push_back(trim(line.substr(from, bar - from)));
    from = bar + 1;
  }
  cells.push_back(trim(line.substr(from)));
  return cells;
}

// "Lesson 9, projected" -> 9.
std::optional<std::uint32_t> lesson_in(std::string_view what) {
  const auto at = what.find("Lesson ");
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view rest = what.substr(at + 7);
  std::size_t digits = 0;
  while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9') ++digits;
  return number(rest.substr(0, digits));
}

const Lesson* lesson_with_id(const std::vector<const Lesson*>& lessons, std::uint32_t id) {
  for (const Lesson* l : lessons) {
    if (l->id == id) return l;
  }
  return nullptr;
}

std::string row_name(std::size_t index) {
  return "the plan's row " + std::to_string(index + 1);
}

}  // namespace

ClassPlan read_class_plan(std::string_view markdown, const std::string& file) {
  ClassPlan plan;
  plan.file = file;
  bool in_plan = false;
  bool header_seen = false;
  std::uint32_t line_number = 0;
  std::size_t from = 0;
  while (from <= markdown.size()) {
    const std::size_t end = std::min(markdown.find('\n', from), markdown.size());
    const std::string_view line = markdown.substr(from, end - from);
    from = end + 1;
    ++line_number;
    const SourcePos pos{line_number, 1};
    if (line.rfind("## ", 0) == 0) {
      if (in_plan) break;  // the plan's section is over
      if (line.rfind(kHeadingStart, 0) == 0 && line.find(kHeadingEnd) != std::string_view::npos) {
        const std::string_view total =
            line.substr(kHeadingStart.size(), line.find(kHeadingEnd) - kHeadingStart.size());
        if (auto minutes = number(total)) {
          in_plan = true;
          plan.total_minutes = *minutes;
          plan.heading = pos;
        }
      }
      continue;
    }
    if (!in_plan) continue;
    const std::vector<std::string_view> cells = cells_of(line);
    if (cells.empty()) continue;
    if (!header_seen) {  // the header row, then its |---| separator
      header_seen = true;
      continue;
    }
    if (cells[0].find("---") != std::string_view::npos) continue;
    if (cells.size() < 3) {
      plan.problems.push_back({file, pos,
                               row_name(plan.rows.size()) +
                                   " has fewer than 3 columns: write | START-END | "
                                   "LENGTH | WHAT | HOW |"});
      continue;
    }
    ClassPlanRow row;
    row.pos = pos;
    const auto dash = cells[0].find('-');
    const auto start =
        dash == std::string_view::npos ? std::nullopt : number(cells[0].substr(0, dash));
    const auto stop =
        dash == std::string_view::npos ? std::nullopt : number(cells[0].substr(dash + 1));
    const auto length = number(cells[1]);
    if (!start || !stop || !length) {
      plan.problems.push_back({file, pos,
                               row_name(plan.rows.size()) + " '" + std::string(cells[0]) + "', '" +
                                   std::string(cells[1]) +
                                   "': the first two columns must be START-END and LENGTH, in "
                                   "minutes (\"0-5\", \"5\")"});
      continue;
    }
    row.start = *start;
    row.end = *stop;
    row.length = *length;
    row.lesson = lesson_in(cells[2]);
    plan.rows.push_back(row);
  }
  if (plan.heading.line == 0) {
    plan.problems.push_back(
        {file, {1, 1}, "no class plan: a heading such as \"## A 45-minute class\" is missing"});
  } else if (plan.rows.empty() && plan.problems.empty()) {
    plan.problems.push_back({file, plan.heading, "the class plan has no table rows"});
  }
  return plan;
}

std::vector<Diagnostic> check_class_plan(const ClassPlan& plan,
                                         const std::vector<const Lesson*>& lessons) {
  if (!plan.ok()) return plan.problems;
  std::vector<Diagnostic> out;
  std::uint32_t previous_end = 0;
  std::uint32_t sum = 0;
  std::vector<const Lesson*> planned;
  for (std::size_t i = 0; i < plan.rows.size(); ++i) {
    const ClassPlanRow& row = plan.rows[i];
    const std::string where =
        row_name(i) + " (" + std::to_string(row.start) + "-" + std::to_string(row.end) + ")";
    sum += row.length;
    if (row.start != previous_end) {
      out.push_back({plan.file, row.pos,
                     where + " starts at minute " + std::to_string(row.start) +
                         ", but the row before ends at minute " + std::to_string(previous_end)});
    }
    if (row.end < row.start || row.end - row.start != row.length) {
      out.push_back({plan.file, row.pos,
                     where + " says it lasts " + std::to_string(row.length) +
                         " minutes, but its start and end are " +
                         std::to_string(row.end >= row.start ? row.end - row.start : 0) +
                         " minutes apart"});
    }
    previous_end = row.end;
    if (!row.lesson) continue;
    const Lesson* lesson = lesson_with_id(lessons, *row.lesson);
    if (lesson == nullptr) {
      out.push_back({plan.file, row.pos,
                     where + " plans lesson " + std::to_string(*row.lesson) +
                         ", which is not among the lessons checked"});
      continue;
    }
    if (lesson->minutes != row.length) {
      out.push_back({plan.file, row.pos,
                     where + " gives lesson " + std::to_string(lesson->id) + " " +
                         std::to_string(row.length) + " minutes, but its 'minutes' says " +
                         std::to_string(lesson->minutes) + " (" + lesson->file + ")"});
    }
    for (const ConceptUse& need : lesson->needs) {
      bool taught = false;
      for (const Lesson* before : planned) {
        for (const ConceptUse& t : before->teaches) taught = taught || t.name == need.name;
      }
      if (taught) continue;
      std::string teachers;
      for (const Lesson* l : lessons) {
        for (const ConceptUse& t : l->teaches) {
          if (t.name == need.name)
            teachers += (teachers.empty() ? "" : ", ") + std::to_string(l->id);
        }
      }
      out.push_back({plan.file, row.pos,
                     where + ": lesson " + std::to_string(lesson->id) + " needs '" + need.name +
                         "', which no lesson planned before it teaches (taught by lesson " +
                         (teachers.empty() ? std::string("none") : teachers) + ")"});
    }
    planned.push_back(lesson);
  }
  if (sum != plan.total_minutes) {
    out.push_back({plan.file, plan.heading,
                   "the plan's rows add up to " + std::to_string(sum) + " minutes, not the " +
                       std::to_string(plan.total_minutes) + " of its heading"});
  }
  return out;
}

}  // namespace cq::lesson
