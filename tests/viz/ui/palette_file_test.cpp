// assets/palettes.toml and its parser: the shipped file holds the colours the app drew with
// before they moved out of theme.cpp (so pictures did not change), and a broken file is reported
// with the file, line, palette, role and value, never half-applied.
#include "ui/palette_file.hpp"

#include <gtest/gtest.h>

#include <string>

#include "data/data_dirs.hpp"

namespace cq::viz {
namespace {

std::uint32_t abgr(std::uint32_t rgb) {  // 0xRRGGBB as ImGui's opaque IM_COL32
  return 0xff000000u | (rgb & 0xff) << 16 | (rgb & 0xff00) | (rgb >> 16 & 0xff);
}

std::uint32_t at(const PaletteSet& set, Palette p, Role r) {
  return set[static_cast<std::size_t>(p)][static_cast<std::size_t>(r)];
}

std::string all_problems(const PaletteFile& f) {
  std::string s;
  for (const std::string& p : f.problems) s += p + "\n";
  return s;
}

// A complete file whose dark palette's `role` line is replaced by `line`.
std::string shipped_with(const std::string& role, const std::string& line) {
  const PaletteFile shipped = read_palette_file(data::asset_file("palettes.toml"));
  std::string text;
  for (Palette p : {Palette::dark, Palette::light, Palette::okabe_ito}) {
    text += "[\"" + std::string(to_string(p)) + "\"]\n";
    for (int r = 0; r < static_cast<int>(Role::count_); ++r) {
      const std::string key(role_key(static_cast<Role>(r)));
      if (p == Palette::dark && key == role) {
        text += line.empty() ? "" : line + "\n";
      } else {
        text += key + " = \"#808080\"\n";
      }
    }
  }
  return text;
}

TEST(PaletteFile, ShippedFileHasTheColoursTheAppAlwaysDrewWith) {
  const PaletteFile f = read_palette_file(data::asset_file("palettes.toml"));
  ASSERT_TRUE(f.palettes.has_value()) << all_problems(f);
  const PaletteSet& set = *f.palettes;
  // Values from theme.cpp before the move (commit 01c7d61), one per kind of role and palette.
  EXPECT_EQ(at(set, Palette::dark, Role::background), abgr(0x14171c));
  EXPECT_EQ(at(set, Palette::dark, Role::slot_filled), abgr(0x4f9cf0));
  EXPECT_EQ(at(set, Palette::dark, Role::block_full), abgr(0xf0a24f));
  EXPECT_EQ(at(set, Palette::dark, Role::gc_sweep), abgr(0x9ece6a));
  EXPECT_EQ(at(set, Palette::light, Role::background), abgr(0xf7f7f5));
  EXPECT_EQ(at(set, Palette::light, Role::highlight), abgr(0x0b0d10));
  EXPECT_EQ(at(set, Palette::light, Role::warning), abgr(0xd1242f));
  EXPECT_EQ(at(set, Palette::okabe_ito, Role::slot_filled), abgr(0x56b4e9));
  EXPECT_EQ(at(set, Palette::okabe_ito, Role::block_full), abgr(0xe69f00));
  EXPECT_EQ(at(set, Palette::okabe_ito, Role::gc_mark), abgr(0x0072b2));
}

TEST(PaletteFile, MissingRoleIsNamed) {
  const PaletteFile f = parse_palettes(shipped_with("wake", ""), "p.toml");
  EXPECT_FALSE(f.palettes.has_value());
  ASSERT_EQ(f.problems.size(), 1u) << all_problems(f);
  EXPECT_NE(f.problems[0].find("p.toml:1:1: palette \"dark\" has no colour for role 'wake'"),
            std::string::npos)
      << f.problems[0];
}

TEST(PaletteFile, MalformedColourIsNamedWithItsLine) {
  const PaletteFile f = parse_palettes(shipped_with("panel", "panel = \"#12345g\""), "p.toml");
  EXPECT_FALSE(f.palettes.has_value());
  ASSERT_EQ(f.problems.size(), 1u) << all_problems(f);
  EXPECT_EQ(
      f.problems[0],
      "p.toml:3:9: palette \"dark\", role 'panel': \"#12345g\" is not a colour: expected a string "
      "\"#rrggbb\"");
}

TEST(PaletteFile, NumberInsteadOfStringIsNamed) {
  const PaletteFile f = parse_palettes(shipped_with("text", "text = 0xe6e8eb"), "p.toml");
  ASSERT_EQ(f.problems.size(), 1u) << all_problems(f);
  EXPECT_NE(f.problems[0].find("role 'text': a number is not a colour"), std::string::npos)
      << f.problems[0];
}

TEST(PaletteFile, UnknownRoleListsTheRoles) {
  std::string text = shipped_with("flush", "flush = \"#c678dd\"\nflsh = \"#c678dd\"");
  const PaletteFile f = parse_palettes(text, "p.toml");
  ASSERT_EQ(f.problems.size(), 1u) << all_problems(f);
  EXPECT_NE(f.problems[0].find("palette \"dark\": unknown role 'flsh' (roles: background, panel,"),
            std::string::npos)
      << f.problems[0];
}

TEST(PaletteFile, UnknownOrMissingPaletteIsNamed) {
  std::string text = shipped_with("", "");
  const auto light = text.find("[\"light\"]");
  text.replace(light, 9, "[\"lihgt\"]");
  const PaletteFile f = parse_palettes(text, "p.toml");
  EXPECT_FALSE(f.palettes.has_value());
  const std::string all = all_problems(f);
  EXPECT_NE(all.find("'lihgt' is not a palette table"), std::string::npos) << all;
  EXPECT_NE(all.find("no [\"light\"] palette table"), std::string::npos) << all;
}

TEST(PaletteFile, TomlSyntaxErrorHasItsPosition) {
  const PaletteFile f = parse_palettes("[\"dark\"]\npanel = \n", "p.toml");
  ASSERT_FALSE(f.problems.empty());
  EXPECT_EQ(f.problems[0].rfind("p.toml:2:", 0), 0u) << f.problems[0];
}

TEST(PaletteFile, UnreadableFileNamesThePath) {
  const PaletteFile f = read_palette_file("/nonexistent/palettes.toml");
  ASSERT_EQ(f.problems.size(), 1u);
  EXPECT_EQ(f.problems[0], "/nonexistent/palettes.toml: cannot read the palette file");
}

// Found by tests/fuzz/fuzz_palette_file (seeds/palette/toml-hazard): U+FE3F before a key made
// toml++ 3.3 reach __builtin_unreachable (marzer/tomlplusplus#190, #295). It is refused as a
// problem at its position, before toml++ sees it, as lessons are.
TEST(PaletteFile, TextTomlPlusPlusCannotReadSafelyIsAProblemNotUndefinedBehaviour) {
  const PaletteFile f = parse_palettes("\xef\xb8\xbfrk]\n[light]\n", "p.toml");
  EXPECT_FALSE(f.palettes);
  ASSERT_EQ(f.problems.size(), 1u);
  EXPECT_EQ(f.problems[0].rfind("p.toml:1:", 0), 0u) << f.problems[0];
}

}  // namespace
}  // namespace cq::viz
