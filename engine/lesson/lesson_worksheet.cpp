#include "lesson/lesson_worksheet.hpp"

#include <algorithm>

#include "lesson/lesson_player.hpp"

namespace cq::lesson {
namespace {

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// Markdown has no escape that survives every renderer; a question's text only risks a line that
// starts like a heading or a list, so lines are joined into one.
std::string one_line(std::string_view text) {
  std::string out;
  for (char c : text) out += (c == '\n') ? ' ' : c;
  return out;
}

class Writer {
 public:
  Writer(WorksheetFormat format, bool key) : format_(format), key_(key) {}

  std::string document(const std::vector<WorksheetLesson>& lessons) {
    const std::string title = key_ ? "Answer key" : "Worksheet";
    if (html()) {
      out_ += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
              title + ": Cleanup Queue Lab</title>\n<style>\n" + kStyle +
              "</style>\n</head>\n<body>\n";
      out_ += "<h1>" + title + ": Cleanup Queue Lab</h1>\n";
      if (!key_) out_ += "<p>Name: ______________________</p>\n";
    } else {
      out_ += "# " + title + ": Cleanup Queue Lab\n\n";
      if (!key_) out_ += "Name: ______________________\n\n";
    }
    paragraph(key_ ? "The answers are computed by the engine from each lesson's run; give them "
                     "only after the students have answered."
                   : "Play each lesson in the app with the same seed. A *predict* question is "
                     "asked before its step runs: write your answer before you play the step.");
    for (const WorksheetLesson& lesson : lessons) write_lesson(lesson);
    if (html()) out_ += "</body>\n</html>\n";
    return std::move(out_);
  }

 private:
  static constexpr const char* kStyle =
      "body { font-family: sans-serif; max-width: 46em; margin: 2em auto; line-height: 1.4; }\n"
      "li { margin-bottom: 1em; }\n"
      "li ul { list-style: none; padding-left: 1em; }\n"
      "li ul li { margin-bottom: 0.2em; }\n"
      ".line { display: block; border-bottom: 1px solid #000; height: 1.6em; width: 14em; }\n"
      "@media print { h2 { break-before: page; } h2:first-of-type { break-before: auto; } }\n";

  bool html() const { return format_ == WorksheetFormat::html; }

  // Text from a lesson: escaped for HTML, with `code` spans kept as code.
  std::string text(std::string_view t) const { return html() ? html_text(t) : one_line(t); }

  void paragraph(const std::string& t) {
    out_ += html() ? "<p>" + html_text(t) + "</p>\n" : t + "\n\n";
  }

  void heading(int level, const std::string& t) {
    if (html()) {
      const std::string h = "h" + std::to_string(level);
      out_ += "<" + h + ">" + html_text(t) + "</" + h + ">\n";
    } else {
      out_ += std::string(static_cast<std::size_t>(level), '#') + " " + one_line(t) + "\n\n";
    }
  }

  void write_lesson(const WorksheetLesson& lesson) {
    heading(2, "Lesson " + std::to_string(lesson.id) + ": " + lesson.title);
    std::string about = "Seed " + std::to_string(lesson.seed) + ", about " +
                        std::to_string(lesson.minutes) + " minutes.";
    if (!lesson.summary.empty()) about = lesson.summary + ". " + about;
    paragraph(about);
    for (const std::string& challenge : lesson.challenges) {
      paragraph("Challenge \"" + challenge +
                "\": play it in the app. The questions after it are about the run the student "
                "made; the answer key's are for the lesson's hint, a winning schedule.");
    }
    std::size_t step = 0;
    std::size_t number = 0;
    bool list_open = false;
    for (const WorksheetQuestion& q : lesson.questions) {
      if (q.step != step) {
        if (list_open) out_ += html() ? "</ol>\n" : "";
        step = q.step;
        heading(3,
                "Step " + std::to_string(step) + (q.step_title.empty() ? "" : ": " + q.step_title));
        if (html()) out_ += "<ol start=\"" + std::to_string(number + 1) + "\">\n";
        list_open = true;
      }
      ++number;
      write_question(q, number);
    }
    if (list_open && html()) out_ += "</ol>\n";
    for (const std::string& problem : lesson.problems) paragraph("Not reached: " + problem);
  }

  void write_question(const WorksheetQuestion& q, std::size_t number) {
    if (html()) {
      out_ += "<li>" +
              (q.predict ? std::string("<strong>Predict</strong> (before you play the step): ")
                         : std::string()) +
              text(q.ask);
      if (!q.choices.empty()) {
        out_ += "\n<ul>\n";
        for (const std::string& c : q.choices) out_ += "<li>&#9744; " + text(c) + "</li>\n";
        out_ += "</ul>";
      }
      out_ += "\n" + answer_part(q) + "</li>\n";
      return;
    }
    out_ += std::to_string(number) + ". " +
            (q.predict ? std::string("**Predict** (before you play the step): ") : std::string()) +
            text(q.ask) + "\n";
    for (const std::string& c : q.choices) out_ += "   - [ ] " + text(c) + "\n";
    out_ += answer_part(q) + "\n";
  }

