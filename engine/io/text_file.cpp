#include "io/text_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "io/os_error.hpp"

namespace cq::io {
namespace {

std::string kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

TextFile refuse(TextFile file, ReadProblem problem, std::string detail) {
  file.problem = problem;
  file.detail = std::move(detail);
  file.text.clear();
  return file;
}

// Closes the descriptor on every path out of read_text_file.
struct Descriptor {
  int fd;
  ~Descriptor() {
    if (fd >= 0) ::close(fd);
  }
};

std::string hex_byte(unsigned char b) {
  char text[8];
  std::snprintf(text, sizeof text, "0x%02x", b);
  return text;
}

}  // namespace

std::optional<std::size_t> first_invalid_utf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char b = s[i];
    if (b < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    unsigned char lo = 0x80, hi = 0xbf;  // allowed range of the second byte
    if (b >= 0xc2 && b <= 0xdf) {
      length = 2;
    } else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b == 0xe0) lo = 0xa0;  // overlong
      if (b == 0xed) hi = 0x9f;  // UTF-16 surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b == 0xf0) lo = 0x90;  // overlong
      if (b == 0xf4) hi = 0x8f;  // above U+10FFFF
    } else {
      return i;  // a continuation byte where a character starts, or 0xc0, 0xc1, 0xf5..0xff
    }
    if (i + 1 >= n || s[i + 1] < lo || s[i + 1] > hi) return i;
    for (std::size_t k = 2; k < length; ++k) {
      if (i + k >= n || (s[i + k] & 0xc0) != 0x80) return i;
    }
    i += length;
  }
  return std::nullopt;
}

TextFile read_text_file(const std::string& path, std::size_t max_bytes, std::string_view what) {
  TextFile file;
  file.path = path;
  // stat first: a socket cannot even be opened, and its message should say what it is.
  struct stat before {};
  if (::stat(path.c_str(), &before) != 0) {
    const int error = errno;
    if (error == ENOENT) return refuse(file, ReadProblem::missing, "no such file");
    return refuse(file, ReadProblem::unreadable, "cannot read: " + os_error(error));
  }
  if (!S_ISREG(before.st_mode)) {
    return refuse(file, ReadProblem::not_regular,
                  "is " + kind_of(before.st_mode) + ": only a regular file can be read");
  }
  // O_NONBLOCK: if the path was swapped for a FIFO since stat, open must not wait for a writer.
  Descriptor fd{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)};
  if (fd.fd < 0) {
    const int error = errno;
    if (error == ENOENT) return refuse(file, ReadProblem::missing, "no such file");
    return refuse(file, ReadProblem::unreadable, "cannot open: " + os_error(error));
  }
  struct stat opened {};
  if (::fstat(fd.fd, &opened) != 0) {
    return refuse(file, ReadProblem::unreadable, "cannot read: " + os_error(errno));
  }
  if (!S_ISREG(opened.st_mode)) {
    return refuse(file, ReadProblem::not_regular,
                  "is " + kind_of(opened.st_mode) + ": only a regular file can be read");
  }
  const auto size = static_cast<std::size_t>(opened.st_size);
  if (size > max_bytes) {
    return refuse(file, ReadProblem::too_large,
                  "is " + std::to_string(size) + " bytes: " + std::string(what) + " is at most " +
                      std::to_string(max_bytes) + " bytes");
  }
  // One byte more than the size: a file that grew while read is seen, not silently cut.
  file.text.resize(size + 1);
  std::size_t got = 0;
  while (got < file.text.size()) {
    const ssize_t n = ::read(fd.fd, file.text.data() + got, file.text.size() - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      return refuse(file, ReadProblem::unreadable,
                    "cannot read at byte " + std::to_string(got) + ": " + os_error(errno));
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  if (got != size) {
    return refuse(file, ReadProblem::changed_size,
                  "changed while being read: it was " + std::to_string(size) +
                      " bytes when opened, " +
                      (got < size ? "only " + std::to_string(got) + " could be read (truncated)"
                                  : "and it grew"));
  }
  file.text.resize(size);
  if (const auto bad = first_invalid_utf8(file.text)) {
    for (std::size_t i = 0; i < *bad; ++i) {
      if (file.text[i] == '\n') {
        ++file.line;
        file.column = 1;
      } else {
        ++file.column;
      }
    }
    const unsigned char byte = static_cast<unsigned char>(file.text[*bad]);
    return refuse(file, ReadProblem::invalid_utf8,
                  "invalid UTF-8 at line " + std::to_string(file.line) + ", column " +
                      std::to_string(file.column) + " (byte " + std::to_string(*bad) + " is " +
                      hex_byte(byte) + "): the file must be UTF-8 text");
  }
  return file;
}

}  // namespace cq::io
