// A lesson inside the app: while its run advances toward a checkpoint at a watchable speed (on
// the lesson's worker), drawing frames must only read it. A frame that took the player for
// writing would stop the worker (LessonSession::player() pauses it), and the step would stall
// after one frame instead of animating. And a step's figure: drawn in the lesson panel from its
// PNG, through the headless renderer's own texture table.
#include <gtest/gtest.h>

#include <algorithm>
#include <cfloat>

#include "data/data_dirs.hpp"
#include "ui/figures.hpp"
#include "viz_test_support.hpp"

namespace cq::viz {
namespace {

using test::HeadlessUi;
using test::small_scenario;

TEST(LessonInTheApp, FramesDoNotStopAStepThatIsAdvancing) {
  HeadlessUi ui(small_scenario());
  ASSERT_TRUE(ui.app().open_lesson("2")) << ui.app().ui().message;
  LessonSession* lesson = ui.app().lesson();
  ASSERT_NE(lesson, nullptr);
  lesson->wait_idle();
  // Step 2 goes on in the same run from step 1's checkpoint to the next full block (`cleanupq
  // lesson play`: events 164 to 250): at a billionth of real time, that takes far longer than
  // this test, so the worker is still advancing after the frames below. (Not lesson 1: its
  // Go 1.24 run is over at step 1's checkpoint, so its step 2 is reached at once. And not a
  // step that restarts the run: only the App's own moves re-attach its picture to a new run.)
  ASSERT_TRUE(lesson->next_step(1e-9));
  ASSERT_TRUE(lesson->busy());
  ui.frames(5);
  EXPECT_TRUE(lesson->busy()) << "a frame stopped the lesson's worker";
  lesson->pause();
  EXPECT_FALSE(lesson->busy());
  EXPECT_EQ(lesson->status(), lesson::StepStatus::running) << "the step was not advancing";
}

// The screen rectangle of the frame's draw commands that use `texture`; empty when none does.
struct DrawnRect {
  ImVec2 min{FLT_MAX, FLT_MAX}, max{-FLT_MAX, -FLT_MAX};
  ImVec4 clip{};
  bool found = false;
};
DrawnRect drawn_with(ImTextureID texture) {
  DrawnRect r;
  const ImDrawData& dd = *ImGui::GetDrawData();
  for (int l = 0; l < dd.CmdListsCount; ++l) {
    const ImDrawList* list = dd.CmdLists[l];
    for (const ImDrawCmd& cmd : list->CmdBuffer) {
      if (cmd.UserCallback != nullptr || cmd.GetTexID() != texture) continue;
      r.found = true;
      r.clip = cmd.ClipRect;
      for (unsigned e = 0; e < cmd.ElemCount; ++e) {
        const ImVec2 pos = list->VtxBuffer[cmd.VtxOffset + list->IdxBuffer[cmd.IdxOffset + e]].pos;
        r.min = ImVec2(std::min(r.min.x, pos.x), std::min(r.min.y, pos.y));
        r.max = ImVec2(std::max(r.max.x, pos.x), std::max(r.max.y, pos.y));
      }
    }
  }
  return r;
}

TEST(LessonInTheApp, AStepWithAFigureDrawsItsPicture) {
  // Tall enough that the lesson panel shows the figure's top under the step's text.
  HeadlessUi ui(small_scenario(), 1440, 1800);
  ASSERT_TRUE(ui.app().open_lesson("7")) << ui.app().ui().message;
  LessonSession* lesson = ui.app().lesson();
  ASSERT_NE(lesson, nullptr);
  lesson->wait_idle();
  ASSERT_EQ(lesson->lesson().steps[ui.app().lesson_step_shown()].figure, "tagged-stack");
  ui.settle();
  const FigureTexture& figure = figure_texture("tagged-stack");
  ASSERT_NE(figure.id, nullptr) << figure.error;
  const DrawnRect drawn = drawn_with(figure.id);
  ASSERT_TRUE(drawn.found) << "the lesson panel drew no image with the figure's texture";
  const float scale = (drawn.max.x - drawn.min.x) / static_cast<float>(figure.width);
  EXPECT_NEAR((drawn.max.y - drawn.min.y) / scale, static_cast<float>(figure.height), 1.f)
      << "the figure is drawn out of proportion";

  // Pixels of the screenshot inside the picture are the PNG's: points in the middle of the
  // address field (orange) and the tag field (blue) of the head word, between the bit lines.
  const PngFile png_file = read_png(data::asset_file("figures/tagged-stack.png"));
  ASSERT_TRUE(png_file.ok()) << png_file.error;
  const Image& png = *png_file.image;
  const Image shot = ui.capture();
  for (const ImVec2 at : {ImVec2(55.5f, 104.f), ImVec2(491.5f, 104.f), ImVec2(300.5f, 104.f)}) {
    const ImVec2 screen(drawn.min.x + at.x * scale, drawn.min.y + at.y * scale);
    ASSERT_TRUE(screen.x >= drawn.clip.x && screen.x < drawn.clip.z && screen.y >= drawn.clip.y &&
                screen.y < drawn.clip.w)
        << "figure point " << at.x << "," << at.y << " is clipped at " << screen.x << ","
        << screen.y;
    const std::uint32_t expected = png.pixel(static_cast<int>(at.x), static_cast<int>(at.y)) | 0xff;
    const std::uint32_t seen = shot.pixel(static_cast<int>(screen.x), static_cast<int>(screen.y));
    EXPECT_TRUE(test::near_colour(seen, expected, 12))
        << std::hex << "figure point " << at.x << "," << at.y << ": screenshot 0x" << seen
        << ", PNG 0x" << expected;
  }

  // The next step has no figure: nothing is drawn with the texture.
  ui.app().lesson_next();
  lesson->wait_idle();
  ui.settle();
  ASSERT_TRUE(lesson->lesson().steps[ui.app().lesson_step_shown()].figure.empty());
  EXPECT_FALSE(drawn_with(figure.id).found);
}

}  // namespace
}  // namespace cq::viz
