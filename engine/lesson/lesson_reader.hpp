// LessonReader: walks one parsed lesson file into a Lesson, reporting through a TomlReader.
// Internal to the parser (lesson_parser.cpp: the top level, steps, `until`, challenges;
// lesson_questions.cpp: highlights, questions, choices, quantity names and placeholders).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lesson/lesson.hpp"
#include "lesson/lesson_scenario.hpp"
#include "lesson/toml_reader.hpp"

namespace cq::lesson {

class LessonReader {
 public:
  LessonReader(TomlReader& reader, const toml::table& root) : r_(reader), root_(root) {}
  Lesson read();

 private:
  void check_length(const std::string& text, std::size_t max, const std::string& what,
                    SourcePos pos);
  // `teaches` or `needs`: an array (possibly empty) of concept names (lesson_concepts.hpp).
  void read_concepts(std::string_view key, std::vector<ConceptUse>& out, SourcePos& key_pos);
  void read_steps(Lesson& lesson);
  LessonStep read_step(const toml::table& t, std::size_t number, const Scenario& in_effect,
                       bool& seen_challenge);
  void read_challenge(const toml::table& t, LessonStep& step, const Scenario& scenario,
                      const std::string& where);
  // `sources` (each a Go file, CL or issue) and `model_vs_go`.
  void read_sources(const toml::table& t, LessonStep& step, const Scenario& scenario,
                    const std::string& where);
  RunUntil read_until(const toml::node& node, const Scenario& scenario, const std::string& where);
  void read_code_line(const toml::table& t, LessonStep& step, const Scenario& scenario,
                      const std::string& where);
  void read_highlights(const toml::table& t, LessonStep& step, const Scenario& scenario,
                       const std::string& where);
  void read_questions(const toml::table& t, LessonStep& step, const Scenario& scenario,
                      const std::string& where);
  // `kind`: observe (the default) or predict, which needs a step that runs.
  void read_question_kind(const toml::table& q, const LessonStep& step, Question& question,
                          const std::string& q_where);
  void read_choices(const toml::table& q, Question& question);
  // The quantity `text` names, or nullopt with the problem reported at `pos`.
  std::optional<QuantityRef> quantity(const std::string& text, SourcePos pos,
                                      const Scenario& scenario);
  // Every {placeholder} of `text` must name a quantity.
  void check_placeholders(const std::string& text, SourcePos pos, const Scenario& scenario);

  TomlReader& r_;
  const toml::table& root_;
  ScenarioKeyPositions scenario_positions_;
  bool scenario_ok_ = false;  // the lesson's [scenario] read and validated without a problem
};

}  // namespace cq::lesson
