// App::threads_ready: a front end whose threads must exist before a run starts (the web page,
// whose Web Workers start only when the page's thread is free) defers a reset until they do.
// The hook here is a stand-in for the page's Worker pool; what is checked is the App's side: it
// asks for the right number, keeps the old run until the threads are there, then resets.
#include <gtest/gtest.h>

#include "viz_test_support.hpp"

namespace cq::viz {
namespace {

using test::HeadlessUi;
using test::small_scenario;

TEST(ThreadBudget, AResetWaitsForItsThreadsThenHappens) {
  HeadlessUi ui(small_scenario());  // inline: the current run holds only the engine thread
  std::size_t free_threads = 0;
  std::vector<std::size_t> asked;
  ui.app().threads_ready = [&](std::size_t more) -> std::string {
    asked.push_back(more);
    return free_threads >= more
               ? ""
               : "starting " + std::to_string(more - free_threads) + " more threads";
  };
  Scenario bigger = small_scenario();
  bigger.gomaxprocs = 16;
  bigger.runner = RunnerKind::threaded;
  ui.app().ui().edited = bigger;
  ui.app().reset();
  ASSERT_EQ(asked.size(), 1u);
  // Its actors and its engine thread, less the engine thread the current run gives back.
  EXPECT_EQ(asked[0], actor_threads(bigger));
  EXPECT_EQ(ui.app().session().scenario().gomaxprocs, small_scenario().gomaxprocs)
      << "the old run stays";
  EXPECT_NE(ui.app().ui().message.find("more threads"), std::string::npos) << ui.app().ui().message;
  ui.frames(3);
  EXPECT_GE(asked.size(), 4u) << "asked again each frame";
  EXPECT_EQ(ui.app().session().scenario().gomaxprocs, small_scenario().gomaxprocs);
  free_threads = asked.back();
  ui.frame();
  EXPECT_EQ(ui.app().session().scenario().gomaxprocs, 16u) << "reset once the threads are there";
  const std::size_t after = asked.size();
  ui.frames(2);
  EXPECT_EQ(asked.size(), after) << "and stops asking";
}

TEST(ThreadBudget, AnInlineRunNeedsNoThreads) {
  HeadlessUi ui(small_scenario());
  std::vector<std::size_t> asked;
  ui.app().threads_ready = [&](std::size_t more) -> std::string {
    asked.push_back(more);
    return more == 0 ? "" : "waiting";
  };
  Scenario s = small_scenario();
  s.gomaxprocs = 64;
  ui.app().ui().edited = s;
  ui.app().reset();
  ASSERT_EQ(asked.size(), 1u);
  EXPECT_EQ(asked[0], 0u);
  EXPECT_EQ(ui.app().session().scenario().gomaxprocs, 64u);
}

}  // namespace
}  // namespace cq::viz
