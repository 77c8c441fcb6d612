// Session: one live run behind the app. It owns the SimRuntime and an engine thread that drives
// it, so the UI never blocks on the engine: the UI thread only reads the trace (published with
// acquire/release) and asks the engine thread to play, pause or step.
//
// Play/step/pause always stop the engine at a step boundary (the runners guarantee it), so the
// picture never shows half an action.
//
// A build without threads (the browser page that is not cross-origin isolated) has no engine
// thread: session_cooperative.cpp runs the same commands in slices on the UI thread, one slice
// per frame in pump(), paced by virtual-time limits instead of by waiting.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "model/cooperative_pacing.hpp"
#include "runtime/sim_runtime.hpp"
#include "sim/threads_available.hpp"

namespace cq::viz {

class Session {
 public:
  explicit Session(const Scenario& scenario);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  const Scenario& scenario() const { return sim_->scenario(); }
  const Trace& trace() const { return sim_->trace(); }
  SimRuntime& sim() { return *sim_; }
  const SimRuntime& sim() const { return *sim_; }

  // speed: virtual ns per wall ns; 0 = unthrottled.
  void play(double speed);
  void pause();
  // Runs until the trace holds at least `events` more events (or the run ends). Returns at once;
  // busy() tells when it is done.
  void advance_events(std::uint64_t events);
  // Runs until the next event a student wants to stop at (is_interesting) or `kind` if given.
  void advance_to(std::function<bool(const TraceEvent&)> stop);
  // Blocks until the engine thread is idle (headless mode and tests).
  void wait_idle();
  // Once per frame on the UI thread. Without threads: this frame's share of the current
  // command (`now_s` is wall time, for play at a speed). With threads: nothing.
  void pump(double now_s);

  bool busy() const { return busy_.load(std::memory_order_acquire); }
  bool playing() const { return playing_.load(std::memory_order_acquire); }
  bool finished() const { return finished_.load(std::memory_order_acquire); }
  void set_speed(double speed) { speed_.store(speed, std::memory_order_release); }

 private:
  struct Command {
    RunLimit limit;
    bool play = false;
  };
  void submit(Command command);

  std::unique_ptr<SimRuntime> sim_;
  std::atomic<bool> pause_{false};
  std::atomic<bool> busy_{false};
  std::atomic<bool> playing_{false};
  std::atomic<bool> finished_{false};
  std::atomic<double> speed_{0.0};
#if CQ_THREADS
  void engine_loop();

  std::mutex mu_;
  std::condition_variable cv_;
  std::condition_variable idle_cv_;
  bool has_command_ = false;
  bool quit_ = false;
  Command command_;
  std::thread engine_;
#else
  // Runs the current command on this thread until it ends or this frame's share is used up.
  void run_slice(bool whole);

  Command command_;
  CooperativePacing pacing_;
#endif
};

}  // namespace cq::viz
