// The inline runner: the conductor's choices, stepped on the caller's thread. For browsers
// without cross-origin isolation, fast replays, seeking, and the schedule explorer.
#include "sim/inline_runner.hpp"

namespace cq {

RunOutcome InlineRunner::run(const RunLimit& limit) {
  std::uint64_t taken = 0;
  // mu_ is held across the whole loop, steps included: one thread takes every step, so nothing
  // else needs mu_ between them but the readers (the app's UI thread), and each acquisition was a
  // lock and an unlock per step (a sixth of the loop's instructions, issue 17). The step's spawn()
  // and unpark() come back through `host` to the _locked versions; a waiting reader is handed
  // mu_ at the next step boundary (hand_over_locked), and pacing's wait releases it too.
  std::unique_lock<std::mutex> guard(mu_);
  LockedHost host(*this);
  restart_pacing();  // wall time spent outside run() (paused) is not owed to the clock
  // The limit's fields, read once: through the reference they were reloaded after every call.
  const std::uint64_t max_steps = limit.max_steps;
  const std::uint64_t until_ns = limit.until_ns;
  const std::atomic<bool>* const pause = limit.pause;
  const bool paced = limit.speed > 0;
  for (;;) {
    if (waiting_readers_.load(std::memory_order_relaxed) != 0) [[unlikely]]
      hand_over_locked(guard);
    if (settle_finished_locked()) [[unlikely]] {
      guard.unlock();
      finish_run();
      return {RunStop::finished, taken};
    }
    if (taken >= max_steps) [[unlikely]]
      return {RunStop::step_limit, taken};
    if (pause != nullptr && pause->load(std::memory_order_acquire)) [[unlikely]] {
      return {RunStop::paused, taken};
    }
    // Checked before choosing, so that stopping here draws nothing from the PRNG and a run
    // cut into pieces makes the same choices as one run straight through.
    const std::uint64_t earliest = ready_.begin()->first;
    if (earliest > until_ns && schedule_pos_ >= schedule_.size()) [[unlikely]] {
      return {RunStop::time_limit, taken};
    }
    if (paced && !pace_locked(guard, earliest, limit)) return {RunStop::paused, taken};
    const Choice chosen = take_next_locked();
    if (!chosen) [[unlikely]]
      return {RunStop::schedule_error, taken};
    const ActorId id = *chosen;
    Actor* actor = slot_at_[id]->actor.get();
    const std::uint64_t now = now_;
    StepResult result;
    const bool hit = execute_step(*actor, id, now, limit, result, host, step_events_);
    ++taken;
    apply_result_locked(id, result, now);
    if (hit) [[unlikely]]
      return {RunStop::event, taken};
  }
}

}  // namespace cq
