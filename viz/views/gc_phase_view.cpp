// GC phase and the sweep gate: the phases as chips (word and position, not only colour), the
// gate's drained bit and active-sweeper count, and the last-sweeper moment (teaching moments 4
// and 7). Under gc_phases "go" (the default) they are Go's cycle: off (the sweep runs in it),
// sweep termination and mark termination (the two stop-the-world pauses), mark. Under "parked"
// the chips are the model's off / mark / sweep, a simplification: Go's phases (runtime/mgc.go,
// gcphase) are _GCoff, _GCmark and _GCmarktermination, and sweeping runs in _GCoff,
// concurrently with the program. Hovering the chips says so (docs/model-vs-go.md, P1-P5).
#include <cstdio>
#include <string_view>

#include "views/view_context.hpp"

namespace cq::viz {

void draw_gc_phase(ViewContext& ctx) {
  const TraceModel& m = ctx.model;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 o = ImGui::GetCursorScreenPos();
  const bool go = ctx.scenario.gc_phases == GcPhasesModel::go;
  const GcPhase parked_phases[] = {GcPhase::off, GcPhase::mark, GcPhase::sweep};
  const Role parked_roles[] = {Role::text_dim, Role::gc_mark, Role::gc_sweep};
  const GcPhase go_phases[] = {GcPhase::off, GcPhase::sweep_termination, GcPhase::mark,
                               GcPhase::mark_termination};
  const Role go_roles[] = {Role::gc_sweep, Role::warning, Role::gc_mark, Role::warning};
  const GcPhase* phases = go ? go_phases : parked_phases;
  const Role* roles = go ? go_roles : parked_roles;
  const int count = go ? 4 : 3;
  float x = o.x;
  for (int i = 0; i < count; ++i) {
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
    if (go) {
      ImGui::SetTooltip(
          "Go's cycle (runtime/mgc.go): off is _GCoff, where the sweep runs concurrently with\n"
          "the program; sweep termination is gcStart's stop-the-world (finishsweep_m sweeps what\n"
          "is left, and may flush); mark is _GCmark; mark termination is _GCmarktermination,\n"
          "a stop-the-world that resets the sweep gate. Mutators and sweepers stop in the two\n"
          "pauses (the model's cleanup goroutines keep running).");
    } else {
      ImGui::SetTooltip(
          "The model's phases: 0 off, 1 mark, 2 sweep (its own phase; mutators wait through it).\n"
          "Go (runtime/mgc.go) has _GCoff, _GCmark and _GCmarktermination: sweeping runs in\n"
          "_GCoff, concurrently with the program, and Go's phase 2 is mark termination.\n"
          "Scenario option gc_phases = go (the default) runs Go's cycle.");
    }
  }
  char text[96];
  std::snprintf(text, sizeof text, "cycle %llu", static_cast<unsigned long long>(m.cycle) + 1);
  draw->AddText(ImVec2(x + 8, o.y + 4), colour(Role::text_dim), text);
  ImGui::Dummy(ImVec2(0, ImGui::GetFontSize() + 12));
  ImGui::PushFont(fonts().mono);
  ImGui::Text("sweep gate: drained %s  active %u", m.drained ? "1" : "0", m.active_sweepers);
  ImGui::PopFont();
  if (m.flush.active) {
    // Who flushes: the event log names the actor of each flush event.
    const char* who = !go ? "last sweeper"
                      : m.phase == GcPhase::sweep_termination
                          ? "the GC (finishsweep_m, world stopped)"
                          : "last sweeper (sweeper or AddCleanup)";
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colour(Role::flush)),
                       "%s: flushing every P (no lock needed)", who);
  } else if (is_stop_the_world(m.phase)) {
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colour(Role::warning)),
                       "stop-the-world: mutators and sweepers wait");
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
