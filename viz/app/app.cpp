#include "app/app.hpp"

#include <imgui.h>

#include <algorithm>
#include <fstream>

#include "app/gif_writer.hpp"
#include "app/keys.hpp"
#include "sim/chrome_trace.hpp"
#include "views/view_context.hpp"

namespace cq::viz {

App::App(const AppOptions& options) : options_(options) {
  const std::string dir = Settings::config_dir();
  if (!dir.empty()) {
    settings_path_ = dir + "/settings.ini";
    for (const std::string& problem : settings_.load(settings_path_)) say(problem);
  }
  std::string palette = options.palette.empty() ? settings_.get("palette", "dark") : options.palette;
  apply_palette(parse_palette(palette).value_or(Palette::dark));
  ui_.speed = settings_.get_number("speed", kDefaultSpeed);
  if (ui_.speed < 0 || ui_.speed > 1e3) ui_.speed = kDefaultSpeed;
  ui_.edited = options.scenario;
  session_ = std::make_unique<Session>(options.scenario);
  projection_.attach(session_->trace(), options.scenario.gomaxprocs, options.scenario.total_cleanups());
}

App::~App() { save_settings(); }

void App::save_settings() {
  if (settings_path_.empty() || options_.headless) return;
  settings_.set("palette", std::string(to_string(active_palette())));
  settings_.set_number("speed", ui_.speed);
  settings_.save(settings_path_);
}

void App::say(const std::string& message) {
  ui_.message = message;
  ui_.message_until = ImGui::GetCurrentContext() != nullptr ? ImGui::GetTime() + 6.0 : 6.0;
}

void App::sync() {
  const std::size_t head = projection_.catch_up();
  if (gif_.active) {
    // Recording: each frame shows the next point of the range.
    const auto done = gif_.images.size();
    const std::size_t span = gif_.to - gif_.from;
    ui_.follow_head = false;
    ui_.cursor = gif_.from + span * done / static_cast<std::size_t>(std::max(1, gif_.frames - 1));
  }
  if (replaying_) replay_tick();
  if (ui_.follow_head) ui_.cursor = head;
  projection_.set_cursor(ui_.cursor, ImGui::GetCurrentContext() != nullptr ? ImGui::GetTime() : 0.0);
}

void App::replay_tick() {
  // Replaying the recorded part: the cursor moves through it in virtual time at the play speed.
  const double now = ImGui::GetTime();
  const double dt = std::min(0.1, now - replay_last_s_);
  replay_last_s_ = now;
  const Trace& trace = session_->trace();
  const std::size_t head = projection_.head();
  if (ui_.cursor >= head) {
    replaying_ = false;
    ui_.follow_head = true;
    if (!session_->finished()) session_->play(ui_.speed);
    return;
  }
  const std::uint64_t from = ui_.cursor > 0 ? trace.at(ui_.cursor - 1).time_ns : 0;
  const double budget = ui_.speed == 0 ? 1e18 : dt * 1e9 * ui_.speed;
  std::size_t c = ui_.cursor;
  while (c < head && static_cast<double>(trace.at(c).time_ns - from) <= budget) ++c;
  ui_.cursor = std::max(c, ui_.cursor + 1);
}

void App::toggle_play() {
  if (session_->playing() || replaying_) {
    session_->pause();
    replaying_ = false;
    ui_.follow_head = false;
    ui_.cursor = projection_.cursor();
    return;
  }
  if (ui_.cursor < projection_.head()) {
    replaying_ = true;
    replay_last_s_ = ImGui::GetTime();
    return;
  }
  ui_.follow_head = true;
  session_->play(ui_.speed);
}

void App::step_forward() {
  session_->pause();
  replaying_ = false;
  if (ui_.cursor < projection_.head()) {
    ui_.follow_head = false;
    ++ui_.cursor;
    return;
  }
  ui_.follow_head = true;
  session_->advance_events(1);
}

void App::step_back() {
  session_->pause();
  replaying_ = false;
  ui_.follow_head = false;
  ui_.cursor = projection_.cursor() > 0 ? projection_.cursor() - 1 : 0;
}

void App::next_interesting() {
  session_->pause();
  replaying_ = false;
  const std::size_t next = projection_.next_interesting(projection_.cursor());
  if (next < projection_.head()) {
    ui_.follow_head = false;
    ui_.cursor = next;
    return;
  }
  ui_.follow_head = true;
  session_->advance_to([](const TraceEvent& e) { return is_interesting(e); });
}

void App::previous_interesting() {
  session_->pause();
  replaying_ = false;
  ui_.follow_head = false;
  ui_.cursor = projection_.previous_interesting(projection_.cursor());
}

void App::go_to(std::uint64_t cursor) {
  session_->pause();
  replaying_ = false;
  ui_.follow_head = false;
  ui_.cursor = cursor;
}

void App::change_speed(double factor) {
  if (ui_.speed == 0) ui_.speed = 1.0;
  ui_.speed = std::clamp(ui_.speed * factor, 1e-7, 1e3);
  session_->set_speed(ui_.speed);
}

void App::reset() {
  if (auto problem = validate(ui_.edited)) {
    say("cannot reset: " + *problem);
    return;
  }
  replaying_ = false;
  session_ = std::make_unique<Session>(ui_.edited);
  projection_.attach(session_->trace(), ui_.edited.gomaxprocs, ui_.edited.total_cleanups());
  ui_.cursor = 0;
  ui_.follow_head = true;
  ui_.edited_dirty = false;
  ui_.pick = UiState::Pick::none;
  ui_.timeline_first = 0;
  ui_.timeline_span = 0;
  say("reset: " + to_command_line(ui_.edited));
}

void App::export_trace(const std::string& path) {
  std::ofstream out(path);
  if (!out) {
    say(path + ": cannot write the trace");
    return;
  }
  write_chrome_trace(out, session_->trace(), session_->sim().runner().actors());
  say("trace written to " + path + " (open it in Perfetto)");
}

void App::start_gif(std::size_t from, std::size_t to, const std::string& path, int frames) {
  session_->pause();
  replaying_ = false;
  gif_ = GifRecording{true, path, std::min(from, to), std::max(from, to), std::max(2, frames), {}};
  say("recording " + std::to_string(gif_.frames) + " frames of events " + std::to_string(gif_.from) +
      ".." + std::to_string(gif_.to));
}

void App::after_render(const std::function<Image()>& capture) {
  if (!pending_screenshot.empty()) {
    const std::string error = write_png(capture(), pending_screenshot);
    say(error.empty() ? "screenshot written to " + pending_screenshot : error);
    pending_screenshot.clear();
  }
  if (!gif_.active) return;
  gif_.images.push_back(half_size(capture()));
  if (static_cast<int>(gif_.images.size()) < gif_.frames) return;
  const std::string error = write_gif(gif_.images, gif_.path, 8);
  say(error.empty() ? "GIF written to " + gif_.path : error);
  gif_ = GifRecording{};
}

void App::handle_keys() {
  ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput) return;  // typing in a field is not a command
  auto pressed = [](ImGuiKey key) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(key)); };
  if (pressed(ImGuiKey_Space)) toggle_play();
  if (pressed(ImGuiKey_RightArrow)) io.KeyShift ? next_interesting() : step_forward();
  if (pressed(ImGuiKey_LeftArrow)) io.KeyShift ? previous_interesting() : step_back();
  if (pressed(ImGuiKey_Home)) go_to(0);
  if (pressed(ImGuiKey_End)) {
    replaying_ = false;
    ui_.follow_head = true;
  }
  if (native_f1_ >= 0 && ImGui::IsKeyPressed(native_f1_)) ui_.show_help = !ui_.show_help;
  if (native_s_ >= 0 && io.KeyCtrl && ImGui::IsKeyPressed(native_s_)) pending_screenshot = "cleanupq-screenshot.png";
  for (ImWchar c : io.InputQueueCharacters) {
    switch (c) {
      case '?': ui_.show_help = !ui_.show_help; break;
      case '-': change_speed(0.5); break;
      case '+':
      case '=': change_speed(2.0); break;
      case 'r':
      case 'R': reset(); break;
      default: break;
    }
  }
}

