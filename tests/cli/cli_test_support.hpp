// Runs the real cleanupq binary (its path comes from CMake as CQ_CLEANUPQ_PATH) and captures
// what a script would see: stdout, stderr and the exit code.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#ifndef CQ_CLEANUPQ_PATH
#error "CQ_CLEANUPQ_PATH must name the cleanupq binary"
#endif

namespace cq::cli_test {

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// A file name unique to this process and call, in the test's temporary directory.
inline std::string temp_path(const std::string& stem) {
  static int counter = 0;
  return ::testing::TempDir() + "cleanupq_" + std::to_string(::getpid()) + "_" +
         std::to_string(counter++) + "_" + stem;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// `args` is appended to the binary's path as a shell command line; keep it to plain words.
inline CliResult run_cli(const std::string& args) {
  const std::string err_path = temp_path("stderr.txt");
  const std::string command = std::string(CQ_CLEANUPQ_PATH) + " " + args + " 2>" + err_path;
  CliResult r;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) {
    ADD_FAILURE() << "popen failed for: " << command;
    return r;
  }
  std::array<char, 4096> buffer{};
  std::size_t n;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    r.out.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = read_file(err_path);
  std::remove(err_path.c_str());
  return r;
}

}  // namespace cq::cli_test
