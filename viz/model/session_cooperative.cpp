// Session without threads (the single-threaded web build): the UI thread runs the engine itself,
// a slice per frame, so the page never blocks. Playing at a speed is paced by advancing a virtual
// time limit with the wall clock (RunLimit::until_ns) rather than by the runner waiting for wall
// time, which a browser's main thread must never do. The inline runner stops only at step
// boundaries, so every frame still shows whole steps.
#include "model/session.hpp"

#if !CQ_THREADS

namespace cq::viz {
const Session::Teardown Session::kDefaultTeardown = Teardown::join;  // no engine thread to leave

Session::Session(const Scenario& scenario, Teardown) : state_(std::make_shared<State>(scenario)) {}

Session::~Session() = default;

void Session::submit(Command command) {
  State& s = *state_;
  s.command = std::move(command);
  s.busy.store(true, std::memory_order_release);
  s.playing.store(s.command.play, std::memory_order_release);
  s.pacing.start(s.sim->runner().now_ns());
}

void Session::pause() {
  State& s = *state_;
  s.busy.store(false, std::memory_order_release);
  s.playing.store(false, std::memory_order_release);
}

void Session::wait_idle() {
  while (busy()) run_slice(true);
}

void Session::pump(double now_s) {
  State& s = *state_;
  if (!busy()) return;
  s.pacing.advance(now_s, s.command.play ? s.speed.load(std::memory_order_acquire) : 0.0);
  run_slice(false);
}

void Session::run_slice(bool whole) {
  State& s = *state_;
  RunLimit slice = s.command.limit;
  slice.speed = 0;  // never wait: pacing is the virtual time limit below
  slice.max_steps = kStepsPerSlice;
  const double speed = s.speed.load(std::memory_order_acquire);
  const bool paced = s.command.play && speed > 0 && !whole;
  if (paced) slice.until_ns = s.pacing.until_ns();
  const RunOutcome out = s.sim->run(slice);
  if (out.why == RunStop::finished) s.finished.store(true, std::memory_order_release);
  // A slice used up (step_limit) or a paced stretch caught up with the clock (time_limit): the
  // command goes on next frame. Anything else (finished, the event it ran to) ends it.
  const bool goes_on = out.why == RunStop::step_limit || (paced && out.why == RunStop::time_limit);
  if (!goes_on) pause();
}

}  // namespace cq::viz

#endif  // !CQ_THREADS
