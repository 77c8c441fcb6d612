#include "runtime/scenario_options.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <sstream>

#include "runtime/value_message.hpp"
#include "sim/threads_available.hpp"

namespace cq {
namespace {

constexpr std::uint64_t kMaxSeed = std::numeric_limits<std::int64_t>::max();  // TOML's integers
constexpr std::uint64_t kMaxCostNs = 1'000'000'000;                           // one virtual second
// Below this the scheduler rounds alone make most of a run's events (at 1 ns, millions per
// virtual millisecond: a run that crawls).
constexpr std::uint64_t kMinSchedRoundNs = 10;
constexpr std::uint64_t kMaxStuckCleanup = 1'000'000'000;
// What a run holds besides its trace (measured with /usr/bin/time on `cleanupq run`,
// tests/bench/README.md): about 25 bytes for each object of the GC cycle being swept (the dead
// lists, the queued blocks), which a cycle's cleanups bound, and 1-3 bytes for each cleanup of the
// whole run (the exactly-once books). The two limits keep a run's own memory under about 1 GiB;
// the app's trace has its own budget (Session's kAppTraceMib), and `cleanupq run` stores none.
constexpr std::uint64_t kMaxCycleCleanups = 20'000'000;
constexpr std::uint64_t kMaxTotalCleanups = 100'000'000;
constexpr double kMaxSpeed = 1e12;

// The shortest decimal text that reads back as the same double.
std::string real_text(double v) {
  char buffer[32];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buffer, sizeof buffer, "%.*g", precision, v);
    if (std::strtod(buffer, nullptr) == v) break;
  }
  return buffer;
}

std::optional<double> parse_real(std::string_view text) {
  if (text.empty() || text.size() > 64) return std::nullopt;
  // Plain decimal only: strtod would also take hexadecimal, leading spaces and "infinity".
  for (const char c : text) {
    if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')) {
      return std::nullopt;
    }
  }
  const std::string copy(text);
  char* end = nullptr;
  const double v = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size()) return std::nullopt;
  return v;
}

// "gc, sweeper0" -> {"gc", "sweeper0"}: the comma-separated items with the spaces around each
// comma dropped; an empty item stays (check_value refuses it), a blank text has none.
std::vector<std::string_view> comma_items(std::string_view text) {
  std::vector<std::string_view> out;
  if (text.find_first_not_of(' ') == std::string_view::npos) return out;
  for (;;) {
    const std::size_t comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    out.push_back(item);
    if (comma == std::string_view::npos) return out;
    text.remove_prefix(comma + 1);
  }
}

std::vector<std::string> split_names(std::string_view text) {
  std::vector<std::string> out;
  for (std::string_view item : comma_items(text)) {
    if (!item.empty()) out.emplace_back(item);
  }
  return out;
}

std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ",") + n;
  return out;
}

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Row builders: one line per option in the table below.
ScenarioOption row(std::string_view name, std::string_view key, OptionKind kind,
                   std::string_view help, std::string_view unit, std::string_view applies) {
  ScenarioOption o;
  o.name = name;
  o.key = key;
  o.kind = kind;
  o.help = help;
  o.unit = unit;
  o.applies = applies;
  return o;
}

template <class Field>
ScenarioOption count(std::string_view name, std::string_view key, Field Scenario::*field,
                     std::uint64_t min, std::uint64_t max, std::string_view unit,
                     std::string_view help, std::string_view applies = "every Go profile") {
  ScenarioOption o = row(name, key, OptionKind::count, help, unit, applies);
  o.min = min;
  o.max = max;
  o.text = [field](const Scenario& s) { return std::to_string(s.*field); };
  o.store = [field](Scenario& s, std::string_view t) {
    s.*field = static_cast<Field>(*parse_count(t));
  };
  return o;
}

ScenarioOption cost(std::string_view name, std::string_view key, std::uint64_t Costs::*field,
                    std::uint64_t min, std::string_view help) {
  ScenarioOption o = row(name, key, OptionKind::count, help, "ns", "every Go profile");
  o.min = min;
  o.max = kMaxCostNs;
  o.text = [field](const Scenario& s) { return std::to_string(s.costs.*field); };
  o.store = [field](Scenario& s, std::string_view t) { s.costs.*field = *parse_count(t); };
  return o;
}

