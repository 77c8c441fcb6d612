// Session: the UI's thread never waits for the engine thread (viz/model/session.hpp). In the
// threaded web build a page thread that waited for a run could wait for ever: the run may be
// waiting for a thread that starts only once the page's thread returns to the browser.
//
// The engine is held inside a step by the command's own stop test (called on the engine thread
// for every event), which waits until the test lets it go. The test lets it go only after the
// call under test has returned, so a call that waits for the engine cannot return: the stop
// test's deadline (kDeadline) then ends the wait and the test fails instead of hanging.
// Real threads, no sleeps.
#include "model/session.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>

#include "viz_test_support.hpp"

namespace cq::viz {
namespace {

using test::small_scenario;

constexpr auto kDeadline = std::chrono::seconds(20);

// A stop test that holds the engine inside its first step until release().
class Hold {
 public:
  std::function<bool(const TraceEvent&)> stop_test() {
    return [this](const TraceEvent&) {
      if (!entered_flag_.exchange(true)) {
        entered_.set_value();
        released_in_time_ = release_.get_future().wait_for(kDeadline) == std::future_status::ready;
      }
      return false;
    };
  }
  // The engine is inside the step (or the deadline passed).
  bool wait_entered() {
    return entered_.get_future().wait_for(kDeadline) == std::future_status::ready;
  }
  void release() { release_.set_value(); }
  // Read once the engine is past the step: was it let go before the deadline?
  bool released_in_time() const { return released_in_time_; }

 private:
  std::atomic<bool> entered_flag_{false};
  std::promise<void> entered_;
  std::promise<void> release_;
  bool released_in_time_ = false;
};

// A run that goes on far longer than any of these tests: it ends only when stopped.
Scenario long_scenario() {
  Scenario s = small_scenario();
  s.cleanups = 1'000'000;
  return s;
}

// The app's trace budget: whatever the URL or the editor asked for, the trace stops storing at
// kAppTraceMib (a 16 M-cleanup scenario once asked a browser tab for about 4 GiB of events).
TEST(Session, KeepsItsTraceWithinTheAppsMemoryBudget) {
  Session session(small_scenario());
  const Trace& trace = session.sim().trace();
  EXPECT_EQ(trace.stored_byte_limit(), kAppTraceMib << 20);
  EXPECT_EQ(trace.retained_chunk_limit(), Trace::kUnlimited);  // the picture starts at event 0
}

TEST(Session, ACommandDoesNotWaitForTheRunInProgress) {
  Session session(long_scenario(), Session::Teardown::join);
  Hold hold;
  session.advance_to(hold.stop_test());
  ASSERT_TRUE(hold.wait_entered());
  const std::size_t events_before = session.trace().size();
  session.advance_events(5);  // returns at once; the engine takes it when the step ends
  EXPECT_TRUE(session.busy());
  hold.release();
  session.wait_idle();
  EXPECT_TRUE(hold.released_in_time()) << "advance_events waited for the engine's step to end";
  EXPECT_GE(session.trace().size(), events_before + 5) << "the newer command ran";
  EXPECT_FALSE(session.busy());
  EXPECT_FALSE(session.playing());
}

TEST(Session, PauseDoesNotWaitForTheRunInProgress) {
  Session session(long_scenario(), Session::Teardown::join);
  Hold hold;
  session.advance_to(hold.stop_test());
  ASSERT_TRUE(hold.wait_entered());
  session.pause();
  EXPECT_FALSE(session.playing());
  hold.release();
  session.wait_idle();
  EXPECT_TRUE(hold.released_in_time());
  EXPECT_FALSE(session.finished()) << "paused, not run to the end";
}

// Lets a promise be kept when the last copy of the command that holds it is freed.
struct FreedSignal {
  std::promise<void> freed;
  ~FreedSignal() { freed.set_value(); }
};

TEST(Session, LeftToItsEngineItDoesNotWaitForTheRunAndTheEngineFreesIt) {
  auto session = std::make_unique<Session>(long_scenario(), Session::Teardown::leave_running);
  Hold hold;
  auto signal = std::make_shared<FreedSignal>();
  std::future<void> freed = signal->freed.get_future();
  session->advance_to([stop = hold.stop_test(), signal](const TraceEvent& e) { return stop(e); });
  signal.reset();  // the command's copy is now the only one
  ASSERT_TRUE(hold.wait_entered());
  session.reset();  // returns while the engine is still inside the step
  hold.release();
  EXPECT_EQ(freed.wait_for(kDeadline), std::future_status::ready)
      << "the engine thread never let go of the command";
  EXPECT_TRUE(hold.released_in_time()) << "~Session waited for the engine's step to end";
}

TEST(Session, APauseRightAfterACommandIsNeverLost) {
  // The race: the engine takes the command (and clears the stop flag) while pause() runs.
  Session session(long_scenario(), Session::Teardown::join);
  for (int i = 0; i < 300; ++i) {
    session.play(0);
    session.pause();
    session.wait_idle();
    ASSERT_FALSE(session.playing()) << "round " << i;
    ASSERT_FALSE(session.finished())
        << "round " << i << ": the pause was lost, the run went to its end";
  }
}

TEST(Session, ManyCommandsInARowEndIdleWithTheLastOnesWork) {
  for (const RunnerKind runner :
       {RunnerKind::inline_, RunnerKind::conducted, RunnerKind::threaded}) {
    Scenario s = long_scenario();
    s.runner = runner;
    Session session(s, Session::Teardown::join);
    for (int i = 0; i < 500; ++i) {
      if (i % 3 == 0) session.play(0);
      if (i % 3 == 1) session.advance_events(3);
      if (i % 3 == 2) session.pause();
    }
    const std::size_t before = session.trace().size();
    session.advance_events(10);
    session.wait_idle();
    EXPECT_GE(session.trace().size(), before + 10) << to_string(runner);
    EXPECT_FALSE(session.busy()) << to_string(runner);
  }
}

}  // namespace
}  // namespace cq::viz
