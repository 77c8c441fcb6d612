// Lesson 11, "You are the scheduler": a scripted student plays the schedule explorer's shortest
// lost-wakeup schedule, found here directly (not through the player's hint), one button at a
// time, and wins under the e46c8e one-shot protocol; the same choices against the
// level-triggered protocol leave nothing stranded. Plus the challenge's rules: buttons are the
// runnable actors, a parked actor is refused, running out of choices loses.
#include <gtest/gtest.h>

#include "independent_counter.hpp"
#include "lesson/lesson_parser.hpp"
#include "lesson/lesson_player.hpp"
#include "lesson_test_support.hpp"
#include "runtime/runtime_explorer.hpp"

namespace cq::lesson_test {
namespace {

using lesson::LessonPlayer;
using lesson::StepStatus;

lesson::Lesson lesson_11() {
  lesson::ParseResult parsed =
      lesson::parse_lesson_file(lessons_dir() + "/11-you-are-the-scheduler.toml");
  EXPECT_TRUE(parsed.ok());
  return *parsed.lesson;
}

// The explorer's shortest schedule that strands a block, for the explorer's own scenario.
std::vector<std::string> explorer_schedule() {
  RuntimeExplorationTarget target(exploration_scenario(WakeProtocol::oneshot, 8, 1));
  const ExplorationReport report = explore_schedules(target, {});
  for (const ScheduleViolation& v : report.violations) {
    if (v.kind == "stranded") return v.schedule;
  }
  return {};
}

std::int64_t independent(const LessonPlayer& player, const std::string& quantity) {
  const auto events = events_of(player.runtime().trace(), player.checkpoint_events());
  const auto ref = lesson::parse_quantity(quantity, &player.scenario()).quantity;
  return IndependentCounter(events, player.scenario()).value(*ref).value_or(-1);
}

// Moves the player to the lesson's challenge step.
void open_challenge(LessonPlayer& player) {
  while (player.step().kind != lesson::StepKind::challenge) {
    player.advance();
    ASSERT_TRUE(player.next_step());
  }
  ASSERT_EQ(player.status(), StepStatus::challenge);
}

TEST(SchedulerChallenge, TheLessonPlaysTheExplorersScenario) {
  const lesson::Lesson lesson = lesson_11();
  const Scenario explorer = exploration_scenario(WakeProtocol::oneshot, 8, 1);
  const Scenario& mine = lesson.scenario;
  EXPECT_EQ(mine.gomaxprocs, explorer.gomaxprocs);
  EXPECT_EQ(mine.mutator_count(), explorer.mutator_count());
  EXPECT_EQ(mine.cleanups, explorer.cleanups);
  EXPECT_EQ(mine.sweepers, explorer.sweepers);
  EXPECT_EQ(mine.scheduler_round_count(), explorer.scheduler_round_count());
  EXPECT_EQ(mine.block_capacity, explorer.block_capacity);
  EXPECT_EQ(mine.scheduler, explorer.scheduler);  // poll, named: not the default findrunnable
  EXPECT_EQ(mine.scheduler, SchedulerModel::poll);
  EXPECT_EQ(mine.protocol, WakeProtocol::oneshot);
}

TEST(SchedulerChallenge, AStudentPlayingTheExplorersScheduleStrandsABlockUnderOneshot) {
  const std::vector<std::string> schedule = explorer_schedule();
  ASSERT_FALSE(schedule.empty());
  LessonPlayer player(lesson_11());
  open_challenge(player);
  for (const std::string& actor : schedule) {
    const auto buttons = player.challenge_buttons();
    ASSERT_TRUE(std::any_of(buttons.begin(), buttons.end(),
                            [&](const lesson::ActorButton& b) { return b.name == actor; }))
        << actor << " has no button";
    const lesson::ChallengeMove move = player.choose(actor);
    ASSERT_TRUE(move.accepted) << move.error;
  }
  EXPECT_EQ(player.status(), StepStatus::won);
  EXPECT_EQ(player.choices(), schedule);
  EXPECT_EQ(independent(player, "stranded"), 1);
  EXPECT_GT(independent(player, "queued"), 0);
  EXPECT_EQ(player.hint(), schedule) << "the hint is the explorer's schedule";
}

TEST(SchedulerChallenge, TheSameChoicesDoNotStrandUnderTheLevelProtocol) {
  const std::vector<std::string> schedule = explorer_schedule();
  LessonPlayer player(lesson_11());
  open_challenge(player);
  for (const std::string& actor : schedule) ASSERT_TRUE(player.choose(actor).accepted);
  ASSERT_EQ(player.status(), StepStatus::won);
  // The lesson's replay step: the student's choices, against `level`.
  while (!player.step().replay_choices) ASSERT_TRUE(player.next_step());
  EXPECT_EQ(player.scenario().protocol, WakeProtocol::level);
  EXPECT_EQ(player.scenario().schedule, schedule);
  ASSERT_EQ(player.advance(), StepStatus::reached) << player.problem();
  EXPECT_TRUE(player.note().empty())
      << "every choice is possible under level too: " << player.note();
  EXPECT_EQ(independent(player, "stranded"), 0);
  EXPECT_EQ(independent(player, "executed"), independent(player, "registered"));
  // And straight on the engine, without the player.
  Scenario level = player.scenario();
  SimRuntime sim(level);
  sim.run();
  EXPECT_FALSE(sim.summary().stranded);
  EXPECT_TRUE(sim.summary().ok());
}

TEST(SchedulerChallenge, ButtonsAreTheRunnableActors) {
  LessonPlayer player(lesson_11());
  open_challenge(player);
  const auto actors = player.runtime().runner().actors();
  std::vector<std::string> runnable;
  for (ActorId id : player.runtime().runner().runnable()) runnable.push_back(actors[id].name);
  std::vector<std::string> buttons;
  for (const auto& b : player.challenge_buttons()) buttons.push_back(b.name);
  EXPECT_EQ(buttons, runnable);
  EXPECT_FALSE(buttons.empty());
}

TEST(SchedulerChallenge, RefusesAnActorThatCannotStep) {
  LessonPlayer player(lesson_11());
  open_challenge(player);
  const lesson::ChallengeMove move = player.choose("worker0");  // not started yet
  EXPECT_FALSE(move.accepted);
  EXPECT_NE(move.error.find("worker0"), std::string::npos);
  EXPECT_TRUE(player.choices().empty());
  EXPECT_FALSE(player.choose("nobody").accepted);
}

TEST(SchedulerChallenge, RunningOutOfChoicesLoses) {
  LessonPlayer player(lesson_11());
  open_challenge(player);
  const std::uint32_t budget = player.step().challenge.max_choices;
  // The scheduler round alone never ends the run: it has nothing to do.
  for (std::uint32_t i = 0; i < budget && player.status() == StepStatus::challenge; ++i) {
    ASSERT_TRUE(player.choose("sched0").accepted);
  }
  EXPECT_EQ(player.status(), StepStatus::lost);
  EXPECT_EQ(player.choices_left(), 0u);
  EXPECT_FALSE(player.choose("sched0").accepted);
  player.reset_challenge();
  EXPECT_EQ(player.status(), StepStatus::challenge);
  EXPECT_TRUE(player.choices().empty());
}

TEST(SchedulerChallenge, TheHintFollowsTheStudentOnlyWhileTheyFollowIt) {
  LessonPlayer player(lesson_11());
  open_challenge(player);
  const std::vector<std::string> hint = player.hint();
  ASSERT_GE(hint.size(), 2u);
  EXPECT_EQ(player.next_hint(), hint[0]);
  ASSERT_TRUE(player.choose(hint[0]).accepted);
  EXPECT_EQ(player.next_hint(), hint[1]);
  ASSERT_TRUE(player.choose("sched0").accepted);  // off the hint's path
  if (hint[1] != "sched0") {
    EXPECT_FALSE(player.next_hint().has_value());
  }
}

TEST(SchedulerChallenge, AStudentWhoLetsTheGoroutineRunDoesNotWin) {
  LessonPlayer player(lesson_11());
  open_challenge(player);
  // Take the first button every time: the conductor-like order lets the goroutine run.
  while (player.status() == StepStatus::challenge) {
    const auto buttons = player.challenge_buttons();
    ASSERT_FALSE(buttons.empty());
    std::string pick = buttons.front().name;
    for (const auto& b : buttons) {
      if (b.name != "sched0") pick = b.name;  // something that makes progress
    }
    ASSERT_TRUE(player.choose(pick).accepted);
  }
  EXPECT_EQ(player.status(), StepStatus::lost);
  EXPECT_EQ(independent(player, "stranded"), 0);
}

}  // namespace
}  // namespace cq::lesson_test
