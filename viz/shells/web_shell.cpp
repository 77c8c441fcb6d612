// The browser shell: a WebGL 2 context on the page's canvas and Emscripten's HTML5 callbacks
// feeding Dear ImGui directly. Not Emscripten's GLFW emulation: 3.1.6's knows neither
// devicePixelRatio nor multi-touch, and a classroom's tablets need both.
//   - High DPI: the canvas's backing store is its CSS size times devicePixelRatio; ImGui works in
//     CSS pixels with DisplayFramebufferScale = devicePixelRatio, fonts are rasterised at that
//     scale (web_main.cpp) so text stays sharp.
//   - Touch: one finger is the mouse (a tap clicks; a drag scrubs the timeline, moves a slider or
//     a splitter); two fingers pinch to zoom (the wheel) and drag to pan (the right button, which
//     pans the timeline).
//   - Keys: DOM keyCodes index io.KeysDown; printable keys become input characters.
#include <GLES3/gl3.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include <bitset>
#include <cmath>
#include <cstring>

#include "shells/gl_frame.hpp"
#include "shells/gl_texture.hpp"
#include "shells/shell.hpp"
#include "shells/web_bridge.hpp"
#include "ui/figures.hpp"

namespace cq::viz {
namespace {

constexpr const char* kCanvas = "#canvas";

// Where the canvas's top-left corner is in the page's client coordinates: mouse-up and moves are
// heard on the whole document (a drag may leave the canvas), so positions are translated here.
// JavaScript inside EM_JS: clang-format would break its syntax.
// clang-format off
EM_JS(void, js_canvas_origin, (double* x, double* y), {
  const r = document.getElementById("canvas").getBoundingClientRect();
  HEAPF64[x >> 3] = r.left;
  HEAPF64[y >> 3] = r.top;
});
// clang-format on

ImVec2 canvas_point(long client_x, long client_y) {
  double left = 0, top = 0;
  js_canvas_origin(&left, &top);
  return ImVec2(static_cast<float>(client_x - left), static_cast<float>(client_y - top));
}

// DOM keyCodes (KeyboardEvent.keyCode): stable across browsers for these keys.
enum DomKey : int {
  kBackspace = 8,
  kTab = 9,
  kEnter = 13,
  kEscape = 27,
  kSpace = 32,
  kPageUp = 33,
  kPageDown = 34,
  kEnd = 35,
  kHome = 36,
  kLeft = 37,
  kUp = 38,
  kRight = 39,
  kDown = 40,
  kInsert = 45,
  kDelete = 46,
  kA = 65,
  kC = 67,
  kS = 83,
  kV = 86,
  kX = 88,
  kY = 89,
  kZ = 90,
  kF1 = 112,
};

class WebShell final : public Shell {
 public:
  ~WebShell() override { shutdown(); }

  std::optional<std::string> init(const ShellOptions&) override {
    EmscriptenWebGLContextAttributes attrs;
    emscripten_webgl_init_context_attributes(&attrs);
    attrs.majorVersion = 2;
    attrs.minorVersion = 0;
    attrs.alpha = false;
    attrs.antialias = false;
    attrs.preserveDrawingBuffer = true;  // page screenshots and capture() read the last frame
    context_ = emscripten_webgl_create_context(kCanvas, &attrs);
    if (context_ <= 0) {
      return "this browser has no WebGL 2 (the app draws with it)";
    }
    emscripten_webgl_make_context_current(context_);
    resize();
    ImGuiIO& io = ImGui::GetIO();
    io.BackendPlatformName = "cleanupq_web";
    map_keys(io);
    install_callbacks();
    ImGui_ImplOpenGL3_Init("#version 300 es");
    backends_ = true;
    set_texture_uploader(upload_gl_texture);  // lesson figures (ui/figures.hpp)
    return std::nullopt;
  }
  bool poll_events() override { return true; }  // the browser delivers events between frames
  void wait_events(double) override {}          // the page's frame callback paces us
  void new_frame() override {
    resize();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(static_cast<float>(css_w_), static_cast<float>(css_h_));
    io.DisplayFramebufferScale = ImVec2(static_cast<float>(ratio_), static_cast<float>(ratio_));
    const double now = emscripten_get_now() / 1000.0;
    // Headless browsers can report the same time twice: ImGui needs a positive delta.
    io.DeltaTime = last_s_ > 0 && now > last_s_ ? static_cast<float>(now - last_s_) : 1.f / 60.f;
    last_s_ = now;
    // A tap can begin and end between two frames: ImGui must see the press for one frame
    // before it sees the release, or the click is lost.
    if (pending_release_ && !press_unseen_) {
      io.MouseDown[0] = false;
      pending_release_ = false;
    }
    press_unseen_ = false;
    for (int k = 0; k < kKeys; ++k) {
      if (key_release_pending_[k] && !key_unseen_[k]) {
        io.KeysDown[k] = false;
        key_release_pending_[k] = false;
      }
      key_unseen_[k] = false;
    }
    ImGui_ImplOpenGL3_NewFrame();
  }
  void render() override { draw_frame_gl(fb_w_, fb_h_); }
  Image capture() override { return capture_gl_back_buffer(fb_w_, fb_h_); }
  void present() override {}  // the browser presents when the frame callback returns
  float content_scale() const override { return static_cast<float>(ratio_); }
  void shutdown() override {
    if (backends_) {
      set_texture_uploader({});
      ImGui_ImplOpenGL3_Shutdown();
    }
    backends_ = false;
    if (context_ > 0) emscripten_webgl_destroy_context(context_);
    context_ = 0;
  }
  const char* name() const override { return "web"; }

