// Practice without end: fresh predict questions for any lesson, from a seed (`cleanupq lesson
// practice --seed N`). The lesson's [scenario] runs with that seed on the deterministic runner;
// checkpoints are picked from its trace (the next block_full, flush_end, goroutines_created or
// cleanup_run), each question is asked at the state before its event, with the numbers the
// student can see then, and answered from the event itself. The same seed gives the same
// questions; another seed picks other checkpoints and, where the runner's choices differ, another
// run.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lesson/lesson.hpp"

namespace cq {
class SimRuntime;
}

namespace cq::lesson {

enum class PracticeKind : std::uint8_t {
  block_fills_next,    // which P's block fills next? (answered by a block_full)
  flush_pushes,        // how many blocks will the flush push? (a flush_end)
  goroutines_started,  // how many goroutines will this AddCleanup start? (a goroutines_created)
  cleanup_runs_next,   // which goroutine's cleanup runs next? (a cleanup_run)
};
std::string_view to_string(PracticeKind kind);

// A number shown with the question, by the quantity that computes it ("p_fill(1)" = 19), so a
// test can recount it from the raw trace.
struct ShownNumber {
  std::string quantity;
  std::int64_t value = 0;
};

struct PracticeChoice {
  std::string text;
  std::int64_t value = 0;  // compared with the answer
};

struct PracticeQuestion {
  PracticeKind kind{};
  std::size_t asked_at = 0;     // the state after the first asked_at events of the run
  std::size_t answered_by = 0;  // trace index of the event that answers it
  std::string ask;
  std::vector<ShownNumber> shown;
  std::vector<PracticeChoice> choices;  // empty: the answer is a number
  std::int64_t answer = 0;
  std::string answer_text;  // the number, or the right choice's text
  std::string explanation;  // uses the run's numbers
};

struct Practice {
  std::uint64_t seed = 0;
  std::vector<PracticeQuestion> questions;  // in the order the run reaches them
  std::size_t trace_events = 0;
  std::uint64_t trace_hash = 0;
  std::string problem;  // non-empty: why there are fewer questions than asked for (or none)
};

inline constexpr std::size_t kMaxPracticeQuestions = 50;
// Runner steps a practice run may take: a run that never ends (a stuck cleanup) still yields
// questions from its first part, in a fraction of a second.
inline constexpr std::uint64_t kMaxPracticeSteps = 400'000;

// Up to `count` questions from the lesson's [scenario] run with `seed` (within the scenario
// table's seed range; the callers' flags check it).
Practice generate_practice(const Lesson& lesson, std::uint64_t seed, std::size_t count);

// generate_practice in two halves, for the app, which shows the very run the questions come
// from (viz/model/practice_session.hpp): the run's scenario (the lesson's, with `seed`, on the
// inline runner, recording every event), running it as a practice runs (at most
// kMaxPracticeSteps steps, then its closing events), and the questions from that run.
Scenario practice_scenario(const Lesson& lesson, std::uint64_t seed);
void run_practice(SimRuntime& sim);
Practice practice_from_run(const SimRuntime& sim, std::uint64_t seed, std::size_t count);

struct PracticeGrade {
  bool correct = false;
  std::string expected_text;
  std::string explanation;
};
// `given`: the number, or the chosen choice's value.
PracticeGrade grade_practice(const PracticeQuestion& question, std::int64_t given);

}  // namespace cq::lesson
