// A small lesson for tests of the lesson format, the checker and the app's answers: one
// mutator, 40 cleanups in blocks of 20 on 4 Ps, so a block fills in a few dozen events. The
// tests write only the steps.
#pragma once

#include <string>

namespace cq::test_support {

inline std::string small_lesson(const std::string& steps, const std::string& title = "Test") {
  return "id = 3\ntitle = \"" + title + R"("

[scenario]
gomaxprocs = 4
mutators = 1
cleanups = 40
sweepers = 1
span_objects = 20
block_capacity = 20
)" + steps;
}

}  // namespace cq::test_support