  bool input_seen() {
    const bool seen = input_seen_;
    input_seen_ = false;
    return seen;
  }

 private:
  void resize() {
    double w = 0, h = 0;
    emscripten_get_element_css_size(kCanvas, &w, &h);
    ratio_ = std::max(1.0, emscripten_get_device_pixel_ratio());
    css_w_ = std::max(1, static_cast<int>(w));
    css_h_ = std::max(1, static_cast<int>(h));
    const int fb_w = static_cast<int>(std::lround(w * ratio_));
    const int fb_h = static_cast<int>(std::lround(h * ratio_));
    if (fb_w != fb_w_ || fb_h != fb_h_) {
      fb_w_ = std::max(1, fb_w);
      fb_h_ = std::max(1, fb_h);
      emscripten_set_canvas_element_size(kCanvas, fb_w_, fb_h_);
    }
  }

  static void map_keys(ImGuiIO& io) {
    io.KeyMap[ImGuiKey_Tab] = kTab;
    io.KeyMap[ImGuiKey_LeftArrow] = kLeft;
    io.KeyMap[ImGuiKey_RightArrow] = kRight;
    io.KeyMap[ImGuiKey_UpArrow] = kUp;
    io.KeyMap[ImGuiKey_DownArrow] = kDown;
    io.KeyMap[ImGuiKey_PageUp] = kPageUp;
    io.KeyMap[ImGuiKey_PageDown] = kPageDown;
    io.KeyMap[ImGuiKey_Home] = kHome;
    io.KeyMap[ImGuiKey_End] = kEnd;
    io.KeyMap[ImGuiKey_Insert] = kInsert;
    io.KeyMap[ImGuiKey_Delete] = kDelete;
    io.KeyMap[ImGuiKey_Backspace] = kBackspace;
    io.KeyMap[ImGuiKey_Space] = kSpace;
    io.KeyMap[ImGuiKey_Enter] = kEnter;
    io.KeyMap[ImGuiKey_Escape] = kEscape;
    io.KeyMap[ImGuiKey_A] = kA;
    io.KeyMap[ImGuiKey_C] = kC;
    io.KeyMap[ImGuiKey_V] = kV;
    io.KeyMap[ImGuiKey_X] = kX;
    io.KeyMap[ImGuiKey_Y] = kY;
    io.KeyMap[ImGuiKey_Z] = kZ;
  }

