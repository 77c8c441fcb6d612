// The lesson format, piece by piece: what the parser accepts, what it makes of it, and where it
// reports what it does not accept. (Whole files: lesson_malformed_test.cpp and the lessons.)
#include "lesson/lesson_parser.hpp"

#include <gtest/gtest.h>

#include "lesson/lesson_check.hpp"
#include "lesson/lesson_lint.hpp"
#include "lesson/lesson_player.hpp"
#include "lesson/toml_hazards.hpp"
#include "support/small_lesson.hpp"

namespace cq::lesson_test {
namespace {

using lesson::parse_lesson_text;

std::string with_steps(const std::string& steps) {
  return test_support::small_lesson(steps);
}

std::string first_problem(const std::string& text) {
  const lesson::ParseResult r = parse_lesson_text(text, "t.toml");
  return r.diagnostics.empty() ? "" : r.diagnostics.front().to_string();
}

TEST(LessonParser, ReadsEveryFormOfUntil) {
  const lesson::ParseResult r = parse_lesson_text(with_steps(R"(
[[step]]
text = "start"
[[step]]
text = "a"
until = { event = "enqueue", nth = 3, p = 1, block = 0, a = 2, b = 1 }
[[step]]
text = "b"
until = { step = 40 }
[[step]]
text = "c"
until = { events = 300 }
[[step]]
text = "d"
until = "end"
)"),
                                                  "t.toml");
  ASSERT_TRUE(r.ok()) << (r.diagnostics.empty() ? "" : r.diagnostics[0].to_string());
  const auto& s = r.lesson->steps;
  EXPECT_EQ(s[0].until.kind, lesson::UntilKind::here);
  EXPECT_EQ(s[1].until.kind, lesson::UntilKind::event);
  EXPECT_EQ(s[1].until.event, EventKind::enqueue);
  EXPECT_EQ(s[1].until.nth, 3u);
  EXPECT_EQ(s[1].until.p, 1);
  EXPECT_EQ(s[1].until.describe(), "the 3rd enqueue with p = 1, block = 0, a = 2, b = 1");
  EXPECT_EQ(s[2].until.kind, lesson::UntilKind::step);
  EXPECT_EQ(s[2].until.target, 40u);
  EXPECT_EQ(s[3].until.kind, lesson::UntilKind::events);
  EXPECT_EQ(s[4].until.kind, lesson::UntilKind::end);
  EXPECT_EQ(s[4].until.pos, (lesson::SourcePos{25, 9}));
}

TEST(LessonParser, DefaultsToTheInlineRunnerAndTheLessonStepBudget) {
  const lesson::ParseResult r = parse_lesson_text(with_steps("[[step]]\ntext = \"x\"\n"), "t.toml");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.lesson->scenario.runner, RunnerKind::inline_);
  EXPECT_EQ(r.lesson->scenario.max_steps, lesson::kMaxRunSteps);
  EXPECT_EQ(r.lesson->minutes, 5u);
}

TEST(LessonParser, RestartOverridesOnlyTheKeysItGives) {
  const lesson::ParseResult r = parse_lesson_text(with_steps(R"(
[[step]]
text = "a"
[[step]]
text = "b"
restart = { go = "go1.24", costs = { cleanup_ns = 7 } }
[[step]]
text = "c"
)"),
                                                  "t.toml");
  ASSERT_TRUE(r.ok());
  const lesson::Lesson& l = *r.lesson;
  EXPECT_EQ(l.scenario_at(0).design(), Design::cleanup_queue);
  EXPECT_EQ(l.scenario_at(1).design(), Design::finalizer_queue);
  EXPECT_EQ(l.scenario_at(1).costs.cleanup_ns, 7u);
  EXPECT_EQ(l.scenario_at(1).gomaxprocs, 4u) << "kept from [scenario]";
  EXPECT_EQ(l.scenario_at(2).design(), Design::finalizer_queue)
      << "in effect until the next restart";
}

TEST(LessonParser, PinsAValidationMessageToTheOverridingKey) {
  EXPECT_EQ(first_problem(with_steps("[[step]]\ntext = \"a\"\nrestart = { sweepers = 0 }\n")),
            "t.toml:13:24: 'sweepers' = 0 is out of range: allowed 1..64");
  // A limit broken by the combination points at the override's table when the key is elsewhere.
  EXPECT_EQ(first_problem(with_steps("[[step]]\ntext = \"a\"\nrestart = { gc_cycles = 600 }\n")),
            "t.toml:7:12: 'cleanups' = 40 gives 24000 cleanups in all (mutators x cleanups x "
            "gc_cycles): a lesson allows up to 20000, so that CI plays every lesson in seconds");
}

TEST(LessonParser, ReportsEveryProblemInFileOrder) {
  const lesson::ParseResult r = parse_lesson_text(R"(id = 3
title = 4
minutes = 0

[scenario]
gomaxprocs = "8"

[[step]]
text = "x"
untill = "end"
)",
                                                  "t.toml");
  ASSERT_EQ(r.diagnostics.size(), 4u);
  EXPECT_EQ(r.diagnostics[0].to_string(), "t.toml:2:9: 'title' must be a string, not an integer");
  EXPECT_EQ(r.diagnostics[1].to_string(),
            "t.toml:3:11: 'minutes' = 0 is out of range: allowed 1..30");
  EXPECT_EQ(r.diagnostics[2].to_string(),
            "t.toml:6:14: 'gomaxprocs' must be an integer, not a string");
  EXPECT_EQ(r.diagnostics[3].to_string(),
            "t.toml:10:1: unknown key 'untill' in step 1 (did you mean 'until'?)");
  EXPECT_FALSE(r.lesson.has_value());
}

