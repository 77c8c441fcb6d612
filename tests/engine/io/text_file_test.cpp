// io::read_text_file: every kind of file a user can name instead of a small text file is refused
// quickly, with a message naming the file, what it is and what is allowed.
#include "io/text_file.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "io_test_support.hpp"

namespace cq::io {
namespace {

using io_test::fresh_dir;
using io_test::mentions;
using io_test::put;

constexpr std::size_t kLimit = 1000;

TEST(ReadTextFile, ReadsASmallUtf8File) {
  const std::string path = fresh_dir() + "/ok.txt";
  put(path, "key = value\nnote = \xc3\xa9t\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x99\x82\n");
  const TextFile f = read_text_file(path, kLimit);
  ASSERT_TRUE(f.ok()) << f.message();
  EXPECT_EQ(f.text, "key = value\nnote = \xc3\xa9t\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x99\x82\n");
}

TEST(ReadTextFile, AFileOfExactlyTheLimitIsRead) {
  const std::string path = fresh_dir() + "/limit.txt";
  put(path, std::string(kLimit, 'x'));
  EXPECT_TRUE(read_text_file(path, kLimit).ok());
}

TEST(ReadTextFile, MissingFileIsNamed) {
  const std::string path = fresh_dir() + "/absent.toml";
  const TextFile f = read_text_file(path, kLimit);
  EXPECT_EQ(f.problem, ReadProblem::missing);
  EXPECT_EQ(f.message(), path + ": no such file");
}

TEST(ReadTextFile, ADirectoryIsRefused) {
  const std::string dir = fresh_dir();
  const TextFile f = read_text_file(dir, kLimit);
  EXPECT_EQ(f.problem, ReadProblem::not_regular);
  EXPECT_EQ(f.message(), dir + ": is a directory: only a regular file can be read");
}

// Without O_NONBLOCK or the stat first, opening a FIFO nobody writes to never returns: the
// test's timeout would fail it.
TEST(ReadTextFile, AFifoIsRefusedWithoutWaitingForAWriter) {
  const std::string path = fresh_dir() + "/pipe";
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0) << std::strerror(errno);
  const TextFile f = read_text_file(path, kLimit);
  EXPECT_EQ(f.problem, ReadProblem::not_regular);
  EXPECT_EQ(f.message(), path + ": is a FIFO (named pipe): only a regular file can be read");
}

// Read whole, /dev/zero never ends (bad_alloc); its size is not even known.
TEST(ReadTextFile, DevZeroIsRefused) {
  const TextFile f = read_text_file("/dev/zero", kLimit);
  EXPECT_EQ(f.problem, ReadProblem::not_regular);
  EXPECT_EQ(f.message(), "/dev/zero: is a character device: only a regular file can be read");
}

TEST(ReadTextFile, ASocketIsRefused) {
  const std::string path = fresh_dir() + "/socket";
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  ASSERT_LT(path.size(), sizeof address.sun_path);
  std::strcpy(address.sun_path, path.c_str());
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0)
      << std::strerror(errno);
  const TextFile f = read_text_file(path, kLimit);
  ::close(fd);
  EXPECT_EQ(f.problem, ReadProblem::not_regular);
  EXPECT_EQ(f.message(), path + ": is a socket: only a regular file can be read");
}

// A 1 TB sparse file: reading it before checking its size would exhaust memory.
TEST(ReadTextFile, TooLargeIsRefusedBeforeReading) {
  const std::string path = fresh_dir() + "/huge.toml";
  put(path, "");
  std::error_code ec;
  std::filesystem::resize_file(path, std::uintmax_t{1} << 40, ec);
  ASSERT_FALSE(ec) << ec.message();
  const TextFile f = read_text_file(path, kLimit, "a lesson file");
  EXPECT_EQ(f.problem, ReadProblem::too_large);
  EXPECT_EQ(f.message(), path + ": is 1099511627776 bytes: a lesson file is at most 1000 bytes");
  EXPECT_TRUE(f.text.empty());
}

