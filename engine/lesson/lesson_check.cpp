#include "lesson/lesson_check.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>

#include "data/data_dirs.hpp"
#include "lesson/answer_leaks.hpp"
#include "lesson/lesson_lint.hpp"
#include "lesson/lesson_parser.hpp"

namespace cq::lesson {
namespace {

std::string step_name(std::size_t index) {
  return "step " + std::to_string(index + 1);
}

void check_questions(const LessonPlayer& player, std::size_t index, std::vector<Diagnostic>& out,
                     const std::string& file) {
  const LessonStep& step = player.step();
  for (std::size_t q = 0; q < step.questions.size(); ++q) {
    const Question& question = step.questions[q];
    const std::string where = step_name(index) + "'s question " + std::to_string(q + 1);
    const QuantityValue right = player.answer(q);
    if (!right.ok()) {
      out.push_back({file, question.answer_pos, where + ": " + right.error});
      continue;
    }
    if (!question.multiple_choice()) continue;
    const bool one_right = std::any_of(question.choices.begin(), question.choices.end(),
                                       [&](const Choice& c) { return c.value == right.value; });
    if (!one_right) {
      out.push_back({file, question.choices_pos,
                     where + ": none of the choices is right here (" + question.answer.spelling +
                         " = " + std::to_string(right.value) + ")"});
    }
  }
}

// Placeholders whose quantity has no value at the checkpoint (a block never allocated...).
void check_text(const LessonPlayer& player, std::size_t index, std::vector<Diagnostic>& out,
                const std::string& file) {
  const LessonStep& step = player.step();
  expand_placeholders(step.text, [&](std::string_view inner) {
    ParsedQuantity parsed = parse_quantity(inner, &player.scenario());
    if (parsed.quantity) {
      const QuantityValue v = player.quantity(*parsed.quantity);
      if (!v.ok()) {
        out.push_back(
            {file, step.text_pos,
             step_name(index) + ": placeholder {" + std::string(inner) + "}: " + v.error});
      }
    }
    return std::string();
  });
}

std::string question_name(std::size_t q) {
  return "question " + std::to_string(q + 1);
}

// The answer as the student would write it: the number, or the right choice's words.
std::string answer_text(const LessonPlayer& player, std::size_t q) {
  return player.question(q).multiple_choice() ? player.check_choice(q, 0).expected_text
                                              : player.check_number(q, 0).expected_text;
}

// What the step shows before it runs (the app's lesson view shows the same): its title and its
// predict questions, filled in with the numbers of the state before the run.
std::vector<ShownText> before_run_screen(const LessonPlayer& player) {
  const LessonStep& step = player.step();
  std::vector<ShownText> shown = {{step.title, "the step's title"}};
  for (std::size_t q = 0; q < step.questions.size(); ++q) {
    const Question& question = step.questions[q];
    if (!question.predict()) continue;
    shown.push_back({player.fill(question.ask), question_name(q) + "'s ask"});
    shown.push_back({player.fill(question.hint), question_name(q) + "'s hint"});
  }
  return shown;
}

// Tracks what the student has read (answer_leaks.hpp says which text counts for which question)
// and reports each question whose computed answer stands in it.
class LeakCheck {
 public:
  explicit LeakCheck(const std::string& file) : file_(file) {}

  // Before the step runs: what it shows while the student predicts.
  void before_run(const LessonPlayer& player) { before_run_ = before_run_screen(player); }

