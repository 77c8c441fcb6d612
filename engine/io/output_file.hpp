// Writing a file the user named (a trace, a PNG, a GIF, a slide, settings.ini): the one way every
// output of the kit is written, so that a failed write is an error and never a silent success.
//
// A regular file (or a new one) is written to a temporary file in the same folder and renamed
// over the target only when every write, the flush to disk and the close succeeded: a failed
// write leaves the old file as it was (a failed settings save keeps the old settings). Anything
// else that can be written (a device like /dev/full, a pipe, /dev/stdout) cannot be renamed
// over, so it is written directly, still checking every write and the close. Every error is a
// message naming the file and the operating system's reason; nothing throws.
#pragma once

#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

namespace cq::io {

class OutputFile {
 public:
  explicit OutputFile(std::string path);  // opens; check ok()
  ~OutputFile();                          // without commit(): the temporary file is removed
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }  // "" or "PATH: what failed: why"
  const std::string& path() const { return path_; }

  // Writes all of `bytes` (retrying short writes). After the first failure every later call
  // fails too and error() keeps the first reason.
  bool write(std::string_view bytes);
  // Flushes to disk, closes, and renames the temporary file over the target. Returns ok().
  bool commit();

 private:
  void fail(const std::string& what, int error);
  void discard();

  std::string path_;    // what the user named
  std::string target_;  // where the rename goes (a symlink's target, so the link survives)
  std::string temp_;    // empty when writing directly
  int fd_ = -1;
  std::string error_;
};

// The whole `content` to `path`. Returns nullopt, or the error message.
std::optional<std::string> write_file(const std::string& path, std::string_view content);

// For writers that stream (the Chrome trace): `produce` writes to a buffered std::ostream whose
// every write is checked. Returns nullopt, or the error message of the first failure.
std::optional<std::string> write_file_with(const std::string& path,
                                           const std::function<void(std::ostream&)>& produce);

// Standard output as a checked file: from this call on, std::cout writes through a buffer whose
// every write(2) to descriptor 1 is checked and whose first failure is kept with its reason
// (stdio's own buffer loses errno by the time anyone asks).
void check_stdout();
// Flushes standard output and reports whether everything written to it arrived (a full disk, a
// closed pipe). Returns nullopt, or "standard output: cannot write: REASON".
std::optional<std::string> finish_stdout();

}  // namespace cq::io
