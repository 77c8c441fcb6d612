#pragma once

#include <vector>

#include "sim/runner.hpp"

namespace cq {

class InlineRunner final : public Runner {
 public:
  using Runner::Runner;
  RunnerKind kind() const override { return RunnerKind::inline_; }
  RunOutcome run(const RunLimit& limit) override;

 private:
  // One step's events: a member, not execute_step's thread_local, whose every access paid for
  // thread-local lookup and its initialisation check.
  std::vector<TraceEvent> step_events_;
};

}  // namespace cq