  // At the checkpoint: checks every question of the step, then remembers its screen for the
  // next step's predict questions.
  void at_checkpoint(const LessonPlayer& player, std::size_t index, std::vector<Diagnostic>& out) {
    const LessonStep& step = player.step();
    std::vector<ShownText> predict_window = previous_screen_;
    predict_window.insert(predict_window.end(), before_run_.begin(), before_run_.end());
    std::vector<ShownText> screen = before_run_;
    for (std::size_t q = 0; q < step.questions.size(); ++q) {
      if (!step.questions[q].predict()) continue;
      check(player, index, q, predict_window, out);
      screen.push_back({player.fill(step.questions[q].explain), question_name(q) + "'s explain"});
    }
    screen.push_back({player.text(), "the step's text"});
    screen.push_back({player.fill(step.model_vs_go), "its model_vs_go"});
    for (std::size_t q = 0; q < step.questions.size(); ++q) {
      const Question& question = step.questions[q];
      if (question.predict()) continue;
      screen.push_back({player.fill(question.ask), question_name(q) + "'s ask"});
      screen.push_back({player.fill(question.hint), question_name(q) + "'s hint"});
    }
    for (std::size_t q = 0; q < step.questions.size(); ++q) {
      if (step.questions[q].predict()) continue;
      check(player, index, q, screen, out);
      screen.push_back({player.fill(step.questions[q].explain), question_name(q) + "'s explain"});
    }
    for (ShownText& s : screen) s.what = step_name(index) + ": " + s.what;
    previous_screen_ = std::move(screen);
    before_run_.clear();
  }

 private:
  void check(const LessonPlayer& player, std::size_t index, std::size_t q,
             const std::vector<ShownText>& window, std::vector<Diagnostic>& out) const {
    const Question& question = player.question(q);
    if (!question.answer_shown_because.empty() || !player.answer(q).ok()) return;
    const std::string answer = answer_text(player, q);
    const auto sighting = find_answer_in(answer, window);
    if (!sighting) return;
    const std::string where = step_name(index) + "'s " + question_name(q);
    out.push_back({file_, question.answer_pos.line ? question.answer_pos : question.pos,
                   where + ": its answer (" + answer + ") is shown before it is asked, in " +
                       sighting->what + ": \"" + sighting->excerpt +
                       "\": point at the panel to read instead, or say why this is no "
                       "give-away in answer_shown_because = \"...\""});
  }

