// The parts of a step a student reads and answers: highlights, questions and their choices,
// and the quantity names behind answers and {placeholders}.
#include <algorithm>
#include <cctype>

#include "lesson/lesson_reader.hpp"
#include "lesson/quantities.hpp"

namespace cq::lesson {
namespace {

constexpr std::size_t kMinChoices = 2;
constexpr std::size_t kMaxChoices = 6;

}  // namespace

void LessonReader::read_highlights(const toml::table& t, LessonStep& step, const Scenario& scenario,
                                   const std::string& where) {
  auto names = r_.string_array(t, "highlight", where);
  if (!names) return;
  const SourcePos pos = TomlReader::pos_of(*t.get("highlight"));
  static const std::pair<const char*, HighlightArea> areas[] = {
      {"processors", HighlightArea::processors}, {"full_stack", HighlightArea::full_stack},
      {"free_stack", HighlightArea::free_stack}, {"workers", HighlightArea::workers},
      {"scheduler", HighlightArea::scheduler},   {"gc_phase", HighlightArea::gc_phase},
      {"timeline", HighlightArea::timeline},     {"metrics", HighlightArea::metrics},
      {"event_log", HighlightArea::event_log},   {"inspector", HighlightArea::inspector}};
  for (const std::string& name : *names) {
    Highlight h;
    h.spelling = name;
    h.pos = pos;
    const std::size_t colon = name.find(':');
    const std::string head = name.substr(0, colon);
    bool known = false;
    if (colon == std::string::npos) {
      for (const auto& [area_name, area] : areas) {
        if (head == area_name) {
          h.area = area;
          known = true;
        }
      }
    } else {
      const std::string tail = name.substr(colon + 1);
      if (head == "quantity") {
        h.area = HighlightArea::quantity;
        if (auto q = quantity(tail, pos, scenario))
          h.quantity = *q;
        else
          continue;
        known = true;
      } else if (head == "p" || head == "worker" || head == "block") {
        h.area = head == "p"        ? HighlightArea::p
                 : head == "worker" ? HighlightArea::worker
                                    : HighlightArea::block;
        const bool digits =
            !tail.empty() && tail.size() < 7 && std::all_of(tail.begin(), tail.end(), [](char c) {
              return std::isdigit(static_cast<unsigned char>(c));
            });
        if (!digits) {
          std::string message = "highlight '" + name;
          message += "' needs a number after the colon, e.g. '" + head + ":0'";
          r_.error(pos, message);
          continue;
        }
        h.index = static_cast<std::uint32_t>(std::stoul(tail));
        if (h.area == HighlightArea::p && h.index >= scenario.gomaxprocs) {
          r_.error(pos, "highlight '" + name + "': the scenario has " +
                            std::to_string(scenario.gomaxprocs) + " Ps (0.." +
                            std::to_string(scenario.gomaxprocs - 1) + ")");
          continue;
        }
        known = true;
      }
    }
    if (!known) {
      r_.error(pos, "unknown highlight '" + name +
                        "': use processors, full_stack, free_stack, "
                        "workers, scheduler, gc_phase, timeline, metrics, event_log, inspector, "
                        "p:N, worker:N, block:N or quantity:NAME");
      continue;
    }
    step.highlights.push_back(std::move(h));
  }
}

void LessonReader::read_questions(const toml::table& t, LessonStep& step, const Scenario& scenario,
                                  const std::string& where) {
  const toml::node* node = t.get("question");
  if (node == nullptr) return;
  std::vector<const toml::table*> tables;
  if (const auto* single = node->as_table()) {
    tables.push_back(single);
  } else if (const auto* array = node->as_array();
             array != nullptr && array->is_array_of_tables()) {
    for (const toml::node& q : *array) tables.push_back(q.as_table());
  } else {
    r_.error(TomlReader::pos_of(*node), "'question' must be [[step.question]] tables, not " +
                                            std::string(TomlReader::type_name(*node)));
    return;
  }
  for (std::size_t i = 0; i < tables.size(); ++i) {
    const toml::table& q = *tables[i];
    const std::string q_where = where + "'s question " + std::to_string(i + 1);
    Question question;
    question.pos = TomlReader::pos_of(q);
    r_.reject_unknown_keys(
        q, {"kind", "ask", "answer", "choices", "explain", "hint", "answer_shown_because"},
        q_where);
    read_question_kind(q, step, question, q_where);
    question.ask = r_.string(q, "ask", true, q_where).value_or("");
    if (!question.ask.empty()) {
      question.ask_pos = TomlReader::pos_of(*q.get("ask"));
      check_placeholders(question.ask, question.ask_pos, scenario);
    }
    if (auto answer = r_.string(q, "answer", true, q_where)) {
      question.answer_pos = TomlReader::pos_of(*q.get("answer"));
      if (auto ref = quantity(*answer, question.answer_pos, scenario)) question.answer = *ref;
    }
    if (auto explain = r_.string(q, "explain", false, q_where)) {
      question.explain = *explain;
      question.explain_pos = TomlReader::pos_of(*q.get("explain"));
      check_placeholders(question.explain, question.explain_pos, scenario);
    }
    if (auto hint = r_.string(q, "hint", false, q_where)) {
      question.hint = *hint;
      question.hint_pos = TomlReader::pos_of(*q.get("hint"));
      check_placeholders(question.hint, question.hint_pos, scenario);
    }
    if (auto because = r_.string(q, "answer_shown_because", false, q_where)) {
      question.answer_shown_because = *because;
      question.answer_shown_pos = TomlReader::pos_of(*q.get("answer_shown_because"));
      if (because->find_first_not_of(" \t\n") == std::string::npos) {
        r_.error(question.answer_shown_pos,
                 q_where +
                     ": 'answer_shown_because' is empty: say why the answer may appear in "
                     "the text before the question, or remove the key");
      }
    }
    read_choices(q, question);
    step.questions.push_back(std::move(question));
  }
}

void LessonReader::read_question_kind(const toml::table& q, const LessonStep& step,
                                      Question& question, const std::string& q_where) {
  const toml::node* kind = q.get("kind");
  if (kind == nullptr) return;
  question.kind_pos = TomlReader::pos_of(*kind);
  const auto* s = kind->as_string();
  if (s != nullptr && s->get() == "observe") return;
  if (s == nullptr || s->get() != "predict") {
    r_.error(question.kind_pos, q_where +
                                    ": 'kind' must be \"predict\" (asked before the step runs) or "
                                    "\"observe\" (asked at its checkpoint, the default)");
    return;
  }
  question.kind = QuestionKind::predict;
  // A prediction needs something to watch between the answer and the reveal.
  if (step.kind == StepKind::challenge) {
    r_.error(question.kind_pos, q_where +
                                    ": a challenge step cannot ask a predict question: the "
                                    "student's own choices run it");
  } else if (step.until.kind == UntilKind::here) {
    r_.error(question.kind_pos, q_where +
                                    ": a predict question needs a step with an 'until': without "
                                    "one the step does not run, and there is nothing to watch");
  }
}

void LessonReader::read_choices(const toml::table& q, Question& question) {
  const toml::node* node = q.get("choices");
  if (node == nullptr) return;
  question.choices_pos = TomlReader::pos_of(*node);
  const auto* array = node->as_array();
  if (array == nullptr) {
    r_.error(question.choices_pos,
             "'choices' must be an array of numbers or { text, value } "
             "tables, not " +
                 std::string(TomlReader::type_name(*node)));
    return;
  }
  if (array->size() < kMinChoices || array->size() > kMaxChoices) {
    r_.error(question.choices_pos, "'choices' has " + std::to_string(array->size()) +
                                       (array->size() == 1 ? " choice" : " choices") +
                                       ": a question offers " + std::to_string(kMinChoices) +
                                       " to " + std::to_string(kMaxChoices));
    return;
  }
  for (const toml::node& item : *array) {
    Choice choice;
    choice.pos = TomlReader::pos_of(item);
    if (const auto* table = item.as_table()) {
      r_.reject_unknown_keys(*table, {"text", "value"}, "a choice");
      auto text = r_.string(*table, "text", true, "a choice");
      auto v = r_.integer(*table, "value", -1'000'000'000, 1'000'000'000, true, "a choice");
      if (!text || !v) return;
      choice.text = *text;
      choice.value = *v;
    } else if (item.is_integer()) {
      choice.value = item.as_integer()->get();
      choice.text = std::to_string(choice.value);
    } else {
      r_.error(choice.pos, "a choice must be a number or a { text, value } table, not " +
                               std::string(TomlReader::type_name(item)));
      return;
    }
    for (const Choice& earlier : question.choices) {
      if (earlier.value == choice.value) {
        r_.error(choice.pos, "two choices have the value " + std::to_string(choice.value) +
                                 ": exactly one choice may be right");
        return;
      }
    }
    question.choices.push_back(std::move(choice));
  }
}

std::optional<QuantityRef> LessonReader::quantity(const std::string& text, SourcePos pos,
                                                  const Scenario& scenario) {
  ParsedQuantity parsed = parse_quantity(text, &scenario);
  if (!parsed.quantity) r_.error(pos, parsed.error);
  return parsed.quantity;
}

void LessonReader::check_placeholders(const std::string& text, SourcePos pos,
                                      const Scenario& scenario) {
  const ExpandedText expanded = expand_placeholders(text, [&](std::string_view inner) {
    ParsedQuantity parsed = parse_quantity(inner, &scenario);
    if (!parsed.quantity)
      r_.error(pos, "placeholder {" + std::string(inner) + "}: " + parsed.error);
    return std::string();
  });
  if (!expanded.ok()) r_.error(pos, expanded.error);
}

}  // namespace cq::lesson
