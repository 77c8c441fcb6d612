// The palette file (assets/palettes.toml): one table per palette ("dark", "light",
// "okabe-ito"), one "#rrggbb" string per role. The colours live in that one data file so the
// desktop app and the web page draw with the same values and a designer can change them
// without touching code.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ui/theme.hpp"

namespace cq::viz {

// One palette: an ImGui colour (IM_COL32 ABGR, opaque) per role, in Role order.
using PaletteTable = std::array<std::uint32_t, static_cast<std::size_t>(Role::count_)>;
// Every palette, in Palette order.
using PaletteSet = std::array<PaletteTable, 3>;

// The key a role has in the file ("slot_filled").
std::string_view role_key(Role role);

struct PaletteFile {
  std::optional<PaletteSet> palettes;  // set when problems is empty
  std::vector<std::string> problems;   // "FILE:LINE:COLUMN: message", all of them
};

// `source` names the text in messages. Every palette must be there with every role; unknown
// palettes, unknown roles and colours not of the form "#rrggbb" are problems.
PaletteFile parse_palettes(std::string_view text, const std::string& source);
// Reads and parses a file; an unreadable file is one problem naming the path.
PaletteFile read_palette_file(const std::string& path);

}  // namespace cq::viz
