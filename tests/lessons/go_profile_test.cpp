// Go profiles: each sets what differs between the versions (runtime/go_profile.hpp), overriding
// any of it makes the label say "custom", and the lost wakeup belongs to e46c8e alone.
#include <gtest/gtest.h>

#include "runtime/runtime_explorer.hpp"
#include "runtime/scenario_options.hpp"
#include "runtime/sim_runtime.hpp"

namespace cq {
namespace {

Scenario with_go(std::string_view name) {
  Scenario s;
  EXPECT_FALSE(apply_options(s, {{"go", std::string(name)}}));
  return s;
}

TEST(GoProfile, EachProfileSetsItsProtocolAndBlockCapacity) {
  EXPECT_EQ(with_go("e46c8e").protocol, WakeProtocol::oneshot);  // CL 650697
  EXPECT_EQ(with_go("go1.25").protocol, WakeProtocol::level);    // CL 671676
  EXPECT_EQ(with_go("go1.26").protocol, WakeProtocol::level);
  EXPECT_EQ(with_go("go1.25").block_capacity, 60u);  // 480 bytes of one-word slots
  EXPECT_EQ(with_go("go1.26").block_capacity, 20u);  // 480 bytes of three-word cleanupFn
  EXPECT_EQ(with_go("go1.24").design(), Design::finalizer_queue);
  EXPECT_EQ(Scenario{}.go, GoVersion::go1_25) << "the default is the first release's queue";
}

TEST(GoProfile, TheLabelNamesWhatRunsAndSaysCustomWhenOverridden) {
  EXPECT_NE(describe_go(with_go("go1.25")).find("CL 671676"), std::string::npos);
  EXPECT_NE(describe_go(with_go("e46c8e")).find("never released"), std::string::npos);
  Scenario custom;
  ASSERT_FALSE(apply_options(custom, {{"go", "go1.25"}, {"protocol", "oneshot"}}));
  EXPECT_EQ(describe_go(custom), "custom (based on go1.25: protocol oneshot)");
  EXPECT_EQ(describe_go(custom, true), "custom (based on go1.25)");
  // The profile is applied first whatever the order written, so an override always wins.
  EXPECT_EQ(custom.protocol, WakeProtocol::oneshot);
}

TEST(GoProfile, OptionsThatGo124DoesNotHaveAreRefusedThere) {
  Scenario s;
  const auto problem = apply_options(s, {{"go", "go1.24"}, {"protocol", "oneshot"}});
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->option->name, "protocol");
  EXPECT_NE(problem->message.find("does not apply to go1.24"), std::string::npos);
}

TEST(GoProfile, AQueueOptionWrittenForGo124IsRefusedEvenAtItsPlaceholderValue) {
  for (const char* name : {"protocol", "block-capacity", "worker-cap"}) {
    Scenario s;
    const ScenarioOption& o = *find_option(name);
    const auto problem = apply_options(s, {{"go", "go1.24"}, {name, o.text(Scenario{})}});
    ASSERT_TRUE(problem) << name;
    EXPECT_EQ(problem->option, &o);
    EXPECT_NE(problem->message.find("does not apply to go1.24"), std::string::npos)
        << problem->message;
  }
}

TEST(GoProfile, Go126RunsFillBlocksOfTwenty) {
  Scenario s = with_go("go1.26");
  s.runner = RunnerKind::inline_;
  s.gomaxprocs = 2;
  s.cleanups = 400;
  SimRuntime sim(s);
  sim.run();
  const RunSummary r = sim.summary();
  EXPECT_EQ(r.executed, r.registered);
  // 800 cleanups in blocks of 20: at least 40 blocks' worth were pushed full or flushed.
  EXPECT_GE(r.blocks_allocated, 800u / 20u / 2u);
  EXPECT_GT(r.full_pushes, 800u / 60u) << "more full blocks than 60-slot blocks could give";
}

TEST(GoProfile, TheExplorersOneShotScenarioIsE46c8eAndItsLevelOneIsGo125) {
  EXPECT_EQ(exploration_scenario(WakeProtocol::oneshot, 8, 2).go, GoVersion::e46c8e);
  EXPECT_EQ(exploration_scenario(WakeProtocol::level, 8, 2).go, GoVersion::go1_25);
  EXPECT_EQ(exploration_scenario(WakeProtocol::oneshot, 8, 2).block_capacity,
            kExplorationBlockCapacity);
}

}  // namespace
}  // namespace cq
