// Inspector: the details of whatever was clicked: a block (where it is, its cleanups and when
// they were registered), a P, a cleanup goroutine, or an event.
#include <cstdio>

#include "model/model_vs_go_notes.hpp"
#include "views/view_context.hpp"

namespace cq::viz {
namespace {

void inspect_block(ViewContext& ctx, std::uint32_t id) {
  const ModelBlock* b = ctx.model.block(id);
  if (b == nullptr) {
    ImGui::TextDisabled("block b%u does not exist yet at this point of the run", id);
    return;
  }
  ImGui::Text("block b%u: %s", id, std::string(to_string(b->place)).c_str());
  if (b->place == BlockPlace::p) ImGui::Text("current block of P%u", b->owner);
  if (b->place == BlockPlace::worker) ImGui::Text("taken by goroutine g%u", b->owner);
  ImGui::Text("n = %u of %u", b->n, ctx.scenario.block_capacity);
  // Its cleanups: the enqueues into this block since it was last taken, read from the trace
  // backwards from the cursor (a block's contents are not part of the fold).
  const Trace* trace = ctx.proj.trace();
  if (trace == nullptr || b->n == 0) return;
  ImGui::Separator();
  ImGui::TextDisabled("cleanup   registered at   enqueued at");
  ImGui::PushFont(fonts().mono);
  std::uint32_t shown = 0;
  for (std::size_t i = ctx.proj.cursor(); i-- > 0 && shown < b->n && shown < 24;) {
    const TraceEvent& e = trace->at(i);
    if (e.block != id) continue;
    if (e.kind == EventKind::push_free || e.kind == EventKind::block_allocated) break;
    if (e.kind != EventKind::enqueue) continue;
    ImGui::Text("#%-8llu %10llu ns %10llu ns", static_cast<unsigned long long>(e.a),
                static_cast<unsigned long long>(ctx.proj.registered_at(e.a)),
                static_cast<unsigned long long>(e.time_ns));
    ++shown;
  }
  ImGui::PopFont();
  if (shown < b->n) ImGui::TextDisabled("(%u more, or merged in by the flush)", b->n - shown);
}

// What the model does differently from Go here: the notes' ids and titles, to look up in
// docs/model-vs-go.md (the lesson panel's "Model vs Go" says the same for a lesson step).
void draw_model_vs_go(std::span<const ModelVsGoNote* const> notes) {
  if (notes.empty()) return;
  ImGui::Separator();
  ImGui::TextDisabled("Where Go differs (docs/model-vs-go.md):");
  for (const ModelVsGoNote* n : notes) {
    ImGui::Bullet();
    ImGui::TextWrapped("%.*s. %.*s", static_cast<int>(n->id.size()), n->id.data(),
                       static_cast<int>(n->title.size()), n->title.data());
  }
}

}  // namespace

void draw_inspector(ViewContext& ctx) {
  const TraceModel& m = ctx.model;
  switch (ctx.ui.pick) {
    case UiState::Pick::none:
      ImGui::TextDisabled("Click a block, a P lane, a goroutine or an event to inspect it.");
      break;
    case UiState::Pick::block:
      inspect_block(ctx, static_cast<std::uint32_t>(ctx.ui.pick_id));
      break;
    case UiState::Pick::p: {
      const auto p = static_cast<std::uint32_t>(ctx.ui.pick_id);
      if (p < m.ps.size()) {
        ImGui::Text("P%u", p);
        ImGui::Text(m.ps[p].block == kNoBlock ? "no block" : "block b%u with %u cleanups",
                    m.ps[p].block, m.ps[p].fill);
        ImGui::Text(
            m.ps[p].holder == kNoActorInModel ? "not held by a sweeper" : "held by actor %u",
            m.ps[p].holder);
        draw_model_vs_go(model_vs_go_notes_for_p());
      }
      break;
    }
    case UiState::Pick::worker: {
      const auto g = static_cast<std::uint32_t>(ctx.ui.pick_id);
      if (g < m.workers.size()) {
        const ModelWorker& w = m.workers[g];
        ImGui::Text("%s g%u (actor %u)", w.fing ? "fing" : "cleanup goroutine", g, w.actor);
        ImGui::Text("state: %s", std::string(to_string(w.phase)).c_str());
        ImGui::Text("runningCleanups: %s", w.running_cleanups ? "true (a user goroutine now)"
                                                              : "false (a system goroutine)");
        ImGui::Text("executed %llu", static_cast<unsigned long long>(w.executed));
        if (w.block != kNoBlock)
          ImGui::Text("block b%u, next slot %u, %u pending", w.block, w.next_slot, w.pending);
        draw_model_vs_go(model_vs_go_notes_for_goroutine(w.fing));
      }
      break;
    }
    case UiState::Pick::actor: {
      // Picked on the code pane: the actor, and the line its last event stood on.
      const auto actor = static_cast<std::uint16_t>(ctx.ui.pick_id);
      ImGui::Text("%s (actor %u)", actor_name(ctx.scenario, m, actor).c_str(), actor);
      if (const Trace* trace = ctx.proj.trace()) {
        ctx.caches.code.seek(*trace, code_variant(ctx.scenario), ctx.proj.cursor());
      }
      if (const ActorCodeLines* lines = ctx.caches.code.lines()) {
        const ActorCodeLines::Position at = lines->position(actor);
        if (at.line.empty()) {
          ImGui::TextDisabled("on no listed line yet");
        } else {
          ImGui::Text("on %.*s, since event %zu (%s)", static_cast<int>(at.line.size()),
                      at.line.data(), at.event, std::string(to_string(at.kind)).c_str());
        }
      }
      // The notes about what this actor is in Go, not only about its code line.
      bool fing = false;
      if (actor < m.worker_of_actor.size() && m.worker_of_actor[actor] != kNoWorker) {
        const std::uint32_t g = m.worker_of_actor[actor];
        fing = g < m.workers.size() && m.workers[g].fing;
      }
      draw_model_vs_go(model_vs_go_notes_for_actor(actor_kind(ctx.scenario, actor), fing));
      break;
    }
    case UiState::Pick::event: {
      const Trace* trace = ctx.proj.trace();
      if (trace != nullptr && ctx.ui.pick_id < ctx.proj.head()) {
        const TraceEvent& e = trace->at(ctx.ui.pick_id);
        ImGui::Text("event %llu: %s", static_cast<unsigned long long>(ctx.ui.pick_id),
                    std::string(to_string(e.kind)).c_str());
        ImGui::Text("time %llu ns, actor %u", static_cast<unsigned long long>(e.time_ns), e.actor);
        if (e.p != kNoP) ImGui::Text("P%u", e.p);
        if (e.block != kNoBlock) ImGui::Text("block b%u", e.block);
        ImGui::Text("a = %llu, b = %u", static_cast<unsigned long long>(e.a), e.b);
        draw_model_vs_go(model_vs_go_notes(e));
      }
      break;
    }
  }
}

}  // namespace cq::viz
