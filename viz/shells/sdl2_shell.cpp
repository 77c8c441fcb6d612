// The alternative desktop shell: SDL2 window, OpenGL 3.3 core, ImGui's SDL + OpenGL3 backends.
#include <SDL.h>
#include <SDL_opengl.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>

#include "shells/gl_frame.hpp"
#include "shells/gl_texture.hpp"
#include "shells/shell.hpp"
#include "ui/figures.hpp"

namespace cq::viz {
namespace {

class Sdl2Shell final : public Shell {
 public:
  ~Sdl2Shell() override { shutdown(); }

  std::optional<std::string> init(const ShellOptions& o) override {
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
      return std::string("cannot start SDL2 video: ") + SDL_GetError();
    }
    initialised_ = true;
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    window_ = SDL_CreateWindow(o.title.c_str(), SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                               o.width, o.height,
                               SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    if (window_ == nullptr) {
      return std::string("cannot open a window: ") + SDL_GetError();
    }
    context_ = SDL_GL_CreateContext(window_);
    if (context_ == nullptr) {
      return std::string("cannot create an OpenGL 3.3 context: ") + SDL_GetError();
    }
    SDL_GL_MakeCurrent(window_, context_);
    SDL_GL_SetSwapInterval(1);
    ImGui_ImplSDL2_InitForOpenGL(window_, context_);
    ImGui_ImplOpenGL3_Init("#version 330 core");
    backends_ = true;
    set_texture_uploader(upload_gl_texture);  // lesson figures (ui/figures.hpp)
    return std::nullopt;
  }
  bool poll_events() override {
    SDL_Event e;
    while (SDL_PollEvent(&e)) handle(e);
    return !quit_;
  }
  void wait_events(double timeout_s) override {
    SDL_Event e;
    if (SDL_WaitEventTimeout(&e, static_cast<int>(timeout_s * 1000))) handle(e);
  }
  void new_frame() override {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
  }
  void render() override {
    SDL_GL_GetDrawableSize(window_, &fb_w_, &fb_h_);
    draw_frame_gl(fb_w_, fb_h_);
  }
  Image capture() override { return capture_gl_back_buffer(fb_w_, fb_h_); }
  void present() override { SDL_GL_SwapWindow(window_); }
  float content_scale() const override {
    float dpi = 96.f;
    if (window_ != nullptr &&
        SDL_GetDisplayDPI(SDL_GetWindowDisplayIndex(window_), &dpi, nullptr, nullptr) != 0) {
      dpi = 96.f;
    }
    return dpi > 0 ? dpi / 96.f : 1.f;
  }
  void shutdown() override {
    if (backends_) {
      set_texture_uploader({});
      ImGui_ImplOpenGL3_Shutdown();
      ImGui_ImplSDL2_Shutdown();
      backends_ = false;
    }
    if (context_ != nullptr) SDL_GL_DeleteContext(context_);
    context_ = nullptr;
    if (window_ != nullptr) SDL_DestroyWindow(window_);
    window_ = nullptr;
    if (initialised_) SDL_Quit();
    initialised_ = false;
  }
  const char* name() const override { return "sdl2"; }

 private:
  void handle(const SDL_Event& e) {
    ImGui_ImplSDL2_ProcessEvent(&e);
    if (e.type == SDL_QUIT) quit_ = true;
    if (e.type == SDL_WINDOWEVENT && e.window.event == SDL_WINDOWEVENT_CLOSE &&
        e.window.windowID == SDL_GetWindowID(window_)) {
      quit_ = true;
    }
  }

  SDL_Window* window_ = nullptr;
  SDL_GLContext context_ = nullptr;
  bool initialised_ = false;
  bool backends_ = false;
  bool quit_ = false;
  int fb_w_ = 0, fb_h_ = 0;
};

}  // namespace

std::unique_ptr<Shell> make_sdl2_shell() {
  return std::make_unique<Sdl2Shell>();
}

}  // namespace cq::viz
