// The lesson player: the lesson list (broken lessons marked, with their file:line:column), and
// for an open lesson the step's text with `Go names` in code font, progress, Next/Back
// (PageDown/PageUp), "Sources" and "Model vs Go" toggles under the text (collapsed until
// opened), predict questions before the step plays (lock in, watch, reveal: model/
// lesson_answers.hpp), observe questions at the checkpoint, a hint and a second try after a
// wrong first answer, every answer with its explanation, the "you are the
// scheduler" buttons for challenge steps, and "free explore", which leaves the lesson at the
// current state; and the step's figure (ui/figures.hpp) under its text. "Practice" asks fresh
// predict questions from a seed instead (model/practice_session.hpp): the seed in use and "New
// seed" on top, one question at a time with the numbers the engine shows with it, Lock in, the
// run playing to the answer, and the engine's grade beside the student's answer.
#include <algorithm>
#include <cstdio>
#include <string>

#include "ui/figures.hpp"
#include "views/view_context.hpp"

namespace cq::viz {
namespace {

// Text with `code spans` and *emphasis*, wrapped word by word so the fonts can share a line.
// Spacing follows the source: "`free`." stays glued, "on `full`" keeps its space.
void rich_text(const std::string& text) {
  const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
  const float space = ImGui::CalcTextSize(" ").x;
  bool code = false;
  bool emphasis = false;
  bool line_start = true;
  bool pending_space = false;  // whitespace seen since the last word
  std::string word;
  auto emit = [&] {
    if (word.empty()) return;
    ImGui::PushFont(code ? fonts().mono : fonts().ui);
    const float w = ImGui::CalcTextSize(word.c_str()).x;
    if (!line_start) {
      ImGui::SameLine(0, pending_space ? space : 0.f);
      if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();
    }
    if (code || emphasis) {
      ImGui::TextColored(
          ImGui::ColorConvertU32ToFloat4(colour(code ? Role::block_full : Role::highlight)), "%s",
          word.c_str());
    } else {
      ImGui::TextUnformatted(word.c_str());
    }
    ImGui::PopFont();
    line_start = false;
    pending_space = false;
    word.clear();
  };
  for (char c : text) {
    if (c == '`' || (c == '*' && !code)) {
      emit();
      (c == '`' ? code : emphasis) = !(c == '`' ? code : emphasis);
    } else if (c == ' ' || c == '\n') {
      emit();
      pending_space = true;
      if (c == '\n') {
        ImGui::NewLine();
        line_start = true;
      }
    } else {
      word += c;
    }
  }
  emit();
}

std::string without_backticks(std::string s) {
  s.erase(std::remove_if(s.begin(), s.end(), [](char c) { return c == '`' || c == '*'; }), s.end());
  return s;
}

void draw_catalog(ViewContext& ctx) {
  const auto& catalog = ctx.app.lesson_catalog();
  if (catalog.empty()) {
    ImGui::TextDisabled("No lessons found in %s", ctx.app.lessons_dir().c_str());
    return;
  }
  // The count comes from the folder, so that a lesson added there is counted without a rebuild.
  ImGui::TextDisabled(
      "%zu lessons: one per idea of the design, then the scheduler campaign. Open one:",
      catalog.size());
  if (!ImGui::BeginTable("lessons", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY,
                         ImGui::GetContentRegionAvail()))
    return;
  ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_WidthFixed, 28);
  ImGui::TableSetupColumn("lesson");
  ImGui::TableSetupColumn("progress", ImGuiTableColumnFlags_WidthFixed, 90);
  for (const lesson::CatalogEntry& e : catalog) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::Text("%u", e.id);
    ImGui::TableSetColumnIndex(1);
    ImGui::PushID(e.file.c_str());
    if (e.broken()) {
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colour(Role::warning)), "[broken] %s",
                         e.title.c_str());
      for (const lesson::Diagnostic& d : e.problems)
        ImGui::TextWrapped("%s", d.to_string().c_str());
    } else if (ImGui::Selectable(e.title.c_str())) {
      ctx.app.open_lesson(e.file);
    }
    if (!e.broken() && ImGui::IsItemHovered() && !e.summary.empty())
      ImGui::SetTooltip("%s", e.summary.c_str());
    ImGui::PopID();
    ImGui::TableSetColumnIndex(2);
    const int furthest = ctx.app.lesson_progress(e.id);
    if (furthest > 0) ImGui::TextDisabled("step %d", furthest);
  }
  ImGui::EndTable();
}

