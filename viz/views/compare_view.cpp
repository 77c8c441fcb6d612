// Compare: the same workload and seed through Go 1.24's single finalizer goroutine and the
// scenario's queue (go1.25 when the scenario itself is go1.24), on the same virtual clock, side by
// side (teaching moments 1 and 11). The runs themselves are the app's Comparison
// (viz/model/comparison.hpp): this view starts one and draws the latest result.
#include <algorithm>
#include <cstdio>

#include "model/comparison.hpp"
#include "views/view_context.hpp"

namespace cq::viz {
namespace {

void show(const Comparison::DesignRun& r, std::uint64_t horizon, float width) {
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
  ImGui::PlotLines("##run", r.executed_by_time.data(), Comparison::kBuckets, 0, overlay, 0.f,
                   static_cast<float>(std::max<std::uint64_t>(1, r.summary.registered)),
                   ImVec2(width, 90));
  ImGui::EndGroup();
}

}  // namespace

void draw_compare(ViewContext& ctx) {
  Comparison& comparison = ctx.comparison;
  const bool running = comparison.running();
  ImGui::TextWrapped(
      "Same workload, same seed, same virtual clock: Go 1.24's one finalizer "
      "goroutine against the scenario's queue.");
  ImGui::BeginDisabled(running);
  if (ImGui::Button(running ? "running both designs..." : "Run the comparison") ||
      (ctx.ui.start_compare && !running)) {
    ctx.ui.start_compare = false;
    comparison.start(ctx.scenario);
  }
  ImGui::EndDisabled();
  const Comparison::Result* result = comparison.result();
  if (result == nullptr) return;
  const float w = ImGui::GetContentRegionAvail().x * 0.5f - 12.f;
  show(result->go124, result->horizon_ns, w);
  ImGui::SameLine();
  show(result->go125, result->horizon_ns, w);
}

}  // namespace cq::viz
