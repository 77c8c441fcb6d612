// The malformed-lesson corpus (tests/lessons/malformed/): each file breaks one rule, and must be
// rejected with exactly the message below, at the line and column of the key or value at fault,
// as the app's lesson list and `cleanupq lesson check` show it. File name prefixes say the kind
// of mistake: syntax-, unknown- (keys), wrong-type-, range- (out-of-range values), name-
// (quantities, events, actors, highlights, concepts that do not exist), missing-/challenge-/replay-
// (structure), predict- (a predict question where nothing runs), unreachable- (found only by
// playing the lesson), lint- (the teaching rules of lesson_lint.hpp: explanations with numbers,
// sources for claims about Go, hints and a count of predict questions; and of answer_leaks.hpp:
// no answer in the text shown before its question).
#include <gtest/gtest.h>

#include <map>

#include "lesson/lesson_check.hpp"
#include "lesson_test_support.hpp"

namespace cq::lesson_test {
namespace {

// file -> its first diagnostic, as `file:line:column: message`.
const std::map<std::string, std::string> kExpected = {
    {"07-id-does-not-match.toml",
     "07-id-does-not-match.toml:1:6: 'id' = 8 does not match the file name, which says 7: a "
     "lesson's id is its file's number"},
    {"challenge-without-hint.toml",
     "challenge-without-hint.toml:12:1: step 1 (a challenge) needs a 'hint': CI plays it to prove "
     "the challenge can be won"},
    {"lint-explain-without-number.toml",
     "lint-explain-without-number.toml:20:11: step 1's question 1: its 'explain' uses no computed "
     "number: add a {placeholder} such as {full_blocks}"},
    {"lint-go-claim-without-sources.toml",
     "lint-go-claim-without-sources.toml:13:8: step 1 points at Go's code or history "
     "(\"mcleanup.go\" in its text) but has no 'sources': cite the Go file and function, CL or "
     "issue, e.g. sources = [\"runtime/mcleanup.go: (*cleanupQueue).enqueue\"]"},
    {"lint-answer-shown-before.toml",
     "lint-answer-shown-before.toml:18:10: step 1's question 1: its answer (1) is shown before it "
     "is asked, in the step's text: \"The first block is full, and 1 block is on `full`.\": point "
     "at the panel to read instead, or say why this is no give-away in answer_shown_because = "
     "\"...\""},
    {"lint-predict-without-hint.toml",
     "lint-predict-without-hint.toml:16:1: step 1's question 1 is a predict question without a "
     "'hint': a wrong first answer gets a hint and a second try before the reveal, e.g. hint = "
     "\"Count the blocks on the full stack\""},
    {"lint-too-few-predict-questions.toml",
     "lint-too-few-predict-questions.toml:12:1: the lesson has 1 predict question: every lesson "
     "asks at least 2 (kind = \"predict\"), so the student commits to an answer before watching "
     "the step run"},
    {"predict-without-until.toml",
     "predict-without-until.toml:16:8: step 1's question 1: a predict question needs a step with "
     "an 'until': without one the step does not run, and there is nothing to watch"},
    {"range-concept-twice.toml",
     "range-concept-twice.toml:3:35: 'teaches' item 3: 'flush' is listed twice"},
    {"range-question-kind.toml",
     "range-question-kind.toml:17:8: step 1's question 1: 'kind' must be \"predict\" (asked "
     "before the step runs) or \"observe\" (asked at its checkpoint, the default)"},
    {"lint-question-without-explain.toml",
     "lint-question-without-explain.toml:16:1: step 1's question 1 has no 'explain': every "
     "question explains its answer with the computed numbers, e.g. explain = \"{full_blocks} "
     "because ...\""},
    {"missing-step-text.toml",
     "missing-step-text.toml:12:1: step 1 is missing the required key 'text'"},
    {"name-bad-highlight.toml",
     "name-bad-highlight.toml:14:13: highlight 'p:9': the scenario has 4 Ps (0..3)"},
    {"name-explorer-hint-needs-stranded.toml",
     "name-explorer-hint-needs-stranded.toml:17:8: hint = \"explorer\" needs win = \"stranded\": "
     "the explorer searches for schedules that strand a block"},
    {"name-go124-event-in-go125.toml",
     "name-go124-event-in-go125.toml:14:19: 'fin_wake' never happens in this scenario: only go = "
     "\"go1.24\" (the finalizer queue) emits it"},
    {"name-unclosed-placeholder.toml",
     "name-unclosed-placeholder.toml:13:8: a '{' without its '}' (write '{{' for a literal brace)"},
    {"name-unknown-concept.toml",
     "name-unknown-concept.toml:4:21: 'needs' item 2: 'whole-blocks' is not a concept (did you "
     "mean 'whole-block'?): `cleanupq lesson concepts` lists them"},
    {"name-unknown-event.toml",
     "name-unknown-event.toml:14:19: 'block_fulll' is not an event kind (did you mean "
     "'block_full'?)"},
    {"name-unknown-placeholder.toml",
     "name-unknown-placeholder.toml:13:8: placeholder {ful_blocks}: unknown quantity 'ful_blocks' "
     "(did you mean 'full_blocks'?)"},
    {"name-unknown-quantity.toml",
     "name-unknown-quantity.toml:18:10: unknown quantity 'ful_blocks' (did you mean "
     "'full_blocks'?)"},
    {"name-unknown-schedule-actor.toml",
     "name-unknown-schedule-actor.toml:11:12: 'schedule' item 2: 'mutatr0' is not an actor of this "
     "scenario (did you mean 'mutator0'?)"},
    {"range-bad-protocol.toml",
     "range-bad-protocol.toml:11:12: 'protocol' = \"edge\" is not a choice: allowed \"oneshot\" or "
     "\"level\""},
    {"range-block-capacity.toml",
     "range-block-capacity.toml:9:18: 'block_capacity' = 5000 is out of range: allowed 1..1024"},
    {"range-duplicate-choices.toml",
     "range-duplicate-choices.toml:19:18: two choices have the value 1: exactly one choice may be "
     "right"},
    {"range-gomaxprocs-zero.toml",
     "range-gomaxprocs-zero.toml:5:14: 'gomaxprocs' = 0 is out of range: allowed 1..256"},
    {"range-minutes.toml",
     "range-minutes.toml:3:11: 'minutes' = 90 is out of range: allowed 1..30"},
    {"range-negative-sweepers.toml",
     "range-negative-sweepers.toml:8:12: 'sweepers' = -1 cannot be negative: allowed 1..64"},
    {"range-one-choice.toml",
     "range-one-choice.toml:19:11: 'choices' has 1 choice: a question offers 2 to 6"},
    {"range-p-fill.toml",
     "range-p-fill.toml:18:10: P 4 does not exist: the scenario has 4 Ps (0..3)"},
    {"range-source-names-nothing.toml",
     "range-source-names-nothing.toml:14:11: 'sources' item 1 of step 1 = \"the design doc, "
     "invariant 7\" names no Go file, CL or issue: write e.g. \"runtime/mcleanup.go: "
     "(*cleanupQueue).enqueue\", \"CL 671676\" or \"#73642\""},
    // A lesson names the other option at fault as its key, never as the command line's flag.
    {"range-regrow-without-shrink.toml",
     "range-regrow-without-shrink.toml:11:22: 'regrow_after_cycle' = 1 needs "
     "'shrink_gomaxprocs_to' (nothing to grow back from): allowed 0 (never)"},
    {"range-stuck-cleanup.toml",
     "range-stuck-cleanup.toml:11:17: 'stuck_cleanup' = 41 is out of range: allowed 0 (none) or "
     "1..40 (the cleanups of this scenario)"},
    {"range-threaded-runner.toml",
     "range-threaded-runner.toml:11:10: 'runner' = \"threaded\" cannot replay a lesson the same "
     "way twice: use \"inline\" or \"conducted\""},
    {"range-too-many-cleanups.toml",
     "range-too-many-cleanups.toml:7:12: 'cleanups' = 40000 gives 40000 cleanups in all (mutators "
     "x cleanups x gc_cycles): a lesson allows up to 20000, so that CI plays every lesson in "
     "seconds"},
    {"range-until-nth.toml",
     "range-until-nth.toml:14:39: 'nth' = 0 is out of range: allowed 1..1000000000"},
    {"range-until-p.toml", "range-until-p.toml:14:37: 'p' = 7 is out of range: allowed 0..3"},
    {"replay-without-challenge.toml",
     "replay-without-challenge.toml:14:18: 'replay_choices' needs a challenge step before this "
     "one"},
    {"syntax-duplicate-key.toml",
     "syntax-duplicate-key.toml:3:6: Error while parsing key-value pair: cannot redefine existing "
     "integer 'id'"},
    {"syntax-integer-overflow.toml",
     "syntax-integer-overflow.toml:7:32: Error while parsing decimal integer: "
     "'99999999999999999999' is not representable in 64 bits"},
    {"syntax-missing-value.toml",
     "syntax-missing-value.toml:5:13: Error while parsing key-value pair: expected value, saw "
     "'\\n'"},
    {"syntax-non-ascii-after-line-ending-backslash.toml",
     "syntax-non-ascii-after-line-ending-backslash.toml:4:3: a non-ASCII character right after a "
     "line-ending backslash: toml++ 3.3 cannot parse that safely (marzer/tomlplusplus#190); start "
     "the line with an ASCII character"},
    {"syntax-non-ascii-bare-key.toml",
     "syntax-non-ascii-bare-key.toml:3:1: a non-ASCII character outside a string or comment (TOML "
     "allows them only inside strings and comments)"},
    {"syntax-two-values.toml",
     "syntax-two-values.toml:8:14: Error while parsing key-value pair: expected a comment or "
     "whitespace, saw '1'"},
    {"syntax-unclosed-array.toml",
     "syntax-unclosed-array.toml:19:20: Error while parsing array: encountered end-of-file"},
    {"syntax-unclosed-string.toml",
     "syntax-unclosed-string.toml:2:14: Error while parsing string: unescaped control characters "
     "other than TAB (U+0009) are explicitly prohibited"},
    {"syntax-unclosed-table-header.toml",
     "syntax-unclosed-table-header.toml:4:10: Error while parsing table header: expected ']', saw "
     "'\\n'"},
    {"unknown-choice-key.toml", "unknown-choice-key.toml:19:40: unknown key 'hint' in a choice"},
    {"unknown-costs-key.toml",
     "unknown-costs-key.toml:13:1: unknown key 'cleanup_cost' in [scenario]'s 'costs' (did you "
     "mean 'cleanup_ns'?)"},
    {"unknown-question-key.toml",
     "unknown-question-key.toml:18:1: unknown key 'answr' in step 1's question 1 (did you mean "
     "'answer'?)"},
    {"unknown-scenario-key.toml",
     "unknown-scenario-key.toml:5:1: unknown key 'gomaxproc' in [scenario] (did you mean "
     "'gomaxprocs'?)"},
    {"unknown-step-key.toml",
     "unknown-step-key.toml:14:1: unknown key 'untill' in step 1 (did you mean 'until'?)"},
    {"wrong-type-teaches.toml",
     "wrong-type-teaches.toml:3:11: 'teaches' must be an array of concept names, not a string"},
    {"unknown-top-level-key.toml",
     "unknown-top-level-key.toml:2:1: unknown key 'titel' in the lesson (did you mean 'title'?)"},
    {"unknown-until-key.toml",
     "unknown-until-key.toml:14:33: unknown key 'nht' in step 1's 'until' (did you mean 'nth'?)"},
    {"unreachable-already-past.toml",
     "unreachable-already-past.toml:23:9: step 2 never reaches the 1st block_full: the 1st "
     "block_full is already past when this step starts"},
    {"unreachable-block-never-allocated.toml",
     "unreachable-block-never-allocated.toml:18:10: step 1's question 1: block 7 was never "
     "allocated"},
    {"unreachable-block.toml",
     "unreachable-block.toml:14:9: step 1 never reaches the next pop_full with block = 5: the run "
     "ended after 171 events without the next pop_full with block = 5 (it had 0 of them)"},
    {"unreachable-events.toml",
     "unreachable-events.toml:14:9: step 1 never reaches 100000 events: the run ended with 171 "
     "events"},
    {"unreachable-hint-does-not-win.toml",
     "unreachable-hint-does-not-win.toml:17:8: step 1: playing the hint does not win: the run is "
     "not over after its 2 choices"},
    {"unreachable-no-right-choice.toml",
     "unreachable-no-right-choice.toml:19:11: step 1's question 1: none of the choices is right "
     "here (full_blocks = 1)"},
    {"unreachable-nth.toml",
     "unreachable-nth.toml:14:9: step 1 never reaches the 2nd flush_end: the run ended after 171 "
     "events without the 2nd flush_end (it had 1 of them)"},
    {"unreachable-small-run.toml",
     "unreachable-small-run.toml:14:9: step 1 never reaches the next block_full: the run ended "
     "after 70 events without the next block_full (it had 0 of them)"},
    {"wrong-type-choice-item.toml",
     "wrong-type-choice-item.toml:19:15: a choice must be a number or a { text, value } table, not "
     "a string"},
    {"wrong-type-choices.toml",
     "wrong-type-choices.toml:19:11: 'choices' must be an array of numbers or { text, value } "
     "tables, not a string"},
    {"wrong-type-gomaxprocs.toml",
     "wrong-type-gomaxprocs.toml:5:14: 'gomaxprocs' must be an integer, not a string"},
    {"wrong-type-highlight.toml",
     "wrong-type-highlight.toml:14:13: 'highlight' must be an array of strings, not a string"},
    {"wrong-type-model-vs-go.toml",
     "wrong-type-model-vs-go.toml:14:15: 'model_vs_go' must be a string, not an array"},
    {"wrong-type-protocol.toml",
     "wrong-type-protocol.toml:11:12: 'protocol' must be one of \"oneshot\" or \"level\", not an "
     "integer"},
    {"wrong-type-replay-choices.toml",
     "wrong-type-replay-choices.toml:14:18: 'replay_choices' must be true or false, not a string"},
    {"wrong-type-sources.toml",
     "wrong-type-sources.toml:14:11: 'sources' must be an array of strings, not a string"},
    {"wrong-type-step.toml",
     "wrong-type-step.toml:12:1: 'step' must be a list of [[step]] tables, not a table"},
    {"wrong-type-title.toml",
     "wrong-type-title.toml:2:9: 'title' must be a string, not an integer"},
    {"wrong-type-until.toml",
     "wrong-type-until.toml:14:9: 'until' must be \"end\" or a table such as { event = "
     "\"flush_end\" }, not an integer"},
};

class MalformedLesson : public ::testing::TestWithParam<std::string> {};

TEST_P(MalformedLesson, IsRejectedWithItsPositionAndMessage) {
  const std::string name = base_name(GetParam());
  const auto expected = kExpected.find(name);
  ASSERT_NE(expected, kExpected.end()) << name << " has no expected message in the table";
  const lesson::LessonCheck check = lesson::check_lesson_file(GetParam());
  ASSERT_FALSE(check.ok());
  ASSERT_FALSE(check.diagnostics.empty());
  // Diagnostics name the file as it was given; the table names it without its folder.
  lesson::Diagnostic first = check.diagnostics.front();
  first.file = base_name(first.file);
  EXPECT_EQ(first.to_string(), expected->second);
  EXPECT_GE(first.pos.line, 1u);
  EXPECT_GE(first.pos.column, 1u);
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = base_name(info.param);
  name = name.substr(0, name.find('.'));
  for (char& c : name) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return "case_" + name;
}

INSTANTIATE_TEST_SUITE_P(Corpus, MalformedLesson, ::testing::ValuesIn(toml_files(malformed_dir())),
                         test_name);

TEST(MalformedCorpus, HasAtLeastThirtyCasesEachWithAnExpectedMessage) {
  const std::vector<std::string> files = toml_files(malformed_dir());
  EXPECT_GE(files.size(), 30u);
  EXPECT_EQ(files.size(), kExpected.size()) << "every table entry has its file, and back";
  for (const std::string& f : files) EXPECT_TRUE(kExpected.count(base_name(f))) << f;
}

}  // namespace
}  // namespace cq::lesson_test
