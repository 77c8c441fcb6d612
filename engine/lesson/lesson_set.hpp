// A set of lessons in the order a class meets them (the files given to `cleanupq lesson check`,
// in command-line order; a teacher's plan): every concept a lesson `needs` must be taught by an
// earlier lesson of the set, so nothing is used before it is taught. Each lesson of a set must
// declare both keys (`needs = []` when it needs nothing): a lesson without them cannot be placed.
//   lessons/09-scheduler-wakes.toml:7:11: 'needs' item 1: 'whole-block' is taught only by a
//       later lesson: lesson 4 (lessons/04-whole-blocks.toml); put it before this one
#pragma once

#include <vector>

#include "lesson/lesson.hpp"

namespace cq::lesson {

// Problems in the order of the lessons, each at the `needs` item (or the lesson's first line when
// a key is missing).
std::vector<Diagnostic> check_lesson_order(const std::vector<const Lesson*>& lessons);

}  // namespace cq::lesson
