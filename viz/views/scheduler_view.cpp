// The scheduler: every P's round polls needsWake() (a couple of atomic loads), wakes sleepers in
// batches, and leaves notes on the needg board for AddCleanup to pick up; it never creates a
// goroutine itself (teaching moments 9 and 10). Shows the protocol's own counters.
#include <algorithm>
#include <cstdio>

#include "views/view_context.hpp"

namespace cq::viz {

void draw_scheduler(ViewContext& ctx) {
  const ModelCounters& c = ctx.model.counters;
  const bool oneshot = ctx.scenario.protocol == WakeProtocol::oneshot;
  if (ctx.scenario.design() == Design::finalizer_queue) {
    ImGui::TextWrapped(
        "Go 1.24: wakefing() on each round wakes the one finalizer goroutine "
        "when it waits and something was queued.");
    ImGui::Text("fing wakes %llu", static_cast<unsigned long long>(c.wakes));
    return;
  }
  ImGui::PushFont(fonts().mono);
  ImGui::Text("needsWake() true  %llu", static_cast<unsigned long long>(c.needs_wake));
  ImGui::Text("woken             %llu", static_cast<unsigned long long>(c.wakes));
  ImGui::Text("spurious wakes    %llu", static_cast<unsigned long long>(c.spurious_wakes));
  const std::uint64_t units = c.work_signalled > c.pops ? c.work_signalled - c.pops : 0;
  if (oneshot) {
    ImGui::Text("state: asleep %u | wakes (one-shot)", c.sleepers);
  } else {
    ImGui::Text("workUnits %llu   asleep %u", static_cast<unsigned long long>(units), c.sleepers);
  }
  ImGui::Text("ng %u   needg %u", c.ng, c.needg);
  ImGui::PopFont();
  // The needg board: one sticky note per pending request, up to what fits.
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 o = ImGui::GetCursorScreenPos();
  const float w = ImGui::GetContentRegionAvail().x;
  // As many notes as fit the panel; the number above says how many there are.
  const int rows_fit =
      std::max(0, static_cast<int>((ImGui::GetContentRegionAvail().y - 22.f) / 18.f));
  const int notes = static_cast<int>(
      std::min<std::uint32_t>(c.needg, static_cast<std::uint32_t>(std::min(2, rows_fit) * 12)));
  for (int i = 0; i < notes; ++i) {
    const int row = i / 12;  // twelve notes a row
    const int column = i % 12;
    const float x = o.x + static_cast<float>(column) * 18.f;
    const float y = o.y + 4.f + static_cast<float>(row) * 18.f;
    if (x + 14 > o.x + w) break;
    draw->AddRectFilled(ImVec2(x, y), ImVec2(x + 14, y + 14), colour(Role::wake), 2.f);
    draw->AddText(ImVec2(x + 3, y), colour(Role::background), "g");
  }
  ImGui::Dummy(ImVec2(w, notes > 12 ? 40.f : notes > 0 ? 22.f : 4.f));
  if (c.needg > 0) ImGui::TextDisabled("needg: AddCleanup will start these");
}

}  // namespace cq::viz
