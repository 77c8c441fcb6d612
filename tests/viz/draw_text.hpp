// Reading text back from Dear ImGui's draw data, so a test can ask "is 'P0' on screen, and
// where?" of text drawn by any means (ImGui::Text, a button label, ImDrawList::AddText).
//
// ImGui draws each visible glyph as one quad (four vertices, indices v v+1 v+2 v v+2 v+3) whose
// corner UVs are exactly that glyph's U0,V0 / U1,V1 in the font atlas, so the quads map back to
// codepoints. Spaces draw nothing: a gap wider than the expected pen position becomes one space,
// so "P0  sweeper" reads back as "P0 sweeper" (needles are compared with runs of whitespace
// collapsed). Glyphs wholly outside their clip rectangle or the display are marked not visible.
#pragma once

#include <imgui.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cq::viz::test {

struct TextRun {
  std::string text;      // UTF-8 is not needed here: the app's text is ASCII
  ImVec2 min, max;       // screen rectangle of the glyphs
  std::string owner;     // name of the window whose draw list holds it
  bool visible = false;  // at least one glyph inside its clip rectangle and the display
  ImVec2 centre() const { return ImVec2((min.x + max.x) * 0.5f, (min.y + max.y) * 0.5f); }
};

// Every run of text in the draw data of the frame just rendered (after ImGui::Render).
std::vector<TextRun> read_text(const ImDrawData& draw_data, const ImFontAtlas& atlas);

// Collapses runs of whitespace to one space and trims the ends.
std::string normalise_space(std::string_view s);

// The first visible run containing `needle` (whitespace-normalised), optionally only in windows
// whose name contains `owner_part`; a copy, so it outlives `runs`.
std::optional<TextRun> find_text(const std::vector<TextRun>& runs, std::string_view needle,
                                 std::string_view owner_part = {});

// All of the frame's visible text, one run per line: for failure messages.
std::string dump_text(const std::vector<TextRun>& runs);

}  // namespace cq::viz::test
