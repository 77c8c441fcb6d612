#include "app/gif_writer.hpp"

#if CQ_HAVE_GIFLIB
#include <gif_lib.h>
#endif

#include <memory>

#include "io/output_file.hpp"

namespace cq::viz {

Image half_size(const Image& in) {
  Image out;
  out.width = in.width / 2;
  out.height = in.height / 2;
  out.rgba.resize(static_cast<std::size_t>(out.width) * out.height * 4);
  for (int y = 0; y < out.height; ++y) {
    for (int x = 0; x < out.width; ++x) {
      for (int c = 0; c < 4; ++c) {
        int sum = 0;
        for (int dy = 0; dy < 2; ++dy) {
          for (int dx = 0; dx < 2; ++dx) {
            const std::size_t row = static_cast<std::size_t>(y) * 2 + dy;
            const std::size_t column = static_cast<std::size_t>(x) * 2 + dx;
            sum += in.rgba[(row * in.width + column) * 4 + c];
          }
        }
        out.rgba[(static_cast<std::size_t>(y) * out.width + x) * 4 + c] =
            static_cast<std::uint8_t>(sum / 4);
      }
    }
  }
  return out;
}

#if CQ_HAVE_GIFLIB
std::optional<std::string> write_gif(const std::vector<Image>& frames, const std::string& path,
                                     int delay_cs) {
  if (frames.empty()) return path + ": no frames to write";
  const int w = frames.front().width, h = frames.front().height;
  // Encoded in memory, then written by the one checked writer (io::write_file): giflib's own
  // file output would leave a half-written file behind on a failure.
  std::string encoded;
  const OutputFunc append = [](GifFileType* file, const GifByteType* data, int size) {
    static_cast<std::string*>(file->UserData)
        ->append(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size));
    return size;
  };
  int error = 0;
  GifFileType* gif = EGifOpen(&encoded, append, &error);
  if (gif == nullptr) return path + ": cannot start the GIF (" + GifErrorString(error) + ")";
  auto fail = [&](const char* what) {
    std::string message = path + ": " + what + " (" + GifErrorString(gif->Error) + ")";
    EGifCloseFile(gif, &error);
    return message;
  };
  EGifSetGifVersion(gif, true);
  if (EGifPutScreenDesc(gif, w, h, 8, 0, nullptr) == GIF_ERROR)
    return fail("cannot write the header");
  // NETSCAPE2.0 application extension: loop forever.
  unsigned char loop[] = {1, 0, 0};
  if (EGifPutExtensionLeader(gif, APPLICATION_EXT_FUNC_CODE) == GIF_ERROR ||
      EGifPutExtensionBlock(gif, 11, "NETSCAPE2.0") == GIF_ERROR ||
      EGifPutExtensionBlock(gif, 3, loop) == GIF_ERROR ||
      EGifPutExtensionTrailer(gif) == GIF_ERROR) {
    return fail("cannot write the loop extension");
  }
  const std::size_t n = static_cast<std::size_t>(w) * h;
  std::vector<GifByteType> r(n), g(n), b(n), indices(n);
  for (const Image& frame : frames) {
    if (frame.width != w || frame.height != h) return fail("frames differ in size");
    for (std::size_t i = 0; i < n; ++i) {
      r[i] = frame.rgba[i * 4];
      g[i] = frame.rgba[i * 4 + 1];
      b[i] = frame.rgba[i * 4 + 2];
    }
    int colours = 256;
    GifColorType palette[256];
    if (GifQuantizeBuffer(w, h, &colours, r.data(), g.data(), b.data(), indices.data(), palette) ==
        GIF_ERROR) {
      return fail("cannot quantise a frame");
    }
    std::unique_ptr<ColorMapObject, void (*)(ColorMapObject*)> map(GifMakeMapObject(256, palette),
                                                                   GifFreeMapObject);
    unsigned char control[4] = {0, static_cast<unsigned char>(delay_cs & 0xff),
                                static_cast<unsigned char>(delay_cs >> 8), 0};
    if (EGifPutExtension(gif, GRAPHICS_EXT_FUNC_CODE, 4, control) == GIF_ERROR ||
        EGifPutImageDesc(gif, 0, 0, w, h, false, map.get()) == GIF_ERROR) {
      return fail("cannot write a frame header");
    }
    for (int y = 0; y < h; ++y) {
      if (EGifPutLine(gif, &indices[static_cast<std::size_t>(y) * w], w) == GIF_ERROR)
        return fail("cannot write a frame");
    }
  }
  if (EGifCloseFile(gif, &error) == GIF_ERROR) {
    return path + ": cannot finish the GIF (" + GifErrorString(error) + ")";
  }
  return io::write_file(path, encoded);
}
#else
// The web build has no giflib: the desktop app records GIFs.
std::optional<std::string> write_gif(const std::vector<Image>&, const std::string& path, int) {
  return path + ": GIF export is in the desktop app (this build has no giflib); PNG works here";
}
#endif

}  // namespace cq::viz
