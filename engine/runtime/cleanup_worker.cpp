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
    if (rt_.crashed() != CrashCause::none) return {AfterStep::done, 0};  // the program died
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
            // forever. Other goroutines, if the pool has any (cap > 1 from GOMAXPROCS 8), keep
            // draining; with one goroutine every later cleanup waits too.
            rt_.stuck_pending.store(block_->count() - slot_, std::memory_order_relaxed);
            ctx.emit(EventKind::cleanup_stuck, kNoP, block_->id, id, slot_);
            return {AfterStep::stuck, 0};
          }
          rt_.record_run(id);
          ctx.emit(EventKind::cleanup_run, kNoP, block_->id, id, slot_);
          if (id == rt_.scenario.goexit_cleanup) return goexit(ctx);
          if (id == rt_.scenario.panic_cleanup) {
            // An unrecovered panic in a cleanup ends the program like one in any goroutine:
            // runCleanups has no recover (runtime/mcleanup.go).
            rt_.crash(ctx, CrashCause::panic_in_cleanup, id, kNoP, block_->id);
            return {AfterStep::done, 0};
          }
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

 public:
  std::string next_step() const override {
    switch (stage_) {
      case Stage::start:
      case Stage::take:
        return "try to take a block off full";
      case Stage::run:
        if (block_ != nullptr && slot_ < block_->count()) {
          return "run cleanup " + std::to_string(block_->slot(slot_));
        }
        return "finish the block: push it onto free";
      case Stage::announce:
        return "announce sleep, then park unless work came";
    }
    return {};
  }

 private:
  // runtime.Goexit inside the cleanup at slot_ (#71824, open): the goroutine unwinds out of
  // runCleanups mid-loop, so endRunningCleanups, the executed count and the push onto `free`
  // never happen (runtime/mcleanup.go, runCleanups, Go 1.25 and 1.26). `running` and ng stay
  // counted; needG sees ng at the cap and creates no replacement, so at cap 1 nothing runs
  // again. The block keeps its n: a GC root on `all` for good.
  StepResult goexit(StepContext& ctx) {
    const std::uint32_t left = block_->count() - slot_ - 1;
    rt_.goexit_block[g_].store(block_, std::memory_order_relaxed);
    rt_.goexit_slot[g_].store(slot_ + 1, std::memory_order_relaxed);
    rt_.goexits.fetch_add(1, std::memory_order_release);
    ctx.emit(EventKind::cleanup_goexit, kNoP, block_->id, block_->slot(slot_), left);
    return {AfterStep::done, 0};
  }

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
