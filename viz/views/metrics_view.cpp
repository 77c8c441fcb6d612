// Metrics: full-list length, cleanup goroutines, queued and executed over the run, and a
// histogram of enqueue-to-run latency (log2 buckets of virtual nanoseconds).
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "runtime/go_profile.hpp"
#include "views/view_context.hpp"

namespace cq::viz {
namespace {

// What the "queued" and "executed" plots count, and how the run's Go lets a program read its
// own two numbers (the engine's text, runtime/go_profile.hpp, also `cleanupq run --json`'s
// go_stats.exposed_as), so a student can compare the plots with a real program's.
struct GoStatsCaption {
  std::string here;  // what the plots count
  std::string go;    // what the run's Go counts, and where a program reads it
};

GoStatsCaption go_stats_caption(const Scenario& scenario) {
  const GoQueueStatsExposure go = go_queue_stats_exposure(scenario.go);
  const std::string name(go_profile(scenario.go).name);
  GoStatsCaption c;
  c.here =
      "Here queued is the cleanups enqueued and not yet run, executed those run so far, counted "
      "one at a time.";
  if (go.exposed_as.empty()) {
    c.go = name + " exposes neither: " + std::string(go.why_not);
  } else {
    // readQueueStats (runtime/mcleanup.go): queued sums pp.cleanupsQueued, counted at each
    // enqueue; executed is added b.n at a time by runCleanups once a block's cleanups all ran.
    c.go =
        "Go's queued counts every cleanup ever enqueued, its executed grows a whole block at a "
        "time, after the block ran; " +
        name + " exposes them as " + std::string(go.exposed_as);
  }
  return c;
}

}  // namespace

void draw_metrics(ViewContext& ctx) {
  const std::vector<Sample>& samples = ctx.proj.samples();
  std::vector<float> full, workers, queued, executed;
  for (const Sample& s : samples) {
    if (s.event > ctx.proj.cursor()) break;  // the plots stop at the cursor, like everything else
    full.push_back(s.full_blocks);
    workers.push_back(s.workers);
    queued.push_back(s.queued);
    executed.push_back(s.executed);
  }
  const float w = ImGui::GetContentRegionAvail().x * 0.5f - 8.f;
  // Room below the plots for the caption, as wrapped at this width, and the histogram.
  const GoStatsCaption caption = go_stats_caption(ctx.scenario);
  const float wrap = ImGui::GetContentRegionAvail().x;
  const float caption_h = ImGui::CalcTextSize(caption.here.c_str(), nullptr, false, wrap).y +
                          ImGui::CalcTextSize(caption.go.c_str(), nullptr, false, wrap).y +
                          2.f * ImGui::GetStyle().ItemSpacing.y;
  const float h = std::max(24.f, (ImGui::GetContentRegionAvail().y - 40.f - caption_h) / 2.f - 8.f);
  auto plot = [&](const char* label, const std::vector<float>& v) {
    char overlay[64];
    std::snprintf(overlay, sizeof overlay, "%s: %.0f", label, v.empty() ? 0.f : v.back());
    ImGui::PlotLines(("##" + std::string(label)).c_str(), v.data(), static_cast<int>(v.size()), 0,
                     overlay, 0.f, FLT_MAX, ImVec2(w, h));
  };
  plot("full blocks", full);
  ImGui::SameLine();
  plot("goroutines", workers);
  plot("queued", queued);
  ImGui::SameLine();
  plot("executed", executed);
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("%s", caption.here.c_str());
  ImGui::PopStyleColor();
  ImGui::TextWrapped("%s", caption.go.c_str());
  const auto& hist = ctx.proj.latency_histogram();
  std::vector<float> bars(hist.begin(), hist.end());
  ImGui::PlotHistogram("##latency", bars.data(), static_cast<int>(bars.size()), 0,
                       "enqueue-to-run latency (log2 ns buckets: 1ns .. 16ms)", 0.f, FLT_MAX,
                       ImVec2(ImGui::GetContentRegionAvail().x, 36.f));
}

}  // namespace cq::viz
