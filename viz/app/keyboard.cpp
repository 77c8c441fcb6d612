// The keyboard (ui/keys.hpp lists the same keys for the help overlay): each key does what its
// button does.
#include <imgui.h>

#include "app/app.hpp"

namespace cq::viz {

void App::handle_keys() {
  ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput) return;  // typing in a field is not a command
  auto pressed = [](ImGuiKey key) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(key)); };
  if (ui_.show_welcome) {
    // The welcome takes the keys: Enter is its button, Escape leaves it; nothing plays behind.
    if (pressed(ImGuiKey_Enter) || pressed(ImGuiKey_KeyPadEnter)) start_welcome_lesson();
    if (pressed(ImGuiKey_Escape)) ui_.show_welcome = false;
    return;
  }
  if (pressed(ImGuiKey_Space)) toggle_play();
  if (pressed(ImGuiKey_RightArrow)) io.KeyShift ? next_interesting() : step_forward();
  if (pressed(ImGuiKey_LeftArrow)) io.KeyShift ? previous_interesting() : step_back();
  if (pressed(ImGuiKey_Home)) go_to(0);
  if (pressed(ImGuiKey_PageDown)) lesson_next();
  if (pressed(ImGuiKey_PageUp)) lesson_back();
  if (pressed(ImGuiKey_End)) {
    replaying_ = false;
    ui_.follow_head = true;
  }
  if (native_f1_ >= 0 && ImGui::IsKeyPressed(native_f1_)) ui_.show_help = !ui_.show_help;
  if (native_s_ >= 0 && io.KeyCtrl && ImGui::IsKeyPressed(native_s_))
    pending_screenshot_ = "cleanupq-screenshot.png";
  for (ImWchar c : io.InputQueueCharacters) {
    switch (c) {
      case '?':
        ui_.show_help = !ui_.show_help;
        break;
      case '-':
        change_speed(0.5);
        break;
      case '+':
      case '=':
        change_speed(2.0);
        break;
      case 'r':
      case 'R':
        reset();
        break;
      default:
        break;
    }
  }
}

}  // namespace cq::viz
