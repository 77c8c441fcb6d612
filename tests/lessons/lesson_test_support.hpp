// Shared by the lesson tests: where the lessons and the malformed corpus are, and every
// quantity reference worth checking at a checkpoint.
#pragma once

#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "lesson/lesson.hpp"
#include "lesson/quantities.hpp"

namespace cq::lesson_test {

inline std::string lessons_dir() {
  return CQ_TEST_LESSONS_DIR;
}
inline std::string malformed_dir() {
  return CQ_TEST_MALFORMED_DIR;
}

// The *.toml files of a folder, sorted: read when the test runs, so a new lesson is tested
// without reconfiguring.
inline std::vector<std::string> toml_files(const std::string& dir) {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".toml") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// `cleanupq ARGS` as a user runs it (the binary the tests were built with), its standard output
// and standard error together, for the CLI tests (lesson_cli, worksheet, practice).
struct CliResult {
  int exit_code;
  std::string output;
};
inline CliResult cleanupq(const std::string& args) {
  const std::string command = std::string(CQ_CLEANUPQ_PATH) + " " + args + " 2>&1";
  CliResult r{-1, {}};
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return r;
  std::array<char, 4096> buffer{};
  while (fgets(buffer.data(), static_cast<int>(buffer.size()), pipe) != nullptr)
    r.output += buffer.data();
  const int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

inline std::string base_name(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

// Every quantity, with every argument that can mean something in this run: each P, the first
// `blocks` blocks, each possible goroutine, each event kind.
inline std::vector<lesson::QuantityRef> every_quantity(const Scenario& s, std::uint32_t blocks) {
  std::vector<lesson::QuantityRef> refs;
  auto add = [&](const std::string& text) {
    if (auto q = lesson::parse_quantity(text, &s).quantity) refs.push_back(*q);
  };
  for (const lesson::QuantityInfo& info : lesson::all_quantities()) {
    const std::string name(info.name);
    switch (info.argument) {
      case lesson::QuantityArgument::none:
        add(name);
        break;
      case lesson::QuantityArgument::p:
        for (std::uint32_t p = 0; p < s.gomaxprocs; ++p) add(name + "(" + std::to_string(p) + ")");
        break;
      case lesson::QuantityArgument::block:
        for (std::uint32_t b = 0; b < blocks + 1; ++b) add(name + "(" + std::to_string(b) + ")");
        break;
      case lesson::QuantityArgument::worker:
        for (std::uint32_t g = 0; g < 5; ++g) add(name + "(" + std::to_string(g) + ")");
        break;
      case lesson::QuantityArgument::event_kind:
        for (std::size_t k = 0; k < kEventKindCount; ++k) {
          add(name + "(" + std::string(to_string(static_cast<EventKind>(k))) + ")");
        }
        break;
    }
  }
  return refs;
}

}  // namespace cq::lesson_test