TEST(LessonParser, ChecksPlaceholdersAndKeepsLiteralBraces) {
  EXPECT_EQ(first_problem(with_steps("[[step]]\ntext = \"{xyzzy}\"\n")),
            "t.toml:12:8: placeholder {xyzzy}: unknown quantity 'xyzzy'");
  EXPECT_EQ(first_problem(with_steps("[[step]]\ntext = \"{nope}\"\n")),
            "t.toml:12:8: placeholder {nope}: unknown quantity 'nope' (did you mean 'pops'?)");
  EXPECT_EQ(first_problem(with_steps("[[step]]\ntext = \"{}\"\n")),
            "t.toml:12:8: an empty placeholder '{}': name a quantity, e.g. {full_blocks}");
  const auto bracketed = [](std::string_view inner) { return "<" + std::string(inner) + ">"; };
  const lesson::ExpandedText out = lesson::expand_placeholders("{{literal}} and {x}", bracketed);
  EXPECT_EQ(out.text, "{literal} and <x>");
  EXPECT_TRUE(out.ok()) << out.error;
  // A problem stops the expansion there: the text before it, and what is wrong.
  const lesson::ExpandedText unclosed = lesson::expand_placeholders("{x} and {y", bracketed);
  EXPECT_EQ(unclosed.text, "<x> and ");
  EXPECT_EQ(unclosed.error, "a '{' without its '}' (write '{{' for a literal brace)");
}

TEST(LessonParser, QuantitiesTakeTheirArguments) {
  Scenario s;
  s.gomaxprocs = 4;
  EXPECT_TRUE(lesson::parse_quantity("p_fill(3)", &s).quantity.has_value());
  EXPECT_EQ(lesson::parse_quantity("p_fill", &s).error, "'p_fill' needs a P index, e.g. p_fill(0)");
  EXPECT_EQ(lesson::parse_quantity("workers(1)", &s).error, "'workers' takes no argument");
  EXPECT_EQ(lesson::parse_quantity("count(nope)", &s).error, "'nope' is not an event kind");
  EXPECT_EQ(lesson::parse_quantity("count(flush_end)", &s).quantity->event, EventKind::flush_end);
  EXPECT_EQ(lesson::parse_quantity("block_tag(x)", &s).error,
            "'block_tag' needs a block id, not 'x'");
}

