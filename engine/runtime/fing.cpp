// fing, the Go 1.24 finalizer goroutine, which before e46c8e ran every cleanup of the program,
// one after another.
//   take the whole finq under finlock -> run each entry of each finBlock (last to first, as Go
//   1.24 does), one step each -> return the block to the cache -> take again. Nothing queued:
//   mark fingWait under finlock and park until a scheduler round's wakefing().
// One stuck cleanup here stops every cleanup in the program (teaching moment 11).
#include "runtime/actors.hpp"
#include "sim/fingerprint.hpp"

namespace cq {
namespace {

class Fing final : public Actor {
 public:
  explicit Fing(RuntimeState& rt) : Actor(ActorKind::fing, "fing"), rt_(rt) {}

  StepResult step(StepContext& ctx) override {
    if (rt_.crashed() != CrashCause::none) return {AfterStep::done, 0};  // the program died
    FinalizerQueue& fq = *rt_.fin;
    const Costs& c = rt_.scenario.costs;
    if (block_ == nullptr && list_ != nullptr) {
      block_ = list_;
      list_ = list_->next;
      left_ = block_->count;
    }
    if (block_ != nullptr) {
      if (left_ > 0) {
        const std::uint32_t slot = --left_;
        const CleanupId id = block_->entries[slot];
        if (id == rt_.scenario.stuck_cleanup) {
          std::uint64_t behind = left_ + 1;
          for (const FinBlock* b = list_; b != nullptr; b = b->next) behind += b->count;
          rt_.stuck_pending.store(behind, std::memory_order_relaxed);  // what fing holds
          ctx.emit(EventKind::cleanup_stuck, kNoP, block_->id, id, slot);
          return {AfterStep::stuck, 0};
        }
        rt_.record_run(id);
        ctx.emit(EventKind::cleanup_run, kNoP, block_->id, id, slot);
        if (id == rt_.scenario.goexit_cleanup) {
          // runtime.Goexit ends fing itself (#71824): what it took from finq never runs, and no
          // second fing is ever created (createfing runs once), so nothing runs again.
          std::uint64_t behind = left_;
          for (const FinBlock* b = list_; b != nullptr; b = b->next) behind += b->count;
          rt_.fing_goexit_held.store(behind, std::memory_order_relaxed);
          rt_.goexits.fetch_add(1, std::memory_order_release);
          ctx.emit(EventKind::cleanup_goexit, kNoP, block_->id, id,
                   static_cast<std::uint32_t>(behind));
          return {AfterStep::done, 0};
        }
        if (id == rt_.scenario.panic_cleanup) {
          rt_.crash(ctx, CrashCause::panic_in_cleanup, id, kNoP, block_->id);
          return {AfterStep::done, 0};
        }
        block_->entries[slot] = 0;
        return {AfterStep::ready, c.cleanup_ns};
      }
      fq.recycle(block_);
      block_ = nullptr;
      return {AfterStep::ready, c.sweep_gate_ns};
    }
    if (woken_) ctx.emit(EventKind::unpark, kNoP, kNoBlock, 0);
    list_ = fq.take_all();
    if (list_ != nullptr) {
      std::uint64_t entries = 0;
      for (const FinBlock* b = list_; b != nullptr; b = b->next) entries += b->count;
      ctx.emit(EventKind::fin_take_all, kNoP, kNoBlock, entries);
      woken_ = false;
      return {AfterStep::ready, c.sweep_gate_ns};
    }
    ctx.emit(EventKind::take_failed);
    if (woken_) {
      rt_.spurious_wakes.fetch_add(1, std::memory_order_relaxed);
      ctx.emit(EventKind::spurious_wake);
    }
    woken_ = false;
    if (!fq.announce_wait()) return {AfterStep::ready, c.sweep_gate_ns};
    ctx.emit(EventKind::announce_sleep, kNoP, kNoBlock, 0, 1);
    ctx.emit(EventKind::park);
    woken_ = true;
    return {AfterStep::park, 0};
  }

  std::uint64_t fingerprint() const override {
    // Blocks by id (pointers differ from one replay to the next), with the taken list in order.
    Fingerprint f;
    f.add(block_ == nullptr ? 0 : std::uint64_t{block_->id} + 1).add(left_).add(woken_);
    for (const FinBlock* b = list_; b != nullptr; b = b->next) f.add(b->id).add(b->count);
    return f.value();
  }

 private:
  RuntimeState& rt_;
  FinBlock* list_ = nullptr;   // taken from finq, not yet run
  FinBlock* block_ = nullptr;  // being run
  std::uint32_t left_ = 0;
  bool woken_ = false;
};

}  // namespace

std::unique_ptr<Actor> make_fing(RuntimeState& rt) {
  return std::make_unique<Fing>(rt);
}

}  // namespace cq
