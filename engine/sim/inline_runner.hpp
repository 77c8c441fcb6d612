#pragma once

#include "sim/runner.hpp"

namespace cq {

class InlineRunner final : public Runner {
 public:
  using Runner::Runner;
  RunnerKind kind() const override { return RunnerKind::inline_; }
  RunOutcome run(const RunLimit& limit) override;
};

}  // namespace cq