  // The worksheet leaves room for the answer; the key gives it and its explanation.
  std::string answer_part(const WorksheetQuestion& q) const {
    if (!key_) {
      if (!q.choices.empty()) return "";
      return html() ? "<span class=\"line\"></span>" : "\n   Answer: ______________________\n";
    }
    if (!q.problem.empty()) {
      return html() ? "<p>No answer here: " + html_text(q.problem) + "</p>"
                    : "\n   No answer here: " + one_line(q.problem) + "\n";
    }
    if (html()) {
      std::string part = "<p><strong>Answer: " + html_text(q.answer) + "</strong>";
      if (!q.explanation.empty()) part += "<br>" + html_text(q.explanation);
      return part + "</p>";
    }
    std::string part = "\n   **Answer: " + one_line(q.answer) + "**";
    if (!q.explanation.empty()) part += " " + one_line(q.explanation);
    return part + "\n";
  }

  WorksheetFormat format_;
  bool key_;
  std::string out_;
};

}  // namespace

bool WorksheetLesson::ok() const {
  if (!problems.empty()) return false;
  for (const WorksheetQuestion& q : questions) {
    if (!q.problem.empty()) return false;
  }
  return true;
}

WorksheetLesson collect_worksheet(const Lesson& lesson, std::optional<RunnerKind> runner) {
  WorksheetLesson sheet;
  sheet.id = lesson.id;
  sheet.title = lesson.title;
  sheet.summary = lesson.summary;
  sheet.minutes = lesson.minutes;
  sheet.seed = lesson.scenario.seed;
  LessonPlayer player(lesson, runner);
  do {
    const LessonStep& step = player.step();
    // A predict question is read before its step runs, with the numbers of that moment.
    std::vector<std::string> asked_before;
    for (std::size_t q = 0; q < player.question_count(); ++q) {
      asked_before.push_back(player.fill(player.question(q).ask));
    }
    if (step.kind == StepKind::challenge) {
      sheet.challenges.push_back(
          step.title.empty() ? "step " + std::to_string(player.step_index() + 1) : step.title);
      player.play_hint();
    } else if (player.advance() != StepStatus::reached) {
      sheet.problems.push_back("step " + std::to_string(player.step_index() + 1) +
                               " never reaches " + step.until.describe() + ": " + player.problem());
      break;
    }
    for (std::size_t q = 0; q < player.question_count(); ++q) {
      const Question& question = player.question(q);
      WorksheetQuestion out;
      out.step = player.step_index() + 1;
      out.step_title = step.title;
      out.predict = question.predict();
      out.ask = question.predict() ? asked_before[q] : player.fill(question.ask);
      for (const Choice& c : question.choices) out.choices.push_back(c.text);
      const QuantityValue value = player.answer(q);
      if (!value.ok()) {
        out.problem = question.answer.spelling + ": " + value.error;
      } else {
        const AnswerCheck check = question.multiple_choice() ? player.check_choice(q, 0)
                                                             : player.check_number(q, value.value);
        out.answer = check.expected_text;
        out.explanation = check.explanation;
        const bool one_right = !question.multiple_choice() ||
                               std::any_of(question.choices.begin(), question.choices.end(),
                                           [&](const Choice& c) { return c.value == value.value; });
        if (!one_right) out.problem = "none of the choices is right with this seed";
      }
      sheet.questions.push_back(std::move(out));
    }
  } while (player.next_step());
  // In the order the student meets them: a step's predict questions before it runs, then its
  // observe questions at its checkpoint.
  std::stable_sort(sheet.questions.begin(), sheet.questions.end(),
                   [](const WorksheetQuestion& a, const WorksheetQuestion& b) {
                     return a.step != b.step ? a.step < b.step : a.predict && !b.predict;
                   });
  return sheet;
}

std::string render_worksheet(const std::vector<WorksheetLesson>& lessons, WorksheetFormat format,
                             bool answer_key) {
  return Writer(format, answer_key).document(lessons);
}

std::string html_text(std::string_view text) {
  // Lessons mark code with `backticks` and emphasis with *stars*; a mark without its partner is
  // kept as a character. Inside code, a star is a star.
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '`' || c == '*') {
      const std::size_t close = text.find(c, i + 1);
      const bool pairs = close != std::string_view::npos && close > i + 1;
      if (pairs) {
        const std::string_view inner = text.substr(i + 1, close - i - 1);
        out += c == '`' ? "<code>" + escape_html(inner) + "</code>"
                        : "<em>" + escape_html(inner) + "</em>";
        i = close + 1;
        continue;
      }
    }
    out += escape_html(text.substr(i, 1));
    ++i;
  }
  return out;
}

}  // namespace cq::lesson
