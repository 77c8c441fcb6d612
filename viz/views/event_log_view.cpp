// Event log: every event of the trace, virtualised with ImGuiListClipper so a run of millions of
// events scrolls smoothly; a filter on the kind name; clicking an event moves the cursor to it.
#include <cstdio>
#include <cstring>
#include <span>
#include <string>
#include <vector>

#include "views/view_context.hpp"

namespace cq::viz {
namespace {

bool matches(const TraceEvent& e, const std::string& filter, bool interesting_only) {
  if (interesting_only && !is_interesting(e)) return false;
  return filter.empty() || std::string(to_string(e.kind)).find(filter) != std::string::npos;
}

}  // namespace

void draw_event_log(ViewContext& ctx) {
  EventLogRows& cache = ctx.caches.event_log;
  ImGui::SetNextItemWidth(200);
  ImGui::InputTextWithHint("##filter", "filter by kind (e.g. flush)", ctx.ui.log_filter,
                           sizeof ctx.ui.log_filter);
  ImGui::SameLine();
  ImGui::Checkbox("interesting only", &ctx.ui.log_interesting_only);
  const Trace* trace = ctx.proj.trace();
  if (trace == nullptr) return;
  const std::size_t head = ctx.proj.head();
  const bool filtered = ctx.ui.log_filter[0] != '\0' || ctx.ui.log_interesting_only;
  if (filtered &&
      (cache.filter != ctx.ui.log_filter || cache.interesting_only != ctx.ui.log_interesting_only ||
       cache.trace != trace || cache.scanned > head)) {
    cache = EventLogRows{ctx.ui.log_filter, ctx.ui.log_interesting_only, trace, 0, {}};
  }
  if (filtered) {
    // Through read(): spans, not an at() (a lock, maybe a decode) per event of a long trace.
    trace->read(cache.scanned, head, [&](std::span<const TraceEvent> events) {
      for (const TraceEvent& e : events) {
        if (matches(e, cache.filter, cache.interesting_only)) cache.rows.push_back(cache.scanned);
        ++cache.scanned;
      }
    });
  }
  const int count = static_cast<int>(filtered ? cache.rows.size() : head);
  if (!ImGui::BeginTable(
          "events", 7,
          ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit,
          ImGui::GetContentRegionAvail())) {
    return;
  }
  ImGui::TableSetupScrollFreeze(0, 1);
  for (const char* h : {"#", "time ns", "actor", "kind", "P", "block", "a / b"})
    ImGui::TableSetupColumn(h);
  ImGui::TableHeadersRow();
  ImGui::PushFont(fonts().mono);
  ImGuiListClipper clipper;
  clipper.Begin(count);
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      const std::size_t i =
          filtered ? cache.rows[static_cast<std::size_t>(row)] : static_cast<std::size_t>(row);
      const TraceEvent& e = trace->at(i);
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      char id[24];
      std::snprintf(id, sizeof id, "%zu", i);
      const bool at_cursor = i + 1 == ctx.proj.cursor();
      if (ImGui::Selectable(id, at_cursor, ImGuiSelectableFlags_SpanAllColumns)) {
        ctx.run.go_to(i + 1);
        ctx.ui.pick = UiState::Pick::event;
        ctx.ui.pick_id = i;
      }
      ImGui::TableSetColumnIndex(1);
      ImGui::Text("%llu", static_cast<unsigned long long>(e.time_ns));
      ImGui::TableSetColumnIndex(2);
      ImGui::Text("%u", e.actor);
      ImGui::TableSetColumnIndex(3);
      ImGui::TextUnformatted(std::string(to_string(e.kind)).c_str());
      ImGui::TableSetColumnIndex(4);
      if (e.p != kNoP) ImGui::Text("%u", e.p);
      ImGui::TableSetColumnIndex(5);
      if (e.block != kNoBlock) ImGui::Text("b%u", e.block);
      ImGui::TableSetColumnIndex(6);
      ImGui::Text("%llu / %u", static_cast<unsigned long long>(e.a), e.b);
    }
  }
  ImGui::PopFont();
  ImGui::EndTable();
}

}  // namespace cq::viz
