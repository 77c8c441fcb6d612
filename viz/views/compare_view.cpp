// Compare: the same workload and seed through Go 1.24's single finalizer goroutine and the
// scenario's queue (go1.25 when the scenario itself is go1.24), on the same virtual clock, side by
// side (teaching moments 1 and 11). Both runs use the inline runner in the background so the UI
// stays live; a build without threads runs them in the frame that asks (well under a second for a
// scenario one can watch).
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <future>
#include <vector>

#include "runtime/sim_runtime.hpp"
#include "sim/threads_available.hpp"
#include "views/view_context.hpp"

namespace cq::viz {
namespace {

constexpr int kBuckets = 120;

struct DesignRun {
  std::string label;  // describe_go() of the scenario that ran: exactly what this side is
  RunSummary summary;
  std::vector<float> executed_by_time;  // cumulative cleanups run, per time bucket
};

struct Comparison {
  DesignRun go124;
  DesignRun go125;
  std::uint64_t horizon_ns = 0;
};

Comparison run_comparison(Scenario base) {
  base.runner = RunnerKind::inline_;
  base.speed = 0;
  Comparison c;
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
    sim.run();
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

void show(const DesignRun& r, std::uint64_t horizon, float width) {
  ImGui::BeginGroup();
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  ImGui::PushFont(fonts().title);
  ImGui::TextWrapped("%s", r.label.c_str());
  ImGui::PopFont();
  ImGui::PopTextWrapPos();
  ImGui::Text("executed %llu of %llu", static_cast<unsigned long long>(r.summary.executed),
              static_cast<unsigned long long>(r.summary.registered));
  ImGui::Text("drained at %.3f ms virtual", static_cast<double>(r.summary.virtual_ns) / 1e6);
  ImGui::Text("goroutines %llu, blocks %llu",
              static_cast<unsigned long long>(r.summary.workers_created),
              static_cast<unsigned long long>(r.summary.blocks_allocated));
  if (r.summary.stuck_pending > 0)
    ImGui::Text("stuck behind one cleanup: %llu",
                static_cast<unsigned long long>(r.summary.pending));
  char overlay[64];
  std::snprintf(overlay, sizeof overlay, "executed over 0..%.2f ms",
                static_cast<double>(horizon) / 1e6);
  ImGui::PlotLines("##run", r.executed_by_time.data(), kBuckets, 0, overlay, 0.f,
                   static_cast<float>(std::max<std::uint64_t>(1, r.summary.registered)),
                   ImVec2(width, 90));
  ImGui::EndGroup();
}

// One comparison at a time, kept across frames (the panel is redrawn every frame).
std::future<Comparison> pending;
Comparison result;
bool have = false;

}  // namespace

bool compare_busy() {
  return pending.valid() && pending.wait_for(std::chrono::seconds(0)) != std::future_status::ready;
}

void draw_compare(ViewContext& ctx) {
  const bool running =
      pending.valid() && pending.wait_for(std::chrono::seconds(0)) != std::future_status::ready;
  if (pending.valid() && !running) {
    result = pending.get();
    have = true;
  }
  ImGui::TextWrapped(
      "Same workload, same seed, same virtual clock: Go 1.24's one finalizer "
      "goroutine against the scenario's queue.");
  ImGui::BeginDisabled(running);
  if (ImGui::Button(running ? "running both designs..." : "Run the comparison") ||
      (ctx.ui.start_compare && !running)) {
    ctx.ui.start_compare = false;
#if CQ_THREADS
    pending = std::async(std::launch::async, run_comparison, ctx.scenario);
#else
    result = run_comparison(ctx.scenario);
    have = true;
#endif
  }
  ImGui::EndDisabled();
  if (!have) return;
  const float w = ImGui::GetContentRegionAvail().x * 0.5f - 12.f;
  show(result.go124, result.horizon_ns, w);
  ImGui::SameLine();
  show(result.go125, result.horizon_ns, w);
}

}  // namespace cq::viz
