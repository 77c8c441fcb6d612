#include "app/theme.hpp"

#include <imgui.h>

#include <array>

namespace cq::viz {
namespace {

constexpr std::uint32_t rgb(std::uint32_t hex) {  // 0xRRGGBB -> IM_COL32 ABGR, opaque
  return 0xff000000u | (hex & 0xff) << 16 | (hex & 0xff00) | (hex >> 16 & 0xff);
}

using Table = std::array<std::uint32_t, static_cast<std::size_t>(Role::count_)>;

// Order follows Role.
constexpr Table kDark = {rgb(0x14171c), rgb(0x1d2129), rgb(0xe6e8eb), rgb(0x8a93a3),
                         rgb(0x2a303a), rgb(0x4f9cf0), rgb(0xf0a24f), rgb(0x4e5a6b),
                         rgb(0x52c98c), rgb(0x6d7a8f), rgb(0xe5534b), rgb(0xc678dd),
                         rgb(0xf5d547), rgb(0xffffff), rgb(0xff6b6b), rgb(0x7aa2f7),
                         rgb(0x9ece6a)};
constexpr Table kLight = {rgb(0xf7f7f5), rgb(0xffffff), rgb(0x1f2328), rgb(0x656d76),
                          rgb(0xe3e6ea), rgb(0x1f6feb), rgb(0xd4761c), rgb(0xa6b1bf),
                          rgb(0x1a8f52), rgb(0x8c959f), rgb(0xcf222e), rgb(0x8250df),
                          rgb(0xbf8700), rgb(0x0b0d10), rgb(0xd1242f), rgb(0x3b63c4),
                          rgb(0x4d8a1a)};
// Okabe & Ito (2008), the colour-universal-design palette, on a dark ground.
constexpr Table kOkabeIto = {rgb(0x121417), rgb(0x1c1f24), rgb(0xf0f0f0), rgb(0x9a9a9a),
                             rgb(0x2b2f36), rgb(0x56b4e9), rgb(0xe69f00), rgb(0x5a6270),
                             rgb(0x009e73), rgb(0x8a8f99), rgb(0xd55e00), rgb(0xcc79a7),
                             rgb(0xf0e442), rgb(0xffffff), rgb(0xd55e00), rgb(0x0072b2),
                             rgb(0x009e73)};

Palette g_palette = Palette::dark;

const Table& table() {
  return g_palette == Palette::dark ? kDark : g_palette == Palette::light ? kLight : kOkabeIto;
}

ImVec4 vec(std::uint32_t c, float alpha = 1.f) {
  ImVec4 v = ImGui::ColorConvertU32ToFloat4(c);
  v.w = alpha;
  return v;
}

}  // namespace

std::optional<Palette> parse_palette(std::string_view s) {
  if (s == "dark") return Palette::dark;
  if (s == "light") return Palette::light;
  if (s == "okabe-ito") return Palette::okabe_ito;
  return std::nullopt;
}

std::uint32_t colour(Role role) { return table()[static_cast<std::size_t>(role)]; }

std::uint32_t colour(Role role, std::uint8_t alpha) {
  return (colour(role) & 0x00ffffffu) | std::uint32_t{alpha} << 24;
}

Palette active_palette() { return g_palette; }

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
