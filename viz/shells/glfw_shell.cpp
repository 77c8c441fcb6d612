// The default desktop shell: GLFW window, OpenGL 3.3 core, ImGui's GLFW + OpenGL3 backends.
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include "shells/gl_frame.hpp"
#include "shells/gl_texture.hpp"
#include "shells/shell.hpp"
#include "ui/figures.hpp"

namespace cq::viz {
namespace {

std::string g_glfw_error;  // GLFW reports errors through a C callback with no user pointer

class GlfwShell final : public Shell {
 public:
  ~GlfwShell() override { shutdown(); }

  std::optional<std::string> init(const ShellOptions& o) override {
    glfwSetErrorCallback([](int, const char* text) { g_glfw_error = text; });
    if (!glfwInit()) {
      return "cannot start GLFW: " + g_glfw_error;
    }
    initialised_ = true;
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
    // WM_CLASS as the launcher entry's StartupWMClass (assets/cleanupq-viz.desktop), so a dock
    // shows the running window under the app's own icon rather than as an unknown program.
    glfwWindowHintString(GLFW_X11_CLASS_NAME, "cleanupq-viz");
    glfwWindowHintString(GLFW_X11_INSTANCE_NAME, "cleanupq-viz");
    window_ = glfwCreateWindow(o.width, o.height, o.title.c_str(), nullptr, nullptr);
    if (window_ == nullptr) {
      return "cannot open a window with OpenGL 3.3: " + g_glfw_error;
    }
    glfwMakeContextCurrent(window_);
    glfwSwapInterval(1);
    ImGui_ImplGlfw_InitForOpenGL(window_, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");
    backends_ = true;
    set_texture_uploader(upload_gl_texture);  // lesson figures (ui/figures.hpp)
    return std::nullopt;
  }
  bool poll_events() override {
    glfwPollEvents();
    return !glfwWindowShouldClose(window_);
  }
  void wait_events(double timeout_s) override { glfwWaitEventsTimeout(timeout_s); }
  void new_frame() override {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
  }
  void render() override {
    glfwGetFramebufferSize(window_, &fb_w_, &fb_h_);
    draw_frame_gl(fb_w_, fb_h_);
  }
  Image capture() override { return capture_gl_back_buffer(fb_w_, fb_h_); }
  void present() override { glfwSwapBuffers(window_); }
  float content_scale() const override {
    float x = 1.f, y = 1.f;
    if (window_ != nullptr) glfwGetWindowContentScale(window_, &x, &y);
    return x;
  }
  void shutdown() override {
    if (backends_) {
      set_texture_uploader({});
      ImGui_ImplOpenGL3_Shutdown();
      ImGui_ImplGlfw_Shutdown();
      backends_ = false;
    }
    if (window_ != nullptr) glfwDestroyWindow(window_);
    window_ = nullptr;
    if (initialised_) glfwTerminate();
    initialised_ = false;
  }
  const char* name() const override { return "glfw"; }

 private:
  GLFWwindow* window_ = nullptr;
  bool initialised_ = false;
  bool backends_ = false;
  int fb_w_ = 0, fb_h_ = 0;
};

}  // namespace

std::unique_ptr<Shell> make_glfw_shell() {
  return std::make_unique<GlfwShell>();
}

}  // namespace cq::viz
