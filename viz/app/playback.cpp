// The App as the ActiveRun (views/active_run.hpp): play, pause, step and seek the run that is
// showing. In a lesson, Play runs toward the step's checkpoint; in the free run, a cursor behind
// the live head first replays the recorded part, then the run goes on live.
#include <imgui.h>

#include <algorithm>

#include "app/app.hpp"

namespace cq::viz {

bool App::playing() const {
  // What Play would pause: the lesson's worker in a lesson, else the engine or the replay.
  return lesson_ ? lesson_->busy() : session_->playing() || replaying_;
}

void App::toggle_play() {
  // Practising, the run plays only to a question's answer (Lock in), never past it.
  if (practice_) return;
  if (lesson_) {
    // In a lesson, Play runs toward the step's checkpoint; the lesson decides where to stop.
    if (lesson_->busy()) {
      lesson_->pause();
    } else {
      ui_.follow_head = true;
      lesson_->advance(ui_.speed);
    }
    return;
  }
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
  if (lesson_) return;  // at the head of a lesson's run, Next moves on
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

void App::set_speed(double speed) {
  ui_.speed = speed;
  session_->set_speed(speed);  // a lesson reads ui_.speed when it next advances
}

void App::change_speed(double factor) {
  set_speed(std::clamp((ui_.speed == 0 ? 1.0 : ui_.speed) * factor, 1e-7, kMaxSpeed));
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
  ui_.cursor = std::max<std::uint64_t>(c, ui_.cursor + 1);
}

}  // namespace cq::viz
