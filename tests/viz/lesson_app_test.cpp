// A lesson inside the app: while its run advances toward a checkpoint at a watchable speed (on
// the lesson's worker), drawing frames must only read it. A frame that took the player for
// writing would stop the worker (LessonSession::player() pauses it), and the step would stall
// after one frame instead of animating.
#include <gtest/gtest.h>

#include "viz_test_support.hpp"

namespace cq::viz {
namespace {

using test::HeadlessUi;
using test::small_scenario;

TEST(LessonInTheApp, FramesDoNotStopAStepThatIsAdvancing) {
  HeadlessUi ui(small_scenario());
  ASSERT_TRUE(ui.app().open_lesson("1")) << ui.app().ui().message;
  LessonSession* lesson = ui.app().lesson();
  ASSERT_NE(lesson, nullptr);
  lesson->wait_idle();
  // Step 2 runs to the end of its run: at a billionth of real time, that takes far longer
  // than this test, so the worker is still advancing after the frames below.
  ASSERT_TRUE(lesson->next_step(1e-9));
  ASSERT_TRUE(lesson->busy());
  ui.frames(5);
  EXPECT_TRUE(lesson->busy()) << "a frame stopped the lesson's worker";
  lesson->pause();
  EXPECT_FALSE(lesson->busy());
}

}  // namespace
}  // namespace cq::viz
