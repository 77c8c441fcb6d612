// ConformanceFacts: what the conformance comparison (tests/conformance/conform.py) reads from a
// `cleanupq run`, folded from the events as the run appends them (a TraceObserver), so a run
// without --trace reports them without keeping its trace: memory grows with the blocks taken
// and the pool's creations, never with the events.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>
#include <unordered_map>
#include <vector>

#include "runtime/sim_runtime.hpp"
#include "trace/trace_observer.hpp"

namespace cq::cli {

class ConformanceFacts final : public TraceObserver {
 public:
  void observe(std::span<const TraceEvent> step) override;
  // The JSON's `conformance` object: the folded facts, the trace's counts and the queue at the
  // end of the run (read from `sim`, which this observed).
  nlohmann::json to_json(const SimRuntime& sim) const;

 private:
  std::vector<std::uint64_t> ng_after_creations_;
  std::vector<std::uint64_t> block_runs_;
  std::vector<std::uint64_t> executed_values_;
  std::unordered_map<std::uint32_t, std::uint64_t> running_;  // block id -> cleanups run this take
  std::uint64_t executed_ = 0;
  std::uint64_t enqueued_ = 0;
  std::uint64_t enqueued_before_last_registration_ = 0;
};

}  // namespace cq::cli