// Inputs on which toml++ 3.3 reaches __builtin_unreachable (the fuzzer found the first): they
// must come back as diagnostics, never reach the library.
TEST(LessonParser, KeepsToml33AwayFromItsUnreachableUnicodePaths) {
  EXPECT_EQ(first_problem("s = \"\"\"\\\n\xc2\xa7\"\"\"\n"),  // marzer/tomlplusplus#190
            "t.toml:2:1: a non-ASCII character right after a line-ending backslash: toml++ 3.3 "
            "cannot parse that safely (marzer/tomlplusplus#190); start the line with an ASCII "
            "character");
  EXPECT_EQ(first_problem("\xcc\xaa"),  // marzer/tomlplusplus#295
            "t.toml:1:1: a non-ASCII character outside a string or comment (TOML allows them only "
            "inside strings and comments)");
  EXPECT_EQ(first_problem("s = \"\"\"a\\\xc3\xa9\"\"\"\n"),
            "t.toml:1:10: a backslash followed by a non-ASCII character in a \"\"\" string: not an "
            "escape TOML knows, and toml++ 3.3 cannot even report it safely");
  // A quote inside a bare value does not open a string for toml++, which reads on through it:
  // found by tests/fuzz/fuzz_palette_file (seeds/palette/quote-inside-bare-value).
  EXPECT_EQ(first_problem("a = 0101a[\":\xc6\xbf\"\n"),
            "t.toml:1:13: a non-ASCII character outside a string or comment (TOML allows them only "
            "inside strings and comments)");
  // Nor does a quote after a second '=' inside a bare value (toml++ still reads the value up to a
  // blank, ',', ']', '}' or '#'): found by fuzz_palette_file
  // (seeds/palette/equals-inside-bare-value).
  EXPECT_EQ(first_problem("a=5&b='\xc3\xbc'\n"),
            "t.toml:1:8: a non-ASCII character outside a string or comment (TOML allows them only "
            "inside strings and comments)");
  // Strings in arrays and inline tables, after '=' without blanks, are still strings.
  for (const char* fine : {"a=['\xc3\xbc',\"\xc3\xbc\"]\n", "a={b='\xc3\xbc',c=[1,'\xc3\xbc']}\n",
                           "a=[\n1,\n'\xc3\xbc']\n", "a.'\xc3\xbc'=1\n", "[a]\nb='\xc3\xbc'\n"}) {
    EXPECT_FALSE(lesson::find_toml_hazard(fine).has_value()) << fine;
  }
  // Non-ASCII text where TOML allows it is fine: comments, strings, mid-line in """ strings.
  const lesson::ParseResult ok =
      parse_lesson_text(with_steps("# caf\xc3\xa9 \xc2\xa7\n[[step]]\ntext = \"\"\"\\\n  a \xc2\xa7"
                                   "12.5 \xc3\xa9t\xc3\xa9\"\"\"\n"),
                        "t.toml");
  EXPECT_TRUE(ok.ok()) << (ok.diagnostics.empty() ? "" : ok.diagnostics[0].to_string());
}

TEST(LessonParser, ReadsSourcesAndTheModelVsGoNote) {
  const lesson::ParseResult r = parse_lesson_text(with_steps(R"toml(
[[step]]
text = "`flush()` merged the blocks."
sources = ["runtime/mcleanup.go: (*cleanupQueue).flush", "CL 671676 (#73642)"]
model_vs_go = "Blocks of {block_capacity} here; Go's hold 60."
)toml"),
                                                  "t.toml");
  ASSERT_TRUE(r.ok()) << (r.diagnostics.empty() ? "" : r.diagnostics[0].to_string());
  const lesson::LessonStep& step = r.lesson->steps[0];
  ASSERT_EQ(step.sources.size(), 2u);
  EXPECT_EQ(step.sources[1], "CL 671676 (#73642)");
  EXPECT_EQ(step.model_vs_go, "Blocks of {block_capacity} here; Go's hold 60.");
  // Cited, so the only teaching rule it breaks is the lesson-wide count of predict questions.
  const auto problems = lesson::lint_lesson(*r.lesson);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].message.find("the lesson has 0 predict questions"), std::string::npos)
      << problems[0].message;
  EXPECT_EQ(first_problem(with_steps("[[step]]\ntext = \"a\"\nsources = []\n")),
            "t.toml:13:11: 'sources' of step 1 has 0 items: allowed 1..8");
  EXPECT_EQ(first_problem(with_steps("[[step]]\ntext = \"a\"\nmodel_vs_go = \"{nope}\"\n")),
            "t.toml:13:15: placeholder {nope}: unknown quantity 'nope' (did you mean 'pops'?)");
}

