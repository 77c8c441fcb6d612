// BackgroundRun: one job on a thread of its own, so the UI thread never blocks on it. The owner
// can ask it to stop, see whether it has returned, and chooses what destruction does with a job
// still running (Teardown). Session's engine thread, LessonSession's worker and the comparison
// of designs (comparison.hpp) are each one BackgroundRun.
//
// The stop request is an atomic flag the job reads (it fits RunLimit::pause, so an engine run
// stops at its next step boundary). A job that sleeps on a condition variable must also be
// woken: its owner raises the flag with request_stop() under the job's mutex and then notifies,
// so the wake-up cannot fall between the job's test of the flag and its wait.
//
// The flag and done() live in a block the thread shares, so a job left running
// (Teardown::leave_running) reads them safely after its BackgroundRun is gone. The job's
// function object, and whatever it holds, is destroyed on the job's thread as it ends.
//
// Without threads (the single-threaded web build) the constructor runs the job to completion on
// the calling thread: only for jobs that end on their own (the comparison). Session and
// LessonSession have no such job there: they run a slice per frame (*_cooperative.cpp).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <thread>

#include "sim/threads_available.hpp"

namespace cq::viz {

class BackgroundRun {
 public:
  // What the destructor does with a job that may still be running, after asking it to stop.
  //   join          wait for it to return (desktop, tests): the destroying thread may block.
  //   leave_running do not wait: the job stops, frees what it holds and ends on its own. The
  //                 browser's page thread must never wait for a thread that may itself wait for
  //                 a Worker the page starts only when it returns to the browser
  //                 (docs/architecture.md, "The page thread never waits").
  enum class Teardown : std::uint8_t { join, leave_running };

  // The job runs until it returns; once `stop` reads true it should return soon. An exception
  // that escapes it ends the program (std::terminate), as from any thread.
  using Job = std::function<void(const std::atomic<bool>& stop)>;

  explicit BackgroundRun(Job job, Teardown teardown = Teardown::join);
  // Asks the job to stop, then joins it or leaves it running (Teardown).
  ~BackgroundRun();
  BackgroundRun(const BackgroundRun&) = delete;
  BackgroundRun& operator=(const BackgroundRun&) = delete;

  void request_stop() { shared_->stop.store(true, std::memory_order_release); }
  bool stop_requested() const { return shared_->stop.load(std::memory_order_acquire); }
  // The job has returned and what it held is freed; everything it wrote is visible to the caller.
  bool done() const { return shared_->done.load(std::memory_order_acquire); }

 private:
  struct Shared {
    std::atomic<bool> stop{false};
    std::atomic<bool> done{false};
  };
  static void run_job(Shared& shared, Job& job);

  std::shared_ptr<Shared> shared_ = std::make_shared<Shared>();
#if CQ_THREADS
  Teardown teardown_;
  std::thread thread_;
#endif
};

}  // namespace cq::viz
