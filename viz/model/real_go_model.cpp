#include "model/real_go_model.hpp"

#include <algorithm>
#include <span>

#include "runtime/scenario_options.hpp"
#include "trace/trace_model.hpp"

namespace cq::viz {
namespace {

// Extends the lane's last segment while the state holds, else starts a new one at `step`.
void note_state(ModelGoroutineLane& lane, std::uint64_t step, GoGState state) {
  if (!lane.segments.empty() && lane.segments.back().state == state) {
    lane.segments.back().end = step + 1;
    return;
  }
  lane.segments.push_back({step, step + 1, state});
}

}  // namespace

RealGoModelRun run_model_beside(const GoTrace& trace) {
  RealGoModelRun out;
  Scenario s;
  const OptionValues values(trace.model_options.begin(), trace.model_options.end());
  if (trace.model_options.empty()) {
    out.error = "the recording has no `model` line (its workload has no model shape)";
    return out;
  }
  if (const auto problem = apply_options(s, values)) {
    out.error = "the recording's model line cannot run: " + problem->message;
    return out;
  }
  // Inline and unthrottled with a fixed seed: one deterministic run (sim/inline_runner.hpp).
  s.runner = RunnerKind::inline_;
  s.speed = 0;
  s.seed = kRealGoModelSeed;
  out.scenario = s;
  out.label = describe_go(s);

  SimRuntime sim(s);
  TraceModel fold(s.gomaxprocs);
  std::vector<std::uint16_t> worker_actors;  // by goroutine id, as goroutines_created spawns them
  std::size_t read = 0;
  std::optional<std::uint64_t> pending_needg;  // a needg raise no creation has answered yet
  // 0: no mark phase open (steps count from 1). A plain sentinel, not an optional: GCC 12 at -O3
  // warns that the optional's value may be used uninitialized (-Werror=maybe-uninitialized).
  std::uint64_t mark_begin = 0;
  RunLimit one_step;
  one_step.max_steps = 1;
  for (std::uint64_t step = 1;; ++step) {
    const RunOutcome outcome = sim.run(one_step);
    const Trace& t = sim.trace();
    t.read(read, t.size(), [&](std::span<const TraceEvent> events) {
      for (const TraceEvent& e : events) {
        fold.apply(e);
        switch (e.kind) {
          case EventKind::needg_raised:
            pending_needg = step;
            break;
          case EventKind::goroutines_created:
            out.creations.push_back({step, e.b, pending_needg});
            pending_needg.reset();
            for (std::uint64_t i = 0; i < e.a; ++i) {
              const auto g = static_cast<std::uint32_t>(out.lanes.size());
              out.lanes.push_back({g, step, {}});
            }
            break;
          case EventKind::park:
            ++out.parks;
            out.last_park_step = step;
            break;
          case EventKind::wake:
            out.wakes += e.a;
            break;
          case EventKind::cleanup_run:
            out.last_cleanup_step = step;
            break;
          case EventKind::gc_phase:
            if (e.b == static_cast<std::uint32_t>(GcPhase::mark)) {
              mark_begin = step;
            } else if (mark_begin != 0) {
              out.gc_marks.push_back({mark_begin, step, GoGState::undetermined});
              mark_begin = 0;
            }
            break;
          default:
            break;
        }
      }
    });
    read = t.size();
    if (outcome.steps == 0 && outcome.why != RunStop::step_limit) break;
    out.steps = step;
    // Each goroutine's state after this step: the runner knows who is parked; the fold knows
    // who was woken but has not stepped yet (still "parked" in its phase) and who is new.
    if (worker_actors.size() < out.lanes.size()) {
      for (const ActorInfo& a : sim.runner().actors()) {
        if (a.kind == ActorKind::worker &&
            std::find(worker_actors.begin(), worker_actors.end(), a.id) == worker_actors.end()) {
          worker_actors.push_back(static_cast<std::uint16_t>(a.id));
        }
      }
    }
    const std::vector<ActorInfo> actors = sim.runner().actors();
    for (std::size_t g = 0; g < out.lanes.size() && g < worker_actors.size(); ++g) {
      const ActorInfo& a = actors[worker_actors[g]];
      const ModelWorker* w = fold.worker_for_actor(worker_actors[g]);
      GoGState state = GoGState::running;
      if (a.state == ActorState::parked) {
        state = GoGState::waiting;
      } else if (w == nullptr || w->phase == WorkerPhase::parked) {
        state = GoGState::runnable;  // spawned, or woken: its next step not yet taken
      }
      note_state(out.lanes[g], step, state);
    }
    if (outcome.why != RunStop::step_limit) break;
  }
  if (mark_begin != 0) out.gc_marks.push_back({mark_begin, out.steps + 1, GoGState::undetermined});
  out.summary = sim.summary();
  return out;
}

std::vector<SharedLandmark> shared_landmarks(const GoTrace& trace, const RealGoModelRun& model) {
  std::vector<SharedLandmark> out;
  std::size_t model_gc = 0;
  for (const GoRange& r : trace.gc_cycles) {
    if (r.began_before_trace) continue;  // the model's run starts before its first GC
    if (model_gc >= model.gc_marks.size()) break;
    out.push_back({"GC " + std::to_string(model_gc + 1) + " starts",
                   static_cast<double>(r.begin_ns),
                   static_cast<double>(model.gc_marks[model_gc].begin)});
    ++model_gc;
  }
  std::int64_t go_last_park = -1;
  for (const GoStateChange& c : trace.changes) {
    if (c.from == GoGState::running && c.to == GoGState::waiting) go_last_park = c.time_ns;
  }
  if (go_last_park >= 0 && model.last_park_step > 0) {
    out.push_back({"last park", static_cast<double>(go_last_park),
                   static_cast<double>(model.last_park_step)});
  }
  // Only landmarks in the same order on both clocks can be lined up.
  std::vector<SharedLandmark> ordered;
  for (const SharedLandmark& l : out) {
    if (ordered.empty() ||
        (l.go_ns > ordered.back().go_ns && l.model_step > ordered.back().model_step)) {
      ordered.push_back(l);
    }
  }
  return ordered;
}

LandmarkAxis::LandmarkAxis(const std::vector<SharedLandmark>& landmarks, double go_end_ns,
                           double model_end_steps) {
  const double go_end = std::max(go_end_ns, 1.0), model_end = std::max(model_end_steps, 1.0);
  go_knots_.push_back(0);
  model_knots_.push_back(0);
  shared_.push_back(0);
  for (const SharedLandmark& l : landmarks) {
    if (l.go_ns > go_end || l.model_step > model_end) continue;
    const double at = (l.go_ns / go_end + l.model_step / model_end) / 2;
    if (at <= shared_.back()) continue;
    go_knots_.push_back(l.go_ns);
    model_knots_.push_back(l.model_step);
    shared_.push_back(at);
    marks_.push_back(at);
  }
  if (shared_.back() < 1) {  // a landmark at both ends (the last park) already closed the axis
    go_knots_.push_back(go_end);
    model_knots_.push_back(model_end);
    shared_.push_back(1);
  }
}

double LandmarkAxis::map(const std::vector<double>& from, const std::vector<double>& to,
                         double value) {
  if (value <= from.front()) return to.front();
  for (std::size_t i = 1; i < from.size(); ++i) {
    if (value <= from[i]) {
      const double f = (value - from[i - 1]) / std::max(from[i] - from[i - 1], 1e-9);
      return to[i - 1] + f * (to[i] - to[i - 1]);
    }
  }
  return to.back();
}

double LandmarkAxis::go(double ns) const {
  return map(go_knots_, shared_, ns);
}
double LandmarkAxis::model(double step) const {
  return map(model_knots_, shared_, step);
}

}  // namespace cq::viz
