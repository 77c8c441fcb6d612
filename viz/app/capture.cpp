// Pictures of rendered frames: screenshots (the whole window or one view) and animated GIFs of a
// range of events, taken after a frame is rendered, by whichever shell rendered it.
#include <imgui.h>

#include <algorithm>

#include "app/app.hpp"
#include "app/gif_writer.hpp"

namespace cq::viz {

void App::start_gif(std::size_t from, std::size_t to, const std::string& path, int frames) {
  session_->pause();
  replaying_ = false;
  gif_ = GifRecording{true, path, std::min(from, to), std::max(from, to), std::max(2, frames), {}};
  say("recording " + std::to_string(gif_.frames) + " frames of events " +
      std::to_string(gif_.from) + ".." + std::to_string(gif_.to));
}

void App::after_render(const std::function<Image()>& capture) {
  if (!pending_screenshot_.empty()) {
    Image picture = capture();
    if (pending_crop_) {
      // Logical to framebuffer pixels (the DPI scale of the window).
      const ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;
      const Rect& r = *pending_crop_;
      picture = picture.crop(static_cast<int>(r.x * scale.x), static_cast<int>(r.y * scale.y),
                             static_cast<int>(r.w * scale.x), static_cast<int>(r.h * scale.y));
      pending_crop_.reset();
    }
    const auto error = write_png(picture, pending_screenshot_);
    say(error.value_or("screenshot written to " + pending_screenshot_));
    if (!error && on_file_written) on_file_written(pending_screenshot_);
    pending_screenshot_.clear();
  }
  if (!gif_.active) return;
  gif_.images.push_back(half_size(capture()));
  if (static_cast<int>(gif_.images.size()) < gif_.frames) return;
  const auto error = write_gif(gif_.images, gif_.path, 8);
  say(error.value_or("GIF written to " + gif_.path));
  if (!error && on_file_written) on_file_written(gif_.path);
  gif_ = GifRecording{};
}

}  // namespace cq::viz