// An option of the lock-free queue's machinery: Go 1.24's finalizer queue has none of it, so
// writing it under --go go1.24 is refused (check_applies).
ScenarioOption queue_only(ScenarioOption o) {
  o.applies = "the queue's profiles: e46c8e, go1.25, go1.26";
  o.queue_only = true;
  return o;
}

template <class Enum, class Parse>
ScenarioOption choice(std::string_view name, std::string_view key, Enum Scenario::*field,
                      Parse parse, std::vector<std::string_view> choices, std::string_view help,
                      std::string_view applies = "every Go profile") {
  ScenarioOption o = row(name, key, OptionKind::choice, help, "", applies);
  o.choices = std::move(choices);
  o.text = [field](const Scenario& s) { return std::string(to_string(s.*field)); };
  o.store = [field, parse](Scenario& s, std::string_view t) { s.*field = *parse(t); };
  return o;
}

// An off/on option over a bool field.
ScenarioOption switch_row(std::string_view name, std::string_view key, bool Scenario::*field,
                          std::string_view help) {
  ScenarioOption o = row(name, key, OptionKind::choice, help, "", "every Go profile");
  o.choices = {"off", "on"};
  o.text = [field](const Scenario& s) { return std::string(s.*field ? "on" : "off"); };
  o.store = [field](Scenario& s, std::string_view t) { s.*field = t == "on"; };
  return o;
}

std::string_view go_name(GoVersion v) {
  return go_profile(v).name;
}

