// The runners on their own, with toy actors instead of the Go runtime: earliest-due first, parking
// with a kept permit, background actors that cannot keep a run alive, the closing events emitted
// once, scripted schedules. Every test runs on all three runners: they share these rules.
#include "sim/runner.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "sim/actor.hpp"
#include "support/runtime_test_support.hpp"
#include "trace/trace.hpp"
#include "trace/trace_event.hpp"

namespace cq {
namespace {

// The liveness a test controls: whether a background step would still wake someone.
class ToyLiveness final : public Liveness {
 public:
  std::atomic<bool> progress{false};
  std::atomic<int> finishes{0};
  bool background_can_progress() const override { return progress.load(); }
  void on_finish(StepContext& ctx) override {
    finishes.fetch_add(1);
    ctx.emit(EventKind::run_end);
  }
};

// Steps `steps` times, `delay` apart, emitting cleanup_run with its step number.
class Counter final : public Actor {
 public:
  Counter(std::string name, int steps, std::uint64_t delay)
      : Actor(ActorKind::mutator, std::move(name)), left_(steps), delay_(delay) {}
  StepResult step(StepContext& ctx) override {
    ctx.emit(EventKind::cleanup_run, kNoP, kNoBlock, static_cast<std::uint64_t>(left_));
    if (--left_ == 0) return {AfterStep::done, 0};
    return {AfterStep::ready, delay_};
  }

 private:
  int left_;
  std::uint64_t delay_;
};

// Unparks itself from inside its own step and then asks to park: the permit must be kept.
class SelfWaker final : public Actor {
 public:
  SelfWaker() : Actor(ActorKind::worker, "waker") {}
  StepResult step(StepContext& ctx) override {
    ctx.emit(EventKind::park);
    if (++steps_ == 3) return {AfterStep::done, 0};
    ctx.host().unpark(ctx.self(), ctx.now() + 7);
    return {AfterStep::park, 0};
  }

 private:
  int steps_ = 0;
};

// Parks at once and forever unless someone unparks it; counts its steps.
class Sleeper final : public Actor {
 public:
  explicit Sleeper(std::atomic<int>& steps) : Actor(ActorKind::worker, "sleeper"), steps_(steps) {}
  StepResult step(StepContext& ctx) override {
    ctx.emit(EventKind::park);
    return {steps_.fetch_add(1) == 0 ? AfterStep::park : AfterStep::done, 0};
  }

 private:
  std::atomic<int>& steps_;
};

// A scheduler round: background, steps forever; unparks `target` once when asked to.
class Round final : public Actor {
 public:
  Round(ToyLiveness& liveness, ActorId target)
      : Actor(ActorKind::scheduler, "round"), liveness_(liveness), target_(target) {}
  StepResult step(StepContext& ctx) override {
    if (liveness_.progress.exchange(false)) {
      ctx.emit(EventKind::wake);
      ctx.host().unpark(target_, ctx.now());
    }
    return {AfterStep::ready, 100};
  }

 private:
  ToyLiveness& liveness_;
  ActorId target_;
};

// Steps up to `steps` times, 1 ns apart, and raises `started` in its first step.
class Announcer final : public Actor {
 public:
  Announcer(std::atomic<bool>& started, std::uint64_t steps)
      : Actor(ActorKind::mutator, "announcer"), started_(started), left_(steps) {}
  StepResult step(StepContext&) override {
    if (!started_.exchange(true)) started_.notify_all();
    return {--left_ == 0 ? AfterStep::done : AfterStep::ready, 1};
  }

