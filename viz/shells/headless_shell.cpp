// The headless shell: no window, no GL, no display. ImGui runs with no platform backend; the
// software renderer turns each frame into pixels. Tests, --screenshot and slide export use it.
#include <imgui.h>

#include "shells/shell.hpp"
#include "shells/software_renderer.hpp"
#include "ui/figures.hpp"

namespace cq::viz {
namespace {

class HeadlessShell final : public Shell {
 public:
  HeadlessShell(int width, int height) : width_(width), height_(height) {}

  std::optional<std::string> init(const ShellOptions&) override {
    ImGuiIO& io = ImGui::GetIO();
    io.BackendPlatformName = "cleanupq-headless";
    io.BackendRendererName = "cleanupq-software";
    io.DisplaySize = ImVec2(static_cast<float>(width_), static_cast<float>(height_));
    set_texture_uploader([this](const Image& image) { return renderer_.add_texture(image); });
    return std::nullopt;
  }
  bool poll_events() override { return true; }
  void wait_events(double) override {}
  void new_frame() override {
    ImGuiIO& io = ImGui::GetIO();
    // Fonts may be rebuilt (DPI, font change): the atlas is re-uploaded when it changes.
    if (!io.Fonts->IsBuilt() || io.Fonts->TexID == nullptr) renderer_.upload_font_atlas(*io.Fonts);
    io.DisplaySize = ImVec2(static_cast<float>(width_), static_cast<float>(height_));
    io.DeltaTime = 1.f / 60.f;  // a fixed step: headless frames are deterministic
  }
  // Rasterising is the only costly part, and only a captured frame needs pixels: the draw data
  // stays valid until the next NewFrame, so capture() renders it on demand.
  void render() override {}
  Image capture() override { return renderer_.render(*ImGui::GetDrawData(), 0x14171cff); }
  void present() override {}
  float content_scale() const override { return 1.f; }
  void shutdown() override { set_texture_uploader({}); }
  const char* name() const override { return "headless"; }

 private:
  int width_, height_;
  SoftwareRenderer renderer_;
};

}  // namespace

std::unique_ptr<Shell> make_headless_shell(int width, int height) {
  return std::make_unique<HeadlessShell>(width, height);
}

}  // namespace cq::viz
