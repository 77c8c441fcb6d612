// Theme: the three palettes (dark, light, colour-blind safe; their colours are in
// assets/palettes.toml) and the meaning of each colour.
// Views ask for a role (Role::full_stack), never for a literal colour, and every role is also
// told apart by a shape or a label, so nothing depends on colour alone.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cq::viz {

enum class Palette : std::uint8_t { dark, light, okabe_ito };
constexpr std::string_view to_string(Palette p) {
  return p == Palette::dark ? "dark" : p == Palette::light ? "light" : "okabe-ito";
}
constexpr std::optional<Palette> parse_palette(std::string_view s) {
  if (s == "dark") return Palette::dark;
  if (s == "light") return Palette::light;
  if (s == "okabe-ito") return Palette::okabe_ito;
  return std::nullopt;
}

enum class Role : std::uint8_t {
  background,
  panel,
  text,
  text_dim,
  slot_empty,
  slot_filled,  // a cleanup waiting in a P-local block
  block_full,   // a block on the full stack
  block_free,   // a block on the free stack
  running,      // a cleanup goroutine running user code
  sleeping,
  stuck,
  flush,      // the last sweeper and its merges
  wake,       // scheduler wakes, needg notes
  highlight,  // the lesson's or the user's focus
  warning,    // invariant violations, stranded work
  gc_mark,
  gc_sweep,
  count_
};

// ImGui colour (ABGR packed, as IM_COL32) for a role under the active palette.
std::uint32_t colour(Role role);
// Same, with a different alpha (0..255).
std::uint32_t colour(Role role, std::uint8_t alpha);

// Reads the palettes from assets/palettes.toml (found by data::asset_file: installed,
// $CQ_ASSETS_DIR, or the source tree). nullopt on success, else every problem, one a line,
// each naming the file. The App loads them once, before its first frame.
std::optional<std::string> load_palettes();
bool palettes_loaded();

Palette active_palette();
// Sets the palette and restyles ImGui's own widgets to match.
void apply_palette(Palette p);

}  // namespace cq::viz
