#include "draw_text.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <utility>

namespace cq::viz::test {
namespace {

struct GlyphRef {
  const ImFont* font;
  const ImFontGlyph* glyph;
};

using GlyphMap = std::map<std::pair<float, float>, GlyphRef>;

GlyphMap map_glyphs(const ImFontAtlas& atlas) {
  GlyphMap map;
  for (const ImFont* font : atlas.Fonts) {
    for (const ImFontGlyph& g : font->Glyphs) {
      if (g.Visible) map[{g.U0, g.V0}] = GlyphRef{font, &g};
    }
  }
  return map;
}

bool same(const ImVec2& uv, float u, float v) {
  return uv.x == u && uv.y == v;
}

// Appends glyphs of one draw list to `runs`, merging neighbours on one line into one run.
class RunBuilder {
 public:
  RunBuilder(std::vector<TextRun>& runs, std::string owner)
      : runs_(runs), owner_(std::move(owner)) {}

  void add(const GlyphRef& ref, const ImDrawVert* quad, const ImVec4& clip, const ImVec4& display) {
    const ImFontGlyph& g = *ref.glyph;
    const float glyph_h = g.Y1 - g.Y0;
    const float scale = glyph_h > 0 ? (quad[2].pos.y - quad[0].pos.y) / glyph_h : 1.f;
    const float pen = quad[0].pos.x - g.X0 * scale;
    const float line_y = quad[0].pos.y - g.Y0 * scale;
    const ImFontGlyph* space = ref.font->FindGlyphNoFallback(' ');
    const float space_w = (space != nullptr ? space->AdvanceX : ref.font->FontSize * 0.25f) * scale;
    const bool continues = open_ && std::fabs(line_y - line_y_) < 0.5f && pen >= next_pen_ - 0.5f &&
                           pen <= next_pen_ + space_w * 3.5f;
    if (!continues) {
      runs_.push_back(TextRun{{}, quad[0].pos, quad[2].pos, owner_, false});
      open_ = true;
    } else if (pen > next_pen_ + 0.5f) {
      runs_.back().text.push_back(' ');
    }
    TextRun& run = runs_.back();
    run.text.push_back(g.Codepoint < 128 ? static_cast<char>(g.Codepoint) : '?');
    run.min = ImVec2(std::min(run.min.x, quad[0].pos.x), std::min(run.min.y, quad[0].pos.y));
    run.max = ImVec2(std::max(run.max.x, quad[2].pos.x), std::max(run.max.y, quad[2].pos.y));
    const bool inside = quad[2].pos.x > std::max(clip.x, display.x) &&
                        quad[0].pos.x < std::min(clip.z, display.z) &&
                        quad[2].pos.y > std::max(clip.y, display.y) &&
                        quad[0].pos.y < std::min(clip.w, display.w);
    run.visible = run.visible || inside;
    next_pen_ = pen + g.AdvanceX * scale;
    line_y_ = line_y;
  }
  void close() { open_ = false; }

 private:
  std::vector<TextRun>& runs_;
  std::string owner_;
  bool open_ = false;
  float next_pen_ = 0, line_y_ = 0;
};

}  // namespace

std::vector<TextRun> read_text(const ImDrawData& draw_data, const ImFontAtlas& atlas) {
  const GlyphMap glyphs = map_glyphs(atlas);
  const ImVec4 display(draw_data.DisplayPos.x, draw_data.DisplayPos.y,
                       draw_data.DisplayPos.x + draw_data.DisplaySize.x,
                       draw_data.DisplayPos.y + draw_data.DisplaySize.y);
  std::vector<TextRun> runs;
  for (int l = 0; l < draw_data.CmdListsCount; ++l) {
    const ImDrawList& list = *draw_data.CmdLists[l];
    RunBuilder builder(runs, list._OwnerName != nullptr ? list._OwnerName : "");
    for (const ImDrawCmd& cmd : list.CmdBuffer) {
      if (cmd.UserCallback != nullptr) continue;
      const ImDrawIdx* idx = list.IdxBuffer.Data + cmd.IdxOffset;
      const ImDrawVert* vtx = list.VtxBuffer.Data + cmd.VtxOffset;
      // Every primitive is whole triangles: step by one, take six when they form a glyph quad.
      for (unsigned t = 0; t + 3 <= cmd.ElemCount;) {
        const ImDrawIdx v = idx[t];
        const bool quad_indices = t + 6 <= cmd.ElemCount && idx[t + 1] == v + 1 &&
                                  idx[t + 2] == v + 2 && idx[t + 3] == v && idx[t + 4] == v + 2 &&
                                  idx[t + 5] == v + 3;
        if (quad_indices) {
          const ImDrawVert* q = vtx + v;
          auto it = glyphs.find({q[0].uv.x, q[0].uv.y});
          if (it != glyphs.end()) {
            const ImFontGlyph& g = *it->second.glyph;
            if (same(q[1].uv, g.U1, g.V0) && same(q[2].uv, g.U1, g.V1) &&
                same(q[3].uv, g.U0, g.V1)) {
              builder.add(it->second, q, cmd.ClipRect, display);
              t += 6;
              continue;
            }
          }
        }
        builder.close();  // anything else drawn between glyphs ends the run
        t += 3;
      }
      builder.close();
    }
  }
  return runs;
}

std::string normalise_space(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

std::optional<TextRun> find_text(const std::vector<TextRun>& runs, std::string_view needle,
                                 std::string_view owner_part) {
  const std::string want = normalise_space(needle);
  for (const TextRun& run : runs) {
    if (!run.visible) continue;
    if (!owner_part.empty() && run.owner.find(owner_part) == std::string::npos) continue;
    if (run.text.find(want) != std::string::npos) return run;
  }
  return std::nullopt;
}

std::string dump_text(const std::vector<TextRun>& runs) {
  std::string out;
  for (const TextRun& run : runs) {
    if (!run.visible) continue;
    out += "  [" + run.owner + "] " + run.text + "\n";
  }
  return out;
}

}  // namespace cq::viz::test