TEST(ReadTextFile, OneByteOverTheLimitIsRefused) {
  const std::string path = fresh_dir() + "/over.txt";
  put(path, std::string(kLimit + 1, 'x'));
  EXPECT_EQ(read_text_file(path, kLimit).problem, ReadProblem::too_large);
}

// /proc/self/mem is a regular file whose first page is never mapped: reading fails (EIO), as a
// failing disk would. (Permissions cannot make a file unreadable when the tests run as root.)
TEST(ReadTextFile, AReadErrorIsNamed) {
  const TextFile f = read_text_file("/proc/self/mem", kLimit);
  EXPECT_EQ(f.problem, ReadProblem::unreadable);
  EXPECT_TRUE(mentions(f.message(), "/proc/self/mem: cannot read at byte 0: ")) << f.message();
}

// /proc files say they are 0 bytes and then have content: the file "grew" while read.
TEST(ReadTextFile, AFileThatGrowsWhileReadIsRefused) {
  const TextFile f = read_text_file("/proc/self/status", kLimit);
  EXPECT_EQ(f.problem, ReadProblem::changed_size);
  EXPECT_EQ(f.message(),
            "/proc/self/status: changed while being read: it was 0 bytes when opened, and it grew");
}

// sysfs attributes say they are 4096 bytes and hold a few: a truncated file, as if cut while read.
TEST(ReadTextFile, AFileShorterThanItsSizeIsRefusedAsTruncated) {
  const std::string path = "/sys/kernel/mm/transparent_hugepage/enabled";
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || st.st_size != 4096) {
    GTEST_SKIP() << path << " is not a 4096-byte sysfs file here";
  }
  const TextFile f = read_text_file(path, 8192);
  EXPECT_EQ(f.problem, ReadProblem::changed_size);
  EXPECT_TRUE(mentions(f.message(),
                       path + ": changed while being read: it was 4096 bytes when opened, only "))
      << f.message();
  EXPECT_TRUE(mentions(f.message(), "could be read (truncated)")) << f.message();
}

TEST(ReadTextFile, InvalidUtf8IsNamedWithLineColumnAndByte) {
  const std::string path = fresh_dir() + "/latin1.toml";
  put(path, "title = \"ok\"\nname = \"caf\xe9\"\n");
  const TextFile f = read_text_file(path, kLimit);
  EXPECT_EQ(f.problem, ReadProblem::invalid_utf8);
  EXPECT_EQ(f.line, 2u);
  EXPECT_EQ(f.column, 12u);
  EXPECT_EQ(
      f.message(),
      path + ": invalid UTF-8 at line 2, column 12 (byte 24 is 0xe9): the file must be UTF-8 text");
}

TEST(FirstInvalidUtf8, FindsEachKindOfMalformedSequence) {
  EXPECT_EQ(first_invalid_utf8("plain ascii"), std::nullopt);
  EXPECT_EQ(first_invalid_utf8("\xc3\xa9\xe2\x82\xac\xf4\x8f\xbf\xbf"),
            std::nullopt);                                // é € U+10FFFF
  EXPECT_EQ(first_invalid_utf8("ab\x80"), 2u);            // a lone continuation byte
  EXPECT_EQ(first_invalid_utf8("a\xc0\xaf"), 1u);         // overlong '/'
  EXPECT_EQ(first_invalid_utf8("\xe0\x80\xaf"), 0u);      // overlong, 3 bytes
  EXPECT_EQ(first_invalid_utf8("\xed\xa0\x80"), 0u);      // a UTF-16 surrogate
  EXPECT_EQ(first_invalid_utf8("\xf4\x90\x80\x80"), 0u);  // above U+10FFFF
  EXPECT_EQ(first_invalid_utf8("\xf5\x80\x80\x80"), 0u);  // no such lead byte
  EXPECT_EQ(first_invalid_utf8("xy\xe2\x82"), 2u);        // cut short at the end
  EXPECT_EQ(first_invalid_utf8("\xe2\x28\xa1"), 0u);      // a bad second byte
  EXPECT_EQ(first_invalid_utf8(std::string_view("\x00ok", 3)), std::nullopt);
}

}  // namespace
}  // namespace cq::io