std::vector<ScenarioOption> make_table() {
  std::vector<ScenarioOption> t;
  {
    ScenarioOption go =
        row("go", "go", OptionKind::choice,
            "which Go the run stands for: sets the wake protocol, the block capacity "
            "and the worker cap (each can then be overridden), and what no option overrides: "
            "the slot type, the stack tag width, flush's nil-P check and the statistics Go "
            "exposes (go1.24: the single finalizer goroutine instead of the queue)",
            "", "every run");
    go.choices = {"e46c8e", "go1.25", "go1.26", "go1.24"};
    go.text = [](const Scenario& s) { return std::string(go_name(s.go)); };
    go.store = [](Scenario& s, std::string_view text) {
      apply_go_profile(s, *parse_go_version(text));
    };
    t.push_back(std::move(go));
  }
  t.push_back(count("gomaxprocs", "gomaxprocs", &Scenario::gomaxprocs, kMinGomaxprocs,
                    kMaxGomaxprocs, "Ps", "number of Ps (GOMAXPROCS)"));
  {
    ScenarioOption o = count("mutators", "mutators", &Scenario::mutators, 0, kMaxMutators, "",
                             "goroutines calling AddCleanup");
    o.zero_means = "one per P";
    t.push_back(std::move(o));
  }
  t.push_back(count("cleanups", "cleanups", &Scenario::cleanups, 0, kMaxCleanupsPerMutator, "",
                    "AddCleanup calls per mutator per GC cycle"));
  t.push_back(count("gc-cycles", "gc_cycles", &Scenario::gc_cycles, 1, kMaxGcCycles, "",
                    "GC cycles: each registers, then collects"));
  t.push_back(queue_only(
      choice("shape", "shape", &Scenario::shape, parse_cycle_shape, {"uniform", "priming"},
             "what each GC cycle registers: uniform (--cleanups per mutator every cycle) or "
             "priming (Go's pool priming: one warm-up cleanup, --cleanups in each middle cycle, "
             "one probing AddCleanup last; each cycle starts once the queue is idle)")));
  t.push_back(count("sweepers", "sweepers", &Scenario::sweepers, 1, kMaxSweepers, "",
                    "sweeper goroutines"));
  {
    ScenarioOption o = count(
        "scheduler-rounds", "scheduler_rounds", &Scenario::scheduler_rounds, 0, kMaxGomaxprocs, "",
        "actors running the scheduler's cleanup hook, at most GOMAXPROCS (with "
        "fewer, P p's rounds are actor p mod n's)");
    o.zero_means = "one per P";
    t.push_back(std::move(o));
  }
  t.push_back(choice("scheduler", "scheduler", &Scenario::scheduler, parse_scheduler_model,
                     {"poll", "findrunnable"},
                     "when a P runs findRunnable's needsWake/wake: findrunnable (only when a "
                     "goroutine on the P parks, exits, is picked up, or has run 10 ms: Go's "
                     "schedule()) or poll (a simplification: every P every --sched-round-ns, idle "
                     "or not)"));
  t.push_back(choice("gc-phases", "gc_phases", &Scenario::gc_phases, parse_gc_phases,
                     {"parked", "go"},
                     "how a GC cycle runs: parked (the model's off, mark, sweep, with the mutators "
                     "parked from their check-in until the sweep ends) or go (Go's: sweep "
                     "termination and mark termination stop the world, the sweep runs in _GCoff "
                     "while mutators keep calling AddCleanup, which may sweep a span and flush; "
                     "runtime/mgc.go gcStart, gcMarkTermination)"));
  t.push_back(switch_row("sched-gc-worker", "sched_gc_worker", &Scenario::sched_gc_worker,
                         "findrunnable only: while the GC marks, a round returns a GC mark worker "
                         "before needsWake (runtime/proc.go findRunnable, findRunnableGCWorker)"));
  t.push_back(switch_row("sched-global-runq", "sched_global_runq", &Scenario::sched_global_runq,
                         "findrunnable only: every 61st round of a P takes a goroutine off the "
                         "global run queue before needsWake (runtime/proc.go findRunnable, "
                         "schedtick%61)"));
  t.push_back(count("span-objects", "span_objects", &Scenario::span_objects, 1, 4096, "objects",
                    "dead objects per span a sweeper claims at once"));
  t.push_back(queue_only(count("block-capacity", "block_capacity", &Scenario::block_capacity,
                               kMinBlockCapacity, kMaxBlockCapacity, "cleanups",
                               "cleanups per block (Go: 60 in go1.25, 20 in go1.26)")));
  t.push_back(queue_only(
      choice("protocol", "protocol", &Scenario::protocol, parse_wake_protocol, {"oneshot", "level"},
             "wake protocol: oneshot (e46c8e, never released) or level (CL 671676, "
             "Go 1.25.0 on)")));
  t.push_back(
      queue_only(choice("worker-cap", "worker_cap", &Scenario::worker_cap, parse_worker_cap,
                        {"quarter", "gomaxprocs"},
                        "cleanup goroutines at most: quarter = max(GOMAXPROCS/4, 1) as Go's "
                        "maxCleanupGs, or gomaxprocs")));
  {
    t.push_back(choice("runner", "runner", &Scenario::runner, parse_runner,
                       {"threaded", "conducted", "inline"},
                       "threaded (real threads in parallel), conducted (one step at a time on "
                       "real threads) or inline (one thread; the same choices as conducted)",
                       "every Go profile"));
  }
  t.push_back(count("seed", "seed", &Scenario::seed, 0, kMaxSeed, "",
                    "seed for the conducted and inline runners' choices"));
  t.push_back(count("stuck-cleanup", "stuck_cleanup", &Scenario::stuck_cleanup, 0, kMaxStuckCleanup,
                    "", "id of a cleanup that never returns"));
  t.back().zero_means = "none";
  // GOMAXPROCS changes and faults (docs/model-vs-go.md, "GOMAXPROCS changes and faults").
  t.push_back(queue_only(
      count("shrink-gomaxprocs-to", "shrink_gomaxprocs_to", &Scenario::shrink_gomaxprocs_to, 0,
            kMaxGomaxprocs - 1, "Ps",
            "GOMAXPROCS shrinks to this while the sweep of --resize-during-cycle is half "
            "done: the cut Ps' partial blocks are never flushed")));
  t.back().zero_means = "none";
  t.push_back(
      queue_only(count("grow-gomaxprocs-to", "grow_gomaxprocs_to", &Scenario::grow_gomaxprocs_to, 0,
                       kMaxGomaxprocs, "Ps",
                       "GOMAXPROCS grows to this as the sweep of --resize-during-cycle ends: the "
                       "flush meets the new, still nil Ps (e46c8e crashes)")));
  t.back().zero_means = "none";
  t.push_back(queue_only(count("resize-during-cycle", "resize_during_cycle",
                               &Scenario::resize_during_cycle, 1, kMaxGcCycles, "",
                               "the GC cycle (from 1) whose sweep sees the shrink or growth")));
  t.push_back(
      queue_only(count("regrow-after-cycle", "regrow_after_cycle", &Scenario::regrow_after_cycle, 0,
                       kMaxGcCycles, "",
                       "after a shrink, GOMAXPROCS grows back once this GC cycle ends: the next "
                       "sweep's flush finds the stranded blocks again")));
  t.back().zero_means = "never";
  t.push_back(count("goexit-in-cleanup", "goexit_in_cleanup", &Scenario::goexit_cleanup, 0,
                    kMaxStuckCleanup, "",
                    "id of a cleanup that calls runtime.Goexit: its goroutine dies mid-block "
                    "(#71824)"));
  t.back().zero_means = "none";
  t.push_back(count("panic-in-cleanup", "panic_in_cleanup", &Scenario::panic_cleanup, 0,
                    kMaxStuckCleanup, "", "id of a cleanup that panics: the program crashes"));
  t.back().zero_means = "none";
  {
    ScenarioOption o =
        row("schedule", "schedule", OptionKind::names,
            "actor names stepped first, comma-separated (conducted and inline runners)", "",
            "every Go profile");
    o.text = [](const Scenario& s) { return join_names(s.schedule); };
    o.store = [](Scenario& s, std::string_view text) { s.schedule = split_names(text); };
    t.push_back(std::move(o));
  }
  t.push_back(cost("add-cleanup-ns", "costs.add_cleanup_ns", &Costs::add_cleanup_ns, 0,
                   "virtual time of one AddCleanup"));
  t.push_back(cost("sweep-object-ns", "costs.sweep_object_ns", &Costs::sweep_object_ns, 0,
                   "virtual time to sweep one dead object and enqueue its cleanup"));
  t.push_back(cost("cleanup-cost-ns", "costs.cleanup_ns", &Costs::cleanup_ns, 0,
                   "virtual time one cleanup runs"));
  // Not refused under findrunnable, where it still staggers the Ps' first rounds and paces
  // priming's wait for an idle queue: a scenario written for the poll scheduler keeps running,
  // and the help says what the value does there (docs/model-vs-go.md, S1).
  t.push_back(cost("sched-round-ns", "costs.sched_round_ns", &Costs::sched_round_ns,
                   kMinSchedRoundNs,
                   "virtual time between two scheduling rounds of a P under --scheduler poll; "
                   "under findrunnable it only staggers the Ps' first rounds and paces --shape "
                   "priming's wait for an idle queue"));
  t.push_back(cost("wake-latency-ns", "costs.wake_latency_ns", &Costs::wake_latency_ns, 0,
                   "virtual time from injectglist to the woken goroutine running"));
  t.push_back(cost("root-scan-ns", "costs.root_scan_ns", &Costs::root_scan_ns, 0,
                   "virtual time to scan one block as a GC root"));
  t.push_back(cost("gc-phase-ns", "costs.gc_phase_ns", &Costs::gc_phase_ns, 0,
                   "virtual time of a GC phase change"));
  t.push_back(cost("sweep-gate-ns", "costs.sweep_gate_ns", &Costs::sweep_gate_ns, 0,
                   "virtual time of a sweep-gate operation (begin, end, acquiring a P)"));
  {
    ScenarioOption o =
        row("speed", "speed", OptionKind::real,
            "virtual ns per wall ns (0.001 = 1/1000x), or unthrottled", "x", "every Go profile");
    o.real_min = kMinSpeed;
    o.real_max = kMaxSpeed;
    o.word = "unthrottled";
    o.surfaces = 0;  // lessons pace themselves; the app has its own speed control
    o.text = [](const Scenario& s) {
      return s.speed == 0 ? std::string("unthrottled") : real_text(s.speed);
    };
    o.store = [](Scenario& s, std::string_view text) {
      s.speed = text == "unthrottled" ? 0 : *parse_real(text);
    };
    t.push_back(std::move(o));
  }
  return t;
}

