#include "lesson/lesson_set.hpp"

#include <string>

namespace cq::lesson {
namespace {

bool teaches(const Lesson& lesson, const std::string& concept_name) {
  for (const ConceptUse& c : lesson.teaches) {
    if (c.name == concept_name) return true;
  }
  return false;
}

std::string lesson_name(const Lesson& lesson) {
  return "lesson " + std::to_string(lesson.id) + " (" + lesson.file + ")";
}

}  // namespace

std::vector<Diagnostic> check_lesson_order(const std::vector<const Lesson*>& lessons) {
  std::vector<Diagnostic> out;
  for (const Lesson* lesson : lessons) {
    for (const auto& [key, pos] :
         {std::pair{"teaches", lesson->teaches_pos}, std::pair{"needs", lesson->needs_pos}}) {
      if (pos.line == 0) {
        out.push_back({lesson->file,
                       {1, 1},
                       std::string("the lesson has no '") + key +
                           "': in a set of lessons each one says what it teaches and what it "
                           "needs taught first (needs = [] for nothing; `cleanupq lesson "
                           "concepts` lists the concepts)"});
      }
    }
  }
  if (!out.empty()) return out;  // the order cannot be judged without every lesson's keys
  for (std::size_t i = 0; i < lessons.size(); ++i) {
    const Lesson& lesson = *lessons[i];
    for (std::size_t n = 0; n < lesson.needs.size(); ++n) {
      const ConceptUse& need = lesson.needs[n];
      bool earlier = false;
      for (std::size_t j = 0; j < i && !earlier; ++j) earlier = teaches(*lessons[j], need.name);
      if (earlier) continue;
      const std::string where = "'needs' item " + std::to_string(n + 1) + ": '" + need.name + "'";
      if (teaches(lesson, need.name)) {
        out.push_back({lesson.file, need.pos,
                       where + " is also in this lesson's 'teaches': a lesson needs only what "
                               "an earlier lesson taught"});
        continue;
      }
      const Lesson* later = nullptr;
      for (std::size_t j = i + 1; j < lessons.size() && later == nullptr; ++j) {
        if (teaches(*lessons[j], need.name)) later = lessons[j];
      }
      if (later != nullptr) {
        out.push_back({lesson.file, need.pos,
                       where + " is taught only by a later lesson: " + lesson_name(*later) +
                           "; put it before this one"});
      } else {
        out.push_back({lesson.file, need.pos,
                       where + " is taught by no lesson before this one, and by none of the " +
                           std::to_string(lessons.size()) + " lessons given"});
      }
    }
  }
  return out;
}

}  // namespace cq::lesson
