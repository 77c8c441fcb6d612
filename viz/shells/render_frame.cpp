#include "shells/render_frame.hpp"

#include <imgui.h>

#include <string>

namespace cq::viz {

namespace {
std::string g_ini_path;  // ImGui keeps a pointer to it for the whole run
}  // namespace

void create_imgui_context(bool persist_layout) {
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  if (persist_layout && !Settings::config_dir().empty()) {
    g_ini_path = Settings::config_dir() + "/imgui.ini";
    io.IniFilename = g_ini_path.c_str();
  }
}

void render_frame(Shell& shell, App& app) {
  shell.new_frame();
  ImGui::NewFrame();
  app.frame();
  ImGui::Render();
  shell.render();
  app.after_render([&shell] { return shell.capture(); });
}

}  // namespace cq::viz