std::string quoted_value(const ScenarioOption& o, std::string_view value) {
  if (o.kind == OptionKind::count) return std::string(value);
  if (o.kind == OptionKind::real && value != o.word) return std::string(value);
  return "\"" + std::string(value) + "\"";
}

}  // namespace

std::string ScenarioOption::allowed(bool quote_words) const {
  switch (kind) {
    case OptionKind::count: {
      std::string a = range_text(min, max);
      if (!zero_means.empty()) a += " (0 = " + std::string(zero_means) + ")";
      return a;
    }
    case OptionKind::real: {
      std::string a = real_text(real_min) + ".." + real_text(real_max);
      if (!word.empty()) a += " or " + std::string(word);
      return a;
    }
    case OptionKind::choice:
      return word_list(choices, quote_words);
    case OptionKind::names:
      return "actor names separated by commas";
  }
  return {};
}

const std::vector<ScenarioOption>& scenario_options() {
  static const std::vector<ScenarioOption> table = make_table();
  return table;
}

const ScenarioOption* find_option(std::string_view name_or_key) {
  for (const ScenarioOption& o : scenario_options()) {
    if (o.name == name_or_key || o.key == name_or_key) return &o;
  }
  return nullptr;
}

std::string option_message(const ScenarioOption& o, std::string_view value,
                           std::string_view problem, Spelling spelling, std::string_view allowed) {
  std::string who;
  switch (spelling) {
    case Spelling::flag:
      who = o.flag() + " " + std::string(value);
      break;
    case Spelling::lesson:
      who = "'" + std::string(o.key) + "' = " + quoted_value(o, value);
      break;
    case Spelling::url:
      who = "URL parameter " + std::string(o.name) + "=" + std::string(value);
      break;
  }
  return value_message(
      who, problem,
      allowed.empty() ? o.allowed(spelling == Spelling::lesson) : std::string(allowed));
}

