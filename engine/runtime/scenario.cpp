#include "runtime/scenario.hpp"

#include <sstream>

#include "sim/threads_available.hpp"

namespace cq {

std::optional<Design> parse_design(std::string_view s) {
  if (s == "go125") return Design::go125;
  if (s == "go124") return Design::go124;
  return std::nullopt;
}

namespace {

std::optional<std::string> out_of_range(std::string_view flag, std::uint64_t value,
                                        std::uint64_t lo, std::uint64_t hi) {
  if (value >= lo && value <= hi) return std::nullopt;
  std::ostringstream m;
  m << "--" << flag << " " << value << " is out of range: allowed " << lo << ".." << hi;
  return m.str();
}

}  // namespace

std::optional<std::string> validate(const Scenario& s) {
  if (auto e = out_of_range("gomaxprocs", s.gomaxprocs, kMinGomaxprocs, kMaxGomaxprocs)) return e;
  if (s.mutators != 0) {
    if (auto e = out_of_range("mutators", s.mutators, 1, kMaxMutators)) return e;
  }
  if (auto e = out_of_range("cleanups", s.cleanups, 0, kMaxCleanupsPerMutator)) return e;
  if (auto e = out_of_range("gc-cycles", s.gc_cycles, 1, kMaxGcCycles)) return e;
  if (auto e = out_of_range("sweepers", s.sweepers, 1, kMaxSweepers)) return e;
  if (s.scheduler_rounds != 0) {
    if (auto e = out_of_range("scheduler-rounds", s.scheduler_rounds, 1, s.gomaxprocs)) return e;
  }
  if (auto e = out_of_range("span-objects", s.span_objects, 1, 4096)) return e;
  if (auto e = out_of_range("block-capacity", s.block_capacity, kMinBlockCapacity,
                            kMaxBlockCapacity)) {
    return e;
  }
  if (s.total_cleanups() > 100'000'000) {
    return "--cleanups " + std::to_string(s.cleanups) + " gives " +
           std::to_string(s.total_cleanups()) +
           " cleanups in all (mutators x cleanups x gc-cycles): allowed up to 100000000";
  }
  if (s.stuck_cleanup > s.total_cleanups()) {
    return "--stuck-cleanup " + std::to_string(s.stuck_cleanup) +
           " is out of range: allowed 0 (none) or 1.." + std::to_string(s.total_cleanups());
  }
  if (s.speed != 0 && (s.speed < kMinSpeed || !(s.speed == s.speed))) {
    return "--speed " + std::to_string(s.speed) +
           " is out of range: allowed 0.001 (1/1000x) and up, or --unthrottled";
  }
  if (s.costs.sched_round_ns == 0) return "--sched-round-ns 0 is out of range: allowed 1 and up";
  if (!kThreadsAvailable && s.runner != RunnerKind::inline_) {
    return "--runner " + std::string(to_string(s.runner)) +
           ": this build has no threads (a page that is not cross-origin isolated): only "
           "--runner inline, which makes the same choices as conducted";
  }
  if (s.runner == RunnerKind::threaded && !s.schedule.empty()) {
    return "--schedule needs --runner conducted or inline: the threaded runner has no single "
           "next step to script";
  }
  return std::nullopt;
}

std::uint32_t max_actors(const Scenario& s) {
  const std::uint32_t consumers =
      s.design == Design::go124 ? 1 : max_cleanup_goroutines(s.gomaxprocs, s.worker_cap);
  return 1 + s.mutator_count() + s.sweepers + s.scheduler_round_count() + consumers;
}

std::uint32_t actor_threads(const Scenario& s) {
  return s.runner == RunnerKind::inline_ ? 0 : max_actors(s);
}

std::string to_command_line(const Scenario& s) {
  std::ostringstream c;
  c << "cleanupq run --gomaxprocs " << s.gomaxprocs;
  if (s.mutators != 0) c << " --mutators " << s.mutators;
  c << " --cleanups " << s.cleanups << " --gc-cycles " << s.gc_cycles << " --sweepers "
    << s.sweepers;
  if (s.scheduler_rounds != 0) c << " --scheduler-rounds " << s.scheduler_rounds;
  c << " --block-capacity " << s.block_capacity << " --protocol " << to_string(s.protocol)
    << " --design " << to_string(s.design) << " --worker-cap " << to_string(s.worker_cap)
    << " --runner " << to_string(s.runner) << " --seed " << s.seed << " --cleanup-cost-ns "
    << s.costs.cleanup_ns;
  if (s.stuck_cleanup != 0) c << " --stuck-cleanup " << s.stuck_cleanup;
  if (s.speed > 0) {
    c << " --speed " << s.speed;
  } else {
    c << " --unthrottled";
  }
  if (!s.schedule.empty()) {
    c << " --schedule ";
    for (std::size_t i = 0; i < s.schedule.size(); ++i) c << (i ? "," : "") << s.schedule[i];
  }
  return c.str();
}

}  // namespace cq
