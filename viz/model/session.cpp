#include "model/session.hpp"

namespace cq::viz {

// Commands, for both builds: submit() hands them to the engine thread, or to pump().
void Session::play(double speed) {
  state_->speed.store(speed, std::memory_order_release);
  Command c;
  c.play = true;
  submit(std::move(c));
}

void Session::advance_events(std::uint64_t events) {
  Command c;
  auto seen = std::make_shared<std::uint64_t>(0);
  c.limit.stop_on = [seen, events](const TraceEvent&) { return ++*seen >= events; };
  submit(std::move(c));
}

void Session::advance_to(std::function<bool(const TraceEvent&)> stop) {
  Command c;
  c.limit.stop_on = std::move(stop);
  submit(std::move(c));
}

#if CQ_THREADS

#if defined(__EMSCRIPTEN__)
const Session::Teardown Session::kDefaultTeardown = Teardown::leave_running;
#else
const Session::Teardown Session::kDefaultTeardown = Teardown::join;
#endif

Session::Session(const Scenario& scenario, Teardown teardown)
    : state_(std::make_shared<State>(scenario)),
      engine_([state = state_](const std::atomic<bool>& stop) { engine_loop(state, stop); },
              teardown) {}

Session::~Session() {
  {
    // Under mu, so the engine thread cannot test the stop flag, miss it and then sleep.
    std::lock_guard<std::mutex> guard(state_->mu);
    engine_.request_stop();
    state_->next.reset();
    state_->pause.store(true, std::memory_order_release);
  }
  state_->wake.notify_all();
  // Then engine_'s destructor joins it, or (leave_running) lets it go: the engine thread holds
  // the state and frees the run when it ends. A join could wait for ever on the web: the run may
  // be waiting for a thread that starts only once this (the page's) thread returns to the browser.
}

void Session::submit(Command command) {
  State& s = *state_;
  std::lock_guard<std::mutex> guard(s.mu);
  s.next = std::move(command);
  s.busy.store(true, std::memory_order_release);
  s.playing.store(s.next->play, std::memory_order_release);
  // Stops the run in progress, if any, at its next step boundary. The engine clears the flag
  // under mu when it takes the next command, so a stop asked after that is never lost.
  s.pause.store(true, std::memory_order_release);
  s.wake.notify_all();
}

void Session::pause() {
  State& s = *state_;
  std::lock_guard<std::mutex> guard(s.mu);
  s.next.reset();  // a command not yet taken never runs
  s.pause.store(true, std::memory_order_release);
  s.playing.store(false, std::memory_order_release);
  if (!s.running) {  // nothing to stop: idle now (a running command says so when it stops)
    s.busy.store(false, std::memory_order_release);
    s.idle.notify_all();
  }
}

void Session::wait_idle() {
  std::unique_lock<std::mutex> lock(state_->mu);
  state_->idle.wait(lock, [&] { return !state_->busy.load(std::memory_order_acquire); });
}

void Session::pump(double) {}  // the engine thread does the work

void Session::engine_loop(const std::shared_ptr<State>& state, const std::atomic<bool>& stop) {
  State& s = *state;
  std::unique_lock<std::mutex> lock(s.mu);
  auto stopping = [&] { return stop.load(std::memory_order_acquire); };
  for (;;) {
    s.wake.wait(lock, [&] { return s.next.has_value() || stopping(); });
    if (stopping()) return;  // the last owner (leave_running) frees the run on this thread
    Command c = std::move(*s.next);
    s.next.reset();
    s.pause.store(false, std::memory_order_release);
    s.running = true;
    lock.unlock();
    run_command(s, c);
    lock.lock();
    s.running = false;
    if (!s.next) {  // else a newer command stopped this one: busy and playing are already its
      s.playing.store(false, std::memory_order_release);
      s.busy.store(false, std::memory_order_release);
      s.idle.notify_all();
    }
  }
}

void Session::run_command(State& s, Command& c) {
  c.limit.pause = &s.pause;
  for (;;) {
    // Playing at a speed: short slices, so a speed change applies within a frame or two.
    RunLimit slice = c.limit;
    if (c.play) slice.speed = s.speed.load(std::memory_order_acquire);
    if (c.play && slice.speed > 0) slice.max_steps = 2048;
    const RunOutcome out = s.sim->run(slice);
    if (out.why == RunStop::finished) s.finished.store(true, std::memory_order_release);
    if (!c.play || out.why != RunStop::step_limit) return;
  }
}

#endif  // CQ_THREADS

}  // namespace cq::viz