ImVec4 role_colour(Role role) {
  return ImGui::ColorConvertU32ToFloat4(colour(role));
}

// The answer controls of question i: its choices, or a number field with a button. After a
// wrong first answer with a hint: the hint, and the same controls for the second try.
void draw_answer_controls(ViewContext& ctx, std::size_t i, const lesson::Question& q,
                          LessonAnswers::Entry& a, const std::string& hint) {
  const std::string id = std::string(q.predict() ? "predict-" : "question-") + std::to_string(i);
  if (a.hint_shown) {
    ImGui::TextColored(role_colour(Role::warning),
                       "Not quite: you said %s. Hint:", a.first_given.c_str());
    rich_text(hint);
    ImGui::TextUnformatted("One more try:");
  }
  if (q.multiple_choice()) {
    for (std::size_t c = 0; c < q.choices.size(); ++c) {
      if (ImGui::Button(q.choices[c].text.c_str())) ctx.app.lesson_answer_choice(i, c);
      note_last_item(ctx.app, id + "-choice-" + std::to_string(c));
      if (c + 1 < q.choices.size()) ImGui::SameLine();
    }
    return;
  }
  ImGui::SetNextItemWidth(120);
  ImGui::InputScalar("##answer", ImGuiDataType_S64, &a.typed);
  note_last_item(ctx.app, id + "-number");
  ImGui::SameLine();
  if (ImGui::Button(q.predict() ? "Lock in" : "Check")) ctx.app.lesson_answer_number(i, a.typed);
  note_last_item(ctx.app, id + "-submit");
}

// The computed answer beside the student's, and the explanation.
void draw_reveal(const LessonAnswers::Entry& a, bool predicted) {
  const Role role = a.check.correct ? Role::running : Role::warning;
  ImGui::TextColored(role_colour(role), "%s  You %s %s%s; the engine says %s.",
                     a.check.correct ? "Right." : "Not quite.",
                     predicted ? "predicted" : "answered", a.given.c_str(),
                     a.first_given.empty() ? "" : (" (first " + a.first_given + ")").c_str(),
                     a.check.expected_text.c_str());
  if (!a.check.explanation.empty()) rich_text(a.check.explanation);
}

// The step's predict questions: open for answers, locked while the step plays, then revealed.
void draw_predictions(ViewContext& ctx, const lesson::LessonPlayer& player) {
  const LessonAnswers& answers = ctx.app.lesson_answers();
  const PredictPhase phase = answers.phase();
  if (phase == PredictPhase::answering) {
    ImGui::TextColored(role_colour(Role::highlight),
                       "Predict first. Your answer is locked in, then the step plays.");
  }
  for (std::size_t i = 0; i < player.question_count(); ++i) {
    const lesson::Question& q = player.question(i);
    if (!q.predict()) continue;
    ImGui::PushID(static_cast<int>(i));
    ImGui::Separator();
    LessonAnswers::Entry& a = ctx.app.lesson_answer_entry(i);
    rich_text(a.ask_before_run);
    if (phase == PredictPhase::revealed && a.locked) {
      draw_reveal(a, true);
    } else if (a.locked) {
      ImGui::TextDisabled("Locked in: %s", a.given.c_str());
    } else if (phase == PredictPhase::answering) {
      draw_answer_controls(ctx, i, q, a, a.hint_before_run);
    } else {
      // Revealed without an answer (a slide of the step): the engine's answer alone.
      const lesson::AnswerCheck check =
          q.multiple_choice() ? player.check_choice(i, 0) : player.check_number(i, 0);
      ImGui::TextDisabled("The engine says %s.", check.expected_text.c_str());
      rich_text(check.explanation);
    }
    ImGui::PopID();
  }
}

