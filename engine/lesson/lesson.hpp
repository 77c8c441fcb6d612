// Lesson: one lesson file of lessons/, parsed (docs/architecture.md, "Lessons are data").
//
// [SECTION] Positions and diagnostics: every problem is reported as `file:line:column: message`
// [SECTION] Quantities: the named numbers a question or a text placeholder asks for
// [SECTION] Run-until conditions, highlights, questions
// [SECTION] Steps and the lesson
//
// Plain data: the parser (lesson_parser.hpp) fills it, the player (lesson_player.hpp) plays it,
// and nothing here depends on the app. Every value the student is asked about is named, never
// typed in: the player computes it from the engine's state at the step's checkpoint, so a lesson
// cannot silently drift from what the engine does.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runtime/scenario.hpp"
#include "trace/trace_event.hpp"

namespace cq::lesson {

// [SECTION] Positions and diagnostics.

struct SourcePos {
  std::uint32_t line = 0;    // 1-based; 0 = unknown
  std::uint32_t column = 0;  // 1-based
  bool operator==(const SourcePos&) const = default;
  auto operator<=>(const SourcePos&) const = default;
};

struct Diagnostic {
  std::string file;
  SourcePos pos;
  std::string message;
  // "file:line:column: message", the form compilers use, so editors can jump to it.
  std::string to_string() const;
};

// [SECTION] Quantities (quantities.hpp lists them and computes them).

enum class QuantityArgument : std::uint8_t { none, p, block, worker, event_kind };

struct QuantityRef {
  std::string name;  // e.g. "p_fill"
  QuantityArgument argument = QuantityArgument::none;
  std::uint32_t index = 0;  // the P, block or worker, when the argument is one
  EventKind event{};        // when the argument is an event kind
  std::string spelling;     // as written: "p_fill(2)"
};

// [SECTION] Run-until conditions.

enum class UntilKind : std::uint8_t {
  here,    // no `until`: the step shows the state where the previous one stopped
  end,     // until = "end": the run is over (quiescent, stranded or complete)
  event,   // until = { event = "flush_end", nth = 2, p = 1, ... }
  step,    // until = { step = 40 }: the runner has taken 40 steps in this run
  events,  // until = { events = 500 }: the trace holds at least 500 events
};

struct RunUntil {
  UntilKind kind = UntilKind::here;
  EventKind event{};
  // 0: the next matching event after the previous checkpoint. N > 0: the Nth matching event of
  // the run, counted from its start (the run restarts only with a step's `restart`).
  std::uint64_t nth = 0;
  // Optional filters on the event's fields (their meaning per kind is in trace_event.hpp).
  std::optional<std::uint16_t> p;
  std::optional<std::uint32_t> block;
  std::optional<std::uint64_t> a;
  std::optional<std::uint32_t> b;
  std::uint64_t target = 0;  // step / events
  SourcePos pos;             // of the `until` value
  bool matches(const TraceEvent& e) const;
  std::string describe() const;  // "the 2nd flush_end", "step 40", "the run's end"
};

// [SECTION] Highlights.

enum class HighlightArea : std::uint8_t {
  processors,
  full_stack,
  free_stack,
  workers,
  scheduler,
  gc_phase,
  timeline,
  metrics,
  event_log,
  inspector,
  p,         // "p:2": one P and its block
  worker,    // "worker:0": one cleanup goroutine
  block,     // "block:3": one block wherever it is
  quantity,  // "quantity:needg": one number on the metrics panel
};

struct Highlight {
  HighlightArea area = HighlightArea::processors;
  std::uint32_t index = 0;  // p, worker, block
  QuantityRef quantity;     // quantity
  std::string spelling;     // as written
  SourcePos pos;
};

// [SECTION] Questions.

struct Choice {
  std::string text;    // shown on the button (a number choice shows the number)
  std::int64_t value;  // the choice is correct when the answer quantity equals this
  SourcePos pos;
};

// When a question is asked. A predict question is asked before the engine runs to the step's
// checkpoint: the student commits to an answer, watches the step play, then sees the computed
// answer beside theirs. An observe question is asked at the checkpoint, about what was watched.
enum class QuestionKind : std::uint8_t { observe, predict };

struct Question {
  QuestionKind kind = QuestionKind::observe;
  std::string ask;              // a predict question's placeholders are filled before the step runs
  QuantityRef answer;           // computed at the checkpoint, never typed into the file
  std::vector<Choice> choices;  // empty: the student types a number
  std::string explain;          // shown after answering; holds {placeholders} (lesson_lint.hpp)
  // Shown after a wrong first answer, before the second (and last) try; required for predict
  // questions. Filled in when it is shown (before the run, for a predict question).
  std::string hint;
  // Why the answer may appear in the text shown before the question (answer_leaks.hpp); empty:
  // it must not.
  std::string answer_shown_because;
  SourcePos pos;
  SourcePos kind_pos;
  SourcePos hint_pos;
  SourcePos answer_shown_pos;
  SourcePos ask_pos;
  SourcePos explain_pos;
  SourcePos answer_pos;
  SourcePos choices_pos;
  bool multiple_choice() const { return !choices.empty(); }
  bool predict() const { return kind == QuestionKind::predict; }
};

// [SECTION] Steps and the lesson.

enum class StepKind : std::uint8_t {
  narrate,    // run until the condition, then show text, highlights and questions
  challenge,  // "you are the scheduler": the student picks every step, one actor at a time
};

struct Challenge {
  QuantityRef win;                  // won when this quantity is nonzero at the run's end
  bool hint_from_explorer = false;  // hint = "explorer": the schedule explorer's shortest win
  std::vector<std::string> hint;    // hint = [ ...actor names... ]
  std::uint32_t max_choices = 0;    // the student loses after this many choices without a win
  SourcePos win_pos;
  SourcePos hint_pos;
};

struct LessonStep {
  StepKind kind = StepKind::narrate;
  std::string title;
  std::string text;  // short narrative; `Go names` in backticks; {quantity} placeholders
  std::vector<Highlight> highlights;
  RunUntil until;
  // Start a fresh run before this step, with this scenario (the lesson's, plus the step's
  // `restart` overrides). Challenge steps always start a fresh run.
  std::optional<Scenario> restart;
  bool replay_choices = false;  // the fresh run replays the challenge's choices first
  Challenge challenge;
  std::vector<Question> questions;
  // Where the step's claims about Go come from, shown on demand ("runtime/mcleanup.go:
  // (*cleanupQueue).enqueue", "CL 671676 (#73642)"); and the simplification the model makes
  // here, if any. lesson_lint.hpp says when `sources` is required.
  std::vector<std::string> sources;
  std::string model_vs_go;
  // A lesson figure shown with the step's text (lesson_figures.hpp), or empty.
  std::string figure;
  // A line of the code pane the step points at ("flush.nil_p_check": runtime/code_listing.hpp),
  // or empty; checked against the listings of the step's run.
  std::string code;
  SourcePos pos;  // the [[step]] header
  SourcePos title_pos;
  SourcePos text_pos;
  SourcePos sources_pos;
  SourcePos model_vs_go_pos;
  SourcePos figure_pos;
  SourcePos code_pos;
  SourcePos replay_pos;
};

// One item of a lesson's `teaches` or `needs`: a concept of lesson_concepts.hpp.
struct ConceptUse {
  std::string name;
  SourcePos pos;
};

struct Lesson {
  std::string file;  // as given to the parser: diagnostics name it
  std::uint32_t id = 0;
  std::string title;
  std::string summary;  // one line for the lesson list
  std::uint32_t minutes = 5;
  // The concepts the lesson teaches and those it needs taught first (lesson_set.hpp checks an
  // order of lessons against them). A position of line 0: the key is absent, which a set of
  // lessons rejects and a single lesson (a draft) may do.
  std::vector<ConceptUse> teaches;
  std::vector<ConceptUse> needs;
  SourcePos teaches_pos;
  SourcePos needs_pos;
  Scenario scenario;  // validated; runner is inline or conducted
  std::vector<LessonStep> steps;
  SourcePos scenario_pos;

