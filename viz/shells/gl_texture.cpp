#include "shells/gl_texture.hpp"

#ifdef __EMSCRIPTEN__
#include <GLES3/gl3.h>  // WebGL 2: the same calls, from OpenGL ES 3
#else
#include <GL/gl.h>
#endif

#include <cstdint>

namespace cq::viz {

ImTextureID upload_gl_texture(const Image& image) {
  if (image.empty()) return nullptr;
  GLint previous = 0;  // leave the backend's binding as it was
  glGetIntegerv(GL_TEXTURE_BINDING_2D, &previous);
  GLuint texture = 0;
  glGenTextures(1, &texture);
  glBindTexture(GL_TEXTURE_2D, texture);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, image.width, image.height, 0, GL_RGBA, GL_UNSIGNED_BYTE,
               image.rgba.data());
  glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(previous));
  // The OpenGL 3 backend reads an ImTextureID as the texture's name.
  return reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(texture));
}

}  // namespace cq::viz