void draw_observe_questions(ViewContext& ctx, const lesson::LessonPlayer& player) {
  const LessonAnswers& answers = ctx.app.lesson_answers();
  for (std::size_t i = 0; i < player.question_count(); ++i) {
    const lesson::Question& q = player.question(i);
    if (q.predict()) continue;
    ImGui::PushID(static_cast<int>(i));
    ImGui::Separator();
    rich_text(player.fill(q.ask));
    LessonAnswers::Entry& a = ctx.app.lesson_answer_entry(i);
    if (answers.revealed(i)) {
      draw_reveal(a, false);
    } else {
      draw_answer_controls(ctx, i, q, a, player.fill(q.hint));
    }
    ImGui::PopID();
  }
}

void draw_challenge(ViewContext& ctx, LessonSession& session) {
  lesson::LessonPlayer& player = session.player();
  const lesson::StepStatus status = player.status();
  // Won or lost, in the words of the level's own win condition (the quantity's meaning).
  const lesson::QuantityRef& win = player.step().challenge.win;
  const lesson::QuantityInfo* info = lesson::find_quantity(win.name);
  const std::string meaning = info != nullptr ? std::string(info->meaning) : win.spelling;
  if (status == lesson::StepStatus::won) {
    const lesson::QuantityValue v = player.quantity(win);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colour(Role::running)),
                       "You won: %s = %lld at the run's end.", win.spelling.c_str(),
                       static_cast<long long>(v.value));
    ImGui::TextDisabled("%s: %s", win.spelling.c_str(), meaning.c_str());
  } else if (status == lesson::StepStatus::lost && player.runtime().runner().finished()) {
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colour(Role::warning)),
                       "Not this time: %s is 0 at the run's end. Reset and try another order, "
                       "or ask for a hint.",
                       win.spelling.c_str());
    ImGui::TextDisabled("%s: %s", win.spelling.c_str(), meaning.c_str());
  } else if (status == lesson::StepStatus::lost) {
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colour(Role::warning)),
                       "Out of choices: the run is not over. Reset and try another order, or ask "
                       "for a hint.");
  }
  ImGui::Text("Your schedule so far (%zu steps, %u choices left):", player.choices().size(),
              player.choices_left());
  ImGui::PushFont(fonts().mono);
  std::string line;
  for (const std::string& c : player.choices()) line += c + " ";
  ImGui::TextWrapped("%s", line.empty() ? "(none yet)" : line.c_str());
  ImGui::PopFont();
  if (status == lesson::StepStatus::challenge) {
    ImGui::TextUnformatted("Who steps next?");
    const auto hint = ctx.app.lesson_hint_visible() ? player.next_hint() : std::nullopt;
    for (const lesson::ActorButton& b : player.challenge_buttons()) {
      const bool hinted = hint && *hint == b.name;
      if (hinted)
        ImGui::PushStyleColor(ImGuiCol_Button,
                              ImGui::ColorConvertU32ToFloat4(colour(Role::highlight, 160)));
      // The button says what the actor will do; its ID is the name alone, so that it keeps its
      // identity (and keyboard focus) as the action changes.
      const std::string label =
          (b.next_step.empty() ? b.name : b.name + ": " + b.next_step) + "###" + b.name;
      if (ImGui::Button(label.c_str())) ctx.app.lesson_choose(b.name);
      if (hinted) ImGui::PopStyleColor();
    }
  }
  if (ImGui::Button("Reset the challenge")) ctx.app.lesson_reset_challenge();
  ImGui::SameLine();
  bool hint = ctx.app.lesson_hint_visible();
  const char* hint_label = player.step().challenge.hint_from_explorer
                               ? "Hint (the explorer's schedule)"
                               : "Hint (a schedule that wins)";
  if (ImGui::Checkbox(hint_label, &hint)) ctx.app.set_lesson_hint_visible(hint);
  ImGui::SameLine();
  if (ImGui::Button("Show me")) ctx.app.lesson_play_hint();
}

