// Scenario: every option of the one table (runtime/scenario_options.hpp) that belongs in an
// editor, one widget per option kind, edited here and applied on Reset (a run already recorded is
// never changed under the student's feet). A value the option's own check refuses is not taken,
// and its message (the same as the CLI's) stays on screen.
#include <cstdio>
#include <string>

#include "model/session.hpp"
#include "runtime/scenario_options.hpp"
#include "views/view_context.hpp"

namespace cq::viz {
namespace {

// Offers `text` to the option: stored when its check accepts it, otherwise the message is kept.
bool offer(const ScenarioOption& o, Scenario& s, const std::string& text, UiState& ui) {
  if (auto problem = check_value(o, text)) {
    ui.edit_problem = *problem;
    return false;
  }
  ui.edit_problem.clear();
  o.store(s, text);
  return true;
}

// Where the last widget is, as "edit.NAME" (or "edit.NAME=CHOICE"): the page's browser tests
// click the editor as a student would.
void note(ViewActions& app, const std::string& name) {
  note_last_item(app, "edit." + name);
}

bool edit_count(const ScenarioOption& o, Scenario& s, UiState& ui, ViewActions& app) {
  const std::string current = o.text(s);
  unsigned long long value = std::stoull(current);
  ImGui::SetNextItemWidth(150);
  const std::string label = std::string(o.name) + "##edit";
  const bool edited =
      ImGui::InputScalar(label.c_str(), ImGuiDataType_U64, &value, nullptr, nullptr, "%llu");
  note(app, std::string(o.name));
  return edited && offer(o, s, std::to_string(value), ui);
}

bool edit_choice(const ScenarioOption& o, Scenario& s, UiState& ui, ViewActions& app) {
  const std::string current = o.text(s);
  bool changed = false;
  ImGui::TextUnformatted(std::string(o.name).c_str());
  for (std::string_view c : o.choices) {
    ImGui::SameLine();
    const std::string label = std::string(c) + "##" + std::string(o.name);
    const bool clicked = ImGui::RadioButton(label.c_str(), current == c);
    note(app, std::string(o.name) + "=" + std::string(c));
    if (clicked && current != c) changed |= offer(o, s, std::string(c), ui);
  }
  return changed;
}

bool edit_names(const ScenarioOption& o, Scenario& s, UiState& ui) {
  char buffer[512];
  std::snprintf(buffer, sizeof buffer, "%s", o.text(s).c_str());
  ImGui::SetNextItemWidth(320);
  const std::string label = std::string(o.name) + "##edit";
  if (!ImGui::InputText(label.c_str(), buffer, sizeof buffer)) return false;
  return offer(o, s, buffer, ui);
}

void tooltip(const ScenarioOption& o) {
  if (!ImGui::IsItemHovered()) return;
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28);
  ImGui::Text("%s", std::string(o.help).c_str());
  ImGui::TextDisabled("allowed %s%s%s; applies to %s", o.allowed().c_str(),
                      o.unit.empty() ? "" : " ", std::string(o.unit).c_str(),
                      std::string(o.applies).c_str());
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

}  // namespace

void draw_scenario(ViewContext& ctx) {
  Scenario& e = ctx.ui.edited;
  const Scenario before = e;
  bool changed = false;
  int column = 0;  // counts go two to a row; choices and lists take a row of their own
  for (const ScenarioOption& o : scenario_options()) {
    if (!(o.surfaces & kInEditor)) continue;
    if (o.kind == OptionKind::count) {
      if (column == 1) ImGui::SameLine(0, 24);
      changed |= edit_count(o, e, ctx.ui, ctx.app);
      column = 1 - column;
    } else {
      column = 0;
      changed |= o.kind == OptionKind::choice ? edit_choice(o, e, ctx.ui, ctx.app)
                                              : edit_names(o, e, ctx.ui);
    }
    tooltip(o);
  }
  if (changed) ctx.ui.edited_dirty = true;
  // `go` sets the protocol, block capacity and worker cap: say so when it replaced overrides.
  if (e.go != before.go && describe_go(before, true).rfind("custom", 0) == 0) {
    ctx.app.say(std::string(go_profile(e.go).name) +
                " sets its own protocol, block capacity and worker cap: the overrides were reset");
  }
  ImGui::TextWrapped("Runs: %s", describe_go(e).c_str());
  const ImVec4 warning = ImGui::ColorConvertU32ToFloat4(colour(Role::warning));
  if (!ctx.ui.edit_problem.empty()) {
    ImGui::TextColored(warning, "%s (not taken)", ctx.ui.edit_problem.c_str());
  }
  if (auto problem = app_scenario_problem(e)) {
    ImGui::TextColored(warning, "%s", problem->c_str());
  } else if (ctx.ui.edited_dirty) {
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colour(Role::highlight)),
                       "Changes apply on Reset (R): the current run stays as recorded until then.");
    ImGui::SameLine();
    if (ImGui::Button("Reset now")) ctx.app.reset();
  }
}

}  // namespace cq::viz
