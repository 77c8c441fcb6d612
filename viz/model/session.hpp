// Session: one live run behind the app. It owns the SimRuntime and an engine thread (a
// BackgroundRun) that drives it, so the UI never blocks on the engine: the UI thread only reads the
// trace (published with acquire/release) and asks the engine thread to play, pause or step, without
// waiting for it.
//
// Never waiting matters most in the threaded web build (Emscripten pthreads): there a thread
// made by any thread but the page's starts only after the page's thread has returned to the
// browser (pthread_create in a Worker posts the request to the page and returns at once). A run
// makes such threads (a cleanup goroutine started inside a step) and then waits for them, so a
// page thread that waited for the run would wait for itself (docs/architecture.md, "The page
// thread never waits").
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
#include <optional>
#include <string>

#include "model/background_run.hpp"
#include "model/cooperative_pacing.hpp"
#include "runtime/sim_runtime.hpp"
#include "sim/threads_available.hpp"

namespace cq::viz {

// The trace the app keeps in memory (a browser tab has far less than a desktop), in bytes held:
// raw chunks and encoded ones (Trace's compaction: about 3-4 bytes an event once encoded, where a
// raw event takes 32), so 512 MiB hold about 130 M events and 128 MiB about 30 M. Past it storing
// stops (Trace's storage cap): the picture stays at the last stored event and the status line
// says so, while the run goes on, counted and hashed. Any scenario the URL or the editor accepts
// then fits: its largest (kMaxAppCleanups) would otherwise record several GiB of events.
#if defined(__EMSCRIPTEN__)
inline constexpr std::size_t kAppTraceMib = 128;
#else
inline constexpr std::size_t kAppTraceMib = 512;
#endif
// What the picture's model snapshots (TraceIndex, in Projection) may hold. A snapshot copies the
// whole model, and one GC cycle of 2 x 10^7 cleanups holds hundreds of thousands of blocks: at
// one copy every 65,536 events the app once took 2.9 GB for such a run (RSS of cleanupq-viz
// --headless --cleanups 2500000 --run-until 60000000). Past the budget the snapshots thin out
// (every other one dropped, the interval doubled): a seek then folds a longer interval.
#if defined(__EMSCRIPTEN__)
inline constexpr std::size_t kAppSnapshotMib = 64;
#else
inline constexpr std::size_t kAppSnapshotMib = 256;
#endif
// The cleanups a run the app shows may have in all. The app's picture keeps two times per
// cleanup (Projection) and its trace a budget of events, so it takes fewer than `cleanupq run`
// (which keeps neither): the scenario table's limits allow 100 M. A run under the default
// scheduler makes about 3.4 events a cleanup, held at about 3.7 bytes each once encoded
// (tests/bench/README.md), so the largest run fits its budget whole and seeks anywhere: 2 x 10^7
// cleanups take about 250 MiB of the desktop's 512, and the page's 8 x 10^6 about 100 MiB of its
// 128 (and 128 MB of picture times, a browser tab having far less memory than a desktop).
#if defined(__EMSCRIPTEN__)
inline constexpr std::uint64_t kMaxAppCleanups = 8'000'000;
#else
inline constexpr std::uint64_t kMaxAppCleanups = 20'000'000;
#endif
// Why the app will not run a scenario: validate()'s reason (the table's, shared with the CLI),
// then the app's own limit; nullopt when it runs it.
inline std::optional<std::string> app_scenario_problem(const Scenario& s) {
  if (auto problem = validate(s)) return problem;
  if (s.total_cleanups() <= kMaxAppCleanups) return std::nullopt;
  return "the scenario has " + std::to_string(s.total_cleanups()) +
         " cleanups in all (mutators x cleanups x gc-cycles): the app shows up to " +
         std::to_string(kMaxAppCleanups) + " (`cleanupq run` takes more)";
}
inline Scenario with_app_trace_budget(Scenario s) {
  s.trace_stored_bytes = kAppTraceMib << 20;
  return s;
}

class Session {
 public:
  // What ~Session does with an engine thread that may still be inside a run.
  //   join          wait for it to stop (desktop, tests): the caller may block.
  //   leave_running do not wait: the engine thread stops the run, frees it and ends on its
  //                 own. The browser's page thread must never wait for the engine: a run's
  //                 new thread starts only when that page thread returns to the browser.
  using Teardown = BackgroundRun::Teardown;
  // The build's choice: leave_running in the threaded web build, join elsewhere.
  static const Teardown kDefaultTeardown;

  explicit Session(const Scenario& scenario, Teardown teardown = kDefaultTeardown);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  const Scenario& scenario() const { return state_->sim->scenario(); }
  const Trace& trace() const { return state_->sim->trace(); }
  SimRuntime& sim() { return *state_->sim; }
  const SimRuntime& sim() const { return *state_->sim; }

  // Commands. None of them waits for the engine: a command replaces the one waiting, stops
  // the run in progress at its next step boundary, and the engine thread takes it from there.
  // speed: virtual ns per wall ns; 0 = unthrottled.
  void play(double speed);
  void pause();
  // Runs until the trace holds at least `events` more events (or the run ends). Returns at once;
  // busy() tells when it is done.
  void advance_events(std::uint64_t events);
  // Runs until the next event a student wants to stop at (is_interesting) or `kind` if given.
  void advance_to(std::function<bool(const TraceEvent&)> stop);
  // Blocks until the engine thread is idle (headless mode and tests; never the page's thread).
  void wait_idle();
  // Once per frame on the UI thread. Without threads: this frame's share of the current
  // command (`now_s` is wall time, for play at a speed). With threads: nothing.
  void pump(double now_s);

  bool busy() const { return state_->busy.load(std::memory_order_acquire); }
  bool playing() const { return state_->playing.load(std::memory_order_acquire); }
  bool finished() const { return state_->finished.load(std::memory_order_acquire); }
  void set_speed(double speed) { state_->speed.store(speed, std::memory_order_release); }

 private:
  struct Command {
    RunLimit limit;
    bool play = false;
  };
  // The run and what the UI and the engine thread share about it. Shared ownership: a session
  // left to its engine (Teardown::leave_running) lives on until the engine thread ends.
  struct State {
    explicit State(const Scenario& scenario)
        : sim(std::make_unique<SimRuntime>(with_app_trace_budget(scenario))) {}
    std::unique_ptr<SimRuntime> sim;
    std::atomic<bool> pause{false};  // stops the run in progress at a step boundary
    std::atomic<bool> busy{false};
    std::atomic<bool> playing{false};
    std::atomic<bool> finished{false};
    std::atomic<double> speed{0.0};
#if CQ_THREADS
    std::mutex mu;                 // held only briefly, never while a run runs
    std::condition_variable wake;  // a command, or the engine's stop request
    std::condition_variable idle;  // busy went false
    std::optional<Command> next;   // the command the engine thread takes next
    bool running = false;          // the engine thread is inside a command
#else
    Command command;
    CooperativePacing pacing;
#endif
  };
  void submit(Command command);

  std::shared_ptr<State> state_;
#if CQ_THREADS
  static void engine_loop(const std::shared_ptr<State>& state, const std::atomic<bool>& stop);
  static void run_command(State& state, Command& command);

  BackgroundRun engine_;  // after state_: the engine stops (or is left) before state_ lets go
#else
  // Runs the current command on this thread until it ends or this frame's share is used up.
  void run_slice(bool whole);
#endif
};

}  // namespace cq::viz
