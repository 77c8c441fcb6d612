// Scenario: every option of `cleanupq run`, edited here and applied on Reset (a run already
// recorded is never changed under the student's feet).
#include <algorithm>

#include "views/view_context.hpp"

namespace cq::viz {
namespace {

bool edit_u32(const char* label, std::uint32_t& v, std::uint32_t lo, std::uint32_t hi) {
  int x = static_cast<int>(v);
  ImGui::SetNextItemWidth(140);
  if (!ImGui::InputInt(label, &x)) return false;
  v = static_cast<std::uint32_t>(std::clamp<long long>(x, lo, hi));
  return true;
}

template <class E>
bool edit_choice(const char* label, E& v, std::initializer_list<std::pair<E, const char*>> options) {
  bool changed = false;
  ImGui::TextUnformatted(label);
  for (const auto& [value, name] : options) {
    ImGui::SameLine();
    if (ImGui::RadioButton(name, v == value)) {
      v = value;
      changed = true;
    }
  }
  return changed;
}

}  // namespace

void draw_scenario(ViewContext& ctx) {
  Scenario& e = ctx.ui.edited;
  bool changed = false;
  changed |= edit_u32("GOMAXPROCS", e.gomaxprocs, kMinGomaxprocs, kMaxGomaxprocs);
  ImGui::SameLine();
  changed |= edit_u32("mutators (0 = one per P)", e.mutators, 0, kMaxMutators);
  changed |= edit_u32("cleanups per mutator", e.cleanups, 0, 1'000'000);
  ImGui::SameLine();
  changed |= edit_u32("GC cycles", e.gc_cycles, 1, kMaxGcCycles);
  changed |= edit_u32("sweepers", e.sweepers, 1, kMaxSweepers);
  ImGui::SameLine();
  changed |= edit_u32("block capacity", e.block_capacity, kMinBlockCapacity, kMaxBlockCapacity);
  changed |= edit_choice("protocol", e.protocol, {{WakeProtocol::oneshot, "oneshot (e46c8e)"}, {WakeProtocol::level, "level"}});
  changed |= edit_choice("design", e.design(), {{Design::cleanup_queue, "Go 1.25"}, {Design::finalizer_queue, "Go 1.24"}});
  changed |= edit_choice("worker cap", e.worker_cap, {{WorkerCapPolicy::quarter, "GOMAXPROCS/4"}, {WorkerCapPolicy::gomaxprocs, "GOMAXPROCS"}});
  changed |= edit_choice("runner", e.runner, {{RunnerKind::threaded, "threaded"}, {RunnerKind::conducted, "conducted"}, {RunnerKind::inline_, "inline"}});
  int seed = static_cast<int>(e.seed);
  ImGui::SetNextItemWidth(140);
  if (ImGui::InputInt("seed", &seed)) {
    e.seed = static_cast<std::uint64_t>(std::max(0, seed));
    changed = true;
  }
  ImGui::SameLine();
  int cost = static_cast<int>(e.costs.cleanup_ns);
  ImGui::SetNextItemWidth(140);
  if (ImGui::InputInt("cleanup cost ns", &cost)) {
    e.costs.cleanup_ns = static_cast<std::uint64_t>(std::max(0, cost));
    changed = true;
  }
  int stuck = static_cast<int>(e.stuck_cleanup);
  ImGui::SetNextItemWidth(140);
  if (ImGui::InputInt("stuck cleanup id (0 = none)", &stuck)) {
    e.stuck_cleanup = static_cast<std::uint64_t>(std::max(0, stuck));
    changed = true;
  }
  if (changed) ctx.ui.edited_dirty = true;
  if (auto problem = validate(e)) {
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colour(Role::warning)), "%s", problem->c_str());
  } else if (ctx.ui.edited_dirty) {
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colour(Role::highlight)),
                       "Changes apply on Reset (R): the current run stays as recorded until then.");
    ImGui::SameLine();
    if (ImGui::Button("Reset now")) ctx.app.reset();
  }
}

}  // namespace cq::viz
