#include "views/view_context.hpp"

namespace cq::viz {

bool begin_panel(const char* id, const char* title, ImVec2 size) {
  ImGui::PushStyleColor(ImGuiCol_ChildBg, colour(Role::panel));
  const bool open = ImGui::BeginChild(id, size, true, ImGuiWindowFlags_NoScrollbar);
  ImGui::PopStyleColor();
  ImGui::PushFont(fonts().title);
  ImGui::TextUnformatted(title);
  ImGui::PopFont();
  return open;
}

void end_panel() { ImGui::EndChild(); }

}  // namespace cq::viz
