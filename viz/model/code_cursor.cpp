#include "model/code_cursor.hpp"

#include <algorithm>

namespace cq::viz {

void CodeCursor::seek(const Trace& trace, const CodeVariant& variant, std::size_t cursor) {
  cursor = std::min(cursor, trace.size());
  const std::size_t first = trace.first_retained();
  if (!fold_ || trace_ != &trace || !(variant_ == variant) || cursor < cursor_ || cursor_ < first) {
    trace_ = &trace;
    variant_ = variant;
    fold_.emplace(variant);
    cursor_ = std::min(first, cursor);
  }
  for (std::size_t i = cursor_; i < cursor; ++i) fold_->apply(trace.at(i), i);
  cursor_ = cursor;
}

// Spawn order (runtime/sim_runtime.cpp): the GC, the mutators, the sweepers, the scheduler
// rounds; cleanup goroutines (or Go 1.24's fing) as they are created.
ActorKind actor_kind(const Scenario& s, std::uint16_t actor) {
  std::uint32_t first = 1;
  if (actor == 0) return ActorKind::gc;
  if (actor < first + s.mutator_count()) return ActorKind::mutator;
  first += s.mutator_count();
  if (actor < first + s.sweepers) return ActorKind::sweeper;
  first += s.sweepers;
  if (actor < first + s.scheduler_round_count()) return ActorKind::scheduler;
  return actor == kRuntimeActor ? ActorKind::other : ActorKind::worker;
}

std::string actor_name(const Scenario& s, const TraceModel& model, std::uint16_t actor) {
  const std::uint32_t sweepers = 1 + s.mutator_count();
  const std::uint32_t rounds = sweepers + s.sweepers;
  switch (actor_kind(s, actor)) {
    case ActorKind::gc:
      return "gc";
    case ActorKind::mutator:
      return "mutator" + std::to_string(actor - 1);
    case ActorKind::sweeper:
      return "sweeper" + std::to_string(actor - sweepers);
    case ActorKind::scheduler:
      return "sched" + std::to_string(actor - rounds);
    case ActorKind::worker:
      if (actor < model.worker_of_actor.size() && model.worker_of_actor[actor] != kNoWorker) {
        const std::uint32_t g = model.worker_of_actor[actor];
        if (g < model.workers.size() && model.workers[g].fing) return "fing";
        return "worker" + std::to_string(g);
      }
      return "actor" + std::to_string(actor);
    case ActorKind::other:
      break;
  }
  return "runtime";
}

}  // namespace cq::viz
