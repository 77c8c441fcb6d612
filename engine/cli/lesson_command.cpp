// cleanupq lesson: lesson files from the command line.
//   check FILE...   parse and play each lesson headless; every problem as file:line:column:
//                   message, else "ok: FILE (N steps, M questions)"; with 2 or more files, the
//                   order too (lesson_set.hpp) and the class plan of the TEACHER.md beside them
//                   (class_plan.hpp); exit 1 if any problem
//   list            every lesson of the lessons folder: id, title, file, and whether it works;
//                   exit 1 if one is broken, 2 if the folder has no lessons
//   play ID|FILE    walk through a lesson as a student would, printing each step's text with
//                   its numbers filled in, its sources and model-vs-Go note, and each
//                   question's computed answer (for authors); --seed N plays a teacher's
//                   variant, and the seed that ran is printed either way
//   quantities      the names a question's `answer` and a {placeholder} may use
//   concepts        the names a lesson's `teaches` and `needs` may use, with their meanings
//   worksheet ID|FILE...  the lessons' questions to print (--format md|html), or with --answers
//                   the answer key; --seed N plays every lesson with seed N; --out FILE
//   practice ID|FILE  fresh predict questions from the lesson's scenario run with --seed N
//   (default:
//                   the lesson's own), --count K of them; --answers prints answers and explanations
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "io/output_file.hpp"
#include "io/text_file.hpp"
#include "lesson/class_plan.hpp"
#include "lesson/lesson_check.hpp"
#include "lesson/lesson_concepts.hpp"
#include "lesson/lesson_parser.hpp"
#include "lesson/lesson_player.hpp"
#include "lesson/lesson_scenario.hpp"
#include "lesson/lesson_set.hpp"
#include "lesson/lesson_worksheet.hpp"
#include "lesson/practice.hpp"
#include "runtime/scenario_options.hpp"