TEST(LessonLint, FindsReferencesToGoAndOnlyThose) {
  using lesson::go_reference_in;
  EXPECT_EQ(go_reference_in("as in golang/go#71772"), "#71772");
  EXPECT_EQ(go_reference_in("fixed by CL 671676"), "CL 671676");
  EXPECT_EQ(go_reference_in("see proc.go"), "proc.go");
  EXPECT_EQ(go_reference_in("Go 1.24 had one"), "Go 1.24");
  EXPECT_EQ(go_reference_in("at e46c8e"), "e46c8e");
  EXPECT_EQ(go_reference_in("it calls `needG()` first"), "`needG()`");
  // Names the lessons define, placeholders and small numbers are not references to Go.
  EXPECT_EQ(go_reference_in("`full` holds {p_fill(2)} of #12; GOMAXPROCS 8; `needg`"),
            std::nullopt);
  EXPECT_TRUE(lesson::names_a_go_source("runtime/lfstack.go: (*lfstack).pop"));
  EXPECT_TRUE(lesson::names_a_go_source("#71825"));
  EXPECT_FALSE(lesson::names_a_go_source("docs/algorithm.md, invariant 14"));
}

TEST(LessonParser, RejectsOversizedInputBeforeParsing) {
  const std::string huge(lesson::kMaxLessonFileBytes + 1, '#');
  EXPECT_EQ(first_problem(huge),
            "t.toml:1:1: the file is 262145 bytes: a lesson is at most 262144");
}

TEST(LessonPlayer, ChecksNumberAndChoiceAnswersAgainstTheComputedValue) {
  const lesson::ParseResult r = parse_lesson_text(with_steps(R"(
[[step]]
text = "The first block is full."
until = { event = "block_full" }
[[step.question]]
ask = "How many blocks are on `full`?"
answer = "full_blocks"
choices = [0, { text = "one", value = 1 }, 2]
explain = "{full_blocks} on full."
)"),
                                                  "t.toml");
  ASSERT_TRUE(r.ok());
  lesson::LessonPlayer player(*r.lesson);
  ASSERT_EQ(player.advance(), lesson::StepStatus::reached);
  EXPECT_EQ(player.answer(0).value, 1);
  EXPECT_TRUE(player.check_number(0, 1).correct);
  EXPECT_FALSE(player.check_number(0, 2).correct);
  const lesson::AnswerCheck right = player.check_choice(0, 1);
  EXPECT_TRUE(right.correct);
  EXPECT_EQ(right.expected_text, "one");
  EXPECT_EQ(right.explanation, "1 on full.");
  EXPECT_FALSE(player.check_choice(0, 0).correct);
  EXPECT_FALSE(player.check_choice(0, 9).correct);
}

TEST(LessonPlayer, TheNextEventMayBeInTheStepThatReachedThePreviousCheckpoint) {
  // flush_begin and flush_end come from one indivisible step of the last sweeper: a step that
  // runs "until flush_end" right after "until flush_begin" stops at once, not a cycle later.
  const lesson::ParseResult r = parse_lesson_text(with_steps(R"(
[[step]]
text = "a"
until = { event = "flush_begin" }
[[step]]
text = "b"
until = { event = "flush_end" }
)"),
                                                  "t.toml");
  ASSERT_TRUE(r.ok());
  lesson::LessonPlayer player(*r.lesson);
  ASSERT_EQ(player.advance(), lesson::StepStatus::reached);
  const std::size_t events = player.checkpoint_events();
  const std::size_t begin_at = *player.matched_event();
  ASSERT_TRUE(player.next_step());
  ASSERT_EQ(player.advance(), lesson::StepStatus::reached);
  EXPECT_EQ(player.checkpoint_events(), events);
  EXPECT_GT(*player.matched_event(), begin_at);
}

TEST(LessonCheck, ReportsAnUnreachableStepAtItsUntil) {
  const lesson::ParseResult r = parse_lesson_text(with_steps(R"(
[[step]]
text = "a"
until = { event = "flush_end", nth = 3 }
)"),
                                                  "t.toml");
  ASSERT_TRUE(r.ok());
  const auto problems = lesson::play_and_check(*r.lesson);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].pos, (lesson::SourcePos{14, 9})) << problems[0].to_string();
  EXPECT_NE(problems[0].message.find("never reaches the 3rd flush_end"), std::string::npos)
      << problems[0].message;
}

}  // namespace
}  // namespace cq::lesson_test
