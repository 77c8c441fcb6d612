#include "model/comparison.hpp"

#include <algorithm>
#include <span>

namespace cq::viz {

Comparison::Result Comparison::run(Scenario base, const std::atomic<bool>& stop) {
  base.runner = RunnerKind::inline_;
  base.speed = 0;
  Result c;
  std::vector<std::uint64_t> run_times[2];
  DesignRun* out[2] = {&c.go124, &c.go125};
  for (int d = 0; d < 2; ++d) {
    Scenario s = base;
    // Go 1.24's side is its profile; the queue's side is the scenario as it is (its profile or
    // its custom settings), and describe_go() labels it.
    if (d == 0) {
      apply_go_profile(s, GoVersion::go1_24);
    } else if (s.design() == Design::finalizer_queue) {
      apply_go_profile(s, GoVersion::go1_25);
    }
    out[d]->label = describe_go(s);
    SimRuntime sim(s);
    RunLimit to_the_end;
    to_the_end.pause = &stop;
    sim.run(to_the_end);
    out[d]->summary = sim.summary();
    const Trace& t = sim.trace();
    t.read(0, t.size(), [&](std::span<const TraceEvent> events) {
      for (const TraceEvent& e : events) {
        if (e.kind == EventKind::cleanup_run) run_times[d].push_back(e.time_ns);
      }
    });
    c.horizon_ns = std::max(c.horizon_ns, out[d]->summary.virtual_ns);
  }
  for (int d = 0; d < 2; ++d) {
    out[d]->executed_by_time.assign(kBuckets, 0.f);
    for (std::uint64_t time : run_times[d]) {
      const auto b = std::min<std::uint64_t>(
          kBuckets - 1, time * kBuckets / std::max<std::uint64_t>(1, c.horizon_ns));
      out[d]->executed_by_time[b] += 1;
    }
    for (int b = 1; b < kBuckets; ++b)
      out[d]->executed_by_time[b] += out[d]->executed_by_time[b - 1];
  }
  return c;
}

void Comparison::start(const Scenario& scenario) {
  if (running()) return;
  finished_.reset();
  run_.reset();  // the last comparison's thread, already done: joined here
  run_.emplace([this, scenario](const std::atomic<bool>& stop) {
    Result result = run(scenario, stop);
    if (!stop.load(std::memory_order_acquire)) finished_ = std::move(result);
  });
}

const Comparison::Result* Comparison::result() {
  if (run_ && run_->done() && finished_) {
    shown_ = std::move(finished_);
    finished_.reset();
  }
  return shown_ ? &*shown_ : nullptr;
}

}  // namespace cq::viz
