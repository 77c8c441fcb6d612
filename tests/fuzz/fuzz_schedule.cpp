// The `--schedule` string (the scenario option `schedule`, runtime/scenario_options.hpp) and what
// it drives: the first byte picks a small scenario (Ps, GC cycles, Go version, worker cap,
// mutators, sweepers), the rest is the schedule, checked by the option's own parser and, when
// accepted, stepped by the inline runner: the fuzzer explores interleavings of the real queue.
// Properties: an accepted schedule's text reads back as the same names; whatever the schedule,
// once it is used up (or stops at an actor that is not ready) and the runner chooses again, the
// run ends with every cleanup run exactly once, no invariant broken and nothing stranded (the
// level-triggered wake of CL 671676, in go1.25 and go1.26); and the same schedule gives the same
// trace.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_require.hpp"
#include "runtime/scenario_options.hpp"
#include "runtime/sim_runtime.hpp"

namespace {

using cq::fuzz::require;

constexpr std::uint64_t kStepBudget = 200'000;  // far more than these scenarios take

cq::Scenario scenario_of(std::uint8_t b) {
  cq::Scenario s;
  cq::apply_go_profile(s, (b & 8) ? cq::GoVersion::go1_26 : cq::GoVersion::go1_25);
  s.gomaxprocs = 1u << (b & 3);  // 8 Ps: a pool of two cleanup goroutines
  s.gc_cycles = 1 + ((b >> 2) & 1);
  s.worker_cap = (b & 16) ? cq::WorkerCapPolicy::gomaxprocs : cq::WorkerCapPolicy::quarter;
  s.mutators = 1 + ((b >> 5) & 1);
  s.sweepers = 1 + ((b >> 6) & 1);
  s.scheduler_rounds = 1;
  s.cleanups = 5;
  s.block_capacity = 2;  // blocks fill and go to the full stack after two cleanups
  s.span_objects = 2;
  s.runner = cq::RunnerKind::inline_;
  s.seed = b >> 7;
  s.max_steps = kStepBudget;
  return s;
}

struct Ran {
  cq::RunSummary summary;
  std::string schedule_error;
};

Ran run(const cq::Scenario& s) {
  cq::SimRuntime sim(s);
  cq::RunOutcome out = sim.run();
  Ran ran;
  if (out.why == cq::RunStop::schedule_error) {
    // What a lesson does when replayed choices stop: the runner chooses from there on.
    ran.schedule_error = sim.runner().schedule_error();
    require(!ran.schedule_error.empty(), "a schedule error says why");
    sim.runner().set_schedule({});
    out = sim.run();
  }
  require(out.why == cq::RunStop::finished, "the run ends",
          "stopped: " + std::string(cq::to_string(out.why)));
  ran.summary = sim.summary();
  return ran;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0 || size > 2048) return 0;
  cq::Scenario s = scenario_of(data[0]);
  require(!cq::check_scenario(s), "the fuzz scenario is valid", cq::validate(s).value_or(""));
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  const cq::ScenarioOption& option = *cq::find_option("schedule");
  if (option.kind != cq::OptionKind::names) std::abort();
  if (auto problem = cq::check_value(option, text)) {
    require(problem->find("--schedule") == 0, "a refusal names the flag", *problem);
    return 0;
  }
  option.store(s, text);
  const std::string written = option.text(s);
  require(!cq::check_value(option, written), "the schedule's text is accepted", written);
  cq::Scenario again = s;
  option.store(again, written);
  require(again.schedule == s.schedule, "the schedule's text reads back the same", written);
  require(!cq::check_scenario(s), "a schedule of names keeps the scenario valid");

  const Ran first = run(s);
  const cq::RunSummary& r = first.summary;
  require(r.ok() && !r.stranded && r.lost == 0 && r.pending == 0,
          "every cleanup runs exactly once, nothing stranded",
          cq::to_command_line(s) + "\nregistered " + std::to_string(r.registered) + " executed " +
              std::to_string(r.executed) + " duplicated " + std::to_string(r.duplicated) +
              " invariant violations " + std::to_string(r.invariant_violations) +
              (r.stranded ? " stranded" : ""));
  const Ran second = run(s);
  require(
      second.summary.trace_hash == r.trace_hash && second.schedule_error == first.schedule_error,
      "the same schedule gives the same trace", cq::to_command_line(s));
  return 0;
}
