// Controls: play/pause, step back and forward, next interesting event, speed, reset, exports,
// and where the cursor is. The same actions are on the keyboard (ui/keys.hpp).
#include <cmath>
#include <cstdio>
#include <string>

#include "model/session.hpp"  // kAppTraceMib
#include "model/speed_words.hpp"
#include "runtime/scenario_options.hpp"
#include "views/view_context.hpp"

namespace cq::viz {

void draw_controls(ViewContext& ctx) {
  ViewActions& app = ctx.app;
  ActiveRun& run = ctx.run;
  auto note = [&](const char* name) { note_last_item(app, name); };
  // The row wraps when the window is narrow (a small window, a phone's page): an item goes on
  // the line of the one before only when it fits there.
  const float right_edge = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  auto same_line_if_fits = [&](float width) {
    const float x = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x;
    if (x + width <= right_edge) ImGui::SameLine();
  };
  auto button_width = [](const char* label) {
    return ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
  };
  if (ImGui::Button(run.playing() ? "Pause" : "Play", ImVec2(72, 0))) run.toggle_play();
  note("play");
  same_line_if_fits(button_width("|<"));
  if (ImGui::Button("|<")) run.go_to(0);
  same_line_if_fits(button_width("< Back"));
  if (ImGui::Button("< Back")) run.step_back();
  note("back");
  same_line_if_fits(button_width("Step >"));
  if (ImGui::Button("Step >")) run.step_forward();
  note("step");
  same_line_if_fits(button_width("Next interesting >>"));
  if (ImGui::Button("Next interesting >>")) run.next_interesting();
  note("next_interesting");
  same_line_if_fits(button_width(">|"));
  if (ImGui::Button(">|")) run.go_to(ctx.proj.head());
  // Speed on a log scale, as a fraction of real time: 1/10,000,000x .. 1000x, then unthrottled.
  // Virtual costs are nanoseconds, so watching one cleanup at a time needs about 1/1,000,000x;
  // the slider says what it does in words ("1 µs of Go time per second"), not as that fraction.
  constexpr float kSlowest = -7.f, kFastest = 3.f, kUnthrottled = 3.5f;
  float log_speed = ctx.ui.speed == 0 ? kUnthrottled : static_cast<float>(std::log10(ctx.ui.speed));
  const std::string words = describe_speed(ctx.ui.speed);
  constexpr float kSpeedWidth = 290.f;
  same_line_if_fits(kSpeedWidth);
  ImGui::SetNextItemWidth(kSpeedWidth);
  if (ImGui::SliderFloat("##speed", &log_speed, kSlowest, kUnthrottled, words.c_str())) {
    run.set_speed(log_speed > kFastest ? 0.0 : std::pow(10.0, std::round(log_speed * 2.f) / 2.0));
  }
  note("speed");
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip(
        "Playback speed: how much of the run's time (the model's Go time, in nanoseconds)\n"
        "passes per second of watching. Slower shows one cleanup at a time; keys - and +.");
  }
  same_line_if_fits(button_width("Reset"));
  if (ImGui::Button("Reset")) app.reset();
  note("reset");
  same_line_if_fits(button_width("Screenshot"));
  if (ImGui::Button("Screenshot")) app.request_screenshot("cleanupq-screenshot.png");
  same_line_if_fits(button_width("Export GIF"));
  if (ImGui::Button("Export GIF")) {
    // The time range on the timeline (the whole run up to the cursor when not zoomed).
    const std::size_t from = static_cast<std::size_t>(ctx.ui.timeline_first);
    const std::size_t to = ctx.ui.timeline_span > 0
                               ? from + static_cast<std::size_t>(ctx.ui.timeline_span)
                               : ctx.proj.cursor();
    app.start_gif(from, to, "cleanupq-range.gif", kGifFrames);
  }
  same_line_if_fits(button_width("Export trace"));
  if (ImGui::Button("Export trace")) app.export_trace("cleanupq-trace.json");
  same_line_if_fits(button_width("Copy command line"));
  if (ImGui::Button("Copy command line")) {
    ImGui::SetClipboardText(to_command_line(ctx.scenario).c_str());
    app.say("copied: " + to_command_line(ctx.scenario));
  }
  if (app.offers_share_link()) {
    same_line_if_fits(button_width("Copy link"));
    if (ImGui::Button("Copy link")) app.copy_share_link();
    note("copy_link");
  }
  same_line_if_fits(button_width("?"));
  if (ImGui::Button("?")) ctx.ui.show_help = !ctx.ui.show_help;
  // Status line.
  const TraceModel& m = ctx.model;
  ImGui::PushFont(fonts().mono);
  ImGui::Text("%s  |  %s  | event %zu/%zu  t=%.3f ms  registered %llu  executed %llu%s",
              describe_go(ctx.scenario, true).c_str(),
              std::string(to_string(ctx.scenario.runner)).c_str(), ctx.proj.cursor(),
              ctx.proj.head(), static_cast<double>(m.time_ns) / 1e6,
              static_cast<unsigned long long>(m.counters.registered),
              static_cast<unsigned long long>(m.counters.executed),
              m.finished ? (m.stranded   ? "  STRANDED"
                            : m.complete ? "  done"
                                         : "  ended")
                         : "");
  ImGui::PopFont();
  // The app's trace budget is spent (Session's kAppTraceMib): the picture has stopped, the run
  // has not, and a student must not take the frozen picture for the run's end.
  if (const Trace* trace = ctx.proj.trace(); trace != nullptr && !trace->holds_every_event()) {
    ImGui::SameLine();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colour(Role::warning)),
                       "  trace full: the picture stops at event %zu of %llu (the app keeps %zu "
                       "MiB of trace, a few bytes an event); run fewer cleanups to see it all",
                       trace->size(), static_cast<unsigned long long>(trace->total_events()),
                       kAppTraceMib);
  }
  if (!ctx.ui.message.empty() && ImGui::GetTime() < ctx.ui.message_until) {
    ImGui::SameLine();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colour(Role::highlight)), "  %s",
                       ctx.ui.message.c_str());
  }
}

}  // namespace cq::viz
