// GC phase and the sweep gate: the phases as chips (word and position, not only colour), the
// gate's drained bit and active-sweeper count, the last-sweeper moment (teaching moments 4
// and 7), and who flushed last (named as the event log names actors, with what it is in Go).
// Under gc_phases "go" (the default) they are Go's cycle: off (the sweep runs in it), sweep
// termination and mark termination (the two stop-the-world pauses), mark. Under "parked" the
// chips are the model's off / mark / sweep, a simplification: Go's phases (runtime/mgc.go,
// gcphase) are _GCoff, _GCmark and _GCmarktermination, and sweeping runs in _GCoff, concurrently
// with the program. Hovering the chips says so (docs/model-vs-go.md, P1-P5).
#include <cstdio>
#include <string>
#include <string_view>

#include "model/code_cursor.hpp"
#include "views/view_context.hpp"

namespace cq::viz {

namespace {

// What the actor that flushed stands for in Go. The flush is gcCleanups.flush(), called by the
// last sweeper's (*activeSweep).end (runtime/mgcsweep.go), whoever that sweeper is:
// - a sweeper actor is bgsweep (mgcsweep.go), the background sweeper goroutine (the model's
//   sweepers are a fixed set of them: docs/model-vs-go.md, P9);
// - a mutator is an allocating goroutine sweeping in _GCoff: AddCleanup -> addspecial ->
//   (*mspan).ensureSwept (mheap.go, mgcsweep.go) sweeps an unswept span between
//   sweep.active.begin and end (gc_phases "go" only; docs/model-vs-go.md, P3);
// - the GC is gcStart's finishsweep_m (mgcsweep.go), sweeping what is left with the world
//   stopped, in sweep termination (gc_phases "go" only; docs/model-vs-go.md, P4).
// Under gc_phases "parked" only the sweeper actors sweep, so the flusher is always one of them.
struct FlusherInGo {
  const char* label;    // on the line, short enough for a narrow panel
  const char* tooltip;  // on hovering it
};

FlusherInGo flusher_in_go(ActorKind kind) {
  switch (kind) {
    case ActorKind::sweeper:
      return {"bgsweep",
              "A sweeper actor: Go's background sweeper goroutine, bgsweep (mgcsweep.go).\n"
              "Its sweep was the last to end, so (*activeSweep).end flushed."};
    case ActorKind::mutator:
      return {"AddCleanup's ensureSwept",
              "A mutator: an allocating goroutine's own sweep. AddCleanup -> addspecial ->\n"
              "(*mspan).ensureSwept (mheap.go, mgcsweep.go) swept an unswept span in _GCoff,\n"
              "and its (*activeSweep).end was the last, so it flushed (gc_phases go only)."};
    case ActorKind::gc:
      return {"finishsweep_m under STW",
              "The GC: gcStart's finishsweep_m (mgcsweep.go) swept what was left with the\n"
              "world stopped, in sweep termination, and its last end flushed (gc_phases go\n"
              "only)."};
    case ActorKind::scheduler:
    case ActorKind::worker:
    case ActorKind::other:
      break;
  }
  // Only a corrupted trace has another actor flush.
  return {"no sweeper in Go", "This actor never sweeps in Go: the trace is not a run's."};
}

}  // namespace

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
          "a stop-the-world that resets the sweep gate. Mutators, sweepers and the Ps'\n"
          "scheduler rounds stop in the two pauses (findRunnable's gcwaiting check, runtime/\n"
          "proc.go); the model's cleanup goroutines keep running (docs/model-vs-go.md, P5).");
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
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colour(Role::flush)),
                       "flushing every P (no lock needed)");
  } else if (is_stop_the_world(m.phase)) {
    // Under findrunnable the rounds stop too (gcstopm); poll's periodic rounds run on (P5).
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colour(Role::warning)), "%s",
                       ctx.scenario.scheduler == SchedulerModel::findrunnable
                           ? "stop-the-world: mutators, sweepers and scheduler rounds wait"
                           : "stop-the-world: mutators and sweepers wait; poll's rounds run on");
  } else if (m.phase == GcPhase::mark) {
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colour(Role::gc_mark)),
                       "root scan: %llu blocks read, no enqueue allowed",
                       static_cast<unsigned long long>(m.counters.root_scans));
  } else {
    ImGui::TextDisabled("flushes so far: %llu",
                        static_cast<unsigned long long>(m.counters.flushes));
  }
  // Who flushed (the flush events' actor, as the event log names it), and who that is in Go.
  const char* label = m.flush.active ? "flushing" : "last flush";
  if (m.flush.actor == kNoActorInModel) {
    ImGui::TextDisabled("%s: none yet", label);
  } else {
    const std::string who = actor_name(ctx.scenario, m, m.flush.actor);
    const FlusherInGo in_go = flusher_in_go(actor_kind(ctx.scenario, m.flush.actor));
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colour(Role::flush)), "%s: %s (%s)", label,
                       who.c_str(), in_go.label);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", in_go.tooltip);
  }
}

}  // namespace cq::viz
