// SweepSession: one sweepone (runtime/mgcsweep.go), as whoever sweeps runs it: a sweeper actor
// (bgsweep), and under gc_phases "go" a mutator's AddCleanup (addspecial's ensureSwept,
// runtime/mheap.go) and the GC's finishsweep_m (runtime/mgcsweep.go, called by gcStart).
//   begin on the gate (refused once drained) -> acquire a P -> claim a span (none left: set the
//   drained bit) -> sweep its objects, one step each, enqueueing each cleanup into the block of
//   the P held -> release the P -> end; the end that leaves "drained, zero active" is the last
//   sweeper's, which flushes every P's partial block (teaching moment 4).
// From begin to end the session is non-preemptible, as sweepone is (gp.m.locks++): the owner
// stays inside the world (world_stop.hpp) until step() says the session is over.
#pragma once

#include <cstdint>
#include <string>

#include "runtime/runtime_state.hpp"

namespace cq {

class SweepSession {
 public:
  // `holder`: who holds the P in PSet (runtime_state.hpp, kMutatorHolder, kGcHolder); `first_p`:
  // where the search for a free P starts, moved on by one every session.
  SweepSession(RuntimeState& rt, std::uint32_t holder, std::uint32_t first_p)
      : rt_(rt), holder_(holder), first_p_(first_p) {}

  // sweep.active.begin(): false when refused (the gate is drained), with nothing emitted.
  bool begin(StepContext& ctx);

  struct Step {
    bool over;  // the session ended (its end() ran): the owner may be stopped again
    std::uint64_t delay_ns;
  };
  // The session's next step after begin(): acquire, claim, sweep an object, or end.
  Step step(StepContext& ctx);

  bool active() const { return stage_ != Stage::idle; }
  std::uint64_t fingerprint() const;
  std::string next_step() const;

 private:
  enum class Stage { idle, acquire_p, claim_span, sweep_object, end };

  bool in_resize_cycle() const;
  void maybe_shrink(StepContext& ctx, std::uint32_t span);
  bool grows_now() const;
  void begin_growth(StepContext& ctx);
  void end_growth();
  void release_p(StepContext& ctx);
  void sweep_one(StepContext& ctx, CleanupId id);
  void flush(StepContext& ctx);

  RuntimeState& rt_;
  const std::uint32_t holder_;
  const std::uint32_t first_p_;
  Stage stage_ = Stage::idle;
  std::uint16_t p_ = 0;
  std::uint32_t sessions_ = 0;
  Span span_{};
};

}  // namespace cq
