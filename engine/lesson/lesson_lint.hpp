// The teaching rules a parsed lesson must follow, checked without running the engine. A lesson
// that breaks one still parses and plays (the app can open a draft), but `cleanupq lesson
// check`, CI and the app's lesson list reject it, at the string at fault:
//
// 1. Every question has an `explain`, and the explanation uses at least one computed number
//    (a {placeholder}): the student sees why the engine's answer is what it is.
// 2. A step that points at Go's code or history cites it in `sources`. A step points at Go when
//    its title, text, `model_vs_go`, or one of its questions' `ask` or `explain` contains
//      - an issue number: '#' and 4 to 6 digits                 (#71772)
//      - a Go change: "CL " and digits                           (CL 671676)
//      - a Go source file: a word ending in ".go"                (mcleanup.go)
//      - a commit or a release: "e46c8e", or "Go 1." and a digit (Go 1.24)
//      - a call inside a `code span`: a '(' between backticks    (`needG()`, `acc.take(b)`)
//    Other code spans (`full`, `needg`) are names the lessons define, and need no source.
// Each item of `sources` must itself name a Go file, a CL or an issue (names_a_go_source):
// something a student can look up.
// 3. Every predict question has a `hint` (a wrong first answer gets it and a second try), and
//    every lesson asks at least kMinPredictQuestions predict questions.
// The rule that a question's answer must not appear in the text shown before it needs the
// computed numbers, so it is checked while playing (answer_leaks.hpp).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lesson/lesson.hpp"

namespace cq::lesson {

std::vector<Diagnostic> lint_lesson(const Lesson& lesson);

// The first reference to Go's code or history in `text` (rule 2), as written, or nullopt.
std::optional<std::string> go_reference_in(std::string_view text);

// True when `source` contains a Go file name, "CL N" or "#N".
bool names_a_go_source(std::string_view source);

}  // namespace cq::lesson
