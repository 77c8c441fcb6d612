// The app shows runs of up to kMaxAppCleanups cleanups (viz/model/session.hpp): its picture
// keeps two times per cleanup, so it takes fewer than `cleanupq run`, which the scenario table
// allows 100 M. A bigger scenario from the start (a flag, a URL) or from the editor is refused
// with a message naming the count and the limit; the app keeps running what it had.
#include <gtest/gtest.h>

#include <string>

#include "model/session.hpp"
#include "viz_test_support.hpp"

namespace cq::viz {
namespace {

using test::HeadlessUi;
using test::small_scenario;

Scenario too_big_for_the_app() {
  Scenario s = small_scenario();
  s.mutators = 4;
  s.cleanups = 2'000'000;
  s.gc_cycles = 3;  // 24 M in all: the table takes it, the app does not
  EXPECT_EQ(validate(s), std::nullopt);
  return s;
}

TEST(ScenarioLimits, AResetToMoreCleanupsThanTheAppShowsIsRefusedAndSaid) {
  HeadlessUi ui(small_scenario());
  ui.app().ui().edited = too_big_for_the_app();
  ui.app().reset();
  EXPECT_EQ(ui.app().session().scenario().cleanups, small_scenario().cleanups) << "the run stays";
  EXPECT_EQ(ui.app().ui().message,
            "cannot reset: the scenario has 24000000 cleanups in all (mutators x cleanups x "
            "gc-cycles): the app shows up to 20000000 (`cleanupq run` takes more)");
}

TEST(ScenarioLimits, StartingWithMoreCleanupsThanTheAppShowsShowsTheDefaultAndSaysWhy) {
  HeadlessUi ui(too_big_for_the_app());
  EXPECT_EQ(ui.app().session().scenario().total_cleanups(), Scenario{}.total_cleanups());
  EXPECT_NE(ui.app().ui().message.find("24000000 cleanups in all"), std::string::npos)
      << ui.app().ui().message;
  EXPECT_NE(ui.app().ui().message.find("the default scenario is shown"), std::string::npos)
      << ui.app().ui().message;
}

}  // namespace
}  // namespace cq::viz
