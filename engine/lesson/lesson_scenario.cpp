#include "lesson/lesson_scenario.hpp"

#include <cctype>
#include <cstdint>
#include <limits>

#include "lesson/quantities.hpp"
#include "queue/queue_config.hpp"

namespace cq::lesson {
namespace {

constexpr std::int64_t kU32Max = std::numeric_limits<std::uint32_t>::max();
constexpr std::int64_t kI64Max = std::numeric_limits<std::int64_t>::max();

// Reads an unsigned option. The *range* check is cq::validate's (so every front end agrees);
// this only rejects what cannot be stored in the field at all.
template <class Field>
void read_unsigned(TomlReader& r, const toml::table& t, std::string_view key, Field& field,
                   ScenarioKeyPositions& positions, std::string_view prefix = {}) {
  const toml::node* node = t.get(key);
  if (node == nullptr) return;
  const std::string name = std::string(prefix) + std::string(key);
  positions.keys[name] = TomlReader::pos_of(*node);
  const auto* i = node->as_integer();
  if (i == nullptr) {
    r.error(TomlReader::pos_of(*node),
            quote_key(name) + " must be an integer, not " + std::string(TomlReader::type_name(*node)));
    return;
  }
  const std::int64_t hi = sizeof(Field) == 4 ? kU32Max : kI64Max;
  if (i->get() < 0 || i->get() > hi) {
    r.error(TomlReader::pos_of(*node),
            quote_key(name) + " = " + std::to_string(i->get()) + " is out of range: " +
                (i->get() < 0 ? "it cannot be negative" : "at most " + std::to_string(hi)));
    return;
  }
  field = static_cast<Field>(i->get());
}

template <class Enum, class Parse>
void read_word(TomlReader& r, const toml::table& t, std::string_view key, Enum& field, Parse parse,
               std::string_view allowed, ScenarioKeyPositions& positions) {
  const toml::node* node = t.get(key);
  if (node == nullptr) return;
  positions.keys[std::string(key)] = TomlReader::pos_of(*node);
  const auto* s = node->as_string();
  const auto parsed = s == nullptr ? std::nullopt : parse(s->get());
  if (!parsed) {
    r.error(TomlReader::pos_of(*node),
            quote_key(key) + " must be one of " + std::string(allowed) +
                (s == nullptr ? ", not " + std::string(TomlReader::type_name(*node))
                              : ", not \"" + s->get() + "\""));
    return;
  }
  field = *parsed;
}

// "--gc-cycles" -> "gc_cycles"; the cost flags live in [scenario.costs].
std::string key_of_flag(std::string_view flag) {
  std::string key(flag);
  for (char& c : key) c = c == '-' ? '_' : c;
  if (key == "sched_round_ns") return "costs.sched_round_ns";
  if (key == "cleanup_cost_ns") return "costs.cleanup_ns";
  return key;
}

// cq::validate speaks in flags ("--gomaxprocs 0 is out of range: allowed 1..256"); a lesson
// author wrote keys: "'gomaxprocs' = 0 is out of range: allowed 1..256". Returns the message
// and the first key it names.
std::pair<std::string, std::string> in_key_words(const std::string& message) {
  std::string out;
  std::string first_key;
  for (std::size_t i = 0; i < message.size();) {
    if (message.compare(i, 2, "--") == 0) {
      std::size_t end = i + 2;
      while (end < message.size() &&
             (std::isalnum(static_cast<unsigned char>(message[end])) || message[end] == '-')) {
        ++end;
      }
      const std::string key = key_of_flag(std::string_view(message).substr(i + 2, end - i - 2));
      if (first_key.empty()) first_key = key;
      out += quote_key(key);
      // "--gomaxprocs 0 is ..." reads as an assignment: "'gomaxprocs' = 0 is ...".
      if (i == 0 && end < message.size() && message[end] == ' ' && end + 1 < message.size() &&
          std::isdigit(static_cast<unsigned char>(message[end + 1]))) {
        out += " =";
      }
      i = end;
    } else {
      out += message[i++];
    }
  }
  return {out, first_key};
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

void read_scenario_keys(TomlReader& r, const toml::table& t, Scenario& s,
                        ScenarioKeyPositions& positions, std::string_view where) {
  r.reject_unknown_keys(t,
                        {"gomaxprocs", "mutators", "cleanups", "gc_cycles", "sweepers",
                         "scheduler_rounds", "span_objects", "block_capacity", "protocol", "design",
                         "worker_cap", "runner", "seed", "stuck_cleanup", "schedule", "costs"},
                        where);
  read_unsigned(r, t, "gomaxprocs", s.gomaxprocs, positions);
  read_unsigned(r, t, "mutators", s.mutators, positions);
  read_unsigned(r, t, "cleanups", s.cleanups, positions);
  read_unsigned(r, t, "gc_cycles", s.gc_cycles, positions);
  read_unsigned(r, t, "sweepers", s.sweepers, positions);
  read_unsigned(r, t, "scheduler_rounds", s.scheduler_rounds, positions);
  read_unsigned(r, t, "span_objects", s.span_objects, positions);
  read_unsigned(r, t, "block_capacity", s.block_capacity, positions);
  read_unsigned(r, t, "seed", s.seed, positions);
  read_unsigned(r, t, "stuck_cleanup", s.stuck_cleanup, positions);
  read_word(r, t, "protocol", s.protocol, parse_wake_protocol, "\"oneshot\" or \"level\"",
            positions);
  read_word(r, t, "design", s.design, parse_design, "\"go125\" or \"go124\"", positions);
  read_word(r, t, "worker_cap", s.worker_cap, parse_worker_cap, "\"quarter\" or \"gomaxprocs\"",
            positions);
  read_word(r, t, "runner", s.runner, parse_runner, "\"inline\" or \"conducted\"", positions);
  // Conducted and inline make the same choices, hence the same trace (sim/runner.hpp): a build
  // without threads (a browser page that is not cross-origin isolated) plays the lesson inline.
  if (!kThreadsAvailable && s.runner == RunnerKind::conducted) s.runner = RunnerKind::inline_;
  if (const toml::node* node = t.get("schedule")) {
    positions.keys["schedule"] = TomlReader::pos_of(*node);
    if (auto names = r.string_array(t, "schedule", where)) s.schedule = *names;
  }
  if (const toml::table* costs = r.table(t, "costs", false, where)) {
    const std::string costs_where = std::string(where) + "'s 'costs'";
    r.reject_unknown_keys(*costs,
                          {"add_cleanup_ns", "sweep_object_ns", "cleanup_ns", "sched_round_ns",
                           "wake_latency_ns", "root_scan_ns", "gc_phase_ns", "sweep_gate_ns"},
                          costs_where);
    Costs& c = s.costs;
    read_unsigned(r, *costs, "add_cleanup_ns", c.add_cleanup_ns, positions, "costs.");
    read_unsigned(r, *costs, "sweep_object_ns", c.sweep_object_ns, positions, "costs.");
    read_unsigned(r, *costs, "cleanup_ns", c.cleanup_ns, positions, "costs.");
    read_unsigned(r, *costs, "sched_round_ns", c.sched_round_ns, positions, "costs.");
    read_unsigned(r, *costs, "wake_latency_ns", c.wake_latency_ns, positions, "costs.");
    read_unsigned(r, *costs, "root_scan_ns", c.root_scan_ns, positions, "costs.");
    read_unsigned(r, *costs, "gc_phase_ns", c.gc_phase_ns, positions, "costs.");
    read_unsigned(r, *costs, "sweep_gate_ns", c.sweep_gate_ns, positions, "costs.");
  }
}

bool check_scenario(TomlReader& r, const Scenario& s, const ScenarioKeyPositions& primary,
                    const ScenarioKeyPositions* fallback) {
  if (s.runner == RunnerKind::threaded) {
    r.error(position_of("runner", primary, fallback),
            "'runner' = \"threaded\" cannot replay a lesson the same way twice: use \"inline\" or "
            "\"conducted\"");
    return false;
  }
  if (auto message = validate(s)) {
    auto [text, key] = in_key_words(*message);
    r.error(position_of(key, primary, fallback), text);
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
  if (s.design == Design::go124) {
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