// Under the step's text, collapsed until the student asks: where the step's claims about Go come
// from, and what the model does differently from Go here.
void draw_sources(LessonSession& session, const lesson::LessonStep& step) {
  if (!step.sources.empty() && ImGui::CollapsingHeader("Sources")) {
    ImGui::PushFont(fonts().mono);
    for (const std::string& source : step.sources) ImGui::BulletText("%s", source.c_str());
    ImGui::PopFont();
  }
  if (!step.model_vs_go.empty() && ImGui::CollapsingHeader("Model vs Go")) {
    rich_text(session.player().fill(step.model_vs_go));
  }
}

// The step's figure at the panel's width (never above its own size); a click shows it at its
// own size. A figure that cannot be drawn says why in place of the picture.
void draw_figure(const std::string& name) {
  if (name.empty()) return;
  const FigureTexture& figure = figure_texture(name);
  if (figure.id == nullptr) {
    ImGui::TextDisabled("(figure %s: %s)", name.c_str(), figure.error.c_str());
    return;
  }
  const float width = std::min(ImGui::GetContentRegionAvail().x, static_cast<float>(figure.width));
  const ImVec2 size(width,
                    width * static_cast<float>(figure.height) / static_cast<float>(figure.width));
  ImGui::Image(figure.id, size);
  if (ImGui::IsItemHovered() && width < static_cast<float>(figure.width)) {
    ImGui::SetTooltip("Click to enlarge");
  }
  if (ImGui::IsItemClicked()) ImGui::OpenPopup("##figure");
  if (ImGui::BeginPopup("##figure")) {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const float scale = std::min({1.f, (display.x - 40.f) / static_cast<float>(figure.width),
                                  (display.y - 40.f) / static_cast<float>(figure.height)});
    ImGui::Image(figure.id, ImVec2(static_cast<float>(figure.width) * scale,
                                   static_cast<float>(figure.height) * scale));
    if (ImGui::IsItemClicked()) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
}

void draw_step_body(ViewContext& ctx, LessonSession& session, const lesson::LessonStep& step,
                    bool busy) {
  if (busy) {
    rich_text(step.text);
    draw_figure(step.figure);
    ImGui::TextDisabled("running to %s ...", step.until.describe().c_str());
    return;
  }
  lesson::LessonPlayer& player = session.player();
  const PredictPhase phase = ctx.app.lesson_answers().phase();
  if (phase == PredictPhase::answering || phase == PredictPhase::watching) {
    // The step's text tells what happened at its checkpoint: it shows after the reveal.
    draw_predictions(ctx, player);
    if (phase == PredictPhase::watching) {
      ImGui::Separator();
      ImGui::TextDisabled("watching the step run to %s ...", step.until.describe().c_str());
      ImGui::SameLine();
      if (ImGui::Button("Skip to the end of the step")) ctx.app.lesson_skip_watch();
      note_last_item(ctx.app, "predict-skip");
    }
    return;
  }
  if (phase == PredictPhase::revealed) {
    draw_predictions(ctx, player);
    ImGui::Separator();
  }
  rich_text(player.text());
  draw_figure(step.figure);
  draw_sources(session, step);
  if (!step.code.empty()) {
    // The step points at a line of the code pane: one click brings that tab forward, where the
    // line is framed (code_view.cpp).
    if (ImGui::SmallButton(("Show the code: " + step.code).c_str())) ctx.ui.select_tab = kCodeTab;
    note_last_item(ctx.app, "lesson:show-code");
  }
  switch (player.status()) {
    case lesson::StepStatus::unreachable:
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colour(Role::warning)),
                         "This step cannot be reached: %s", player.problem().c_str());
      break;
    case lesson::StepStatus::running:
      ImGui::TextDisabled("paused before %s", step.until.describe().c_str());
      break;
    default:
      break;
  }
  if (step.kind == lesson::StepKind::challenge) {
    draw_challenge(ctx, session);
  } else if (player.status() == lesson::StepStatus::reached) {
    draw_observe_questions(ctx, player);
  }
}

