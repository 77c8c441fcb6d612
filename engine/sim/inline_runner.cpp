// The inline runner: the conductor's choices, stepped on the caller's thread. For browsers
// without cross-origin isolation, fast replays, seeking, and the schedule explorer.
#include "sim/inline_runner.hpp"

namespace cq {

RunOutcome InlineRunner::run(const RunLimit& limit) {
  std::uint64_t taken = 0;
  for (;;) {
    ActorId id;
    Actor* actor;
    std::uint64_t now;
    {
      std::unique_lock<std::mutex> guard(mu_);
      if (settle_finished_locked()) {
        guard.unlock();
        finish_run();
        return {RunStop::finished, taken};
      }
      if (taken >= limit.max_steps) return {RunStop::step_limit, taken};
      if (limit.pause != nullptr && limit.pause->load(std::memory_order_acquire)) {
        return {RunStop::paused, taken};
      }
      // Checked before choosing, so that stopping here draws nothing from the PRNG and a run
      // cut into pieces makes the same choices as one run straight through.
      if (schedule_pos_ >= schedule_.size() && ready_.begin()->first > limit.until_ns) {
        return {RunStop::time_limit, taken};
      }
      auto chosen = choose_locked();
      if (!chosen) return {RunStop::schedule_error, taken};
      id = *chosen;
      mark_running_locked(id);
      actor = slots_[id].actor.get();
      now = now_;
    }
    StepResult result;
    const bool hit = execute_step(*actor, id, now, limit, result);
    ++taken;
    {
      std::lock_guard<std::mutex> guard(mu_);
      apply_result_locked(id, result, now);
    }
    if (hit) return {RunStop::event, taken};
  }
}

}  // namespace cq