  const std::string& file_;
  std::vector<ShownText> previous_screen_;  // the step before's, at its checkpoint
  std::vector<ShownText> before_run_;       // this step's, before it runs
};

}  // namespace

std::vector<Diagnostic> play_and_check(const Lesson& lesson, std::optional<RunnerKind> runner) {
  std::vector<Diagnostic> out;
  LessonPlayer player(lesson, runner);
  LeakCheck leaks(lesson.file);
  for (std::size_t i = 0;; ++i) {
    const LessonStep& step = player.step();
    leaks.before_run(player);
    if (step.kind == StepKind::challenge) {
      if (player.hint().empty()) {
        out.push_back(
            {lesson.file, step.challenge.hint_pos.line ? step.challenge.hint_pos : step.pos,
             step_name(i) + ": the challenge has no hint that wins" +
                 (step.challenge.hint_from_explorer
                      ? std::string(": the explorer found no schedule that strands a block")
                      : std::string(": add hint = [ ...actor names... ]"))});
      } else if (const StepStatus s = player.play_hint(); s != StepStatus::won) {
        const std::string why =
            s == StepStatus::challenge ? "the run is not over after its " +
                                             std::to_string(player.choices().size()) + " choices"
            : player.problem().empty() ? step.challenge.win.spelling + " is 0 when the run ends"
                                       : player.problem();
        out.push_back({lesson.file, step.challenge.hint_pos,
                       step_name(i) + ": playing the hint does not win: " + why});
      }
    } else if (player.advance() != StepStatus::reached) {
      out.push_back(
          {lesson.file, step.until.pos,
           step_name(i) + " never reaches " + step.until.describe() + ": " + player.problem()});
      break;  // later checkpoints would all be measured from the wrong place
    }
    check_text(player, i, out, lesson.file);
    check_questions(player, i, out, lesson.file);
    leaks.at_checkpoint(player, i, out);
    if (!player.next_step()) break;
  }
  return out;
}

LessonCheck check_lesson_file(const std::string& path, std::optional<RunnerKind> runner) {
  const auto start = std::chrono::steady_clock::now();
  LessonCheck check;
  ParseResult parsed = parse_lesson_file(path);
  check.diagnostics = std::move(parsed.diagnostics);
  if (parsed.lesson) {
    check.steps = parsed.lesson->steps.size();
    check.questions = parsed.lesson->question_count();
    check.diagnostics = play_and_check(*parsed.lesson, runner);
    // The teaching rules come after what the run found: a lesson that does not play is the
    // bigger problem, and both lists are in file order.
    for (Diagnostic& d : lint_lesson(*parsed.lesson)) check.diagnostics.push_back(std::move(d));
    check.lesson = std::move(parsed.lesson);
  }
  check.wall_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return check;
}

std::vector<CatalogEntry> load_lesson_catalog(const std::string& dir, bool play) {
  std::vector<CatalogEntry> entries;
  std::error_code ec;
  for (const auto& file : std::filesystem::directory_iterator(dir, ec)) {
    if (file.path().extension() != ".toml") continue;
    CatalogEntry entry;
    entry.file = file.path().string();
    entry.title = file.path().filename().string();
    entry.id = lesson_number_of_file(entry.file).value_or(0);
    if (play) {
      LessonCheck check = check_lesson_file(entry.file);
      entry.problems = std::move(check.diagnostics);
      if (check.lesson) {
        entry.id = check.lesson->id;
        entry.title = check.lesson->title;
        entry.summary = check.lesson->summary;
        entry.minutes = check.lesson->minutes;
      }
    } else {
      ParseResult parsed = parse_lesson_file(entry.file);
      entry.problems = std::move(parsed.diagnostics);
      if (parsed.lesson) {
        entry.problems = lint_lesson(*parsed.lesson);
        entry.id = parsed.lesson->id;
        entry.title = parsed.lesson->title;
        entry.summary = parsed.lesson->summary;
        entry.minutes = parsed.lesson->minutes;
      }
    }
    entries.push_back(std::move(entry));
  }
  std::sort(entries.begin(), entries.end(), [](const CatalogEntry& a, const CatalogEntry& b) {
    return a.id != b.id ? a.id < b.id : a.file < b.file;
  });
  std::map<std::uint32_t, std::size_t> files_per_id;
  for (const CatalogEntry& e : entries) ++files_per_id[e.id];
  for (CatalogEntry& e : entries) {
    if (files_per_id[e.id] > 1 && e.problems.empty()) {
      e.problems.push_back(
          {e.file, {1, 1}, "another lesson file also has id " + std::to_string(e.id)});
    }
  }
  return entries;
}

std::string default_lessons_dir() {
  return data::lessons_dir();
}

FoundLessonFile find_lesson_file(const std::string& dir, const std::string& id_or_path) {
  const bool is_number = !id_or_path.empty() && id_or_path.size() <= 3 &&
                         std::all_of(id_or_path.begin(), id_or_path.end(),
                                     [](char c) { return c >= '0' && c <= '9'; });
  if (!is_number) {
    // Anything that exists is handed on: the reader then says what it is (a directory, a FIFO)
    // and what is allowed, rather than "no lesson file".
    std::error_code exists_error;
    if (std::filesystem::exists(id_or_path, exists_error)) return {id_or_path, {}};
    return {std::nullopt, "no lesson file '" + id_or_path + "'"};
  }
  const std::uint32_t id = lesson_number_of_file(id_or_path).value_or(0);
  std::error_code ec;
  for (const auto& file : std::filesystem::directory_iterator(dir, ec)) {
    if (file.path().extension() == ".toml" && lesson_number_of_file(file.path().string()) == id) {
      return {file.path().string(), {}};
    }
  }
  return {std::nullopt, "no lesson " + std::to_string(id) + " in " + dir};
}

std::vector<Diagnostic> question_problems(const LessonPlayer& player, const std::string& file) {
  std::vector<Diagnostic> out;
  check_questions(player, player.step_index(), out, file);
  return out;
}

}  // namespace cq::lesson
