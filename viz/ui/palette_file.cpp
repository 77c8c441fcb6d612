#include "ui/palette_file.hpp"

#include <toml++/toml.h>

#include <fstream>
#include <sstream>
#include <string>
#include <utility>

#include "lesson/toml_hazards.hpp"

namespace cq::viz {
namespace {

constexpr std::array<std::string_view, static_cast<std::size_t>(Role::count_)> kRoleKeys = {
    "background", "panel",      "text",    "text_dim", "slot_empty", "slot_filled",
    "block_full", "block_free", "running", "sleeping", "stuck",      "flush",
    "wake",       "highlight",  "warning", "gc_mark",  "gc_sweep"};

constexpr std::array<Palette, 3> kPalettes = {Palette::dark, Palette::light, Palette::okabe_ito};

std::string where(const std::string& source, const toml::source_region& region) {
  return source + ":" + std::to_string(region.begin.line) + ":" +
         std::to_string(region.begin.column) + ": ";
}

// (toml++'s own printing is compiled out: TOML_ENABLE_FORMATTERS=0.)
std::string_view type_name(toml::node_type type) {
  switch (type) {
    case toml::node_type::table:
      return "table";
    case toml::node_type::array:
      return "array";
    case toml::node_type::integer:
    case toml::node_type::floating_point:
      return "number";
    case toml::node_type::boolean:
      return "boolean";
    default:
      return "date or time";
  }
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// "#rrggbb" -> IM_COL32 (ABGR), opaque.
std::optional<std::uint32_t> parse_colour(std::string_view s) {
  if (s.size() != 7 || s[0] != '#') return std::nullopt;
  std::uint32_t rgb = 0;
  for (char c : s.substr(1)) {
    const int d = hex_digit(c);
    if (d < 0) return std::nullopt;
    rgb = rgb << 4 | static_cast<std::uint32_t>(d);
  }
  return 0xff000000u | (rgb & 0xff) << 16 | (rgb & 0xff00) | (rgb >> 16 & 0xff);
}

void read_palette(const toml::table& table, const std::string& name, const std::string& source,
                  PaletteTable& out, std::vector<std::string>& problems) {
  for (const auto& [key, node] : table) {
    bool known = false;
    for (std::string_view k : kRoleKeys) known = known || k == key.str();
    if (!known) {
      std::string allowed;
      for (std::string_view k : kRoleKeys) {
        if (!allowed.empty()) allowed += ", ";
        allowed += k;
      }
      std::string problem = where(source, key.source());
      problem += "palette \"" + name + "\": unknown role '";
      problem += key.str();
      problem += "' (roles: " + allowed + ")";
      problems.push_back(std::move(problem));
    }
  }
  for (std::size_t i = 0; i < kRoleKeys.size(); ++i) {
    const toml::node* node = table.get(kRoleKeys[i]);
    if (node == nullptr) {
      problems.push_back(where(source, table.source()) + "palette \"" + name +
                         "\" has no colour for role '" + std::string(kRoleKeys[i]) + "'");
      continue;
    }
    const auto text = node->value<std::string>();
    const auto colour = text ? parse_colour(*text) : std::nullopt;
    if (!colour) {
      const std::string shown =
          text ? "\"" + *text + "\"" : "a " + std::string(type_name(node->type()));
      std::string problem = where(source, node->source());
      problem += "palette \"" + name + "\", role '";
      problem += kRoleKeys[i];
      problem += "': " + shown + " is not a colour: expected a string \"#rrggbb\"";
      problems.push_back(std::move(problem));
      continue;
    }
    out[i] = *colour;
  }
}

}  // namespace

std::string_view role_key(Role role) {
  return kRoleKeys[static_cast<std::size_t>(role)];
}

PaletteFile parse_palettes(std::string_view text, const std::string& source) {
  PaletteFile result;
  // Text toml++ 3.3 cannot read safely (undefined behaviour on some non-ASCII code points) is
  // refused before it sees it, as for lessons; tests/fuzz/fuzz_palette_file found it here too.
  if (const auto hazard = lesson::find_toml_hazard(text)) {
    result.problems.push_back(source + ":" + std::to_string(hazard->pos.line) + ":" +
                              std::to_string(hazard->pos.column) + ": " + hazard->message);
    return result;
  }
  toml::table root;
  try {
    root = toml::parse(text, std::string_view(source));
  } catch (const toml::parse_error& e) {
    result.problems.push_back(where(source, e.source()) + std::string(e.description()));
    return result;
  }
  for (const auto& [key, node] : root) {
    if (!parse_palette(key.str()) || !node.is_table()) {
      result.problems.push_back(
          where(source, key.source()) + "'" + std::string(key.str()) +
          "' is not a palette table: expected [dark], [light] and [okabe-ito]");
    }
  }
  PaletteSet set{};
  for (std::size_t p = 0; p < kPalettes.size(); ++p) {
    const std::string name(to_string(kPalettes[p]));
    const toml::table* table = root[name].as_table();
    if (table == nullptr) {
      std::string problem = source;
      problem += ":1:1: no [\"" + name + "\"] palette table";
      result.problems.push_back(std::move(problem));
      continue;
    }
    read_palette(*table, name, source, set[p], result.problems);
  }
  if (result.problems.empty()) result.palettes = set;
  return result;
}

PaletteFile read_palette_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {std::nullopt, {path + ": cannot read the palette file"}};
  std::ostringstream text;
  text << in.rdbuf();
  return parse_palettes(text.str(), path);
}

}  // namespace cq::viz
