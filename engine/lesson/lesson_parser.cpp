// The lesson file's top level and its steps. The [scenario] table is lesson_scenario.cpp's; the
// typed reads and their messages are TomlReader's.
#include "lesson/lesson_parser.hpp"

#include <algorithm>

#include "io/text_file.hpp"
#include "lesson/lesson_concepts.hpp"
#include "lesson/lesson_figures.hpp"
#include "lesson/lesson_lint.hpp"
#include "lesson/lesson_reader.hpp"
#include "lesson/lesson_scenario.hpp"
#include "lesson/quantities.hpp"
#include "lesson/toml_hazards.hpp"
#include "lesson/toml_reader.hpp"
#include "runtime/code_listing.hpp"

namespace cq::lesson {
namespace {

constexpr std::size_t kMaxTitleChars = 80;

}  // namespace

Lesson LessonReader::read() {
  Lesson lesson;
  lesson.file = r_.file();
  r_.reject_unknown_keys(
      root_, {"id", "title", "summary", "minutes", "teaches", "needs", "scenario", "step"},
      "the lesson");
  if (auto id = r_.integer(root_, "id", 1, 99, true, "the lesson")) {
    lesson.id = static_cast<std::uint32_t>(*id);
    const auto from_name = lesson_number_of_file(lesson.file);
    if (from_name && *from_name != lesson.id) {
      r_.error(TomlReader::pos_of(*root_.get("id")),
               "'id' = " + std::to_string(lesson.id) +
                   " does not match the file name, which says " + std::to_string(*from_name) +
                   ": a lesson's id is its file's number");
    }
  }
  if (auto title = r_.string(root_, "title", true, "the lesson")) {
    lesson.title = *title;
    check_length(*title, kMaxTitleChars, "'title'", TomlReader::pos_of(*root_.get("title")));
  }
  lesson.summary = r_.string(root_, "summary", false, "the lesson").value_or("");
  lesson.minutes = static_cast<std::uint32_t>(
      r_.integer(root_, "minutes", 1, 30, false, "the lesson").value_or(5));
  read_concepts("teaches", lesson.teaches, lesson.teaches_pos);
  read_concepts("needs", lesson.needs, lesson.needs_pos);
  lesson.scenario = lesson_default_scenario();
  if (const toml::table* scenario = r_.table(root_, "scenario", true, "the lesson")) {
    lesson.scenario_pos = TomlReader::pos_of(*scenario);
    scenario_positions_.table = lesson.scenario_pos;
    const std::size_t errors_before = r_.error_count();
    read_scenario_keys(r_, *scenario, lesson.scenario, scenario_positions_, "[scenario]");
    // Validating a scenario whose keys did not all read would report the defaults instead.
    scenario_ok_ = r_.error_count() == errors_before &&
                   check_lesson_scenario(r_, lesson.scenario, scenario_positions_, nullptr);
  }
  read_steps(lesson);
  return lesson;
}

void LessonReader::check_length(const std::string& text, std::size_t max, const std::string& what,
                                SourcePos pos) {
  if (text.size() > max) {
    r_.error(pos, what + " is " + std::to_string(text.size()) + " characters long: keep it to " +
                      std::to_string(max) + " (a step is read in about thirty seconds)");
  }
}

void LessonReader::read_concepts(std::string_view key, std::vector<ConceptUse>& out,
                                 SourcePos& key_pos) {
  const toml::node* node = root_.get(key);
  if (node == nullptr) return;
  key_pos = TomlReader::pos_of(*node);
  const auto* array = node->as_array();
  if (array == nullptr) {
    r_.error(key_pos, quote_key(key) + " must be an array of concept names, not " +
                          std::string(TomlReader::type_name(*node)));
    return;
  }
  for (std::size_t i = 0; i < array->size(); ++i) {
    const toml::node& item = *array->get(i);
    const std::string where = quote_key(key) + " item " + std::to_string(i + 1);
    const auto* name = item.as_string();
    if (name == nullptr) {
      r_.error(TomlReader::pos_of(item),
               where + " must be a string, not " + std::string(TomlReader::type_name(item)));
      continue;
    }
    if (auto problem = check_concept_name(name->get())) {
      r_.error(TomlReader::pos_of(item), where + ": " + *problem);
      continue;
    }
    const bool repeated = std::any_of(out.begin(), out.end(),
                                      [&](const ConceptUse& c) { return c.name == name->get(); });
    if (repeated) {
      r_.error(TomlReader::pos_of(item), where + ": '" + name->get() + "' is listed twice");
      continue;
    }
    out.push_back({name->get(), TomlReader::pos_of(item)});
  }
}

void LessonReader::read_steps(Lesson& lesson) {
  const toml::node* node = r_.get(root_, "step", true, "the lesson");
  if (node == nullptr) return;
  const auto* steps = node->as_array();
  if (steps == nullptr || !steps->is_array_of_tables()) {
    r_.error(TomlReader::pos_of(*node), "'step' must be a list of [[step]] tables, not " +
                                            std::string(TomlReader::type_name(*node)));
    return;
  }
  if (steps->empty() || steps->size() > kMaxStepsPerLesson) {
    r_.error(TomlReader::pos_of(*node), "a lesson has 1.." + std::to_string(kMaxStepsPerLesson) +
                                            " steps, not " + std::to_string(steps->size()));
    return;
  }
  // A copy, not a pointer into lesson.steps: the vector reallocates as steps are added.
  Scenario in_effect = lesson.scenario;
  bool seen_challenge = false;
  for (std::size_t i = 0; i < steps->size(); ++i) {
    lesson.steps.push_back(read_step(*steps->get(i)->as_table(), i + 1, in_effect, seen_challenge));
    if (lesson.steps.back().restart) in_effect = *lesson.steps.back().restart;
  }
}

LessonStep LessonReader::read_step(const toml::table& t, std::size_t number,
                                   const Scenario& in_effect, bool& seen_challenge) {
  const std::string where = "step " + std::to_string(number);
  LessonStep step;
  step.pos = TomlReader::pos_of(t);
  r_.reject_unknown_keys(
      t,
      {"kind", "title", "text", "highlight", "until", "restart", "replay_choices", "win", "hint",
       "max_choices", "question", "sources", "model_vs_go", "figure", "code"},
      where);
  if (const toml::node* kind = t.get("kind")) {
    const auto* s = kind->as_string();
    if (s != nullptr && s->get() == "challenge") {
      step.kind = StepKind::challenge;
    } else if (s == nullptr || s->get() != "narrate") {
      r_.error(TomlReader::pos_of(*kind), "'kind' must be \"narrate\" or \"challenge\"");
    }
  }
  step.title = r_.string(t, "title", false, where).value_or("");
  if (const toml::node* title = t.get("title")) step.title_pos = TomlReader::pos_of(*title);
  if (auto text = r_.string(t, "text", true, where)) {
    step.text = *text;
    step.text_pos = TomlReader::pos_of(*t.get("text"));
    check_length(step.text, kMaxTextChars, "the text of " + where, step.text_pos);
    if (step.text.find_first_not_of(" \t\n") == std::string::npos) {
      r_.error(step.text_pos, "the text of " + where + " is empty");
    }
  }

  // A fresh run: the step's `restart` overrides on the scenario in effect, or a challenge
  // (always from the start) or a replay of the challenge's choices.
  if (const toml::table* restart = r_.table(t, "restart", false, where)) {
    Scenario s = in_effect;
    s.schedule.clear();
    ScenarioKeyPositions positions;
    positions.table = TomlReader::pos_of(*restart);
    const std::size_t errors_before = r_.error_count();
    read_scenario_keys(r_, *restart, s, positions, where + "'s 'restart'");
    if (scenario_ok_ && r_.error_count() == errors_before) {
      check_lesson_scenario(r_, s, positions, &scenario_positions_);
    }
    step.restart = s;
  }
  step.replay_choices = r_.boolean(t, "replay_choices", where).value_or(false);
  if (step.replay_choices) {
    step.replay_pos = TomlReader::pos_of(*t.get("replay_choices"));
    if (!seen_challenge) {
      r_.error(step.replay_pos, "'replay_choices' needs a challenge step before this one");
    }
  }
  if ((step.kind == StepKind::challenge || step.replay_choices) && !step.restart) {
    step.restart = in_effect;
    step.restart->schedule.clear();
  }
  const Scenario& scenario = step.restart ? *step.restart : in_effect;

  if (step.kind == StepKind::challenge) {
    read_challenge(t, step, scenario, where);
    seen_challenge = true;
  } else {
    for (const char* key : {"win", "hint", "max_choices"}) {
      if (const toml::node* n = t.get(key)) {
        r_.error(TomlReader::pos_of(*n),
                 quote_key(key) + " is only for kind = \"challenge\" steps");
      }
    }
  }
  if (const toml::node* until = t.get("until")) {
    if (step.kind == StepKind::challenge) {
      r_.error(TomlReader::pos_of(*until),
               "a challenge step has no 'until': the student's choices run it");
    } else {
      step.until = read_until(*until, scenario, where);
    }
  }
  if (!step.text.empty()) check_placeholders(step.text, step.text_pos, scenario);
  read_sources(t, step, scenario, where);
  read_highlights(t, step, scenario, where);
  read_code_line(t, step, scenario, where);
  read_questions(t, step, scenario, where);
  return step;
}

void LessonReader::read_challenge(const toml::table& t, LessonStep& step, const Scenario& scenario,
                                  const std::string& where) {
  Challenge& c = step.challenge;
  if (auto win = r_.string(t, "win", true, where + " (a challenge)")) {
    c.win_pos = TomlReader::pos_of(*t.get("win"));
    if (auto q = quantity(*win, c.win_pos, scenario)) c.win = *q;
  }
  c.max_choices = static_cast<std::uint32_t>(
      r_.integer(t, "max_choices", 1, kMaxChallengeChoices, false, where).value_or(100));
  const toml::node* hint = t.get("hint");
  if (hint == nullptr) {
    r_.error(step.pos, where +
                           " (a challenge) needs a 'hint': CI plays it to prove the "
                           "challenge can be won");
    return;
  }
  c.hint_pos = TomlReader::pos_of(*hint);
  if (const auto* s = hint->as_string()) {
    if (s->get() != "explorer") {
      r_.error(c.hint_pos, "'hint' must be \"explorer\" or a list of actor names");
    } else if (c.win.name != "stranded") {
      r_.error(c.hint_pos,
               "hint = \"explorer\" needs win = \"stranded\": the explorer searches "
               "for schedules that strand a block");
    } else {
      c.hint_from_explorer = true;
    }
    return;
  }
  if (auto names = r_.string_array(t, "hint", where)) {
    for (std::size_t i = 0; i < names->size(); ++i) {
      if (auto problem = check_actor_name(scenario, (*names)[i])) {
        r_.error(c.hint_pos, "'hint' item " + std::to_string(i + 1) + ": " + *problem);
        return;
      }
    }
    c.hint = *names;
  }
}

void LessonReader::read_sources(const toml::table& t, LessonStep& step, const Scenario& scenario,
                                const std::string& where) {
  if (const toml::node* node = t.get("sources")) {
    step.sources_pos = TomlReader::pos_of(*node);
    if (auto sources = r_.string_array(t, "sources", where)) {
      if (sources->empty() || sources->size() > kMaxSources) {
        r_.error(step.sources_pos, "'sources' of " + where + " has " +
                                       std::to_string(sources->size()) + " items: allowed 1.." +
                                       std::to_string(kMaxSources));
      }
      for (std::size_t i = 0; i < sources->size(); ++i) {
        const std::string& source = (*sources)[i];
        const std::string item = "'sources' item " + std::to_string(i + 1) + " of " + where;
        if (source.size() > kMaxSourceChars) {
          r_.error(step.sources_pos, item + " is " + std::to_string(source.size()) +
                                         " characters long: keep it to " +
                                         std::to_string(kMaxSourceChars));
        } else if (!names_a_go_source(source)) {
          std::string message = item;
          message += " = \"" + source;
          message +=
              "\" names no Go file, CL or issue: write e.g. \"runtime/mcleanup.go: "
              "(*cleanupQueue).enqueue\", \"CL 671676\" or \"#73642\"";
          r_.error(step.sources_pos, message);
        }
      }
      step.sources = std::move(*sources);
    }
  }
  if (auto note = r_.string(t, "model_vs_go", false, where)) {
    step.model_vs_go_pos = TomlReader::pos_of(*t.get("model_vs_go"));
    step.model_vs_go = *note;
    check_length(*note, kMaxModelVsGoChars, "'model_vs_go' of " + where, step.model_vs_go_pos);
    if (note->find_first_not_of(" \t\n") == std::string::npos) {
      r_.error(step.model_vs_go_pos, "'model_vs_go' of " + where + " is empty");
    } else {
      check_placeholders(*note, step.model_vs_go_pos, scenario);
    }
  }
  if (auto figure = r_.string(t, "figure", false, where)) {
    step.figure_pos = TomlReader::pos_of(*t.get("figure"));
    if (is_figure(*figure)) {
      step.figure = *figure;
    } else {
      r_.error(step.figure_pos, "'figure' of " + where + " = \"" + *figure +
                                    "\" is not a lesson figure: allowed " + figure_names_joined());
    }
  }
}

void LessonReader::read_code_line(const toml::table& t, LessonStep& step, const Scenario& scenario,
                                  const std::string& where) {
  // A line of the code pane (runtime/code_listing.hpp) the step points at: a line of the code
  // the step's run stands for, so a go1.25 lesson cannot name e46c8e's one-shot lines.
  auto id = r_.string(t, "code", false, where);
  if (!id) return;
  step.code_pos = TomlReader::pos_of(*t.get("code"));
  const CodeVariant variant = code_variant(scenario);
  const std::vector<std::string_view> ids = code_line_ids(variant);
  if (std::find(ids.begin(), ids.end(), *id) != ids.end()) {
    step.code = *id;
    return;
  }
  std::string message = "'code' of " + where + " = \"" + *id + "\" is not a line of the " +
                        std::string(variant.go_name) + " code pane";
  if (ids.empty()) {
    r_.error(step.code_pos, message + ": " + std::string(variant.go_name) +
                                " has no cleanup queue, so no lines to point at");
    return;
  }
  if (auto near = closest_name(*id, ids)) message += " (did you mean \"" + *near + "\"?)";
  message += ": allowed ";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    message += (i == 0 ? "" : ", ") + std::string(ids[i]);
  }
  r_.error(step.code_pos, message);
}

