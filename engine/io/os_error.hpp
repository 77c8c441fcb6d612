// The system's words for an errno value, as the messages of engine/io quote them
// ("/dev/full: cannot write: No space left on device").
#pragma once

#include <string>

namespace cq::io {

// Thread-safe (strerror_r; std::strerror may share one buffer between threads, and the engine
// writes traces and reads lessons from several).
std::string os_error(int error);

}  // namespace cq::io
