// The palette file reader (viz/ui/palette_file.hpp, assets/palettes.toml) on arbitrary bytes.
// Properties: palettes xor problems, every problem naming the file, a line and a column; and the
// palettes that were read, written back as a palette file, read back as the same colours.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "fuzz_require.hpp"
#include "ui/palette_file.hpp"

namespace {

using cq::fuzz::require;

// IM_COL32 (ABGR) back to "#rrggbb".
std::string hex(std::uint32_t abgr) {
  char text[8];
  std::snprintf(text, sizeof text, "#%02x%02x%02x", abgr & 0xffu, (abgr >> 8) & 0xffu,
                (abgr >> 16) & 0xffu);
  return text;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const cq::viz::PaletteFile file = cq::viz::parse_palettes(text, "fuzz.toml");
  require(file.palettes.has_value() == file.problems.empty(), "palettes xor problems");
  for (const std::string& p : file.problems) {
    require(p.rfind("fuzz.toml:", 0) == 0, "a problem names the file", p);
  }
  if (!file.palettes) return 0;
  constexpr cq::viz::Palette kOrder[] = {cq::viz::Palette::dark, cq::viz::Palette::light,
                                         cq::viz::Palette::okabe_ito};
  std::string written;
  for (std::size_t p = 0; p < 3; ++p) {
    written += "[\"" + std::string(cq::viz::to_string(kOrder[p])) + "\"]\n";
    for (std::size_t r = 0; r < (*file.palettes)[p].size(); ++r) {
      written += std::string(cq::viz::role_key(static_cast<cq::viz::Role>(r))) + " = \"" +
                 hex((*file.palettes)[p][r]) + "\"\n";
    }
  }
  const cq::viz::PaletteFile again = cq::viz::parse_palettes(written, "again.toml");
  require(again.palettes.has_value(), "written palettes read back",
          written + (again.problems.empty() ? "" : again.problems.front()));
  require(*again.palettes == *file.palettes, "written palettes read back the same", written);
  return 0;
}