std::optional<std::string> check_value(const ScenarioOption& o, std::string_view text,
                                       Spelling spelling) {
  switch (o.kind) {
    case OptionKind::count:
      if (auto problem = count_problem(text, o.min, o.max)) {
        return option_message(o, text, *problem, spelling);
      }
      return std::nullopt;
    case OptionKind::real: {
      if (!o.word.empty() && text == o.word) return std::nullopt;
      const auto v = parse_real(text);
      if (!v || !std::isfinite(*v)) return option_message(o, text, "is not a number", spelling);
      if (*v < o.real_min || *v > o.real_max) {
        return option_message(o, text, "is out of range", spelling);
      }
      return std::nullopt;
    }
    case OptionKind::choice:
      if (auto problem = choice_problem(text, o.choices)) {
        return option_message(o, text, *problem, spelling);
      }
      return std::nullopt;
    case OptionKind::names:
      for (std::string_view item : comma_items(text)) {  // a name each, spaces only at commas
        bool ok = !item.empty();
        for (const char c : item) ok = ok && is_name_char(c);
        if (!ok) return option_message(o, text, "is not a list of names", spelling);
      }
      return std::nullopt;
  }
  return std::nullopt;
}

std::optional<ScenarioProblem> apply_options(Scenario& s, const OptionValues& values,
                                             Spelling spelling) {
  for (const auto& [name, value] : values) {
    if (find_option(name) == nullptr) {
      return ScenarioProblem{nullptr, "'" + name + "' is not a scenario option"};
    }
  }
  for (const ScenarioOption& o : scenario_options()) {
    auto it = values.find(o.name);
    if (it == values.end()) it = values.find(o.key);
    if (it == values.end()) continue;
    if (auto problem = check_value(o, it->second, spelling)) return ScenarioProblem{&o, *problem};
    o.store(s, it->second);
  }
  for (const ScenarioOption& o : scenario_options()) {
    if (!values.contains(o.name) && !values.contains(o.key)) continue;
    if (auto problem = check_applies(o, s, spelling)) return ScenarioProblem{&o, *problem};
  }
  return check_scenario(s, spelling);
}

OptionValues differing_options(const Scenario& s, const Scenario& defaults) {
  Scenario base = defaults;
  apply_go_profile(base, s.go);
  OptionValues out;
  for (const ScenarioOption& o : scenario_options()) {
    std::string value = o.text(s);
    if (o.name == "go" ? s.go != defaults.go : value != o.text(base)) {
      out.emplace(std::string(o.name), std::move(value));
    }
  }
  return out;
}

OptionValues all_options(const Scenario& s) {
  OptionValues out;
  for (const ScenarioOption& o : scenario_options()) out.emplace(std::string(o.name), o.text(s));
  return out;
}

std::string to_command_line(const Scenario& s) {
  OptionValues differ = differing_options(s);
  // Always the runner: the default differs between builds (a page without threads runs inline),
  // and a line copied there must run the same way in a desktop shell.
  differ.emplace("runner", std::string(to_string(s.runner)));
  std::string line = "cleanupq run";
  for (const ScenarioOption& o : scenario_options()) {  // the table's order, not the map's
    auto it = differ.find(o.name);
    if (it == differ.end()) continue;
    line += " " + o.flag() + " " + it->second;
  }
  return line;
}

