// GC phase and the sweep gate: the model's off / mark / sweep as three chips (word and position,
// not only colour), the gate's drained bit and active-sweeper count, and the last-sweeper moment
// (teaching moments 4 and 7). The model's "sweep" is a simplification: Go's phases
// (runtime/mgc.go, gcphase) are _GCoff, _GCmark and _GCmarktermination, and sweeping runs in
// _GCoff, concurrently with the program; hovering the chips says so.
#include <cstdio>
#include <string_view>

#include "views/view_context.hpp"

namespace cq::viz {

void draw_gc_phase(ViewContext& ctx) {
  const TraceModel& m = ctx.model;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 o = ImGui::GetCursorScreenPos();
  const GcPhase phases[] = {GcPhase::off, GcPhase::mark, GcPhase::sweep};
  const Role roles[] = {Role::text_dim, Role::gc_mark, Role::gc_sweep};
  float x = o.x;
  for (int i = 0; i < 3; ++i) {
    const bool on = m.phase == phases[i];
    const std::string_view name = to_string(phases[i]);
    const ImVec2 size = ImGui::CalcTextSize(name.data(), name.data() + name.size());
    draw->AddRectFilled(ImVec2(x, o.y), ImVec2(x + size.x + 16, o.y + size.y + 8),
                        colour(on ? roles[i] : Role::slot_empty, on ? 255 : 120), 10.f);
    draw->AddText(ImVec2(x + 8, o.y + 4), colour(on ? Role::background : Role::text_dim),
                  name.data(), name.data() + name.size());
    x += size.x + 24;
  }
  if (ImGui::IsMouseHoveringRect(o, ImVec2(x, o.y + ImGui::GetFontSize() + 8))) {
    ImGui::SetTooltip(
        "The model's phases: 0 off, 1 mark, 2 sweep (its own phase; mutators wait through it).\n"
        "Go (runtime/mgc.go) has _GCoff, _GCmark and _GCmarktermination: sweeping runs in\n"
        "_GCoff, concurrently with the program, and Go's phase 2 is mark termination.");
  }
  char text[96];
  std::snprintf(text, sizeof text, "cycle %llu", static_cast<unsigned long long>(m.cycle) + 1);
  draw->AddText(ImVec2(x + 8, o.y + 4), colour(Role::text_dim), text);
  ImGui::Dummy(ImVec2(0, ImGui::GetFontSize() + 12));
  ImGui::PushFont(fonts().mono);
  ImGui::Text("sweep gate: drained %s  active %u", m.drained ? "1" : "0", m.active_sweepers);
  ImGui::PopFont();
  if (m.flush.active) {
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colour(Role::flush)),
                       "last sweeper: flushing every P (no lock needed)");
  } else if (m.phase == GcPhase::mark) {
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colour(Role::gc_mark)),
                       "root scan: %llu blocks read, no enqueue allowed",
                       static_cast<unsigned long long>(m.counters.root_scans));
  } else {
    ImGui::TextDisabled("flushes so far: %llu",
                        static_cast<unsigned long long>(m.counters.flushes));
  }
}

}  // namespace cq::viz