 private:
  std::atomic<bool>& started_;
  std::uint64_t left_;
};

std::vector<TraceEvent> events_of(const Trace& trace) {
  std::vector<TraceEvent> out;
  for (std::size_t i = 0; i < trace.size(); ++i) out.push_back(trace.at(i));
  return out;
}

class RunnerRules : public ::testing::TestWithParam<RunnerKind> {
 protected:
  std::unique_ptr<Runner> make(std::uint64_t seed = 1) {
    return make_runner(GetParam(), trace_, liveness_, seed);
  }
  Trace trace_;
  ToyLiveness liveness_;
};

// The runners that take one chosen step at a time: scripted schedules and single steps.
class ScriptableRunnerRules : public RunnerRules {};

TEST_P(RunnerRules, StepsEveryActorToDoneThenEmitsTheClosingEventsOnce) {
  auto runner = make();
  runner->spawn(std::make_unique<Counter>("a", 3, 10), 0);
  runner->spawn(std::make_unique<Counter>("b", 4, 10), 5);
  const RunOutcome out = runner->run({});
  EXPECT_EQ(out.why, RunStop::finished);
  EXPECT_EQ(out.steps, 7u);
  EXPECT_TRUE(runner->finished());
  EXPECT_EQ(runner->steps(), 7u);
  EXPECT_EQ(runner->now_ns(), 35u) << "b's last step is due at 5 + 3 * 10";
  EXPECT_EQ(trace_.count(EventKind::cleanup_run), 7u);
  EXPECT_EQ(trace_.count(EventKind::run_end), 1u);
  EXPECT_EQ(trace_.at(trace_.size() - 1).actor, kRuntimeActor);
  const RunOutcome again = runner->run({});
  EXPECT_EQ(again.why, RunStop::finished);
  EXPECT_EQ(again.steps, 0u);
  EXPECT_EQ(liveness_.finishes.load(), 1) << "the closing events are emitted once per run";
  for (const ActorInfo& a : runner->actors()) EXPECT_EQ(a.state, ActorState::done) << a.name;
}

// The inline runner holds its lock across its steps; a reader on another thread (the app's UI
// thread) must still get in while the run goes on, not when it ends.
TEST_P(RunnerRules, AReaderOnAnotherThreadGetsInWhileTheRunGoesOn) {
  constexpr std::uint64_t kSteps = 2'000'000;
  Trace unrecorded(false);
  auto runner = make_runner(GetParam(), unrecorded, liveness_, 1);
  std::atomic<bool> started{false};
  std::atomic<bool> pause{false};
  runner->spawn(std::make_unique<Announcer>(started, kSteps), 0);
  std::uint64_t seen = 0;
  std::thread reader([&] {
    started.wait(false);  // the run has taken its first step
    seen = runner->steps();
    pause.store(true, std::memory_order_release);
  });
  RunLimit limit;
  limit.pause = &pause;
  const RunOutcome out = runner->run(limit);
  reader.join();
  EXPECT_EQ(out.why, RunStop::paused) << "the reader got in only when the run had ended";
  EXPECT_LT(out.steps, kSteps);
  EXPECT_LE(seen, out.steps);
  EXPECT_EQ(runner->steps(), out.steps);
}

TEST_P(RunnerRules, VirtualTimeNeverGoesBackwards) {
  auto runner = make();
  runner->spawn(std::make_unique<Counter>("slow", 5, 30), 0);
  runner->spawn(std::make_unique<Counter>("fast", 12, 7), 0);
  runner->spawn(std::make_unique<Counter>("late", 3, 1), 50);
  ASSERT_EQ(runner->run({}).why, RunStop::finished);
  const auto events = events_of(trace_);
  ASSERT_EQ(events.size(), 21u);
  for (std::size_t i = 1; i < events.size(); ++i) {
    EXPECT_LE(events[i - 1].time_ns, events[i].time_ns) << "event " << i;
  }
}

TEST_P(RunnerRules, AnUnparkThatArrivesBeforeTheParkIsKeptAsAPermit) {
  auto runner = make();
  runner->spawn(std::make_unique<SelfWaker>(), 0);
  const RunOutcome out = runner->run({});
  EXPECT_EQ(out.why, RunStop::finished);
  EXPECT_EQ(out.steps, 3u) << "each park was cancelled by the permit";
  EXPECT_EQ(runner->now_ns(), 14u) << "the permit's due time is kept";
  EXPECT_EQ(runner->actors()[0].state, ActorState::done);
}

TEST_P(RunnerRules, ARunWhereEveryoneIsParkedAndNothingCanWakeThemEnds) {
  std::atomic<int> sleeper_steps{0};
  auto runner = make();
  const ActorId sleeper = runner->spawn(std::make_unique<Sleeper>(sleeper_steps), 0);
  runner->spawn(std::make_unique<Round>(liveness_, sleeper), 0);
  liveness_.progress = false;
  const RunOutcome out = runner->run({});
  EXPECT_EQ(out.why, RunStop::finished) << "background rounds alone must not keep a run alive";
  EXPECT_EQ(sleeper_steps.load(), 1);
  EXPECT_EQ(runner->actors()[sleeper].state, ActorState::parked);
  EXPECT_EQ(trace_.count(EventKind::run_end), 1u);
}

TEST_P(RunnerRules, ABackgroundRoundThatWouldWakeSomeoneKeepsTheRunGoing) {
  std::atomic<int> sleeper_steps{0};
  auto runner = make();
  const ActorId sleeper = runner->spawn(std::make_unique<Sleeper>(sleeper_steps), 0);
  runner->spawn(std::make_unique<Round>(liveness_, sleeper), 1);
  liveness_.progress = true;  // the round will wake the sleeper, and then say no more
  const RunOutcome out = runner->run({});
  EXPECT_EQ(out.why, RunStop::finished);
  EXPECT_EQ(sleeper_steps.load(), 2) << "the sleeper was woken and finished";
  EXPECT_EQ(trace_.count(EventKind::wake), 1u);
  EXPECT_EQ(runner->actors()[sleeper].state, ActorState::done);
}

TEST_P(ScriptableRunnerRules, RunnableListsTheReadyActorsInIdOrder) {
  auto runner = make();
  runner->spawn(std::make_unique<Counter>("a", 1, 1), 30);
  runner->spawn(std::make_unique<Counter>("b", 2, 1), 10);
  runner->spawn(std::make_unique<Counter>("c", 1, 1), 20);
  EXPECT_EQ(runner->runnable(), (std::vector<ActorId>{0, 1, 2}));
  RunLimit one;
  one.max_steps = 1;
  EXPECT_EQ(runner->run(one).why, RunStop::step_limit);
  EXPECT_EQ(runner->now_ns(), 10u) << "the earliest due actor went first";
  EXPECT_EQ(runner->actors()[1].due_ns, 11u);
}

TEST_P(ScriptableRunnerRules, AScriptedScheduleOverridesTheClockThenThePrngTakesOver) {
  auto runner = make();
  runner->spawn(std::make_unique<Counter>("early", 2, 1), 0);
  runner->spawn(std::make_unique<Counter>("late", 2, 1), 100);
  runner->set_schedule({"late", "late"});
  ASSERT_EQ(runner->run({}).why, RunStop::finished);
  const auto events = events_of(trace_);
  ASSERT_EQ(events.size(), 5u);
  EXPECT_EQ(events[0].actor, 1);
  EXPECT_EQ(events[1].actor, 1);
  EXPECT_EQ(events[2].actor, 0);
  EXPECT_EQ(events[2].time_ns, 101u) << "time never goes back, even for an earlier-due actor";
}

TEST_P(ScriptableRunnerRules, AScheduleNamingAnUnknownActorStopsWithAnErrorNamingIt) {
  auto runner = make();
  runner->spawn(std::make_unique<Counter>("a", 2, 1), 0);
  runner->set_schedule({"a", "ghost"});
  const RunOutcome out = runner->run({});
  EXPECT_EQ(out.why, RunStop::schedule_error);
  EXPECT_EQ(out.steps, 1u);
  EXPECT_NE(runner->schedule_error().find("'ghost'"), std::string::npos)
      << runner->schedule_error();
  EXPECT_FALSE(runner->finished());
}

INSTANTIATE_TEST_SUITE_P(AllRunners, RunnerRules,
                         ::testing::Values(RunnerKind::inline_, RunnerKind::conducted,
                                           RunnerKind::threaded),
                         [](const auto& info) { return std::string(to_string(info.param)); });

INSTANTIATE_TEST_SUITE_P(StepwiseRunners, ScriptableRunnerRules,
                         ::testing::Values(RunnerKind::inline_, RunnerKind::conducted),
                         [](const auto& info) { return std::string(to_string(info.param)); });

TEST(RunnerKindNames, ParseAndPrintRoundTrip) {
  for (RunnerKind k : {RunnerKind::inline_, RunnerKind::conducted, RunnerKind::threaded}) {
    EXPECT_EQ(parse_runner(to_string(k)), k);
  }
  EXPECT_FALSE(parse_runner("foo").has_value());
  EXPECT_FALSE(parse_runner("").has_value());
}

}  // namespace
}  // namespace cq