std::string to_lesson_toml(const Scenario& s, const Scenario& defaults) {
  const OptionValues differ = differing_options(s, defaults);
  std::ostringstream top;
  std::ostringstream costs;
  for (const ScenarioOption& o : scenario_options()) {
    auto it = differ.find(o.name);
    if (it == differ.end() || !(o.surfaces & kInLesson)) continue;
    std::string value;
    if (o.kind == OptionKind::names) {
      for (const std::string& n : split_names(it->second)) {
        value += value.empty() ? "\"" : ", \"";
        value += n;
        value += '"';
      }
      value.insert(0, 1, '[');
      value += ']';
    } else {
      value = quoted_value(o, it->second);
    }
    const std::string_view key = o.key;
    if (key.rfind("costs.", 0) == 0) {
      costs << key.substr(6) << " = " << value << "\n";
    } else {
      top << key << " = " << value << "\n";
    }
  }
  std::string out = "[scenario]\n" + top.str();
  if (!costs.str().empty()) out += "\n[scenario.costs]\n" + costs.str();
  return out;
}

std::optional<std::string> check_applies(const ScenarioOption& o, const Scenario& s,
                                         Spelling spelling) {
  if (!o.queue_only || s.design() != Design::finalizer_queue) return std::nullopt;
  return option_message(
      o, o.text(s),
      "does not apply to go1.24 (one finalizer goroutine, no blocks, no wake protocol)", spelling,
      "only with go e46c8e, go1.25 or go1.26");
}

