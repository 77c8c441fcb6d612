// Files made from the run rather than from the screen: the trace for Perfetto, and a lesson's
// slides (one picture per step, each at its checkpoint).
#include <cstdio>
#include <filesystem>

#include "app/app.hpp"
#include "io/output_file.hpp"
#include "trace/chrome_trace.hpp"

namespace cq::viz {

void App::export_trace(const std::string& path) {
  const auto error = io::write_file_with(path, [&](std::ostream& out) {
    write_chrome_trace(out, session_->trace(), session_->sim().runner().trace_tracks());
  });
  if (error) {
    say(*error + " (the trace was not written)");
    return;
  }
  say("trace written to " + path + " (open it in Perfetto)");
  if (on_file_written) on_file_written(path);
}

std::optional<std::string> App::export_slides(const std::string& dir,
                                              const std::function<Image()>& settled_picture) {
  if (!lesson_) return "--export-slides needs --lesson ID";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return "--export-slides " + dir + ": " + ec.message();
  const lesson::Lesson& l = lesson_->lesson();
  for (std::size_t k = 0; k < l.steps.size(); ++k) {
    if (k > 0 && !lesson_->enter_next_step()) break;
    start_lesson_step(0);
    lesson_->wait_idle();
    // A slide shows the checkpoint: predictions revealed (unanswered), challenges won.
    if (answers_.predicts()) answers_.set_phase(PredictPhase::revealed);
    if (l.steps[k].kind == lesson::StepKind::challenge) lesson_->player().play_hint();  // the win
    after_lesson_move();
    ui_.follow_head = true;
    ui_.select_tab = kLessonTab;
    char name[64];
    std::snprintf(name, sizeof name, "/lesson-%02u-step-%02zu.png", l.id, k + 1);
    if (const auto error = write_png(settled_picture(), dir + name)) {
      return "--export-slides " + *error;
    }
  }
  return std::nullopt;
}

}  // namespace cq::viz
