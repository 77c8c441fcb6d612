// The metrics tab captions its "queued" and "executed" plots with how the run's Go exposes its
// own two numbers, in the engine's words (go_queue_stats_exposure, runtime/go_profile.hpp), the
// same text `cleanupq run --json` prints as go_stats.exposed_as or why_null.
#include <gtest/gtest.h>

#include <string>

#include "runtime/go_profile.hpp"
#include "viz_test_support.hpp"

namespace cq::viz {
namespace {

using test::HeadlessUi;

std::string metrics_text(GoVersion go) {
  Scenario s = test::small_scenario();
  apply_go_profile(s, go);
  HeadlessUi ui(s);
  ui.advance_to(EventKind::cleanup_run);
  ui.app().ui().select_tab = 1;  // metrics
  ui.frames(3);
  // The tab's text, one line after another, so a wrapped sentence reads whole.
  std::string out;
  for (const test::TextRun& r : ui.text()) {
    if (r.visible && r.owner.find("##tabs") != std::string::npos) out += r.text + " ";
  }
  return test::normalise_space(out);
}

TEST(MetricsCaption, EachProfileSaysHowItsGoExposesQueuedAndExecuted) {
  struct Case {
    GoVersion go;
    std::string says;
  };
  const Case cases[] = {
      {GoVersion::go1_26,
       "go1.26 exposes them as runtime/metrics: /gc/cleanups/queued:cleanups "
       "and /gc/cleanups/executed:cleanups"},
      {GoVersion::go1_25, "go1.25 exposes them as GODEBUG=checkfinalizers=1: after each GC"},
      {GoVersion::e46c8e, "e46c8e exposes neither: not reported for e46c8e"},
      {GoVersion::go1_24, "go1.24 exposes neither: Go 1.24 has no cleanup queue"},
  };
  for (const Case& c : cases) {
    const std::string text = metrics_text(c.go);
    SCOPED_TRACE(std::string(go_profile(c.go).name));
    EXPECT_NE(text.find(c.says), std::string::npos) << text;
    // The whole of the engine's sentence, not a copy of part of it.
    const GoQueueStatsExposure go = go_queue_stats_exposure(c.go);
    const std::string engine(go.exposed_as.empty() ? go.why_not : go.exposed_as);
    EXPECT_NE(text.find(test::normalise_space(engine)), std::string::npos) << text;
    // Where Go has the numbers, the caption says they count otherwise than the plots.
    EXPECT_EQ(text.find("a whole block at a time") != std::string::npos, !go.exposed_as.empty())
        << text;
  }
}

}  // namespace
}  // namespace cq::viz
