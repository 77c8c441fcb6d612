// The version of this build: the project's (CMake project VERSION) and the git commit it was
// built from. version.cpp is generated at every build (cmake/version.cmake), so a new commit
// shows without reconfiguring.
#pragma once

#include <string>

namespace cq {

const char* project_version();  // "0.2.0"
const char* git_commit();       // "1a2b3c4", or "unknown" outside a git checkout

// "PROGRAM 0.2.0 (commit 1a2b3c4)": what `--version` prints and the About line shows.
std::string version_line(const std::string& program);

}  // namespace cq