namespace cq::cli {
namespace {

std::optional<RunnerKind> runner_of(const LessonOptions& o) {
  return o.runner.empty() ? std::nullopt : parse_runner(o.runner);
}

// The TEACHER.md beside the lessons, when they all live in one folder that has one.
std::optional<std::string> teacher_guide_of(const std::vector<std::string>& files) {
  const std::filesystem::path folder = std::filesystem::path(files.front()).parent_path();
  for (const std::string& file : files) {
    if (std::filesystem::path(file).parent_path() != folder) return std::nullopt;
  }
  std::error_code ec;
  const std::filesystem::path guide = folder / "TEACHER.md";
  if (!std::filesystem::is_regular_file(guide, ec)) return std::nullopt;
  return guide.string();
}

// With two or more lessons: their order (each need taught earlier), then the class plan.
int check_set(const std::vector<lesson::LessonCheck>& checks,
              const std::vector<std::string>& files) {
  std::vector<const lesson::Lesson*> lessons;
  for (const lesson::LessonCheck& c : checks) {
    if (!c.lesson) {
      std::cout << "not checked: the order of the lessons (a file did not parse)\n";
      return 1;
    }
    lessons.push_back(&*c.lesson);
  }
  int status = 0;
  const std::vector<lesson::Diagnostic> order = lesson::check_lesson_order(lessons);
  for (const lesson::Diagnostic& d : order) std::cout << d.to_string() << "\n";
  if (order.empty()) {
    std::cout << "ok: the order of the " << lessons.size()
              << " lessons (each one's needs are taught before it)\n";
  } else {
    status = 1;
  }
  const auto guide = teacher_guide_of(files);
  if (!guide) return status;
  const io::TextFile text = io::read_text_file(*guide, 1 << 20, "a teacher's guide");
  if (!text.ok()) {
    std::cout << *guide << ":" << text.line << ":" << text.column << ": " << text.detail << "\n";
    return 1;
  }
  const lesson::ClassPlan plan = lesson::read_class_plan(text.text, *guide);
  const std::vector<lesson::Diagnostic> problems = lesson::check_class_plan(plan, lessons);
  for (const lesson::Diagnostic& d : problems) std::cout << d.to_string() << "\n";
  if (!problems.empty()) return 1;
  std::cout << "ok: " << *guide << " (a " << plan.total_minutes << "-minute plan, lessons";
  for (const lesson::ClassPlanRow& row : plan.rows) {
    if (row.lesson) std::cout << " " << *row.lesson;
  }
  std::cout << ")\n";
  return status;
}

int check(const LessonOptions& o) {
  int status = 0;
  std::vector<lesson::LessonCheck> checks;
  for (const std::string& file : o.files) {
    lesson::LessonCheck result = lesson::check_lesson_file(file, runner_of(o));
    for (const lesson::Diagnostic& d : result.diagnostics) std::cout << d.to_string() << "\n";
    if (result.ok()) {
      std::cout << "ok: " << file << " (" << result.steps << " steps, " << result.questions
                << " questions)\n";
    } else {
      status = 1;
    }
    checks.push_back(std::move(result));
  }
  if (o.files.size() >= 2 && check_set(checks, o.files) != 0) status = 1;
  return status;
}

int list(const LessonOptions& o) {
  const std::string dir = o.dir.empty() ? lesson::default_lessons_dir() : o.dir;
  const auto entries = lesson::load_lesson_catalog(dir, !o.no_play);
  if (entries.empty()) {
    // Nothing was checked: the folder named is wrong, which is bad input, not a finding.
    std::cerr << "cleanupq lesson list: no *.toml lessons in " << dir << "\n";
    return 2;
  }
  int status = 0;
  for (const lesson::CatalogEntry& e : entries) {
    std::cout << (e.id < 10 ? " " : "") << e.id << "  " << (e.broken() ? "BROKEN  " : "") << e.title
              << "  (" << e.file << ")\n";
    for (const lesson::Diagnostic& d : e.problems) std::cout << "    " << d.to_string() << "\n";
    if (e.broken()) status = 1;
  }
  return status;
}

// A predict question's ask and hint, filled in before the step runs (as the app shows them).
struct AskedBefore {
  std::string ask;
  std::string hint;
};

std::vector<AskedBefore> asked_before_run(const lesson::LessonPlayer& player) {
  std::vector<AskedBefore> out;
  for (std::size_t q = 0; q < player.question_count(); ++q) {
    out.push_back({player.fill(player.question(q).ask), player.fill(player.question(q).hint)});
  }
  return out;
}

// Returns false when a question cannot be answered here: its answer has no value at this
// checkpoint, or no choice is right. Such a question is printed with the reason, never with a
// made-up answer.
bool print_questions(const lesson::LessonPlayer& player, const std::vector<AskedBefore>& before,
                     const std::string& file) {
  const std::vector<lesson::Diagnostic> problems = lesson::question_problems(player, file);
  for (std::size_t q = 0; q < player.question_count(); ++q) {
    const lesson::Question& question = player.question(q);
    const lesson::QuantityValue value = player.answer(q);
    const lesson::AnswerCheck right = player.check_number(q, value.ok() ? value.value : 0);
    const bool predict = question.predict() && q < before.size();
    std::cout << "  Q" << q + 1 << (predict ? " (predict, asked before the run)" : "") << ". "
              << (predict ? before[q].ask : player.fill(question.ask)) << "\n";
    if (!question.hint.empty()) {
      std::cout << "      hint: " << (predict ? before[q].hint : player.fill(question.hint))
                << "\n";
    }
    for (const lesson::Choice& c : question.choices) {
      const bool is_right = value.ok() && c.value == value.value;
      std::cout << "      " << (is_right ? "[x] " : "[ ] ") << c.text << "\n";
    }
    if (!value.ok()) {
      std::cout << "      answer: " << question.answer.spelling << ": no value here\n";
      continue;
    }
    std::cout << "      answer: " << question.answer.spelling << " = " << right.expected_text
              << "\n";
    if (!right.explanation.empty()) std::cout << "      " << right.explanation << "\n";
  }
  for (const lesson::Diagnostic& d : problems) std::cout << "  BROKEN: " << d.to_string() << "\n";
  return problems.empty();
}

int play(const LessonOptions& o) {
  const std::string dir = o.dir.empty() ? lesson::default_lessons_dir() : o.dir;
  const lesson::FoundLessonFile found = lesson::find_lesson_file(dir, o.lesson);
  if (!found.ok()) {
    std::cerr << "cleanupq lesson play: " << found.error << "\n";
    return 2;
  }
  const std::string& file = *found.path;
  lesson::ParseResult parsed = lesson::parse_lesson_file(file);
  for (const lesson::Diagnostic& d : parsed.diagnostics) std::cout << d.to_string() << "\n";
  if (!parsed.lesson) return 1;
  const bool seed_given = o.play->count("--seed") > 0;
  if (seed_given) lesson::override_lesson_seed(*parsed.lesson, o.seed);
  lesson::LessonPlayer player(*parsed.lesson, runner_of(o));
  std::cout << "# Lesson " << parsed.lesson->id << ": " << parsed.lesson->title << "\n";
  // Which variant ran, so that a teacher can hand the same one out again.
  std::cout << "seed " << parsed.lesson->scenario.seed
            << (seed_given ? " (from --seed)" : " (the lesson's own)") << "\n";
  // Which Go runs, as every other label names it (a restart may change it: said again there).
  std::cout << "go: " << describe_go(player.scenario()) << "\n";
  int status = 0;
  do {
    const lesson::LessonStep& step = player.step();
    std::cout << "\n## Step " << player.step_index() + 1 << "/" << player.step_count()
              << (step.title.empty() ? "" : ": " + step.title) << "\n";
    if (step.restart) {
      std::cout << "(fresh run: " << to_command_line(player.scenario()) << ")\n"
                << "go: " << describe_go(player.scenario()) << "\n";
    }
    const std::vector<AskedBefore> before = asked_before_run(player);
    if (step.kind == lesson::StepKind::challenge) {
      const auto& hint = player.hint();
      std::cout << "[challenge: win when " << step.challenge.win.spelling
                << " at the run's end; hint of " << hint.size() << " choices:";
      for (const std::string& actor : hint) std::cout << " " << actor;
      std::cout << "]\n[playing the hint: " << to_string(player.play_hint()) << "]\n";
    } else {
      const lesson::StepStatus s = player.advance();
      std::cout << "[until " << step.until.describe() << ": " << to_string(s);
      if (s == lesson::StepStatus::unreachable) std::cout << ": " << player.problem();
      std::cout << "; " << player.checkpoint_events() << " events, step "
                << player.runtime().runner().steps() << ", trace hash " << std::hex
                << player.runtime().trace().hash() << std::dec << "]\n";
      if (s != lesson::StepStatus::reached) status = 1;
    }
    if (!player.note().empty()) std::cout << "[" << player.note() << "]\n";
    std::cout << player.text() << "\n";
    // What the app shows behind its "Sources" and "Model vs Go" toggles.
    for (const std::string& source : step.sources) std::cout << "  source: " << source << "\n";
    if (!step.model_vs_go.empty())
      std::cout << "  model vs Go: " << player.fill(step.model_vs_go) << "\n";
    if (!print_questions(player, before, file)) status = 1;
  } while (status == 0 && player.next_step());
  return status;
}

int concepts() {
  for (const lesson::ConceptInfo& c : lesson::all_concepts()) {
    const std::string name(c.name);
    std::cout << name << std::string(name.size() < 24 ? 24 - name.size() : 1, ' ') << c.meaning
              << "\n";
  }
  return 0;
}

int worksheet(const LessonOptions& o) {
  const std::string dir = o.dir.empty() ? lesson::default_lessons_dir() : o.dir;
  std::vector<lesson::WorksheetLesson> sheets;
  int status = 0;
  for (const std::string& id_or_path : o.lessons) {
    const lesson::FoundLessonFile found = lesson::find_lesson_file(dir, id_or_path);
    if (!found.ok()) {
      std::cerr << "cleanupq lesson worksheet: " << found.error << "\n";
      return 2;
    }
    lesson::ParseResult parsed = lesson::parse_lesson_file(*found.path);
    for (const lesson::Diagnostic& d : parsed.diagnostics) std::cerr << d.to_string() << "\n";
    if (!parsed.lesson) return 1;
    if (o.seed_flag->count() > 0) lesson::override_lesson_seed(*parsed.lesson, o.seed);
    sheets.push_back(lesson::collect_worksheet(*parsed.lesson, runner_of(o)));
    // A question without an answer is still printed, with the reason; the exit status says so.
    if (!sheets.back().ok()) {
      std::cerr << "cleanupq lesson worksheet: " << *found.path << " does not play to the end"
                << (o.seed_flag->count() > 0 ? " with --seed " + std::to_string(o.seed) : "")
                << ": see the answer key (--answers)\n";
      status = 1;
    }
  }
  const std::string text = lesson::render_worksheet(
      sheets,
      o.format == "html" ? lesson::WorksheetFormat::html : lesson::WorksheetFormat::markdown,
      o.answers);
  if (o.out.empty()) {
    std::cout << text;
    return status;
  }
  if (const auto error = io::write_file(o.out, text)) {
    std::cerr << "cleanupq lesson worksheet: " << *error << "\n";
    return kExitOutputFailed;
  }
  return status;
}

int practice(const LessonOptions& o) {
  const std::string dir = o.dir.empty() ? lesson::default_lessons_dir() : o.dir;
  const lesson::FoundLessonFile found = lesson::find_lesson_file(dir, o.lesson);
  if (!found.ok()) {
    std::cerr << "cleanupq lesson practice: " << found.error << "\n";
    return 2;
  }
  lesson::ParseResult parsed = lesson::parse_lesson_file(*found.path);
  for (const lesson::Diagnostic& d : parsed.diagnostics) std::cerr << d.to_string() << "\n";
  if (!parsed.lesson) return 1;
  const bool seed_given = o.practice_seed_flag->count() > 0;
  const std::uint64_t seed = seed_given ? o.seed : parsed.lesson->scenario.seed;
  const lesson::Practice set = lesson::generate_practice(*parsed.lesson, seed, o.count);
  std::cout << "# Practice: lesson " << parsed.lesson->id << ", " << parsed.lesson->title << "\n";
  // Which variant ran, so that a teacher can hand the same one out again.
  std::cout << "seed " << seed << (seed_given ? " (from --seed)" : " (the lesson's own)") << "\n";
  for (std::size_t i = 0; i < set.questions.size(); ++i) {
    const lesson::PracticeQuestion& q = set.questions[i];
    std::cout << "\nQ" << i + 1 << ". " << q.ask << "\n    now:";
    for (const lesson::ShownNumber& n : q.shown) std::cout << " " << n.quantity << "=" << n.value;
    std::cout << "\n";
    for (const lesson::PracticeChoice& c : q.choices) {
      const bool mark = o.answers && c.value == q.answer;
      std::cout << "    " << (mark ? "[x] " : "[ ] ") << c.text << "\n";
    }
    if (!o.answers) continue;
    std::cout << "    answer: " << q.answer_text << "\n    " << q.explanation << "\n";
  }
  if (!set.problem.empty()) std::cout << "\n(" << set.problem << ")\n";
  // A lesson whose run has nothing to ask about cannot be practised: that is a finding.
  return set.questions.empty() ? 1 : 0;
}

int quantities() {
  for (const lesson::QuantityInfo& q : lesson::all_quantities()) {
    std::string name(q.name);
    switch (q.argument) {
      case lesson::QuantityArgument::none:
        break;
      case lesson::QuantityArgument::p:
        name += "(P)";
        break;
      case lesson::QuantityArgument::block:
        name += "(B)";
        break;
      case lesson::QuantityArgument::worker:
        name += "(G)";
        break;
      case lesson::QuantityArgument::event_kind:
        name += "(KIND)";
        break;
    }
    std::cout << name << std::string(name.size() < 26 ? 26 - name.size() : 1, ' ') << q.meaning
              << "\n";
  }
  return 0;
}

}  // namespace

void add_lesson_command(CLI::App& app, LessonOptions& o) {
  CLI::App* lesson =
      app.add_subcommand("lesson", "check, list and play lesson files; print worksheets");
  lesson->require_subcommand(1);
  auto add_runner = [&](CLI::App* sub) {
    o.checked.add_word(*sub, "--runner", o.runner, {"inline", "conducted"},
                       "the runner (default: the lesson's; same checkpoints either way)");
  };
  o.check =
      lesson->add_subcommand("check", "parse and play lessons; report file:line:column problems");
  o.check
      ->add_option("files", o.files,
                   "lesson files (.toml); 2 or more are also checked as a course, in this order, "
                   "with the TEACHER.md beside them")
      ->required();
  add_runner(o.check);
  o.list = lesson->add_subcommand("list", "list the lessons folder: id, title, file, status");
  o.list->add_option("--dir", o.dir, "lessons folder (default: the source tree's lessons/)");
  o.list->add_flag("--no-play", o.no_play, "only parse (faster; misses unreachable checkpoints)");
  o.play = lesson->add_subcommand("play", "walk through a lesson, printing computed answers");
  o.play->add_option("lesson", o.lesson, "a lesson id (6) or file")->required();
  o.play->add_option("--dir", o.dir, "lessons folder for ids");
  add_runner(o.play);
  // The scenario table's own range for seeds, so --seed means what it means for `cleanupq run`.
  const ScenarioOption& seed = *find_option("seed");
  o.checked
      .add_count(*o.play, "--seed", o.seed, seed.min, seed.max,
                 "play this variant: every run of the lesson takes this seed "
                 "(default: the lesson's own)")
      ->default_str("");
  o.quantities = lesson->add_subcommand("quantities", "the quantities a question can ask for");
  o.concepts = lesson->add_subcommand("concepts", "the concepts a lesson teaches and needs");
  o.worksheet = lesson->add_subcommand(
      "worksheet", "print the lessons' questions as a worksheet, or its answer key (--answers)");
  o.worksheet->add_option("lessons", o.lessons, "lesson ids (6) or files, in class order")
      ->required();
  o.worksheet->add_option("--dir", o.dir, "lessons folder for ids");
  o.seed_flag = o.checked.add_count(*o.worksheet, "--seed", o.seed, seed.min, seed.max,
                                    "play every lesson with this seed instead of its own");
  o.checked.add_word(*o.worksheet, "--format", o.format, {"md", "html"},
                     "Markdown (md, the default) or a printable HTML page");
  o.worksheet->add_flag("--answers", o.answers,
                        "the answer key: the engine's answers and explanations");
  o.worksheet->add_option("--out", o.out, "write to this file instead of standard output");
  add_runner(o.worksheet);
  o.practice = lesson->add_subcommand(
      "practice", "fresh predict questions from a seed: the lesson's scenario, another run");
  o.practice->add_option("lesson", o.lesson, "a lesson id (6) or file")->required();
  o.practice->add_option("--dir", o.dir, "lessons folder for ids");
  o.practice_seed_flag =
      o.checked
          .add_count(*o.practice, "--seed", o.seed, seed.min, seed.max,
                     "run the lesson's scenario with this seed (default: the lesson's own)")
          ->default_str("");
  o.checked.add_count(*o.practice, "--count", o.count, std::uint32_t{1},
                      static_cast<std::uint32_t>(lesson::kMaxPracticeQuestions),
                      "how many questions");
  o.practice->add_flag("--answers", o.answers, "print each answer and its explanation");
}

int lesson_command(const LessonOptions& o) {
  if (const auto& problem = o.checked.problem()) {
    // The checked flags belong to check, play, worksheet and practice.
    const char* sub = o.check->parsed()      ? "check"
                      : o.play->parsed()     ? "play"
                      : o.practice->parsed() ? "practice"
                                             : "worksheet";
    std::cerr << "cleanupq lesson " << sub << ": " << *problem << "\n";
    return 2;
  }
  if (o.check->parsed()) return check(o);
  if (o.list->parsed()) return list(o);
  if (o.play->parsed()) return play(o);
  if (o.concepts->parsed()) return concepts();
  if (o.worksheet->parsed()) return worksheet(o);
  if (o.practice->parsed()) return practice(o);
  return quantities();
}

}  // namespace cq::cli
