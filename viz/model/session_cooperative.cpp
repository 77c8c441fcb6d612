// Session without threads (the single-threaded web build): the UI thread runs the engine itself,
// a slice per frame, so the page never blocks. Playing at a speed is paced by advancing a virtual
// time limit with the wall clock (RunLimit::until_ns) rather than by the runner waiting for wall
// time, which a browser's main thread must never do. The inline runner stops only at step
// boundaries, so every frame still shows whole steps.
#include "model/session.hpp"

#if !CQ_THREADS

namespace cq::viz {
Session::Session(const Scenario& scenario) : sim_(std::make_unique<SimRuntime>(scenario)) {}

Session::~Session() = default;

void Session::submit(Command command) {
  command_ = std::move(command);
  busy_.store(true, std::memory_order_release);
  playing_.store(command_.play, std::memory_order_release);
  pacing_.start(sim_->runner().now_ns());
}

void Session::pause() {
  busy_.store(false, std::memory_order_release);
  playing_.store(false, std::memory_order_release);
}

void Session::wait_idle() {
  while (busy()) run_slice(true);
}

void Session::pump(double now_s) {
  if (!busy()) return;
  pacing_.advance(now_s, command_.play ? speed_.load(std::memory_order_acquire) : 0.0);
  run_slice(false);
}

void Session::run_slice(bool whole) {
  RunLimit slice = command_.limit;
  slice.speed = 0;  // never wait: pacing is the virtual time limit below
  slice.max_steps = kStepsPerSlice;
  const double speed = speed_.load(std::memory_order_acquire);
  const bool paced = command_.play && speed > 0 && !whole;
  if (paced) slice.until_ns = pacing_.until_ns();
  const RunOutcome out = sim_->run(slice);
  if (out.why == RunStop::finished) finished_.store(true, std::memory_order_release);
  // A slice used up (step_limit) or a paced stretch caught up with the clock (time_limit): the
  // command goes on next frame. Anything else (finished, the event it ran to) ends it.
  const bool goes_on = out.why == RunStop::step_limit || (paced && out.why == RunStop::time_limit);
  if (!goes_on) pause();
}

}  // namespace cq::viz

#endif  // !CQ_THREADS
