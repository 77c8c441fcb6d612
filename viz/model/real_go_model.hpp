// RealGoModelRun: the model's run of the workload a recorded Go trace ran (its `model` line:
// GOMAXPROCS, cleanups, GC cycles, Go profile), reduced to what the Real Go tab draws beside the
// recording: one lane per cleanup goroutine (created, running, woken, parked), the GC mark
// phases, and the landmarks both clocks share. Computed once per recording (ViewCaches), on the
// inline runner with a fixed seed, so it is the same run on every frame, machine and page.
//
// The model's clock is its steps (one actor step each, the scheduler's order), not Go's
// nanoseconds: the view never pretends the two agree; it lines the two up at the landmarks below.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runtime/scenario.hpp"
#include "runtime/sim_runtime.hpp"
#include "trace/go_trace_import.hpp"

namespace cq::viz {

// The seed of every model run beside a recording (shown on screen).
inline constexpr std::uint64_t kRealGoModelSeed = 1;

// The recordings the app ships, one per Go release the profiles stand for, in the order the Real
// Go tab offers them: assets/go-traces/<name>.cqgo (scripts/record-go-traces.sh made them).
// --recording and ?recording= name one.
inline constexpr const char* kGoRecordings[] = {"go1.25", "go1.26"};

// A goroutine's state from step `begin` to step `end` (steps counted from 1; [begin, end)), in
// Go's words so that both sides share one legend: Running (on its steps between a start or a wake
// and the next park), Runnable (spawned or woken by a scheduler round, its next step not yet
// taken), Waiting (parked on the sleeping list).
struct ModelLaneSegment {
  std::uint64_t begin = 0, end = 0;
  GoGState state = GoGState::undetermined;
};

struct ModelGoroutineLane {
  std::uint32_t goroutine = 0;     // the model's goroutine id (0, 1, ...: create_gs's order)
  std::uint64_t created_step = 0;  // the step whose AddCleanup spawned it (goroutines_created)
  std::vector<ModelLaneSegment> segments;
};

// One goroutine creation, and the needg raise that asked for it (none for the first: an empty
// pool always needs one, runtime/mcleanup.go, needG).
struct ModelCreation {
  std::uint64_t step = 0;
  std::uint32_t ng_after = 0;
  std::optional<std::uint64_t> needg_raised_step;
};

struct RealGoModelRun {
  Scenario scenario;  // exactly what ran: defaults, then the recording's model line
  std::string label;  // describe_go(scenario): the profile's own label
  std::string error;  // the model line could not be applied (then nothing else is set)
  RunSummary summary;
  std::uint64_t steps = 0;                 // the run's last step
  std::vector<ModelGoroutineLane> lanes;   // in creation order
  std::vector<ModelCreation> creations;    // in step order
  std::vector<ModelLaneSegment> gc_marks;  // state unused: each mark phase's steps
  std::uint64_t parks = 0, wakes = 0;      // park events, goroutines woken (sum of wake a)
  std::uint64_t last_cleanup_step = 0;     // the step of the last cleanup_run
  std::uint64_t last_park_step = 0;        // the last park of a cleanup goroutine
};

// Runs `trace.model_options` (applied to Scenario{}), inline, seed kRealGoModelSeed, to the end.
RealGoModelRun run_model_beside(const GoTrace& trace);

// A landmark both sides have, at its place on each side's own clock (Go: ns; the model: steps).
struct SharedLandmark {
  std::string name;  // "GC 1 starts", "last park"
  double go_ns = 0;
  double model_step = 0;
};

// The landmarks the recording and the model run share, strictly increasing on both clocks: each
// GC mark phase begun inside the recording paired in order with the model's, then the last park
// of a cleanup goroutine (after its last cleanup ran: both traces record it).
std::vector<SharedLandmark> shared_landmarks(const GoTrace& trace, const RealGoModelRun& model);

// Maps one side's clock onto a shared axis [0, 1], piecewise linearly, so that every landmark is
// at the same place on both sides (the mean of its two fractions of its side's run).
class LandmarkAxis {
 public:
  LandmarkAxis(const std::vector<SharedLandmark>& landmarks, double go_end_ns,
               double model_end_steps);
  double go(double ns) const;                                  // Go's ns -> [0, 1]
  double model(double step) const;                             // the model's step -> [0, 1]
  const std::vector<double>& marks() const { return marks_; }  // each landmark's place

 private:
  static double map(const std::vector<double>& from, const std::vector<double>& to, double value);
  // Each clock's knots (0, the landmarks, its end) and where they go on the shared axis.
  std::vector<double> go_knots_, model_knots_, shared_, marks_;
};

}  // namespace cq::viz
