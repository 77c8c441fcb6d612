#include "ui/fonts.hpp"

#include <imgui.h>

#include <fstream>

namespace cq::viz {
namespace {

Fonts g_fonts;

bool readable(const char* path) {
  return path[0] != '\0' && std::ifstream(path).good();
}

}  // namespace

Fonts load_fonts(float scale) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  Fonts f;
  ImFontConfig config;
  config.OversampleH = 2;
  auto load = [&](const char* path, float px) -> ImFont* {
    if (!readable(path)) return nullptr;
    return io.Fonts->AddFontFromFileTTF(path, px * scale, &config);
  };
  f.ui = load(CQ_FONT_UI, 16.f);
  f.mono = load(CQ_FONT_MONO, 15.f);
  f.title = load(CQ_FONT_UI_BOLD, 20.f);
  if (f.ui == nullptr || f.mono == nullptr || f.title == nullptr) {
    f.fallback = true;
    ImFontConfig fallback;
    fallback.SizePixels = 13.f * scale;
    ImFont* builtin = io.Fonts->AddFontDefault(&fallback);
    if (f.ui == nullptr) f.ui = builtin;
    if (f.mono == nullptr) f.mono = builtin;
    if (f.title == nullptr) f.title = f.ui;
  }
  io.FontDefault = f.ui;
  io.Fonts->Build();
  g_fonts = f;
  return f;
}

const Fonts& fonts() {
  return g_fonts;
}

}  // namespace cq::viz
