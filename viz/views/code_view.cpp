// The code pane: short pseudocode of the Go functions the run stands for (runtime/
// code_listing.hpp), each under its Go function and file, with every actor's line at the cursor
// marked in its own colour (a shade of its kind's colour: the palettes, colour-blind ones
// included, have one colour per kind; its name on the line says which actor it is). Click a line or
// a name to select that actor for the inspector. A lesson step's `code` line is framed, and the
// pane scrolls to it once when the step shows. Folded from the trace (model/code_cursor.hpp).
#include <cstdio>
#include <map>
#include <vector>

#include "views/view_context.hpp"

namespace cq::viz {
namespace {

constexpr std::size_t kMaxNamesPerLine = 6;  // more share a "+N"

Role role_of(ActorKind kind) {
  switch (kind) {
    case ActorKind::gc:
      return Role::gc_mark;
    case ActorKind::mutator:
      return Role::slot_filled;
    case ActorKind::sweeper:
      return Role::flush;
    case ActorKind::scheduler:
      return Role::wake;
    case ActorKind::worker:
      return Role::running;
    case ActorKind::other:
      break;
  }
  return Role::text_dim;
}

// One colour per actor: its kind's colour, mixed towards the palette's text colour by a step
// that differs for each actor of that kind (actors of a kind are numbered consecutively), so
// two sweepers on neighbouring lines read apart; the cycle repeats every kShades actors.
std::uint32_t actor_colour(const Scenario& scenario, std::uint16_t actor, std::uint8_t alpha) {
  constexpr int kShades = 4;
  constexpr float kMix[kShades] = {0.f, 0.45f, 0.22f, 0.65f};
  const Role role = role_of(actor_kind(scenario, actor));
  if (actor == kRuntimeActor) return colour(role, alpha);
  const ImVec4 base = ImGui::ColorConvertU32ToFloat4(colour(role));
  const ImVec4 text = ImGui::ColorConvertU32ToFloat4(colour(Role::text));
  const float t = kMix[actor % kShades];
  const ImVec4 mixed(base.x + (text.x - base.x) * t, base.y + (text.y - base.y) * t,
                     base.z + (text.z - base.z) * t, static_cast<float>(alpha) / 255.f);
  return ImGui::ColorConvertFloat4ToU32(mixed);
}

void pick_actor(ViewContext& ctx, std::uint16_t actor) {
  // A cleanup goroutine is picked as the goroutine, so its card in the workers panel lights too.
  const auto& of = ctx.model.worker_of_actor;
  if (actor < of.size() && of[actor] != kNoWorker) {
    ctx.ui.pick = UiState::Pick::worker;
    ctx.ui.pick_id = of[actor];
  } else {
    ctx.ui.pick = UiState::Pick::actor;
    ctx.ui.pick_id = actor;
  }
}

bool is_picked(const ViewContext& ctx, std::uint16_t actor) {
  if (ctx.ui.pick == UiState::Pick::actor) return ctx.ui.pick_id == actor;
  const auto& of = ctx.model.worker_of_actor;
  return ctx.ui.pick == UiState::Pick::worker && actor < of.size() && of[actor] != kNoWorker &&
         ctx.ui.pick_id == of[actor];
}

// The line a lesson's shown step points at, or "".
std::string_view lesson_code_line(ViewContext& ctx) {
  LessonSession* session = ctx.app.lesson();
  if (session == nullptr) return {};
  const auto& steps = session->lesson().steps;
  const std::size_t step = ctx.app.lesson_step_shown();
  return step < steps.size() ? std::string_view(steps[step].code) : std::string_view{};
}

}  // namespace

void draw_code(ViewContext& ctx) {
  const CodeVariant variant = code_variant(ctx.scenario);
  const std::vector<CodeListing> listings = code_listings(variant);
  if (listings.empty()) {
    ImGui::TextDisabled("Go code at the cursor (%.*s): none listed.",
                        static_cast<int>(variant.go_name.size()), variant.go_name.data());
    ImGui::TextWrapped(
        "Go 1.24 has no cleanup queue: every cleanup runs on the one finalizer goroutine "
        "(runtime/mfinal.go), which this pane does not list. Pick e46c8e, go1.25 or go1.26.");
    return;
  }
  std::map<std::string_view, std::vector<std::uint16_t>> on_line;
  if (const Trace* trace = ctx.proj.trace()) {
    ctx.caches.code.seek(*trace, variant, ctx.proj.cursor());
    const auto& positions = ctx.caches.code.lines()->positions();
    for (std::size_t a = 0; a < positions.size(); ++a) {
      if (!positions[a].line.empty())
        on_line[positions[a].line].push_back(static_cast<std::uint16_t>(a));
    }
  }
  const std::string_view lesson_line = lesson_code_line(ctx);
  // Scroll to the step's line once per step shown.
  const void* lesson_key = ctx.app.lesson();
  const long step_key = lesson_line.empty() ? -1 : static_cast<long>(ctx.app.lesson_step_shown());
  const bool scroll_to_lesson_line =
      !lesson_line.empty() && (ctx.caches.code_scrolled_for_step != step_key ||
                               ctx.caches.code_scrolled_for_lesson != lesson_key);
  ctx.caches.code_scrolled_for_step = step_key;
  ctx.caches.code_scrolled_for_lesson = lesson_key;
  // Otherwise follow the cursor: the line the last event put its actor on.
  std::string_view follow_line;
  if (!scroll_to_lesson_line && ctx.caches.code_followed_cursor != ctx.proj.cursor() &&
      ctx.proj.cursor() > 0 && ctx.caches.code.lines() != nullptr &&
      ctx.proj.cursor() > ctx.proj.trace()->first_retained()) {
    const std::uint16_t actor = ctx.proj.trace()->at(ctx.proj.cursor() - 1).actor;
    follow_line = ctx.caches.code.lines()->position(actor).line;
  }
  ctx.caches.code_followed_cursor = ctx.proj.cursor();

  ImGui::TextDisabled(
      "Go code at the cursor (%.*s): each actor's line after event %zu. Click a line or a name "
      "to select it.",
      static_cast<int>(variant.go_name.size()), variant.go_name.data(), ctx.proj.cursor());
  ImGui::BeginChild("##code-scroll", ImGui::GetContentRegionAvail());
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float width = ImGui::GetContentRegionAvail().x;
  for (const CodeListing& listing : listings) {
    ImGui::Spacing();
    ImGui::Text("%.*s", static_cast<int>(listing.function.size()), listing.function.data());
    ImGui::SameLine();
    ImGui::TextDisabled("%.*s", static_cast<int>(listing.file.size()), listing.file.data());
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("%.*s", static_cast<int>(listing.note.size()), listing.note.data());
    ImGui::PopTextWrapPos();
    ImGui::PushFont(fonts().mono);
    // IDs from the listing's id and the line's place: the listings are rebuilt every frame, so
    // an address would give a button a new ID each frame and no click would land.
    ImGui::PushID(listing.id.data(), listing.id.data() + listing.id.size());
    for (std::size_t index = 0; index < listing.lines.size(); ++index) {
      const CodeLine& line = listing.lines[index];
      const ImVec2 at = ImGui::GetCursorScreenPos();
      const float h = ImGui::GetTextLineHeightWithSpacing();
      const auto found = line.id.empty() ? on_line.end() : on_line.find(line.id);
      const std::vector<std::uint16_t>* actors = found == on_line.end() ? nullptr : &found->second;
      if (actors != nullptr) {
        const std::uint16_t first = actors->front();
        draw->AddRectFilled(at, ImVec2(at.x + width, at.y + h),
                            actor_colour(ctx.scenario, first, 70), 3.f);
        draw->AddRectFilled(at, ImVec2(at.x + 4, at.y + h), actor_colour(ctx.scenario, first, 255),
                            1.f);
      }
      const bool lesson_here = !line.id.empty() && line.id == lesson_line;
      ImGui::PushID(static_cast<int>(index));
      ImGui::TextUnformatted(line.text.data(), line.text.data() + line.text.size());
      if (actors != nullptr && ImGui::IsItemClicked()) pick_actor(ctx, actors->front());
      if (actors != nullptr && ImGui::IsItemHovered())
        ImGui::SetTooltip("%.*s", static_cast<int>(line.id.size()), line.id.data());
      if (actors != nullptr) {
        std::size_t shown = 0;
        for (std::uint16_t actor : *actors) {
          if (shown == kMaxNamesPerLine) {
            ImGui::SameLine();
            ImGui::TextDisabled("+%zu", actors->size() - shown);
            break;
          }
          ++shown;
          const std::string name = actor_name(ctx.scenario, ctx.model, actor);
          ImGui::SameLine();
          ImGui::PushStyleColor(ImGuiCol_Button, actor_colour(ctx.scenario, actor, 200));
          ImGui::PushStyleColor(ImGuiCol_Text, colour(Role::background));
          ImGui::PushID(actor);
          if (ImGui::SmallButton(name.c_str())) pick_actor(ctx, actor);
          ImGui::PopID();
          ImGui::PopStyleColor(2);
          if (is_picked(ctx, actor)) {
            draw->AddRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), colour(Role::highlight),
                          3.f, 0, 2.f);
          }
          note_last_item(ctx.app, "code:" + name);
        }
      }
      ImGui::PopID();
      if (!follow_line.empty() && line.id == follow_line) ImGui::SetScrollHereY(0.5f);
      if (lesson_here) {
        draw->AddRect(ImVec2(at.x - 1, at.y - 1), ImVec2(at.x + width, at.y + h),
                      colour(Role::highlight), 3.f, 0, 2.f);
        if (scroll_to_lesson_line) ImGui::SetScrollHereY(0.3f);
      }
    }
    ImGui::PopID();
    ImGui::PopFont();
  }
  ImGui::EndChild();
}

}  // namespace cq::viz