// A practice question's answer controls: its choices, or a number field with Lock in.
void draw_practice_controls(ViewContext& ctx, const lesson::PracticeQuestion& q,
                            PracticeSession::Answer& a) {
  if (!q.choices.empty()) {
    // Choices side by side while they fit the panel ("P0" .. "P15"), else on the next line
    // ("the next cleanup of worker3 (block 2, 5 left)").
    const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
    const ImGuiStyle& style = ImGui::GetStyle();
    for (std::size_t c = 0; c < q.choices.size(); ++c) {
      if (c > 0) {
        const float width =
            ImGui::CalcTextSize(q.choices[c].text.c_str()).x + 2 * style.FramePadding.x;
        const float after_last = ImGui::GetItemRectMax().x + style.ItemSpacing.x;
        if (after_last + width <= right) ImGui::SameLine();
      }
      if (ImGui::Button(q.choices[c].text.c_str())) ctx.app.practice_answer_choice(c);
      note_last_item(ctx.app, "practice-choice-" + std::to_string(c));
    }
    return;
  }
  ImGui::SetNextItemWidth(120);
  ImGui::InputScalar("##practice-answer", ImGuiDataType_S64, &a.typed);
  note_last_item(ctx.app, "practice-number");
  ImGui::SameLine();
  if (ImGui::Button("Lock in")) ctx.app.practice_answer_number(a.typed);
  note_last_item(ctx.app, "practice-submit");
}

void draw_practice(ViewContext& ctx, PracticeSession& practice) {
  const lesson::Practice& p = practice.practice();
  ImGui::TextColored(role_colour(Role::highlight), "Practice with seed %llu",
                     static_cast<unsigned long long>(practice.seed()));
  // New seed and Back replace or end `practice`: nothing of it is read after either.
  ImGui::SameLine();
  const bool new_seed = ImGui::Button("New seed");
  note_last_item(ctx.app, "practice-new-seed");
  ImGui::SameLine();
  const bool back = ImGui::Button("Back to the lesson");
  note_last_item(ctx.app, "practice-close");
  if (new_seed || back) {
    if (new_seed) ctx.app.practice_new_seed();
    if (back) ctx.app.close_practice();
    return;
  }
  // What a teacher writes down to hand this variant out again.
  ImGui::TextDisabled("The same seed gives the same questions: ?lesson=%u&seed=%llu&practice",
                      ctx.app.lesson()->lesson().id,
                      static_cast<unsigned long long>(practice.seed()));
  const lesson::PracticeQuestion* q = practice.question();
  if (q == nullptr) {
    ImGui::TextColored(role_colour(Role::warning), "No questions from this run: %s. Try New seed.",
                       p.problem.c_str());
    return;
  }
  if (practice.answered() == 0) {
    ImGui::Text("Question %zu of %zu", practice.index() + 1, p.questions.size());
  } else {
    ImGui::Text("Question %zu of %zu (%zu of %zu right so far)", practice.index() + 1,
                p.questions.size(), practice.right(), practice.answered());
  }
  ImGui::Separator();
  rich_text(q->ask);
  // The numbers the engine shows with the question (practice.hpp's `shown`), as it names them.
  std::string now;
  for (const lesson::ShownNumber& n : q->shown)
    now += (now.empty() ? "" : ", ") + n.quantity + " = " + std::to_string(n.value);
  if (!now.empty()) {
    ImGui::TextDisabled("Now:");
    ImGui::SameLine();
    ImGui::PushFont(fonts().mono);
    ImGui::TextWrapped("%s", now.c_str());
    ImGui::PopFont();
  }
  PracticeSession::Answer& a = practice.answer();
  switch (practice.phase()) {
    case PredictPhase::answering:
      ImGui::TextColored(role_colour(Role::highlight),
                         "Predict: your answer is locked in, then the run plays to it.");
      draw_practice_controls(ctx, *q, a);
      break;
    case PredictPhase::watching:
      ImGui::TextDisabled("Locked in: %s. Watching the run to event %zu ...", a.given.c_str(),
                          q->answered_by);
      ImGui::SameLine();
      if (ImGui::Button("Skip to the answer")) ctx.app.practice_skip_watch();
      note_last_item(ctx.app, "practice-skip");
      break;
    case PredictPhase::revealed:
    case PredictPhase::none: {
      const Role role = a.grade.correct ? Role::running : Role::warning;
      ImGui::TextColored(role_colour(role), "%s  You predicted %s; the engine says %s.",
                         a.grade.correct ? "Right." : "Not quite.", a.given.c_str(),
                         a.grade.expected_text.c_str());
      rich_text(a.grade.explanation);
      if (practice.index() + 1 < p.questions.size()) {
        const bool next = ImGui::Button("Next question");
        note_last_item(ctx.app, "practice-next");
        if (next) ctx.app.practice_next();  // last: `q` and `a` become the next question's
      } else {
        ImGui::TextDisabled("That was the last question of seed %llu: New seed asks more.",
                            static_cast<unsigned long long>(practice.seed()));
      }
      break;
    }
  }
}

}  // namespace

