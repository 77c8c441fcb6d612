#include "io/output_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <streambuf>

#include "io/os_error.hpp"

namespace cq::io {
namespace {

std::string folder_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string name_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// A name no other writer of this process or another one uses: pid and a process-wide counter.
std::string temporary_name(const std::string& target) {
  static std::atomic<unsigned> counter{0};
  return folder_of(target) + "/." + name_of(target) + ".tmp-" + std::to_string(::getpid()) + "-" +
         std::to_string(counter.fetch_add(1));
}

// A 64 KB std::streambuf whose every flush goes through write_out(); a failed write is seen by the
// stream (overflow returns eof, sync -1), so `stream << ...` never loses bytes silently.
class DrainingBuffer : public std::streambuf {
 public:
  DrainingBuffer() { setp(buffer_.data(), buffer_.data() + buffer_.size()); }
  DrainingBuffer(const DrainingBuffer&) = delete;
  DrainingBuffer& operator=(const DrainingBuffer&) = delete;
  bool drain() {
    const std::string_view pending(pbase(), static_cast<std::size_t>(pptr() - pbase()));
    setp(buffer_.data(), buffer_.data() + buffer_.size());
    return write_out(pending);
  }

 protected:
  // Writes `bytes` (possibly none) out; false once any write has failed.
  virtual bool write_out(std::string_view bytes) = 0;
  int_type overflow(int_type c) override {
    if (!drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  int sync() override { return drain() ? 0 : -1; }

 private:
  std::array<char, std::size_t{64} * 1024> buffer_{};
};

// Over an OutputFile: each flush checked by OutputFile::write.
class CheckedBuffer final : public DrainingBuffer {
 public:
  explicit CheckedBuffer(OutputFile& out) : out_(out) {}

 protected:
  bool write_out(std::string_view bytes) override { return bytes.empty() || out_.write(bytes); }

 private:
  OutputFile& out_;
};

}  // namespace

OutputFile::OutputFile(std::string path) : path_(std::move(path)), target_(path_) {
  if (path_.empty()) {
    error_ = "(empty file name): cannot write";
    return;
  }
  struct stat existing {};
  const bool exists = ::stat(path_.c_str(), &existing) == 0;
  if (exists && S_ISDIR(existing.st_mode)) {
    error_ = path_ + ": is a directory: cannot write a file there";
    return;
  }
  if (exists && !S_ISREG(existing.st_mode)) {
    // A device or a pipe: no rename possible, so write directly (still checked).
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (fd_ < 0) fail("cannot open for writing", errno);
    return;
  }
  if (exists) {
    // Rename over what a symlink points to, not over the link itself.
    char resolved[PATH_MAX];
    if (::realpath(path_.c_str(), resolved) != nullptr) target_ = resolved;
  }
  temp_ = temporary_name(target_);
  fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY, 0666);
  if (fd_ < 0) {
    const int error = errno;
    temp_.clear();
    fail("cannot create a file in " + folder_of(target_), error);
  }
}

OutputFile::~OutputFile() {
  discard();
}

void OutputFile::discard() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (!temp_.empty()) ::unlink(temp_.c_str());
  temp_.clear();
}

void OutputFile::fail(const std::string& what, int error) {
  if (error_.empty()) error_ = path_ + ": " + what + ": " + os_error(error);
  discard();
}

bool OutputFile::write(std::string_view bytes) {
  while (ok() && !bytes.empty()) {
    const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("cannot write", errno);
    } else if (n == 0) {
      fail("cannot write", EIO);
    } else {
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
  }
  return ok();
}

bool OutputFile::commit() {
  if (!ok()) return false;
  // fsync only what will be renamed: a pipe or a terminal cannot be synced (EINVAL).
  if (!temp_.empty() && ::fsync(fd_) != 0) {
    fail("cannot flush to disk", errno);
    return false;
  }
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) {
    fail("cannot close", errno);
    return false;
  }
  if (!temp_.empty()) {
    if (::rename(temp_.c_str(), target_.c_str()) != 0) {
      fail("cannot replace the file", errno);
      return false;
    }
    temp_.clear();
  }
  return true;
}

std::optional<std::string> write_file(const std::string& path, std::string_view content) {
  OutputFile out(path);
  out.write(content);
  if (out.commit()) return std::nullopt;
  return out.error();
}

std::optional<std::string> write_file_with(const std::string& path,
                                           const std::function<void(std::ostream&)>& produce) {
  OutputFile out(path);
  if (!out.ok()) return out.error();
  {
    CheckedBuffer buffer(out);
    std::ostream stream(&buffer);
    produce(stream);
    stream.flush();
  }
  if (out.commit()) return std::nullopt;
  return out.error();
}

namespace {

// std::cout's buffer once check_stdout() ran: 64 KB, drained with write(2) to descriptor 1.
class StdoutBuffer final : public DrainingBuffer {
 public:
  int first_error() const { return first_error_; }

 protected:
  bool write_out(std::string_view pending) override {
    while (first_error_ == 0 && !pending.empty()) {
      const ssize_t n = ::write(STDOUT_FILENO, pending.data(), pending.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        first_error_ = n < 0 ? errno : EIO;
      } else {
        pending.remove_prefix(static_cast<std::size_t>(n));
      }
    }
    return first_error_ == 0;
  }

 private:
  int first_error_ = 0;
};

StdoutBuffer* g_stdout = nullptr;

}  // namespace

void check_stdout() {
  // Never destroyed: std::cout is flushed by ios_base::Init's destructor at exit, after every
  // static of this program is gone.
  if (g_stdout == nullptr) g_stdout = new StdoutBuffer;
  std::cout.flush();
  std::fflush(stdout);
  std::cout.rdbuf(g_stdout);
}

std::optional<std::string> finish_stdout() {
  int error = 0;
  if (g_stdout != nullptr) {
    g_stdout->drain();
    error = g_stdout->first_error();
  } else {
    // Through stdio: its flush reports the reason only if the failure happens now.
    errno = 0;
    std::cout.flush();
    const bool flushed = std::fflush(stdout) == 0;
    if (!flushed || std::ferror(stdout) || std::cout.fail()) error = errno != 0 ? errno : EIO;
  }
  if (error == 0) return std::nullopt;
  return std::string("standard output: cannot write: ") + os_error(error);
}

}  // namespace cq::io
