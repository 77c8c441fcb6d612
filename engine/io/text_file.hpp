// Reading a text file a user named (a lesson, settings.ini): the one way every file input of the
// kit is read. The size is checked before anything is read, anything but a regular file is
// refused without blocking (a FIFO, a directory, /dev/zero, a socket), and the text must be UTF-8
// of exactly the size the file had when it was opened. Every refusal is a message naming the
// file, what was found and what is allowed; nothing throws.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace cq::io {

enum class ReadProblem {
  none,
  missing,       // no such file (settings treat this as "first start")
  not_regular,   // a directory, FIFO, device or socket
  too_large,     // larger than the caller's limit (checked before reading)
  unreadable,    // cannot be opened or read (permissions, I/O error)
  changed_size,  // the file grew or shrank while it was read
  invalid_utf8,  // `line`/`column` name the first bad byte
};

struct TextFile {
  std::string path;
  std::string text;  // the whole file when problem == none
  ReadProblem problem = ReadProblem::none;
  std::string detail;                // what was wrong, without the path
  std::size_t line = 1, column = 1;  // where, for invalid_utf8 (1-based, in bytes)
  bool ok() const { return problem == ReadProblem::none; }
  std::string message() const { return path + ": " + detail; }  // "" detail when ok
};

// Reads `path` whole if it is a regular file of at most `max_bytes` bytes of UTF-8 text.
// `what` names the kind of file in the size message ("a lesson file is at most ...").
TextFile read_text_file(const std::string& path, std::size_t max_bytes,
                        std::string_view what = "a file");

// The offset of the first byte that is not part of well-formed UTF-8 (RFC 3629: no overlong
// forms, no surrogates, nothing above U+10FFFF), or nothing when all of `text` is valid.
std::optional<std::size_t> first_invalid_utf8(std::string_view text);

}  // namespace cq::io
