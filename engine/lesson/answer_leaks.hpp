// The rule that a question must not be answered by the text just before it: a student who can
// read the answer off the screen predicts and observes nothing. The text "shown before" a
// question (its window) is what the student read since they last moved on:
//   - a predict question: the previous step's whole screen at its checkpoint (text,
//     `model_vs_go`, every question's ask, hint and explanation), this step's title and its
//     predict questions' asks and hints, filled in before the step runs;
//   - an observe question: this step's screen at its checkpoint: the title, the predict
//     questions with their explanations, the text, `model_vs_go`, every observe question's ask
//     and hint, and the explanations of the observe questions before it.
// The answer "appears" when its number stands alone in that text (not inside 1.25, #71772 or
// worker0), or, for a choice that is words, when the choice's words do. A question may opt out
// with `answer_shown_because = "..."` (a coincidence: "the 4 of GOMAXPROCS/4 is the formula").
// Checked while playing, since the numbers are computed (lesson_check.cpp).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cq::lesson {

struct ShownText {
  std::string text;  // as the student saw it, placeholders filled in
  std::string what;  // where it came from: "step 2's text", "question 1's explanation"
};

struct AnswerSighting {
  std::string what;     // the ShownText's `what`
  std::string excerpt;  // a few words around the answer
};

// Where `answer` (a computed number such as "4", or a choice's text such as "yes") stands in
// `shown`, or nullopt.
std::optional<AnswerSighting> find_answer_in(std::string_view answer,
                                             const std::vector<ShownText>& shown);

// True when `text` holds `answer` as a whole number or whole words (case-insensitive for words).
bool contains_answer(std::string_view text, std::string_view answer, std::size_t* at = nullptr);

}  // namespace cq::lesson