  void install_callbacks() {
    emscripten_set_mousedown_callback(kCanvas, this, true, &WebShell::on_mouse);
    emscripten_set_mouseup_callback(EMSCRIPTEN_EVENT_TARGET_DOCUMENT, this, true,
                                    &WebShell::on_mouse);
    emscripten_set_mousemove_callback(EMSCRIPTEN_EVENT_TARGET_DOCUMENT, this, true,
                                      &WebShell::on_mouse);
    emscripten_set_wheel_callback(kCanvas, this, true, &WebShell::on_wheel);
    emscripten_set_keydown_callback(EMSCRIPTEN_EVENT_TARGET_DOCUMENT, this, true,
                                    &WebShell::on_key);
    emscripten_set_keyup_callback(EMSCRIPTEN_EVENT_TARGET_DOCUMENT, this, true, &WebShell::on_key);
    emscripten_set_touchstart_callback(kCanvas, this, true, &WebShell::on_touch);
    emscripten_set_touchmove_callback(kCanvas, this, true, &WebShell::on_touch);
    emscripten_set_touchend_callback(kCanvas, this, true, &WebShell::on_touch);
    emscripten_set_touchcancel_callback(kCanvas, this, true, &WebShell::on_touch);
    emscripten_set_blur_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, this, true, &WebShell::on_blur);
  }

  static EM_BOOL on_mouse(int type, const EmscriptenMouseEvent* e, void* user) {
    auto* self = static_cast<WebShell*>(user);
    ImGuiIO& io = ImGui::GetIO();
    self->input_seen_ = true;
    io.MousePos = canvas_point(e->clientX, e->clientY);
    if (type == EMSCRIPTEN_EVENT_MOUSEMOVE) return EM_FALSE;
    const int button = e->button == 0 ? 0 : e->button == 2 ? 1 : e->button == 1 ? 2 : -1;
    if (button < 0) return EM_FALSE;
    const bool down = type == EMSCRIPTEN_EVENT_MOUSEDOWN;
    if (down) {
      io.MouseDown[button] = true;
      self->press_frame(button);
    } else {
      self->release(button);
    }
    return EM_TRUE;
  }

  static EM_BOOL on_wheel(int, const EmscriptenWheelEvent* e, void* user) {
    auto* self = static_cast<WebShell*>(user);
    self->input_seen_ = true;
    ImGuiIO& io = ImGui::GetIO();
    // DOM_DELTA_PIXEL (0) deltas are ~100 per notch; lines (1) ~3 per notch.
    const double unit = e->deltaMode == DOM_DELTA_PIXEL  ? 100.0
                        : e->deltaMode == DOM_DELTA_LINE ? 3.0
                                                         : 1.0;
    io.MouseWheel -= static_cast<float>(e->deltaY / unit);
    io.MouseWheelH -= static_cast<float>(e->deltaX / unit);
    return EM_TRUE;
  }

  static EM_BOOL on_key(int type, const EmscriptenKeyboardEvent* e, void* user) {
    auto* self = static_cast<WebShell*>(user);
    self->input_seen_ = true;
    ImGuiIO& io = ImGui::GetIO();
    const bool down = type == EMSCRIPTEN_EVENT_KEYDOWN;
    const int code = static_cast<int>(e->keyCode);
    if (code > 0 && code < IM_ARRAYSIZE(io.KeysDown)) {
      // As with taps: a key pressed and released between two frames must be seen down once.
      if (down) {
        io.KeysDown[code] = true;
        self->key_unseen_[code] = true;
        self->key_release_pending_[code] = false;
      } else if (self->key_unseen_[code]) {
        self->key_release_pending_[code] = true;
      } else {
        io.KeysDown[code] = false;
      }
    }
    io.KeyCtrl = e->ctrlKey;
    io.KeyShift = e->shiftKey;
    io.KeyAlt = e->altKey;
    io.KeySuper = e->metaKey;
    // A printable key (e->key is one character) types that character, unless a modifier makes
    // it a command. The browser's own shortcuts (Ctrl+R, Ctrl+L, ...) keep working.
    const bool printable =
        std::strlen(e->key) > 0 &&
        (static_cast<unsigned char>(e->key[0]) >= 0x80 || std::strlen(e->key) == 1);
    if (down && printable && !e->ctrlKey && !e->metaKey && !e->altKey) {
      io.AddInputCharactersUTF8(e->key);
      return EM_TRUE;
    }
    // Keys the app uses are the app's, not the page's (Space would scroll, F1 open help).
    switch (code) {
      case kTab:
      case kBackspace:
      case kEnter:
      case kEscape:
      case kLeft:
      case kRight:
      case kUp:
      case kDown:
      case kPageUp:
      case kPageDown:
      case kHome:
      case kEnd:
      case kDelete:
      case kF1:
        return EM_TRUE;
      case kS:
        return e->ctrlKey ? EM_TRUE : EM_FALSE;  // Ctrl+S: our screenshot, not "save page"
      default:
        return EM_FALSE;
    }
  }

