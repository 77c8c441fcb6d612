// The scheduler campaign (lessons 11 and 13 to 16): for each level, a scripted student who
// schedules one way wins and one who schedules another way loses, as the engine judges it at
// the run's end. Each won run is replayed from its choices on a fresh SimRuntime (without the
// lesson player), and the level's win quantity, computed from the trace, is held against the
// runtime's own count of the outcome (RunSummary: losses by cause, stuck_pending, crash).
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>

#include "independent_counter.hpp"
#include "lesson/lesson_parser.hpp"
#include "lesson/lesson_player.hpp"
#include "lesson_test_support.hpp"
#include "queue/queue_config.hpp"

namespace cq::lesson_test {
namespace {

using lesson::LessonPlayer;
using lesson::StepStatus;

lesson::Lesson load(const std::string& file) {
  lesson::ParseResult parsed = lesson::parse_lesson_file(lessons_dir() + "/" + file);
  EXPECT_TRUE(parsed.ok()) << file;
  return parsed.ok() ? *parsed.lesson : lesson::Lesson{};
}

void open_challenge(LessonPlayer& player) {
  while (player.step().kind != lesson::StepKind::challenge) {
    player.advance();
    ASSERT_TRUE(player.next_step());
  }
  ASSERT_EQ(player.status(), StepStatus::challenge);
}

// A student with a habit: at every choice, the first button whose name starts with the first
// prefix that any button has (so {"worker", "sweeper"} = a cleanup goroutine whenever one can
// step, else a sweeper, ...); with no prefix matching, the first button. "sched?" stands for the
// scheduler round, but only while a block waits on `full`, a goroutine sleeps and none can step:
// a student who lets the scheduler wake a sleeping goroutine as soon as there is work.
using Habit = std::vector<std::string>;

std::string pick(const LessonPlayer& player, const Habit& habit) {
  const std::vector<lesson::ActorButton> buttons = player.challenge_buttons();
  for (const std::string& prefix : habit) {
    if (prefix == "sched?") {
      const bool work = !player.model().full_stack.empty() && player.model().counters.sleepers > 0;
      const bool worker_ready =
          std::any_of(buttons.begin(), buttons.end(),
                      [](const lesson::ActorButton& b) { return b.name.rfind("worker", 0) == 0; });
      if (!work || worker_ready) continue;
    }
    const std::string name = prefix == "sched?" ? "sched" : prefix;
    for (const lesson::ActorButton& b : buttons) {
      if (b.name.rfind(name, 0) == 0) return b.name;
    }
  }
  return buttons.empty() ? std::string() : buttons.front().name;
}

StepStatus play_by_habit(LessonPlayer& player, const Habit& habit) {
  while (player.status() == StepStatus::challenge) {
    const std::string choice = pick(player, habit);
    if (choice.empty()) break;
    const lesson::ChallengeMove move = player.choose(choice);
    if (!move.accepted) {
      ADD_FAILURE() << move.error;
      break;
    }
  }
  return player.status();
}

std::int64_t win_quantity(const LessonPlayer& player) {
  const lesson::QuantityValue v = player.quantity(player.step().challenge.win);
  EXPECT_TRUE(v.ok()) << v.error;
  return v.value;
}

// The same quantity counted from the raw events by the tests' own counter.
std::int64_t counted_independently(const LessonPlayer& player, const std::string& quantity) {
  const auto events = events_of(player.runtime().trace(), player.checkpoint_events());
  const auto ref = lesson::parse_quantity(quantity, &player.scenario()).quantity;
  return IndependentCounter(events, player.scenario()).value(*ref).value_or(-1);
}

// The student's choices as a scripted schedule on a fresh runtime, the way the CLI replays one
// (`cleanupq run --schedule`).
RunSummary replay_on_engine(const LessonPlayer& player) {
  Scenario s = player.scenario();
  s.schedule = player.choices();
  s.runner = RunnerKind::inline_;
  SimRuntime sim(s);
  sim.run();
  return sim.summary();
}

struct Level {
  std::string file;
  std::string win;  // the win quantity the lesson must name
  Habit winning;    // a habit that wins
  Habit losing;     // a habit that loses
  // What the runtime itself says about a run, for the win quantity's value.
  std::function<std::int64_t(const RunSummary&)> outcome;
};

const std::vector<Level>& levels() {
  static const std::vector<Level> all = {
      // The stuck cleanup ends the first block: a goroutine that hurries takes that block as
      // soon as it is pushed and sticks in it while the second is still being filled; one that
      // waits takes the top block (the second) first, and meets the stuck cleanup last.
      {"13-a-cleanup-that-never-returns.toml",
       "stalled",
       {"worker", "sched?", "sweeper", "gc", "mutator"},
       {"sweeper", "gc", "mutator", "worker", "sched"},
       [](const RunSummary& s) {
         return static_cast<std::int64_t>(s.pending > 1 ? s.pending - 1 : 0);
       }},
      // The crash needs no race, only the sweep's end; a student who only ever picks the
      // scheduler round never gets there and runs out of choices.
      {"14-a-nil-p-in-the-flush.toml",
       "crashed",
       {"gc", "mutator", "sweeper", "worker"},
       {"sched"},
       [](const RunSummary& s) { return s.crash == CrashCause::none ? 0 : 1; }},
      // sweeper1 fills P1's block before the middle span; if sweeper0 sweeps everything up to
      // it, the cut P holds nothing.
      {"15-gomaxprocs-shrinks-mid-sweep.toml",
       "stranded_by_shrink",
       {"sweeper0", "gc", "mutator", "worker", "sweeper", "sched"},
       {"sweeper1", "gc", "mutator", "worker", "sweeper", "sched"},
       [](const RunSummary& s) { return static_cast<std::int64_t>(s.losses.stranded_by_shrink); }},
      // The Goexit cleanup ends the first block: a goroutine that hurries dies in it before the
      // second is pushed, and nobody takes that one; one that waits runs the second block first.
      {"16-goexit-in-a-cleanup.toml",
       "killed_by_goexit",
       {"worker", "sched?", "sweeper", "gc", "mutator"},
       {"sweeper", "gc", "mutator", "worker", "sched"},
       [](const RunSummary& s) { return static_cast<std::int64_t>(s.losses.killed_by_goexit); }},
  };
  return all;
}

void PrintTo(const Level& level, std::ostream* out) {
  *out << level.file;
}

class CampaignLevel : public ::testing::TestWithParam<Level> {};

TEST_P(CampaignLevel, NamesItsOutcomeAsTheWinCondition) {
  const lesson::Lesson lesson = load(GetParam().file);
  const auto challenge = std::find_if(
      lesson.steps.begin(), lesson.steps.end(),
      [](const lesson::LessonStep& s) { return s.kind == lesson::StepKind::challenge; });
  ASSERT_NE(challenge, lesson.steps.end());
  EXPECT_EQ(challenge->challenge.win.name, GetParam().win);
}

TEST_P(CampaignLevel, AWinningScheduleWins) {
  const Level& level = GetParam();
  LessonPlayer player(load(level.file));
  open_challenge(player);
  ASSERT_EQ(play_by_habit(player, level.winning), StepStatus::won) << player.problem();
  const std::int64_t won_by = win_quantity(player);
  EXPECT_GT(won_by, 0);
  EXPECT_EQ(counted_independently(player, level.win), won_by);
  const RunSummary replayed = replay_on_engine(player);
  EXPECT_TRUE(replayed.finished);
  EXPECT_EQ(level.outcome(replayed), won_by) << "the runtime's own count of the outcome";
}

TEST_P(CampaignLevel, ALosingScheduleLoses) {
  const Level& level = GetParam();
  LessonPlayer player(load(level.file));
  open_challenge(player);
  ASSERT_EQ(play_by_habit(player, level.losing), StepStatus::lost);
  EXPECT_EQ(win_quantity(player), 0);
  if (player.runtime().runner().finished()) {
    EXPECT_EQ(counted_independently(player, level.win), 0);
    EXPECT_EQ(level.outcome(replay_on_engine(player)), 0) << "the runtime agrees";
  } else {
    EXPECT_EQ(player.choices_left(), 0u) << "lost without finishing: out of choices";
  }
}

TEST_P(CampaignLevel, TheHintWins) {
  LessonPlayer player(load(GetParam().file));
  open_challenge(player);
  ASSERT_FALSE(player.hint().empty());
  EXPECT_EQ(player.play_hint(), StepStatus::won) << player.problem();
}

INSTANTIATE_TEST_SUITE_P(Lessons, CampaignLevel, ::testing::ValuesIn(levels()),
                         [](const auto& info) {
                           std::string name = info.param.file.substr(0, 2) + "_" + info.param.win;
                           return name;
                         });

// The buttons say what each actor will do next, and the step it then takes does that: checked
// by the events of that one step, on a whole winning play of lesson 13.
TEST(CampaignButtons, EachButtonSaysWhatItsActorsNextStepDoes) {
  const Level& level = levels()[0];
  LessonPlayer player(load(level.file));
  open_challenge(player);
  std::size_t checked = 0;
  while (player.status() == StepStatus::challenge) {
    const std::string choice = pick(player, level.winning);
    ASSERT_FALSE(choice.empty());
    std::string says;
    for (const lesson::ActorButton& b : player.challenge_buttons()) {
      EXPECT_FALSE(b.next_step.empty()) << b.name << " has no words on its button";
      if (b.name == choice) says = b.next_step;
    }
    const std::size_t before = player.runtime().trace().size();
    ASSERT_TRUE(player.choose(choice).accepted);
    const std::vector<TraceEvent> all =
        events_of(player.runtime().trace(), player.runtime().trace().size());
    const std::vector<TraceEvent> step(all.begin() + static_cast<std::ptrdiff_t>(before),
                                       all.end());
    auto emitted = [&](EventKind kind) {
      return std::any_of(step.begin(), step.end(),
                         [&](const TraceEvent& e) { return e.kind == kind; });
    };
    if (says.rfind("AddCleanup ", 0) == 0) {
      EXPECT_TRUE(emitted(EventKind::cleanup_registered)) << says;
    } else if (says == "try to take a block off full") {
      EXPECT_TRUE(emitted(EventKind::pop_full) || emitted(EventKind::take_failed)) << says;
    } else if (says.rfind("run cleanup ", 0) == 0) {
      const auto id = static_cast<std::uint64_t>(std::stoull(says.substr(12)));
      EXPECT_TRUE(std::any_of(step.begin(), step.end(), [&](const TraceEvent& e) {
        return (e.kind == EventKind::cleanup_run || e.kind == EventKind::cleanup_stuck) &&
               e.a == id;
      })) << says;
    } else if (says.rfind("sweep an object into P", 0) == 0) {
      const auto p = static_cast<std::uint16_t>(std::stoul(says.substr(22)));
      EXPECT_TRUE(std::any_of(step.begin(), step.end(), [&](const TraceEvent& e) {
        return e.kind == EventKind::enqueue && e.p == p;
      })) << says;
    } else if (says.rfind("announce sleep", 0) == 0) {
      EXPECT_TRUE(emitted(EventKind::announce_sleep)) << says;
    } else if (says.rfind("end sweeping", 0) == 0) {
      EXPECT_TRUE(emitted(EventKind::sweeper_end)) << says;
    } else {
      continue;
    }
    ++checked;
  }
  EXPECT_EQ(player.status(), StepStatus::won);
  EXPECT_GE(checked, 10u) << "the play checked too few buttons to mean anything";
}

// Plays the level's winning habit, then walks on to the replay step (`replay_choices`).
void win_then_replay(LessonPlayer& player, const Level& level) {
  open_challenge(player);
  ASSERT_EQ(play_by_habit(player, level.winning), StepStatus::won);
  while (!player.step().replay_choices) ASSERT_TRUE(player.next_step());
  ASSERT_EQ(player.advance(), StepStatus::reached) << player.problem();
  EXPECT_TRUE(player.note().empty()) << "every choice replays: " << player.note();
}

TEST(CampaignReplay, ASecondGoroutineDrainsWhatTheStuckOneHoldsUp) {
  const Level& level = levels()[0];
  LessonPlayer player(load(level.file));
  win_then_replay(player, level);
  EXPECT_GT(max_cleanup_goroutines(player.scenario().gomaxprocs, player.scenario().worker_cap), 1u);
  EXPECT_EQ(counted_independently(player, "stalled"), 0);
  EXPECT_EQ(counted_independently(player, "workers"), 2);
  EXPECT_EQ(counted_independently(player, "workers_stuck"), 1);
}

TEST(CampaignReplay, ANewGoroutineRunsWhatTheDeadOneLeft) {
  const Level& level = levels()[3];
  LessonPlayer player(load(level.file));
  win_then_replay(player, level);
  EXPECT_EQ(counted_independently(player, "killed_by_goexit"), 0);
  EXPECT_EQ(counted_independently(player, "workers"), 2);
  EXPECT_EQ(counted_independently(player, "executed"), counted_independently(player, "registered"));
  EXPECT_EQ(replay_on_engine(player).losses.killed_by_goexit, 0u);
}

TEST(CampaignReplay, Go125sNilCheckSurvivesTheSameSchedule) {
  const Level& level = levels()[1];
  LessonPlayer player(load(level.file));
  win_then_replay(player, level);
  EXPECT_EQ(player.scenario().go, GoVersion::go1_25);
  EXPECT_EQ(counted_independently(player, "crashed"), 0);
  EXPECT_EQ(counted_independently(player, "executed"), counted_independently(player, "registered"));
}

TEST(CampaignReplay, GrowingBackRunsWhatTheShrinkStranded) {
  const Level& level = levels()[2];
  LessonPlayer player(load(level.file));
  win_then_replay(player, level);
  EXPECT_NE(player.scenario().regrow_after_cycle, 0u);
  EXPECT_EQ(counted_independently(player, "stranded_by_shrink"), 0);
  EXPECT_EQ(counted_independently(player, "executed"), counted_independently(player, "registered"));
}

}  // namespace
}  // namespace cq::lesson_test
