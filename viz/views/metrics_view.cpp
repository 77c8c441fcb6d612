// Metrics: full-list length, cleanup goroutines, queued and executed over the run, and a
// histogram of enqueue-to-run latency (log2 buckets of virtual nanoseconds).
#include <algorithm>
#include <cstdio>
#include <vector>

#include "views/view_context.hpp"

namespace cq::viz {

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
  const float h = std::max(40.f, (ImGui::GetContentRegionAvail().y - 40.f) / 2.f - 8.f);
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
  const auto& hist = ctx.proj.latency_histogram();
  std::vector<float> bars(hist.begin(), hist.end());
  ImGui::PlotHistogram("##latency", bars.data(), static_cast<int>(bars.size()), 0,
                       "enqueue-to-run latency (log2 ns buckets: 1ns .. 16ms)", 0.f, FLT_MAX,
                       ImVec2(ImGui::GetContentRegionAvail().x, 36.f));
}

}  // namespace cq::viz
