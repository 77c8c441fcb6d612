// SimRuntime: one run of the simulated Go runtime around the real queue. It builds the actors
// for a Scenario, hands them to the chosen runner, and answers the questions at the end: did
// every registered cleanup run exactly once, did an invariant break, was work stranded?
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "runtime/runtime_state.hpp"
#include "runtime/scenario.hpp"
#include "sim/runner.hpp"
#include "trace/trace.hpp"

namespace cq {

struct RunSummary {
  std::uint64_t registered = 0;
  std::uint64_t executed = 0;
  std::uint64_t lost = 0;           // registered, never ran, and not visibly queued anywhere
  std::uint64_t duplicated = 0;     // cleanups that ran more than once
  std::uint64_t pending = 0;        // registered - executed
  std::uint64_t queued = 0;         // pending and visibly queued (blocks, finq)
  std::uint64_t stuck_pending = 0;  // pending behind a cleanup that never returns
  std::uint64_t blocks_allocated = 0;
  std::uint64_t full_pushes = 0;
  std::uint64_t flushes = 0;
  std::uint64_t workers_created = 0;
  std::uint32_t worker_cap = 0;
  std::uint64_t wakes = 0;
  std::uint64_t spurious_wakes = 0;
  std::uint64_t needg_raised = 0;
  std::uint64_t events = 0;
  std::uint64_t trace_hash = 0;
  std::uint64_t steps = 0;
  std::uint64_t virtual_ns = 0;
  double wall_ms = 0;
  std::uint64_t invariant_violations = 0;
  bool stranded = false;  // work queued, goroutines asleep, and nothing left to wake them
  bool finished = false;
  // Cleanups that will never run, by cause, counted from the final state (RunLosses).
  struct Losses {
    // Queued on `full` while goroutines sleep and nothing will wake them (e46c8e's one-shot
    // wake; docs/algorithm.md §9.2).
    std::uint64_t lost_wakeup = 0;
    // In the blocks of Ps a GOMAXPROCS shrink cut: no flush walks them (proc.go, (*p).destroy).
    std::uint64_t stranded_by_shrink = 0;
    // After a cleanup that called runtime.Goexit: the rest of its goroutine's block, and what
    // waits on `full` once no live cleanup goroutine is left (#71824).
    std::uint64_t killed_by_goexit = 0;
    std::uint64_t total() const { return lost_wakeup + stranded_by_shrink + killed_by_goexit; }
    bool operator==(const Losses&) const = default;
  } losses;
  CrashCause crash = CrashCause::none;  // the modelled program died
  bool ok() const {
    return finished && crash == CrashCause::none && executed == registered && duplicated == 0 &&
           invariant_violations == 0;
  }
};

// The cleanups of a settled run that will never run, by cause, read from the final state: the
// queue's blocks and each cleanup's run count (not from the trace).
RunSummary::Losses count_losses(const RuntimeState& rt);

class SimRuntime final : public Liveness {
 public:
  // The scenario must be valid (validate() returned nullopt). `observer`, if any, sees every
  // event of the run as it is appended, whether the trace records it or not
  // (Scenario::record_trace); it must outlive the run.
  explicit SimRuntime(const Scenario& scenario, TraceObserver* observer = nullptr);
  ~SimRuntime() override;

  // Runs until the limit (default: to the end). May be called again to continue.
  RunOutcome run(const RunLimit& limit = {});
  // Before the end: the counters so far and a crash that already happened; the books (lost,
  // stranded, losses) are closed only at the end.
  RunSummary summary() const;

  const Scenario& scenario() const { return state_.scenario; }
  RuntimeState& state() { return state_; }
  const RuntimeState& state() const { return state_; }
  Runner& runner() { return *runner_; }
  const Runner& runner() const { return *runner_; }
  const Trace& trace() const { return trace_; }

  // Liveness
  bool background_can_progress() const override;
  void on_finish(StepContext& ctx) override;

 private:
  RuntimeState state_;
  Trace trace_;
  std::unique_ptr<Runner> runner_;
  std::chrono::steady_clock::duration wall_{};
  RunSummary final_{};  // computed once, when the run ends
  bool have_final_ = false;
};

}  // namespace cq