// The checks that involve several options, in the spelling of the front end that asks.
std::optional<ScenarioProblem> check_scenario(const Scenario& s, Spelling spelling) {
  auto problem = [&](std::string_view name, std::string_view value, std::string_view what,
                     const std::string& allowed) -> ScenarioProblem {
    const ScenarioOption& o = *find_option(name);
    return {&o, option_message(o, value, what, spelling, allowed)};
  };
  // Another option a message names, as this front end spells it: "--gc-cycles", 'gc_cycles'.
  auto spelled = [spelling](std::string_view name) {
    const ScenarioOption& o = *find_option(name);
    switch (spelling) {
      case Spelling::flag:
        return o.flag();
      case Spelling::lesson:
        return "'" + std::string(o.key) + "'";
      case Spelling::url:
        break;
    }
    return std::string(o.name);
  };
  for (const ScenarioOption& o : scenario_options()) {
    if (auto m = check_value(o, o.text(s), spelling)) return ScenarioProblem{&o, *m};
  }
  if (s.scheduler_rounds > s.gomaxprocs) {
    return problem("scheduler-rounds", std::to_string(s.scheduler_rounds), "is out of range",
                   "0 (one per P) or 1.." + std::to_string(s.gomaxprocs) + " (GOMAXPROCS)");
  }
  for (const auto& [name, on] :
       {std::pair<std::string_view, bool>{"sched-gc-worker", s.sched_gc_worker},
        {"sched-global-runq", s.sched_global_runq}}) {
    if (on && s.scheduler != SchedulerModel::findrunnable) {
      return problem(name, "on",
                     "needs " + spelled("scheduler") +
                         " findrunnable (the poll has no findRunnable to return early from)",
                     "off with " + spelled("scheduler") + " poll");
    }
  }
  if (s.shape == CycleShape::priming && s.gc_cycles < 3) {
    return problem("shape", "priming",
                   "needs " + spelled("gc-cycles") + " 3 or more (warm-up, priming, probe), not " +
                       std::to_string(s.gc_cycles),
                   "uniform with any " + spelled("gc-cycles") + ", priming with 3 or more");
  }
  // Each priming cycle waits for an idle queue: a cleanup that never returns, a goroutine that dies
  // counted as running, or blocks stranded by a shrink would make it wait for ever.
  for (const auto& [name, value] :
       {std::pair<std::string_view, std::uint64_t>{"stuck-cleanup", s.stuck_cleanup},
        {"goexit-in-cleanup", s.goexit_cleanup},
        {"shrink-gomaxprocs-to", s.shrink_gomaxprocs_to}}) {
    if (s.shape == CycleShape::priming && value != 0) {
      return problem("shape", "priming",
                     "cannot go with " + spelled(name) +
                         " (each cycle waits for an idle queue, "
                         "which would never come)",
                     "uniform with " + spelled(name));
    }
  }
  const std::uint64_t cycle_cleanups = std::uint64_t{s.mutator_count()} * s.cleanups;
  if (cycle_cleanups > kMaxCycleCleanups) {
    return problem("cleanups", std::to_string(s.cleanups),
                   "gives " + std::to_string(cycle_cleanups) +
                       " cleanups in one GC cycle (mutators x cleanups)",
                   "up to " + std::to_string(kMaxCycleCleanups) + " in a cycle");
  }
  if (s.total_cleanups() > kMaxTotalCleanups) {
    return problem("cleanups", std::to_string(s.cleanups),
                   "gives " + std::to_string(s.total_cleanups()) +
                       " cleanups in all (mutators x cleanups x " + spelled("gc-cycles") + ")",
                   "up to " + std::to_string(kMaxTotalCleanups) + " in all");
  }
  if (s.stuck_cleanup > s.total_cleanups()) {
    return problem("stuck-cleanup", std::to_string(s.stuck_cleanup), "is out of range",
                   s.total_cleanups() == 0
                       ? std::string("only 0 (none): this scenario has no cleanups")
                       : "0 (none) or 1.." + std::to_string(s.total_cleanups()) +
                             " (the cleanups of this scenario)");
  }
  // A cleanup id of this scenario, for the options that name one.
  auto check_cleanup_id = [&](std::string_view name,
                              std::uint64_t id) -> std::optional<ScenarioProblem> {
    if (id <= s.total_cleanups()) return std::nullopt;
    return problem(name, std::to_string(id), "is out of range",
                   s.total_cleanups() == 0
                       ? std::string("only 0 (none): this scenario has no cleanups")
                       : "0 (none) or 1.." + std::to_string(s.total_cleanups()) +
                             " (the cleanups of this scenario)");
  };
  if (auto p = check_cleanup_id("goexit-in-cleanup", s.goexit_cleanup)) return p;
  if (auto p = check_cleanup_id("panic-in-cleanup", s.panic_cleanup)) return p;
  // One cleanup does one thing: never return, call Goexit, or panic.
  const auto same_cleanup = [&](std::string_view name, std::uint64_t id, std::uint64_t other,
                                std::string_view other_name) -> std::optional<ScenarioProblem> {
    if (id == 0 || id != other) return std::nullopt;
    return problem(name, std::to_string(id), "is the cleanup " + spelled(other_name) + " names",
                   "another cleanup id, or 0 (none)");
  };
  if (auto p =
          same_cleanup("goexit-in-cleanup", s.goexit_cleanup, s.stuck_cleanup, "stuck-cleanup")) {
    return p;
  }
  if (auto p =
          same_cleanup("panic-in-cleanup", s.panic_cleanup, s.stuck_cleanup, "stuck-cleanup")) {
    return p;
  }
  if (auto p = same_cleanup("panic-in-cleanup", s.panic_cleanup, s.goexit_cleanup,
                            "goexit-in-cleanup")) {
    return p;
  }
  if (s.shrink_gomaxprocs_to != 0 && s.shrink_gomaxprocs_to >= s.gomaxprocs) {
    return problem("shrink-gomaxprocs-to", std::to_string(s.shrink_gomaxprocs_to),
                   "does not shrink GOMAXPROCS " + std::to_string(s.gomaxprocs),
                   s.gomaxprocs == 1 ? std::string("only 0 (none) at GOMAXPROCS 1")
                                     : "0 (none) or 1.." + std::to_string(s.gomaxprocs - 1));
  }
  if (s.grow_gomaxprocs_to != 0 && s.grow_gomaxprocs_to <= s.gomaxprocs) {
    return problem(
        "grow-gomaxprocs-to", std::to_string(s.grow_gomaxprocs_to),
        "does not grow GOMAXPROCS " + std::to_string(s.gomaxprocs),
        s.gomaxprocs == kMaxGomaxprocs
            ? std::string("only 0 (none) at GOMAXPROCS ") + std::to_string(kMaxGomaxprocs)
            : "0 (none) or " + std::to_string(s.gomaxprocs + 1) + ".." +
                  std::to_string(kMaxGomaxprocs));
  }
  if (s.shrink_gomaxprocs_to != 0 && s.grow_gomaxprocs_to != 0) {
    return problem("grow-gomaxprocs-to", std::to_string(s.grow_gomaxprocs_to),
                   "cannot go with " + spelled("shrink-gomaxprocs-to") + " (one change per run)",
                   "0 (none)");
  }
  const bool resizes = s.shrink_gomaxprocs_to != 0 || s.grow_gomaxprocs_to != 0;
  if (s.resize_during_cycle != 1 && !resizes) {
    return problem("resize-during-cycle", std::to_string(s.resize_during_cycle),
                   "changes nothing without " + spelled("shrink-gomaxprocs-to") + " or " +
                       spelled("grow-gomaxprocs-to"),
                   "1 (the default) unless GOMAXPROCS changes");
  }
  if (s.resize_during_cycle > s.gc_cycles) {
    return problem("resize-during-cycle", std::to_string(s.resize_during_cycle), "is out of range",
                   "1.." + std::to_string(s.gc_cycles) + " (" + spelled("gc-cycles") + ")");
  }
  if (s.regrow_after_cycle != 0 && s.shrink_gomaxprocs_to == 0) {
    return problem("regrow-after-cycle", std::to_string(s.regrow_after_cycle),
                   "needs " + spelled("shrink-gomaxprocs-to") + " (nothing to grow back from)",
                   "0 (never)");
  }
  if (s.regrow_after_cycle != 0 &&
      (s.regrow_after_cycle < s.resize_during_cycle || s.regrow_after_cycle > s.gc_cycles)) {
    return problem("regrow-after-cycle", std::to_string(s.regrow_after_cycle), "is out of range",
                   "0 (never) or " + std::to_string(s.resize_during_cycle) + ".." +
                       std::to_string(s.gc_cycles) + " (from " + spelled("resize-during-cycle") +
                       " to " + spelled("gc-cycles") + ")");
  }
  if (!kThreadsAvailable && s.runner != RunnerKind::inline_) {
    return problem("runner", to_string(s.runner),
                   "needs threads, and this build has none (a page that is not cross-origin "
                   "isolated)",
                   "inline, which makes the same choices as conducted");
  }
  if (s.runner == RunnerKind::threaded && !s.schedule.empty()) {
    return problem("schedule", join_names(s.schedule),
                   "needs the conducted or inline runner (the threaded runner has no single "
                   "next step to script)",
                   "with " + spelled("runner") + " conducted or inline");
  }
  if (s.design() == Design::finalizer_queue) {
    const GoProfile& p = go_profile(s.go);
    if (s.protocol != p.protocol) {
      return problem("protocol", to_string(s.protocol),
                     "does not apply to go1.24 (one finalizer goroutine, no wake protocol)",
                     "only with go e46c8e, go1.25 or go1.26");
    }
    if (s.worker_cap != p.worker_cap) {
      return problem("worker-cap", to_string(s.worker_cap),
                     "does not apply to go1.24 (one finalizer goroutine)",
                     "only with go e46c8e, go1.25 or go1.26");
    }
    if (s.shape != CycleShape::uniform) {
      return problem("shape", to_string(s.shape),
                     "does not apply to go1.24 (one finalizer goroutine: no pool to prime)",
                     "only with go e46c8e, go1.25 or go1.26");
    }
    if (s.block_capacity != p.block_capacity) {
      return problem("block-capacity", std::to_string(s.block_capacity),
                     "does not apply to go1.24 (finq has no blocks of this queue)",
                     "only with go e46c8e, go1.25 or go1.26");
    }
    // No P-local blocks in Go 1.24 (finq is global): a GOMAXPROCS change strands nothing.
    for (const auto& [name, value] : {std::pair<std::string_view, std::uint32_t>{
                                          "shrink-gomaxprocs-to", s.shrink_gomaxprocs_to},
                                      {"grow-gomaxprocs-to", s.grow_gomaxprocs_to},
                                      {"regrow-after-cycle", s.regrow_after_cycle}}) {
      if (value != 0) {
        return problem(name, std::to_string(value),
                       "does not apply to go1.24 (finq has no P-local blocks to strand)",
                       "only with go e46c8e, go1.25 or go1.26");
      }
    }
  }
  return std::nullopt;
}

std::optional<std::string> validate(const Scenario& s) {
  if (auto p = check_scenario(s, Spelling::flag)) return p->message;
  return std::nullopt;
}

}  // namespace cq
