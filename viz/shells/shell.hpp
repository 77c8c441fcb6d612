// Shell: the thin platform layer under the one UI (docs/architecture.md, "One UI, three shells").
// A shell owns the window (or none), the GL context and Dear ImGui's platform and renderer
// backends. Nothing platform-specific lives in the views.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "ui/image.hpp"

namespace cq::viz {

struct ShellOptions {
  std::string title = "Cleanup Queue Lab";
  int width = 1440;  // logical pixels; scaled by the monitor's content scale
  int height = 900;
};

class Shell {
 public:
  virtual ~Shell() = default;
  // Creates the window and context and initialises the ImGui backends. The ImGui context
  // must exist. Returns nullopt, or why it failed (e.g. no display).
  virtual std::optional<std::string> init(const ShellOptions& options) = 0;
  // Pumps input; false once the user closed the window.
  virtual bool poll_events() = 0;
  // Sleeps until input arrives or `timeout_s` passes: how a paused app stops burning a core.
  virtual void wait_events(double timeout_s) = 0;
  virtual void new_frame() = 0;  // backends' NewFrame; call before ImGui::NewFrame
  virtual void render() = 0;     // draws ImGui::GetDrawData(); call after ImGui::Render
  virtual Image capture() = 0;   // the frame just rendered, before present()
  virtual void present() = 0;
  virtual float content_scale() const = 0;  // DPI scale of the monitor the window is on
  virtual void shutdown() = 0;
  virtual const char* name() const = 0;
};

std::unique_ptr<Shell> make_glfw_shell();
std::unique_ptr<Shell> make_sdl2_shell();
std::unique_ptr<Shell> make_headless_shell(int width, int height);
std::unique_ptr<Shell> make_web_shell();  // the browser's (web build only: web_shell.cpp)

}  // namespace cq::viz
