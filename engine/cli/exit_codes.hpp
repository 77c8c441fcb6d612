// Exit codes of cleanupq and cleanupq-viz (docs/errors.md, "Exit codes"): 0 all good, 1 what was
// checked failed (a cleanup lost, an invariant broken, a lesson with a problem), 2 bad usage, and
// these.
#pragma once

namespace cq::cli {

// An output (a --trace file, standard output) could not be written completely.
inline constexpr int kExitOutputFailed = 3;
// `run` only: the modelled Go program crashed (a panic in a cleanup; e46c8e's flush meeting a
// nil P). A finding like 1, kept apart because nothing after the crash was run or counted.
inline constexpr int kExitCrashed = 4;
// A programming error (an exception) reached main: EX_SOFTWARE of sysexits.h, so a bug is never
// mistaken for a finding (1) or bad usage (2). docs/errors.md, "Exit codes".
inline constexpr int kExitInternalError = 70;

}  // namespace cq::cli
