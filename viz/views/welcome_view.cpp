// The welcome a first visit opens on: what the lab is, in three lines, and one button that starts
// lesson 1 (or the lesson the flags or URL named), instead of an idle run at event 0 of 0.
// "Explore on my own" leaves it; a checkbox keeps it from opening again (the `welcome` setting).
// Enter starts the lesson and Escape leaves, from the app's key handler.
#include <algorithm>
#include <cstdio>
#include <string>

#include "views/view_context.hpp"

namespace cq::viz {
namespace {

// The catalogue's entry for the lesson the welcome offers, when it is one of the lessons folder.
const lesson::CatalogEntry* offered_entry(const ViewActions& app, const std::string& lesson) {
  const auto& catalog = app.lesson_catalog();
  const auto it = std::find_if(catalog.begin(), catalog.end(), [&](const lesson::CatalogEntry& e) {
    return std::to_string(e.id) == lesson || e.file == lesson;
  });
  return it == catalog.end() ? nullptr : &*it;
}

}  // namespace

void draw_welcome(ViewContext& ctx) {
  // A modal: the app behind stays visible, dimmed, and takes no clicks until the welcome is left.
  constexpr const char* kId = "##welcome";
  if (ctx.ui.show_welcome && !ImGui::IsPopupOpen(kId)) ImGui::OpenPopup(kId);
  if (!ImGui::IsPopupOpen(kId)) return;
  ViewActions& app = ctx.app;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  // Read when the frame ends; no other modal uses it, so the palette's background is set here.
  ImGui::GetStyle().Colors[ImGuiCol_ModalWindowDimBg] =
      ImGui::ColorConvertU32ToFloat4(colour(Role::background, 170));
  const float width = std::min(620.f, vp->WorkSize.x - 32.f);
  ImGui::SetNextWindowPos(vp->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(width, 0), ImGuiCond_Always);  // height 0: fits the text
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(24, 20));
  const bool open = ImGui::BeginPopupModal(
      kId, nullptr,
      ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoMove);
  ImGui::PopStyleVar();
  if (!open) return;
  if (!ctx.ui.show_welcome) {  // left by a key or by starting the lesson
    ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    return;
  }
  // An auto-sized window is measured, hidden, on the frame it appears: its buttons are not
  // where they will be drawn, so they are noted for the tests only from the next frame on.
  const bool placed = !ImGui::IsWindowAppearing();
  ImGui::PushFont(fonts().title);
  ImGui::TextUnformatted("Welcome to Cleanup Queue Lab");
  ImGui::PopFont();
  ImGui::Spacing();
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(
      "This lab runs a model of the queue behind runtime.AddCleanup (Go 1.25, "
      "runtime/mcleanup.go) and draws every step of it: the blocks each P fills, the flush "
      "that publishes them, and the goroutines that run the cleanups.");
  ImGui::Spacing();
  ImGui::TextUnformatted(
      "Each lesson asks you to predict what happens next, then plays it and shows the answer "
      "the engine computed beside yours.");
  ImGui::PopTextWrapPos();
  ImGui::Spacing();
  ImGui::Spacing();
  const lesson::CatalogEntry* entry = offered_entry(app, ctx.ui.welcome_lesson);
  std::string start = "Start lesson " + ctx.ui.welcome_lesson;
  if (entry != nullptr) {
    start = "Start lesson " + std::to_string(entry->id) + ": " + entry->title;
    if (entry->minutes > 0) start += "  (" + std::to_string(entry->minutes) + " min)";
  }
  ImGui::PushStyleColor(ImGuiCol_Button, colour(Role::highlight, 200));
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, colour(Role::highlight, 255));
  ImGui::PushStyleColor(ImGuiCol_Text, colour(Role::background));
  const bool start_clicked =
      ImGui::Button(start.c_str(), ImVec2(ImGui::GetContentRegionAvail().x, 40));
  ImGui::PopStyleColor(3);
  if (placed) note_last_item(app, "welcome_start");
  if (start_clicked) app.start_welcome_lesson();
  if (const std::optional<std::uint64_t> seed = app.lesson_seed()) {
    ImGui::TextDisabled("Every lesson runs the variant of seed %llu (from --seed or ?seed=).",
                        static_cast<unsigned long long>(*seed));
  }
  ImGui::TextDisabled("Other lessons are in the Lessons tab at the bottom.");
  ImGui::Spacing();
  if (ImGui::Button("Explore on my own")) ctx.ui.show_welcome = false;
  if (placed) note_last_item(app, "welcome_explore");
  ImGui::SameLine();
  ImGui::TextDisabled("Play, step and change the scenario freely.");
  ImGui::Spacing();
  bool at_start = app.welcome_at_start();
  if (ImGui::Checkbox("Show this welcome when the app starts", &at_start)) {
    app.set_welcome_at_start(at_start);
  }
  // A problem found at start (a bad lesson id, a bad setting) is said here too: the status
  // line behind the welcome is dimmed.
  if (!ctx.ui.message.empty() && ImGui::GetTime() < ctx.ui.message_until) {
    ImGui::Spacing();
    ImGui::PushTextWrapPos(0);
    ImGui::PushStyleColor(ImGuiCol_Text, colour(Role::warning));
    ImGui::TextUnformatted(ctx.ui.message.c_str());
    ImGui::PopStyleColor();
    ImGui::PopTextWrapPos();
  }
  ImGui::EndPopup();
}

}  // namespace cq::viz
