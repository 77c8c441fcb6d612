// Cleanup goroutine (Go 1.25's runCleanups): it never exits.
//   take a whole block (a few atomics move up to C cleanups: the workUnits CAS under the level
//   protocol, then the pop CAS) -> set the running flag and counter together -> run each
//   cleanup, clearing its slot, one step each -> clear the flag, n = 0, push the block onto
//   `free` -> take again. No block: announce sleep (level: re-check after announcing) -> park
//   until a scheduler round wakes us. A wake that finds no block is spurious.
#include "runtime/actors.hpp"
#include "sim/fingerprint.hpp"

namespace cq {
namespace {

class CleanupWorker final : public Actor {
 public:
  CleanupWorker(RuntimeState& rt, GoroutineId g)
      : Actor(ActorKind::worker, "worker" + std::to_string(g)), rt_(rt), g_(g) {}

  StepResult step(StepContext& ctx) override {
    CleanupQueue& q = *rt_.queue;
    const Costs& c = rt_.scenario.costs;
    switch (stage_) {
      case Stage::start:
        ctx.emit(EventKind::worker_started, kNoP, kNoBlock, g_);
        stage_ = Stage::take;
        [[fallthrough]];
      case Stage::take: {
        if (woken_) ctx.emit(EventKind::unpark, kNoP, kNoBlock, g_);
        const TakeResult t = q.try_take_block();
        if (t.block == nullptr) {
          ctx.emit(EventKind::take_failed, kNoP, kNoBlock, g_);
          if (woken_) {
            rt_.spurious_wakes.fetch_add(1, std::memory_order_relaxed);
            ctx.emit(EventKind::spurious_wake, kNoP, kNoBlock, g_);
          }
          woken_ = false;
          stage_ = Stage::announce;
          return {AfterStep::ready, c.sweep_gate_ns};
        }
        woken_ = false;
        block_ = t.block;
        slot_ = 0;
        ctx.emit(EventKind::pop_full, kNoP, block_->id, block_->count(), t.cas_retries);
        // beginRunningCleanups: flag and counter flip in one step (teaching moment 12).
        q.begin_running();
        ctx.emit(EventKind::running_begin, kNoP, block_->id, g_, q.running());
        stage_ = Stage::run;
        return {AfterStep::ready, c.sweep_gate_ns};
      }

      case Stage::run: {
        if (slot_ < block_->count()) {
          const CleanupId id = block_->slot(slot_);
          if (id == rt_.scenario.stuck_cleanup) {
            // User code that never returns: this goroutine, and the rest of its block, wait
            // forever. Only this block is held up; the other goroutines keep draining.
            rt_.stuck_pending.store(block_->count() - slot_, std::memory_order_relaxed);
            ctx.emit(EventKind::cleanup_stuck, kNoP, block_->id, id, slot_);
            return {AfterStep::stuck, 0};
          }
          rt_.record_run(id);
          ctx.emit(EventKind::cleanup_run, kNoP, block_->id, id, slot_);
          block_->clear_slot(slot_++);  // drop the root so the closure can be collected
          return {AfterStep::ready, c.cleanup_ns};
        }
        q.end_running();
        ctx.emit(EventKind::running_end, kNoP, block_->id, g_, q.running());
        const std::uint32_t id = block_->id;
        const std::uint32_t retries = q.finish_block(block_);
        ctx.emit(EventKind::push_free, kNoP, id, 0, retries);
        block_ = nullptr;
        stage_ = Stage::take;
        return {AfterStep::ready, c.sweep_gate_ns};
      }

      case Stage::announce: {
        const SleepOutcome o = q.announce_sleep(g_);
        ctx.emit(EventKind::announce_sleep, kNoP, kNoBlock, g_, o == SleepOutcome::parked);
        stage_ = Stage::take;
        if (o == SleepOutcome::retry) return {AfterStep::ready, c.sweep_gate_ns};
        ctx.emit(EventKind::park, kNoP, kNoBlock, g_);
        woken_ = true;  // the next step happens only after a scheduler round unparks us
        return {AfterStep::park, 0};
      }
    }
    return {AfterStep::done, 0};
  }

  std::uint64_t fingerprint() const override {
    // The block held, by id (0 = none): pointers differ from one replay to the next.
    const std::uint64_t block = block_ == nullptr ? 0 : std::uint64_t{block_->id} + 1;
    return Fingerprint()
        .add(static_cast<std::uint64_t>(stage_))
        .add(block)
        .add(slot_)
        .add(woken_)
        .value();
  }

 private:
  enum class Stage { start, take, run, announce };

  RuntimeState& rt_;
  const GoroutineId g_;
  Stage stage_ = Stage::start;
  CleanupBlock* block_ = nullptr;
  std::uint32_t slot_ = 0;
  bool woken_ = false;
};

}  // namespace

std::unique_ptr<Actor> make_cleanup_worker(RuntimeState& rt, GoroutineId g) {
  return std::make_unique<CleanupWorker>(rt, g);
}

}  // namespace cq
