// Comparison: the same workload and seed through Go 1.24's single finalizer goroutine and the
// scenario's queue (go1.25 when the scenario itself is go1.24), on the same virtual clock
// (teaching moments 1 and 11). The compare view draws it; the App owns it, so it lives as long as
// the app and not as long as the program.
//
// Both runs use the inline runner on a BackgroundRun so the UI stays live. A build without
// threads runs them in the frame that asks (well under a second for a scenario one can watch).
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/background_run.hpp"
#include "runtime/sim_runtime.hpp"

namespace cq::viz {

class Comparison {
 public:
  static constexpr int kBuckets = 120;  // points of each side's curve

  struct DesignRun {
    std::string label;  // describe_go() of the scenario that ran: exactly what this side is
    RunSummary summary;
    std::vector<float> executed_by_time;  // cumulative cleanups run, per time bucket (kBuckets)
  };
  struct Result {
    DesignRun go124;
    DesignRun go125;
    std::uint64_t horizon_ns = 0;  // the later of the two runs' ends: both curves' time axis
  };

  // Runs both designs on `scenario` to the end. `stop` ends them early (at a step boundary) and
  // the result is then incomplete.
  static Result run(Scenario base, const std::atomic<bool>& stop);

  // Starts comparing on `scenario`, unless a comparison is still running. Without threads it
  // runs to the end before returning.
  void start(const Scenario& scenario);
  bool running() const { return run_ && !run_->done(); }
  // The latest finished comparison (nullptr before the first ends); a comparison still running
  // leaves the one before it in place.
  const Result* result();

 private:
  std::optional<Result> shown_;
  std::optional<Result> finished_;  // written by the run's thread; read once run_->done()
  // Last: its job writes finished_, so it is stopped and joined before the members above go.
  std::optional<BackgroundRun> run_;
};

}  // namespace cq::viz
