// The help overlay (F1 or ?): every key, from the one table the key handler also uses, and the
// "Reset layout" button for the splitters between panels (panel_layout.hpp), under an About line
// with the version and the git commit the app was built from.
#include "data/version.hpp"
#include "ui/keys.hpp"
#include "views/view_context.hpp"

namespace cq::viz {

void draw_help(ViewContext& ctx) {
  if (!ctx.ui.show_help) return;
  ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Always,
                          ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowBgAlpha(0.97f);
  if (ImGui::Begin("Keys", &ctx.ui.show_help,
                   ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse |
                       ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::TextUnformatted(version_line("Cleanup Queue Lab").c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("Go 1.25's runtime cleanup queue, on real threads");
    ImGui::Separator();
    if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) {
      for (const KeyBinding& k : kKeyBindings) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ImGui::PushFont(fonts().mono);
        ImGui::TextUnformatted(k.keys);
        ImGui::PopFont();
        ImGui::TableSetColumnIndex(1);
        ImGui::TextUnformatted(k.action);
      }
      ImGui::EndTable();
    }
    ImGui::TextDisabled("Everything on screen is folded from the engine's trace at the cursor.");
    // The splitters between panels move their borders; this puts every border back.
    ImGui::TextDisabled("Drag the gaps between panels to resize them.");
    ImGui::SameLine();
    if (ImGui::SmallButton("Reset layout")) ctx.app.reset_layout();
  }
  ImGui::End();
}

}  // namespace cq::viz