void draw_lesson(ViewContext& ctx) {
  LessonSession* session = ctx.app.lesson();
  if (session == nullptr) {
    draw_catalog(ctx);
    return;
  }
  const lesson::Lesson& l = session->lesson();
  const bool busy = session->busy();
  // Header: title, progress, navigation.
  ImGui::PushFont(fonts().title);
  ImGui::Text("Lesson %u: %s", l.id, l.title.c_str());
  ImGui::PopFont();
  // The step index is cached by the App: the player is not read while its worker runs.
  const std::size_t index = ctx.app.lesson_step_shown();
  char progress[32];
  std::snprintf(progress, sizeof progress, "step %zu of %zu", index + 1, l.steps.size());
  ImGui::ProgressBar(static_cast<float>(index + 1) / static_cast<float>(l.steps.size()),
                     ImVec2(180, 0), progress);
  ImGui::SameLine();
  if (ImGui::Button("< Back (PgUp)")) ctx.app.lesson_back();
  ImGui::SameLine();
  if (ImGui::Button("Next (PgDn) >")) ctx.app.lesson_next();
  ImGui::SameLine();
  // Both end the lesson: `session` and `l` are freed, so nothing of them is read after.
  if (ImGui::Button("Free explore")) {
    ctx.app.free_explore();
    return;
  }
  note_last_item(ctx.app, "lesson-free-explore");
  ImGui::SameLine();
  if (ImGui::Button("Lessons")) {
    ctx.app.close_lesson();
    return;
  }
  note_last_item(ctx.app, "lesson-close");
  if (ctx.app.practice() == nullptr) {
    ImGui::SameLine();
    if (ImGui::Button("Practice")) ctx.app.open_practice();
    note_last_item(ctx.app, "practice-open");
  }
  if (PracticeSession* practice = ctx.app.practice()) {
    ImGui::BeginChild("##practice-body", ImGui::GetContentRegionAvail());
    draw_practice(ctx, *practice);
    ImGui::EndChild();
    return;
  }
  const lesson::LessonStep& step = l.steps[index];
  ImGui::PushFont(fonts().title);
  ImGui::TextUnformatted(without_backticks(step.title).c_str());
  ImGui::PopFont();
  // The step's body scrolls: text, question and feedback may outgrow the panel.
  ImGui::BeginChild("##lesson-body", ImGui::GetContentRegionAvail());
  draw_step_body(ctx, *session, step, busy);
  ImGui::EndChild();
}

}  // namespace cq::viz
