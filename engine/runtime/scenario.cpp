#include "runtime/scenario.hpp"

#include "sim/threads_available.hpp"

namespace cq {

std::optional<CycleShape> parse_cycle_shape(std::string_view text) {
  if (text == to_string(CycleShape::uniform)) return CycleShape::uniform;
  if (text == to_string(CycleShape::priming)) return CycleShape::priming;
  return std::nullopt;
}

std::optional<SchedulerModel> parse_scheduler_model(std::string_view text) {
  if (text == to_string(SchedulerModel::poll)) return SchedulerModel::poll;
  if (text == to_string(SchedulerModel::findrunnable)) return SchedulerModel::findrunnable;
  return std::nullopt;
}

std::optional<GcPhasesModel> parse_gc_phases(std::string_view text) {
  if (text == to_string(GcPhasesModel::parked)) return GcPhasesModel::parked;
  if (text == to_string(GcPhasesModel::go)) return GcPhasesModel::go;
  return std::nullopt;
}

void apply_go_profile(Scenario& s, GoVersion version) {
  const GoProfile& p = go_profile(version);
  s.go = version;
  s.protocol = p.protocol;
  s.block_capacity = p.block_capacity;
  s.worker_cap = p.worker_cap;
}

std::string describe_go(const Scenario& s, bool brief) {
  const GoProfile& p = go_profile(s.go);
  std::string own(brief ? p.title : p.label);
  if (p.design == Design::finalizer_queue) return own;
  std::string changes;
  auto note = [&](const std::string& what) { changes += (changes.empty() ? "" : ", ") + what; };
  if (s.protocol != p.protocol) note("protocol " + std::string(to_string(s.protocol)));
  if (s.block_capacity != p.block_capacity) {
    note("block capacity " + std::to_string(s.block_capacity));
  }
  if (s.worker_cap != p.worker_cap) note("worker cap " + std::string(to_string(s.worker_cap)));
  if (changes.empty()) return own;
  if (brief) return "custom (based on " + std::string(p.name) + ")";
  return "custom (based on " + std::string(p.name) + ": " + changes + ")";
}

std::uint32_t max_actors(const Scenario& s) {
  const std::uint32_t consumers = s.design() == Design::finalizer_queue
                                      ? 1
                                      : max_cleanup_goroutines(s.max_gomaxprocs(), s.worker_cap);
  return 1 + s.mutator_count() + s.sweepers + s.scheduler_round_count() + consumers;
}

std::uint32_t actor_threads(const Scenario& s) {
  return s.runner == RunnerKind::inline_ ? 0 : max_actors(s);
}

std::optional<std::string> fit_to_threads(Scenario& s, std::uint32_t max_threads) {
  const std::uint32_t needed = actor_threads(s);
  if (needed <= max_threads) return std::nullopt;
  const std::string was(to_string(s.runner));
  s.runner = RunnerKind::inline_;
  return "runner " + was + " needs " + std::to_string(needed) +
         " threads for this scenario (one per actor: GC, mutators, sweepers, scheduler rounds, "
         "cleanup goroutines); this page runs at most " +
         std::to_string(max_threads) +
         ", so it runs with the inline runner (the same model on one thread)";
}

}  // namespace cq
