#include "lesson/lesson_scenario.hpp"

#include "lesson/quantities.hpp"
#include "queue/queue_config.hpp"
#include "runtime/scenario_options.hpp"

namespace cq::lesson {
namespace {

// A TOML value as the option table's text: integers for counts, strings for choices, an array of
// strings for a list of names. nullopt (reported) when the value has the wrong type.
std::optional<std::string> option_text(TomlReader& r, const toml::node& node,
                                       const ScenarioOption& o) {
  const SourcePos at = TomlReader::pos_of(node);
  const std::string name = quote_key(o.key);
  switch (o.kind) {
    case OptionKind::count:
      if (const auto* i = node.as_integer()) return std::to_string(i->get());
      r.error(at, name + " must be an integer, not " + std::string(TomlReader::type_name(node)));
      return std::nullopt;
    case OptionKind::real:
      if (const auto* f = node.as_floating_point()) return std::to_string(f->get());
      if (const auto* i = node.as_integer()) return std::to_string(i->get());
      break;
    case OptionKind::choice:
      if (const auto* s = node.as_string()) return s->get();
      r.error(at, name + " must be one of " + o.allowed(true) + ", not " +
                      std::string(TomlReader::type_name(node)));
      return std::nullopt;
    case OptionKind::names:
      if (const auto* a = node.as_array()) {
        std::string joined;
        for (const toml::node& item : *a) {
          const auto* s = item.as_string();
          if (s == nullptr || s->get().find(',') != std::string::npos) {
            r.error(TomlReader::pos_of(item), name + " must be an array of actor names");
            return std::nullopt;
          }
          joined += (joined.empty() ? "" : ",") + s->get();
        }
        return joined;
      }
      break;
  }
  r.error(at, name + " has the wrong type: " + std::string(TomlReader::type_name(node)));
  return std::nullopt;
}

SourcePos position_of(std::string_view key, const ScenarioKeyPositions& primary,
                      const ScenarioKeyPositions* fallback) {
  if (auto it = primary.keys.find(key); it != primary.keys.end()) return it->second;
  if (fallback != nullptr) {
    if (auto it = fallback->keys.find(key); it != fallback->keys.end()) return it->second;
  }
  return primary.table;
}

}  // namespace

Scenario lesson_default_scenario() {
  Scenario s;
  s.runner = RunnerKind::inline_;
  s.record_trace = true;
  s.trace_retained_chunks = 0;
  s.speed = 0;
  s.max_steps = kMaxRunSteps;
  return s;
}

void override_lesson_seed(Lesson& lesson, std::uint64_t seed) {
  lesson.scenario.seed = seed;
  for (LessonStep& step : lesson.steps) {
    if (step.restart) step.restart->seed = seed;
  }
}

void read_scenario_keys(TomlReader& r, const toml::table& t, Scenario& s,
                        ScenarioKeyPositions& positions, std::string_view where) {
  std::vector<std::string_view> top_keys{"costs"};
  std::vector<std::string_view> cost_keys;
  for (const ScenarioOption& o : scenario_options()) {
    if (!(o.surfaces & kInLesson)) continue;
    if (o.key.rfind("costs.", 0) == 0) {
      cost_keys.push_back(o.key.substr(6));
    } else {
      top_keys.push_back(o.key);
    }
  }
  r.reject_unknown_keys(t, top_keys, where);
  const toml::table* costs = r.table(t, "costs", false, where);
  if (costs != nullptr) r.reject_unknown_keys(*costs, cost_keys, std::string(where) + "'s 'costs'");
  // In the table's order, so that `go` is applied before the options it sets.
  for (const ScenarioOption& o : scenario_options()) {
    if (!(o.surfaces & kInLesson)) continue;
    const bool is_cost = o.key.rfind("costs.", 0) == 0;
    const toml::table* home = is_cost ? costs : &t;
    const toml::node* node =
        home == nullptr ? nullptr : home->get(is_cost ? o.key.substr(6) : o.key);
    if (node == nullptr) continue;
    positions.keys[std::string(o.key)] = TomlReader::pos_of(*node);
    auto text = option_text(r, *node, o);
    if (!text) continue;
    // Conducted and inline make the same choices, hence the same trace (sim/runner.hpp): a build
    // without threads (a browser page that is not cross-origin isolated) plays the lesson inline.
    if (o.name == "runner" && !kThreadsAvailable && *text == "conducted") *text = "inline";
    if (auto problem = check_value(o, *text, Spelling::lesson)) {
      r.error(TomlReader::pos_of(*node), *problem);
      continue;
    }
    o.store(s, *text);
  }
  // After every key: `go` may come from this table or an earlier one.
  for (const ScenarioOption& o : scenario_options()) {
    const auto at = positions.keys.find(o.key);
    if (at == positions.keys.end()) continue;
    if (auto problem = check_applies(o, s, Spelling::lesson)) r.error(at->second, *problem);
  }
}

bool check_lesson_scenario(TomlReader& r, const Scenario& s, const ScenarioKeyPositions& primary,
                           const ScenarioKeyPositions* fallback) {
  if (s.runner == RunnerKind::threaded) {
    r.error(position_of("runner", primary, fallback),
            "'runner' = \"threaded\" cannot replay a lesson the same way twice: use \"inline\" or "
            "\"conducted\"");
    return false;
  }
  if (auto problem = check_scenario(s, Spelling::lesson)) {
    r.error(position_of(problem->option->key, primary, fallback), problem->message);
    return false;
  }
  if (s.total_cleanups() > kMaxLessonCleanups) {
    r.error(position_of("cleanups", primary, fallback),
            "'cleanups' = " + std::to_string(s.cleanups) + " gives " +
                std::to_string(s.total_cleanups()) +
                " cleanups in all (mutators x cleanups x gc_cycles): a lesson allows up to " +
                std::to_string(kMaxLessonCleanups) + ", so that CI plays every lesson in seconds");
    return false;
  }
  for (std::size_t i = 0; i < s.schedule.size(); ++i) {
    if (auto problem = check_actor_name(s, s.schedule[i])) {
      r.error(position_of("schedule", primary, fallback),
              "'schedule' item " + std::to_string(i + 1) + ": " + *problem);
      return false;
    }
  }
  return true;
}

std::vector<std::string> scenario_actor_names(const Scenario& s) {
  std::vector<std::string> names{"gc"};
  for (std::uint32_t i = 0; i < s.mutator_count(); ++i)
    names.push_back("mutator" + std::to_string(i));
  for (std::uint32_t i = 0; i < s.sweepers; ++i) names.push_back("sweeper" + std::to_string(i));
  for (std::uint32_t i = 0; i < s.scheduler_round_count(); ++i) {
    names.push_back("sched" + std::to_string(i));
  }
  if (s.design() == Design::finalizer_queue) {
    names.emplace_back("fing");
  } else {
    const std::uint32_t cap = max_cleanup_goroutines(s.gomaxprocs, s.worker_cap);
    for (std::uint32_t g = 0; g < cap; ++g) names.push_back("worker" + std::to_string(g));
  }
  return names;
}

std::optional<std::string> check_actor_name(const Scenario& s, std::string_view name) {
  const std::vector<std::string> names = scenario_actor_names(s);
  for (const std::string& n : names) {
    if (n == name) return std::nullopt;
  }
  const std::vector<std::string_view> views(names.begin(), names.end());
  std::string message = quote_key(name) + " is not an actor of this scenario";
  if (auto near = closest_name(name, views)) message += " (did you mean " + quote_key(*near) + "?)";
  return message;
}

}  // namespace cq::lesson
