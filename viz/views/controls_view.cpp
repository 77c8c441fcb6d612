// Controls: play/pause, step back and forward, next interesting event, speed, reset, exports,
// and where the cursor is. The same actions are on the keyboard (ui/keys.hpp).
#include <cmath>
#include <cstdio>

#include "model/session.hpp"  // kAppTraceMib
#include "runtime/scenario_options.hpp"
#include "views/view_context.hpp"

namespace cq::viz {

void draw_controls(ViewContext& ctx) {
  ViewActions& app = ctx.app;
  ActiveRun& run = ctx.run;
  auto note = [&](const char* name) {
    app.note_item(name, to_rect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax()));
  };
  if (ImGui::Button(run.playing() ? "Pause" : "Play", ImVec2(72, 0))) run.toggle_play();
  note("play");
  ImGui::SameLine();
  if (ImGui::Button("|<")) run.go_to(0);
  ImGui::SameLine();
  if (ImGui::Button("< Back")) run.step_back();
  note("back");
  ImGui::SameLine();
  if (ImGui::Button("Step >")) run.step_forward();
  note("step");
  ImGui::SameLine();
  if (ImGui::Button("Next interesting >>")) run.next_interesting();
  note("next_interesting");
  ImGui::SameLine();
  if (ImGui::Button(">|")) run.go_to(ctx.proj.head());
  ImGui::SameLine();
  // Speed on a log scale, as a fraction of real time: 1/10,000,000x .. 1000x, then unthrottled.
  // Virtual costs are nanoseconds, so watching one cleanup at a time needs about 1/1,000,000x.
  constexpr float kSlowest = -7.f, kFastest = 3.f, kUnthrottled = 3.5f;
  float log_speed = ctx.ui.speed == 0 ? kUnthrottled : static_cast<float>(std::log10(ctx.ui.speed));
  char label[48];
  if (ctx.ui.speed == 0) {
    std::snprintf(label, sizeof label, "unthrottled");
  } else if (ctx.ui.speed < 1.0) {
    std::snprintf(label, sizeof label, "1/%.0fx real time", 1.0 / ctx.ui.speed);
  } else {
    std::snprintf(label, sizeof label, "%.0fx real time", ctx.ui.speed);
  }
  ImGui::SetNextItemWidth(190);
  if (ImGui::SliderFloat("##speed", &log_speed, kSlowest, kUnthrottled, label)) {
    run.set_speed(log_speed > kFastest ? 0.0 : std::pow(10.0, std::round(log_speed * 2.f) / 2.0));
  }
  ImGui::SameLine();
  if (ImGui::Button("Reset")) app.reset();
  note("reset");
  ImGui::SameLine();
  if (ImGui::Button("Screenshot")) app.request_screenshot("cleanupq-screenshot.png");
  ImGui::SameLine();
  if (ImGui::Button("Export GIF")) {
    // The time range on the timeline (the whole run up to the cursor when not zoomed).
    const std::size_t from = static_cast<std::size_t>(ctx.ui.timeline_first);
    const std::size_t to = ctx.ui.timeline_span > 0
                               ? from + static_cast<std::size_t>(ctx.ui.timeline_span)
                               : ctx.proj.cursor();
    app.start_gif(from, to, "cleanupq-range.gif", kGifFrames);
  }
  ImGui::SameLine();
  if (ImGui::Button("Export trace")) app.export_trace("cleanupq-trace.json");
  ImGui::SameLine();
  if (ImGui::Button("Copy command line")) {
    ImGui::SetClipboardText(to_command_line(ctx.scenario).c_str());
    app.say("copied: " + to_command_line(ctx.scenario));
  }
  if (app.offers_share_link()) {
    ImGui::SameLine();
    if (ImGui::Button("Copy link")) app.copy_share_link();
    note("copy_link");
  }
  ImGui::SameLine();
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
                       "MiB of trace); run fewer cleanups to see it all",
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
