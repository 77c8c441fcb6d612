#include "lesson/lesson_lint.hpp"

#include <regex>

#include "lesson/quantities.hpp"

namespace cq::lesson {
namespace {

const std::regex& issue_number() {
  static const std::regex r(R"(#[0-9]{4,6}\b)");
  return r;
}
const std::regex& go_change() {
  static const std::regex r(R"(\bCL [0-9]+)");
  return r;
}
const std::regex& go_file() {
  static const std::regex r(R"(\b[A-Za-z0-9_]+\.go\b)");
  return r;
}
const std::regex& commit_or_release() {
  static const std::regex r(R"(e46c8e|\bGo 1\.[0-9]+)");
  return r;
}

std::optional<std::string> first_match(std::string_view text, const std::regex& r) {
  std::match_results<std::string_view::const_iterator> m;
  if (std::regex_search(text.begin(), text.end(), m, r)) return m.str();
  return std::nullopt;
}

// The first `code span` holding a '(': a call such as `needG()`.
std::optional<std::string> call_in_code_span(std::string_view text) {
  std::size_t open = text.find('`');
  while (open != std::string_view::npos) {
    const std::size_t close = text.find('`', open + 1);
    if (close == std::string_view::npos) return std::nullopt;
    const std::string_view span = text.substr(open, close - open + 1);
    if (span.find('(') != std::string_view::npos) return std::string(span);
    open = text.find('`', close + 1);
  }
  return std::nullopt;
}

bool has_placeholder(const std::string& text) {
  bool found = false;
  expand_placeholders(text, [&](std::string_view) {
    found = true;
    return std::string();
  });
  return found;
}

struct Field {
  const std::string* text;
  SourcePos pos;
  std::string name;  // "its text", "question 2's explain"
};

}  // namespace

std::optional<std::string> go_reference_in(std::string_view text) {
  for (const std::regex* r : {&issue_number(), &go_change(), &go_file(), &commit_or_release()}) {
    if (auto m = first_match(text, *r)) return m;
  }
  return call_in_code_span(text);
}

bool names_a_go_source(std::string_view source) {
  return first_match(source, go_file()) || first_match(source, go_change()) ||
         first_match(source, issue_number());
}

std::vector<Diagnostic> lint_lesson(const Lesson& lesson) {
  std::vector<Diagnostic> out;
  for (std::size_t i = 0; i < lesson.steps.size(); ++i) {
    const LessonStep& step = lesson.steps[i];
    const std::string where = "step " + std::to_string(i + 1);
    std::vector<Field> fields = {{&step.title, step.title_pos, "its title"},
                                 {&step.text, step.text_pos, "its text"},
                                 {&step.model_vs_go, step.model_vs_go_pos, "its model_vs_go"}};
    for (std::size_t q = 0; q < step.questions.size(); ++q) {
      const Question& question = step.questions[q];
      const std::string q_where = where + "'s question " + std::to_string(q + 1);
      const std::string q_name = "question " + std::to_string(q + 1);
      fields.push_back({&question.ask, question.ask_pos, q_name + "'s ask"});
      fields.push_back({&question.explain, question.explain_pos, q_name + "'s explain"});
      if (question.predict() && question.hint.find_first_not_of(" \t\n") == std::string::npos) {
        out.push_back({lesson.file, question.hint_pos.line ? question.hint_pos : question.pos,
                       q_where +
                           " is a predict question without a 'hint': a wrong first answer gets "
                           "a hint and a second try before the reveal, e.g. hint = \"Count the "
                           "blocks on the full stack\""});
      }
      if (!question.hint.empty()) {
        fields.push_back({&question.hint, question.hint_pos, q_name + "'s hint"});
      }
      if (question.explain.find_first_not_of(" \t\n") == std::string::npos) {
        out.push_back({lesson.file, question.pos,
                       q_where +
                           " has no 'explain': every question explains its answer with the "
                           "computed numbers, e.g. explain = \"{" +
                           question.answer.spelling + "} because ...\""});
      } else if (!has_placeholder(question.explain)) {
        out.push_back({lesson.file, question.explain_pos,
                       q_where +
                           ": its 'explain' uses no computed number: add a {placeholder} such "
                           "as {" +
                           question.answer.spelling + "}"});
      }
    }
    if (!step.sources.empty()) continue;
    for (const Field& f : fields) {
      if (auto reference = go_reference_in(*f.text)) {
        out.push_back({lesson.file, f.pos.line ? f.pos : step.pos,
                       where + " points at Go's code or history (\"" + *reference + "\" in " +
                           f.name +
                           ") but has no 'sources': cite the Go file and function, CL or issue, "
                           "e.g. sources = [\"runtime/mcleanup.go: (*cleanupQueue).enqueue\"]"});
        break;
      }
    }
  }
  const std::size_t predicts = lesson.predict_question_count();
  if (predicts < kMinPredictQuestions) {
    out.push_back({lesson.file, lesson.steps.empty() ? SourcePos{1, 1} : lesson.steps.front().pos,
                   "the lesson has " + std::to_string(predicts) +
                       (predicts == 1 ? " predict question" : " predict questions") +
                       ": every lesson asks at least " + std::to_string(kMinPredictQuestions) +
                       " (kind = \"predict\"), so the student commits to an answer before "
                       "watching the step run"});
  }
  return out;
}

}  // namespace cq::lesson