void App::frame() {
  sync();
  handle_keys();
  layout();
}

void App::layout() {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, colour(Role::background));
  ImGui::Begin("Cleanup Queue Lab", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoBringToFrontOnFocus |
                   ImGuiWindowFlags_NoSavedSettings);
  ImGui::PopStyleColor();
  ViewContext ctx{*this, projection_, projection_.model(), ui_, session_->scenario(), ImGui::GetTime()};
  draw_controls(ctx);
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const float top_h = std::max(200.f, avail.y * 0.52f);
  const float timeline_h = 132.f;
  const float bottom_h = std::max(120.f, avail.y - top_h - timeline_h - 2 * ImGui::GetStyle().ItemSpacing.y);
  const float left_w = avail.x * 0.36f, mid_w = avail.x * 0.30f, right_w = avail.x - left_w - mid_w - 2 * gap;
  // Top row: processors + GC | stacks | goroutines + scheduler.
  ImGui::BeginGroup();
  if (begin_panel("##processors", "Processors (P-local blocks)", ImVec2(left_w, top_h * 0.72f))) draw_processors(ctx);
  end_panel();
  if (begin_panel("##gc", "GC phase and sweep gate", ImVec2(left_w, top_h * 0.28f - ImGui::GetStyle().ItemSpacing.y))) draw_gc_phase(ctx);
  end_panel();
  ImGui::EndGroup();
  ImGui::SameLine();
  if (begin_panel("##stacks", "Full list and free list", ImVec2(mid_w, top_h))) draw_stacks(ctx);
  end_panel();
  ImGui::SameLine();
  ImGui::BeginGroup();
  if (begin_panel("##workers", "Cleanup goroutines", ImVec2(right_w, top_h * 0.58f))) draw_workers(ctx);
  end_panel();
  if (begin_panel("##scheduler", "Scheduler", ImVec2(right_w, top_h * 0.42f - ImGui::GetStyle().ItemSpacing.y))) draw_scheduler(ctx);
  end_panel();
  ImGui::EndGroup();
  if (begin_panel("##timeline", "Timeline", ImVec2(avail.x, timeline_h))) draw_timeline(ctx);
  end_panel();
  const float tabs_w = avail.x * 0.64f;
  if (begin_panel("##tabs", "Run", ImVec2(tabs_w, bottom_h))) {
    // SetSelected is a one-shot request: the tab bar keeps it until the next frame's layout.
    auto tab_flags = [&](int tab) { return ui_.select_tab == tab ? ImGuiTabItemFlags_SetSelected : 0; };
    if (ImGui::BeginTabBar("##bottom")) {
      if (ImGui::BeginTabItem("Event log", nullptr, tab_flags(0))) {
        draw_event_log(ctx);
        ImGui::EndTabItem();
      }
      if (ImGui::BeginTabItem("Metrics", nullptr, tab_flags(1))) {
        draw_metrics(ctx);
        ImGui::EndTabItem();
      }
      if (ImGui::BeginTabItem("Scenario", nullptr, tab_flags(2))) {
        draw_scenario(ctx);
        ImGui::EndTabItem();
      }
      if (ImGui::BeginTabItem("Compare 1.24 / 1.25", nullptr, tab_flags(3))) {
        draw_compare(ctx);
        ImGui::EndTabItem();
      }
      ImGui::EndTabBar();
      ui_.select_tab = -1;
    }
  }
  end_panel();
  ImGui::SameLine();
  if (begin_panel("##inspector", "Inspector", ImVec2(avail.x - tabs_w - gap, bottom_h))) draw_inspector(ctx);
  end_panel();
  ImGui::End();
  draw_motions(ctx);
  draw_help(ctx);
}

}  // namespace cq::viz
