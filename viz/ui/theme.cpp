#include "ui/theme.hpp"

#include <imgui.h>

#include "data/data_dirs.hpp"
#include "ui/palette_file.hpp"

namespace cq::viz {
namespace {

// The palettes come from assets/palettes.toml (load_palettes); until then every role is a
// neutral grey, so a frame drawn by a test that never loads them is still well defined.
PaletteSet g_palettes = [] {
  PaletteSet set;
  for (PaletteTable& t : set) t.fill(0xff808080u);
  return set;
}();
bool g_loaded = false;
Palette g_palette = Palette::dark;

const PaletteTable& table() {
  return g_palettes[static_cast<std::size_t>(g_palette)];
}

ImVec4 vec(std::uint32_t c, float alpha = 1.f) {
  ImVec4 v = ImGui::ColorConvertU32ToFloat4(c);
  v.w = alpha;
  return v;
}

}  // namespace

std::uint32_t colour(Role role) {
  return table()[static_cast<std::size_t>(role)];
}

std::uint32_t colour(Role role, std::uint8_t alpha) {
  return (colour(role) & 0x00ffffffu) | std::uint32_t{alpha} << 24;
}

Palette active_palette() {
  return g_palette;
}

std::optional<std::string> load_palettes() {
  const std::string path = data::asset_file("palettes.toml");
  PaletteFile file = read_palette_file(path);
  if (!file.palettes) {
    std::string message;
    for (const std::string& problem : file.problems)
      message += (message.empty() ? "" : "\n") + problem;
    return message;
  }
  g_palettes = *file.palettes;
  g_loaded = true;
  return std::nullopt;
}

bool palettes_loaded() {
  return g_loaded;
}

void apply_palette(Palette p) {
  g_palette = p;
  ImGuiStyle& style = ImGui::GetStyle();
  if (p == Palette::light) {
    ImGui::StyleColorsLight(&style);
  } else {
    ImGui::StyleColorsDark(&style);
  }
  style.WindowRounding = 6.f;
  style.FrameRounding = 4.f;
  style.GrabRounding = 4.f;
  style.TabRounding = 4.f;
  style.WindowBorderSize = 1.f;
  style.FramePadding = ImVec2(8, 4);
  style.ItemSpacing = ImVec2(8, 6);
  ImVec4* c = style.Colors;
  c[ImGuiCol_WindowBg] = vec(colour(Role::panel));
  c[ImGuiCol_ChildBg] = vec(colour(Role::panel));
  c[ImGuiCol_PopupBg] = vec(colour(Role::panel), 0.98f);
  c[ImGuiCol_Text] = vec(colour(Role::text));
  c[ImGuiCol_TextDisabled] = vec(colour(Role::text_dim));
  c[ImGuiCol_TitleBg] = vec(colour(Role::background));
  c[ImGuiCol_TitleBgActive] = vec(colour(Role::background));
  c[ImGuiCol_Button] = vec(colour(Role::slot_filled), 0.55f);
  c[ImGuiCol_ButtonHovered] = vec(colour(Role::slot_filled), 0.8f);
  c[ImGuiCol_ButtonActive] = vec(colour(Role::slot_filled), 1.f);
  c[ImGuiCol_Header] = vec(colour(Role::slot_filled), 0.35f);
  c[ImGuiCol_HeaderHovered] = vec(colour(Role::slot_filled), 0.55f);
  c[ImGuiCol_PlotLines] = vec(colour(Role::slot_filled));
  c[ImGuiCol_PlotHistogram] = vec(colour(Role::block_full));
}

}  // namespace cq::viz
