#include "model/session.hpp"

namespace cq::viz {

// Commands, for both builds: submit() hands them to the engine thread, or to pump().
void Session::play(double speed) {
  speed_.store(speed, std::memory_order_release);
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

Session::Session(const Scenario& scenario)
    : sim_(std::make_unique<SimRuntime>(scenario)), engine_([this] { engine_loop(); }) {}

Session::~Session() {
  {
    std::lock_guard<std::mutex> guard(mu_);
    quit_ = true;
    pause_.store(true, std::memory_order_release);
  }
  cv_.notify_all();
  engine_.join();
}

void Session::submit(Command command) {
  pause_.store(true, std::memory_order_release);  // interrupt whatever runs now
  std::unique_lock<std::mutex> lock(mu_);
  idle_cv_.wait(lock, [&] { return !busy_.load(std::memory_order_acquire); });
  pause_.store(false, std::memory_order_release);
  command_ = std::move(command);
  has_command_ = true;
  busy_.store(true, std::memory_order_release);
  playing_.store(command_.play, std::memory_order_release);
  cv_.notify_all();
}

void Session::pause() {
  pause_.store(true, std::memory_order_release);
  playing_.store(false, std::memory_order_release);
}

void Session::wait_idle() {
  std::unique_lock<std::mutex> lock(mu_);
  idle_cv_.wait(lock, [&] { return !busy_.load(std::memory_order_acquire); });
}

void Session::pump(double) {}  // the engine thread does the work

void Session::engine_loop() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    cv_.wait(lock, [&] { return has_command_ || quit_; });
    if (quit_) return;
    has_command_ = false;
    Command c = std::move(command_);
    lock.unlock();
    c.limit.pause = &pause_;
    for (;;) {
      // Playing at a speed: short slices, so a speed change applies within a frame or two.
      RunLimit slice = c.limit;
      if (c.play) slice.speed = speed_.load(std::memory_order_acquire);
      if (c.play && slice.speed > 0) slice.max_steps = 2048;
      const RunOutcome out = sim_->run(slice);
      if (out.why == RunStop::finished) finished_.store(true, std::memory_order_release);
      if (!c.play || out.why != RunStop::step_limit) break;
    }
    lock.lock();
    playing_.store(false, std::memory_order_release);
    busy_.store(false, std::memory_order_release);
    idle_cv_.notify_all();
  }
}

#endif  // CQ_THREADS

}  // namespace cq::viz