RunUntil LessonReader::read_until(const toml::node& node, const Scenario& scenario,
                                  const std::string& where) {
  RunUntil u;
  u.pos = TomlReader::pos_of(node);
  if (const auto* s = node.as_string()) {
    if (s->get() == "end") {
      u.kind = UntilKind::end;
    } else {
      r_.error(u.pos,
               "'until' must be \"end\" or a table such as { event = \"flush_end\" }, not \"" +
                   s->get() + "\"");
    }
    return u;
  }
  const auto* t = node.as_table();
  if (t == nullptr) {
    r_.error(u.pos, "'until' must be \"end\" or a table such as { event = \"flush_end\" }, not " +
                        std::string(TomlReader::type_name(node)));
    return u;
  }
  const std::string until_where = where + "'s 'until'";
  r_.reject_unknown_keys(*t, {"event", "nth", "p", "block", "a", "b", "step", "events"},
                         until_where);
  const int forms = (t->contains("event") ? 1 : 0) + (t->contains("step") ? 1 : 0) +
                    (t->contains("events") ? 1 : 0);
  if (forms != 1) {
    r_.error(u.pos, "'until' needs exactly one of 'event', 'step' or 'events'");
    return u;
  }
  if (!t->contains("event")) {
    for (const char* filter : {"nth", "p", "block", "a", "b"}) {
      if (const toml::node* n = t->get(filter)) {
        r_.error(TomlReader::pos_of(*n), quote_key(filter) + " only goes with 'event'");
      }
    }
    const bool by_step = t->contains("step");
    const std::int64_t hi = by_step ? static_cast<std::int64_t>(kMaxRunSteps) : 1'000'000'000;
    if (auto v = r_.integer(*t, by_step ? "step" : "events", 1, hi, true, until_where)) {
      u.kind = by_step ? UntilKind::step : UntilKind::events;
      u.target = static_cast<std::uint64_t>(*v);
    }
    return u;
  }
  auto name = r_.string(*t, "event", true, until_where);
  if (!name) return u;
  const SourcePos event_pos = TomlReader::pos_of(*t->get("event"));
  const auto kind = parse_event_kind(*name);
  if (!kind) {
    std::vector<std::string_view> kinds;
    for (EventKind k : kEveryEventKind) kinds.push_back(to_string(k));
    std::string message = quote_key(*name) + " is not an event kind";
    if (auto near = closest_name(*name, kinds))
      message += " (did you mean " + quote_key(*near) + "?)";
    r_.error(event_pos, message);
    return u;
  }
  const bool go124_only = *kind == EventKind::fin_enqueue || *kind == EventKind::fin_take_all ||
                          *kind == EventKind::fin_wake;
  if (go124_only && scenario.design() == Design::cleanup_queue) {
    r_.error(event_pos, quote_key(*name) +
                            " never happens in this scenario: only go = \"go1.24\" (the "
                            "finalizer queue) emits it");
    return u;
  }
  u.kind = UntilKind::event;
  u.event = *kind;
  u.nth = static_cast<std::uint64_t>(
      r_.integer(*t, "nth", 1, 1'000'000'000, false, until_where).value_or(0));
  if (auto p = r_.integer(*t, "p", 0, static_cast<std::int64_t>(scenario.gomaxprocs) - 1, false,
                          until_where)) {
    u.p = static_cast<std::uint16_t>(*p);
  }
  if (auto b = r_.integer(*t, "block", 0, 0xfffffffe, false, until_where)) {
    u.block = static_cast<std::uint32_t>(*b);
  }
  if (auto a =
          r_.integer(*t, "a", 0, std::numeric_limits<std::int64_t>::max(), false, until_where)) {
    u.a = static_cast<std::uint64_t>(*a);
  }
  if (auto b = r_.integer(*t, "b", 0, 0xffffffff, false, until_where))
    u.b = static_cast<std::uint32_t>(*b);
  return u;
}

ParseResult parse_lesson_text(std::string_view text, const std::string& file) {
  ParseResult result;
  if (text.size() > kMaxLessonFileBytes) {
    result.diagnostics.push_back({file,
                                  {1, 1},
                                  "the file is " + std::to_string(text.size()) +
                                      " bytes: a lesson is at most " +
                                      std::to_string(kMaxLessonFileBytes)});
    return result;
  }
  if (auto hazard = find_toml_hazard(text)) {
    result.diagnostics.push_back({file, hazard->pos, hazard->message});
    return result;
  }
  toml::table root;
  try {
    root = toml::parse(text, std::string_view(file));
  } catch (const toml::parse_error& e) {
    result.diagnostics.push_back(
        {file, TomlReader::pos_of(e.source().begin), std::string(e.description())});
    return result;
  }
  TomlReader reader(file, result.diagnostics);
  Lesson lesson = LessonReader(reader, root).read();
  std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) { return a.pos < b.pos; });
  if (result.diagnostics.empty()) result.lesson = std::move(lesson);
  return result;
}

ParseResult parse_lesson_file(const std::string& path) {
  // Size, file type and UTF-8 are checked by the one reader of every file input, before (size,
  // type) or instead of (encoding) the TOML parser seeing the text.
  const io::TextFile file = io::read_text_file(path, kMaxLessonFileBytes, "a lesson file");
  if (!file.ok()) {
    ParseResult result;
    result.diagnostics.push_back(
        {path,
         {static_cast<std::uint32_t>(file.line), static_cast<std::uint32_t>(file.column)},
         file.detail});
    return result;
  }
  return parse_lesson_text(file.text, path);
}

}  // namespace cq::lesson
