// BackgroundRun: the job runs on a thread of its own, sees the stop request, is done only once it
// has returned and let go of what it held, and destruction joins it or (leave_running) leaves it
// to end on its own. Real threads, no sleeps: the job and the test hand over through promises and
// atomics; each wait has a deadline, so a broken BackgroundRun fails the test instead of hanging.
#include "model/background_run.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <thread>

namespace cq::viz {
namespace {

constexpr auto kDeadline = std::chrono::seconds(20);

// Polls `ready` (yielding, never sleeping) until it holds or the deadline passes.
template <class Ready>
bool eventually(Ready ready) {
  const auto deadline = std::chrono::steady_clock::now() + kDeadline;
  while (!ready()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::yield();
  }
  return true;
}

bool kept_in_time(std::future<void>& f) {
  return f.wait_for(kDeadline) == std::future_status::ready;
}

// Keeps a promise when the job's function object, which holds the last copy, is destroyed;
// remembers on which thread.
struct FreedSignal {
  std::promise<std::thread::id> freed;
  ~FreedSignal() { freed.set_value(std::this_thread::get_id()); }
};

TEST(BackgroundRun, RunsTheJobOnAnotherThread) {
  std::promise<std::thread::id> ran_on;
  std::future<std::thread::id> ran_on_future = ran_on.get_future();
  BackgroundRun run(
      [&](const std::atomic<bool>&) { ran_on.set_value(std::this_thread::get_id()); });
  ASSERT_EQ(ran_on_future.wait_for(kDeadline), std::future_status::ready);
  EXPECT_NE(ran_on_future.get(), std::this_thread::get_id());
}

// Held by a job: when the job's function object frees it, says whether done() already held.
struct DoneWhenFreed {
  const BackgroundRun* run = nullptr;  // set before the job is let go
  std::promise<bool> done_when_freed;
  ~DoneWhenFreed() { done_when_freed.set_value(run->done()); }
};

TEST(BackgroundRun, IsDoneOnlyOnceTheJobHasReturnedAndLetGoOfWhatItHeld) {
  std::promise<void> entered, release;
  std::future<void> entered_future = entered.get_future();
  std::shared_future<void> release_future = release.get_future().share();
  auto held = std::make_shared<DoneWhenFreed>();
  std::future<bool> done_when_freed = held->done_when_freed.get_future();
  BackgroundRun run([&, held](const std::atomic<bool>&) {
    entered.set_value();
    release_future.wait_for(kDeadline);
  });
  held->run = &run;  // read by the job's thread only after release
  held.reset();      // the job's copy is now the only one
  ASSERT_TRUE(kept_in_time(entered_future));
  EXPECT_FALSE(run.done()) << "done while the job is still inside";
  release.set_value();
  ASSERT_TRUE(eventually([&] { return run.done(); }));
  ASSERT_EQ(done_when_freed.wait_for(std::chrono::seconds(0)), std::future_status::ready)
      << "done() said so before the job's function object was freed";
  EXPECT_FALSE(done_when_freed.get()) << "done() said so while the job's captures were still held";
}

TEST(BackgroundRun, TheJobSeesTheStopRequest) {
  std::promise<void> entered;
  std::future<void> entered_future = entered.get_future();
  std::atomic<bool> saw_stop{false};
  BackgroundRun run([&](const std::atomic<bool>& stop) {
    entered.set_value();
    saw_stop = eventually([&] { return stop.load(); });
  });
  ASSERT_TRUE(kept_in_time(entered_future));
  EXPECT_FALSE(run.stop_requested());
  run.request_stop();
  EXPECT_TRUE(run.stop_requested());
  ASSERT_TRUE(eventually([&] { return run.done(); }));
  EXPECT_TRUE(saw_stop);
}

TEST(BackgroundRun, DestructionAsksTheJobToStopAndWaitsForIt) {
  std::promise<void> entered;
  std::future<void> entered_future = entered.get_future();
  std::atomic<bool> saw_stop{false};
  std::atomic<bool> returned{false};
  {
    BackgroundRun run([&](const std::atomic<bool>& stop) {
      entered.set_value();
      saw_stop = eventually([&] { return stop.load(); });
      returned = true;
    });
    ASSERT_TRUE(kept_in_time(entered_future));
  }
  EXPECT_TRUE(saw_stop) << "the destructor did not ask the job to stop";
  EXPECT_TRUE(returned) << "the destructor returned before the job did";
}

TEST(BackgroundRun, LeftRunningItDoesNotWaitAndTheJobEndsOnItsOwnThread) {
  std::promise<void> entered, let_go;
  std::future<void> entered_future = entered.get_future();
  std::shared_future<void> let_go_future = let_go.get_future().share();
  std::atomic<bool> let_go_in_time{false};
  std::atomic<bool> saw_stop{false};
  auto signal = std::make_shared<FreedSignal>();
  std::future<std::thread::id> freed = signal->freed.get_future();
  auto run = std::make_unique<BackgroundRun>(
      [&, signal](const std::atomic<bool>& stop) {
        entered.set_value();
        let_go_in_time = let_go_future.wait_for(kDeadline) == std::future_status::ready;
        saw_stop = stop.load();  // the flag outlives the BackgroundRun
      },
      BackgroundRun::Teardown::leave_running);
  signal.reset();
  ASSERT_TRUE(kept_in_time(entered_future));
  run.reset();  // returns while the job is still waiting to be let go
  let_go.set_value();
  ASSERT_EQ(freed.wait_for(kDeadline), std::future_status::ready) << "the job was never freed";
  EXPECT_NE(freed.get(), std::this_thread::get_id()) << "freed on the destroying thread";
  EXPECT_TRUE(let_go_in_time) << "the destructor waited for the job";
  EXPECT_TRUE(saw_stop) << "the destructor did not ask the job to stop";
}

}  // namespace
}  // namespace cq::viz
