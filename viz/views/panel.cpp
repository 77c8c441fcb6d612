#include "views/view_context.hpp"

namespace cq::viz {

bool begin_panel(const char* id, const char* title, ImVec2 size, ViewActions* app) {
  ImGui::PushStyleColor(ImGuiCol_ChildBg, colour(Role::panel));
  const bool open = ImGui::BeginChild(id, size, true, ImGuiWindowFlags_NoScrollbar);
  ImGui::PopStyleColor();
  ImGui::PushFont(fonts().title);
  ImGui::TextUnformatted(title);
  ImGui::PopFont();
  if (app != nullptr) {
    const float button_w = ImGui::CalcTextSize("png").x + ImGui::GetStyle().FramePadding.x * 2;
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - button_w);
    if (ImGui::SmallButton("png")) {
      const ImVec2 pos = ImGui::GetWindowPos(), sz = ImGui::GetWindowSize();
      // "##processors" -> cleanupq-processors.png
      std::string name = id;
      name.erase(0, name.find_first_not_of('#'));
      app->request_view_screenshot("cleanupq-" + name + ".png", Rect{pos.x, pos.y, sz.x, sz.y});
    }
  }
  return open;
}

void end_panel() {
  ImGui::EndChild();
}

}  // namespace cq::viz