  static EM_BOOL on_touch(int type, const EmscriptenTouchEvent* e, void* user) {
    auto* self = static_cast<WebShell*>(user);
    self->input_seen_ = true;
    ImGuiIO& io = ImGui::GetIO();
    // The touches still on the canvas, after this event.
    const EmscriptenTouchPoint* fingers[2] = {nullptr, nullptr};
    int count = 0;
    for (int i = 0; i < e->numTouches; ++i) {
      const EmscriptenTouchPoint& t = e->touches[i];
      const bool lifted =
          (type == EMSCRIPTEN_EVENT_TOUCHEND || type == EMSCRIPTEN_EVENT_TOUCHCANCEL) &&
          t.isChanged;
      if (!lifted && count < 2) fingers[count++] = &t;
    }
    auto at = [](const EmscriptenTouchPoint* t) { return canvas_point(t->clientX, t->clientY); };
    if (count == 1 && !self->pinching_) {
      io.MousePos = at(fingers[0]);
      if (!io.MouseDown[0]) {
        io.MouseDown[0] = true;
        self->press_frame(0);
      }
    } else if (count == 2) {
      const ImVec2 a = at(fingers[0]), b = at(fingers[1]);
      const ImVec2 centre((a.x + b.x) * 0.5f, (a.y + b.y) * 0.5f);
      const float distance = std::hypot(a.x - b.x, a.y - b.y);
      if (!self->pinching_) {
        // A second finger: the first one's press was not a click or a drag.
        self->pending_release_ = false;
        io.MouseDown[0] = false;
        self->pinching_ = true;
        self->pinch_distance_ = distance;
        io.MouseDown[1] = true;
        self->press_frame(1);
      } else if (self->pinch_distance_ > 0 && distance > 0) {
        // Spreading the fingers by a quarter is one wheel notch in (zoom in).
        io.MouseWheel += std::log(distance / self->pinch_distance_) / std::log(1.25f);
        self->pinch_distance_ = distance;
      }
      io.MousePos = centre;  // moving the centre with the right button held pans
    } else if (count == 0) {
      if (self->pinching_) {
        self->release(1);
        self->pinching_ = false;
      } else {
        self->release(0);
      }
    }
    return EM_TRUE;  // no synthesised mouse events, no page scroll or zoom
  }

  static EM_BOOL on_blur(int, const EmscriptenFocusEvent*, void*) {
    // Keys held when the tab lost focus never send keyup.
    ImGuiIO& io = ImGui::GetIO();
    for (bool& k : io.KeysDown) k = false;
    io.KeyCtrl = io.KeyShift = io.KeyAlt = io.KeySuper = false;
    return EM_FALSE;
  }

  void press_frame(int button) {
    if (button == 0) {
      press_unseen_ = true;
      pending_release_ = false;
    }
  }
  void release(int button) {
    ImGuiIO& io = ImGui::GetIO();
    if (button == 0 && press_unseen_) {
      pending_release_ = true;  // new_frame releases it once ImGui has seen the press
    } else {
      io.MouseDown[button] = false;
    }
  }

  EMSCRIPTEN_WEBGL_CONTEXT_HANDLE context_ = 0;
  bool backends_ = false;
  int css_w_ = 1, css_h_ = 1, fb_w_ = 0, fb_h_ = 0;
  double ratio_ = 1;
  double last_s_ = 0;
  bool input_seen_ = true;
  bool pinching_ = false;
  float pinch_distance_ = 0;
  bool pending_release_ = false;
  bool press_unseen_ = false;
  static constexpr int kKeys = 512;  // io.KeysDown's size in ImGui 1.86
  std::bitset<kKeys> key_unseen_;
  std::bitset<kKeys> key_release_pending_;
};

}  // namespace

std::unique_ptr<Shell> make_web_shell() {
  return std::make_unique<WebShell>();
}

bool web_shell_input_seen(Shell& shell) {
  return static_cast<WebShell&>(shell).input_seen();
}

}  // namespace cq::viz