  std::size_t question_count() const;
  std::size_t predict_question_count() const;
  // The scenario in effect for step i (the lesson's, or the latest `restart` at or before it).
  const Scenario& scenario_at(std::size_t step) const;
};

// The number a lesson file's name starts with ("lessons/06-coalescing.toml" -> 6): its id.
std::optional<std::uint32_t> lesson_number_of_file(const std::string& path);

// Lessons must play in CI in a few seconds: these bound what a lesson file may ask for.
inline constexpr std::uint64_t kMaxLessonCleanups = 20'000;  // mutators x cleanups x cycles
inline constexpr std::uint64_t kMaxRunSteps = 2'000'000;     // runner steps, per run
// Runner steps of one play-through, all its runs together (each `restart` starts a run of up to
// kMaxRunSteps): what a lesson may cost, however many of its checkpoints are never reached.
inline constexpr std::uint64_t kMaxLessonSteps = 6'000'000;
inline constexpr std::size_t kMaxStepsPerLesson = 40;   // [[step]] tables
inline constexpr std::size_t kMaxTextChars = 1200;      // one step's narrative
inline constexpr std::size_t kMaxSources = 8;           // one step's `sources`
inline constexpr std::size_t kMaxSourceChars = 160;     // one of them
inline constexpr std::size_t kMaxModelVsGoChars = 600;  // one step's `model_vs_go`
inline constexpr std::uint32_t kMaxChallengeChoices = 500;
inline constexpr std::size_t kMinPredictQuestions = 2;  // per lesson: the student commits first

}  // namespace cq::lesson
