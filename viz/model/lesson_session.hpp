// LessonSession: a lesson being played in the app. The engine-side LessonPlayer does the work;
// this adds the one thing a UI needs: advancing to a checkpoint at a watchable speed on a worker
// thread (a BackgroundRun), so the picture animates while the student waits.
//
// Threads. LessonPlayer is single-threaded. Everything that can start a fresh run (entering a
// step, going back, a challenge move) runs on the UI thread, after the worker has stopped, so the
// trace the picture reads is never replaced under it. Only advance() runs on the worker, and
// while it does the UI reads nothing but the trace (safe while the engine appends).
//
// Without threads (the single-threaded web build) lesson_session_cooperative.cpp runs advance()
// in slices on the UI thread, one per frame in pump().
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>

#include "lesson/lesson_player.hpp"
#include "model/background_run.hpp"
#include "model/cooperative_pacing.hpp"
#include "sim/threads_available.hpp"

namespace cq::viz {

class LessonSession {
 public:
  explicit LessonSession(lesson::Lesson lesson);
  ~LessonSession();
  LessonSession(const LessonSession&) = delete;
  LessonSession& operator=(const LessonSession&) = delete;

  // Runs toward the current step's checkpoint on the worker; speed 0 = at once.
  void advance(double speed);
  void pause();
  void wait_idle();
  // Once per frame on the UI thread: without threads, this frame's share of advance().
  void pump(double now_s);
  bool busy() const { return busy_.load(std::memory_order_acquire); }

  // UI thread only, and only while !busy() (each call stops the worker first).
  lesson::LessonPlayer& player();
  const lesson::LessonPlayer& player() const { return *player_; }
  bool next_step(double speed);
  // Enters the next step without running it (the caller decides how: a step with predict
  // questions waits for the student's answers); false after the last step.
  bool enter_next_step();
  // Back one step, or straight to step `index` (0-based, clamped to the last step): earlier
  // steps replay at once; the step itself is entered, not run (advance() runs it).
  void previous_step();
  void go_to_step(std::size_t index);
  lesson::ChallengeMove choose(const std::string& actor);

  // The status as of the worker's last advance (readable any time).
  lesson::StepStatus status() const { return status_.load(std::memory_order_acquire); }
  const lesson::Lesson& lesson() const { return player_->lesson(); }
  const Trace& trace() const { return player_->runtime().trace(); }
  std::uint64_t generation() const { return player_->run_generation(); }

 private:
  std::unique_ptr<lesson::LessonPlayer> player_;
  double speed_ = 0;
  std::atomic<bool> pause_{false};
  std::atomic<bool> busy_{false};
  std::atomic<lesson::StepStatus> status_{lesson::StepStatus::running};
#if CQ_THREADS
  void worker_loop(const std::atomic<bool>& stop);

  std::mutex mu_;
  std::condition_variable cv_;
  std::condition_variable idle_cv_;
  bool has_work_ = false;
  // Last: its thread uses the members above, so ~LessonSession joins it before they go.
  BackgroundRun worker_;
#else
  void run_slice(bool whole);

  CooperativePacing pacing_;
#endif
};

}  // namespace cq::viz
