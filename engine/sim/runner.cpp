// The choices every runner shares: the ready set, the deterministic pick, parking with permits,
// and the end of a run.
#include "sim/runner.hpp"

#include <algorithm>
#include <cassert>
#include <utility>

#include "sim/fingerprint.hpp"
#include "sim/pace.hpp"

namespace cq {

std::optional<RunnerKind> parse_runner(std::string_view s) {
  if (s == "threaded") return RunnerKind::threaded;
  if (s == "conducted") return RunnerKind::conducted;
  if (s == "inline") return RunnerKind::inline_;
  return std::nullopt;
}

Runner::Runner(Trace& trace, Liveness& liveness, std::uint64_t seed)
    : trace_(trace), liveness_(liveness), prng_(seed) {}

Runner::~Runner() = default;

// spawn() and unpark() are called by steps (and before the first run): a step of the inline
// runner calls the _locked versions through its LockedHost, so these are never called while the
// inline runner holds mu_ across a step.
ActorId Runner::spawn(std::unique_ptr<Actor> actor, std::uint64_t start_ns) {
  std::lock_guard<std::mutex> guard(mu_);
  return spawn_locked(std::move(actor), start_ns);
}

ActorId Runner::spawn_locked(std::unique_ptr<Actor> actor, std::uint64_t start_ns) {
  assert(slots_.size() < kRuntimeActor);
  const auto id = static_cast<ActorId>(slots_.size());
  Slot& slot = slots_.emplace_back();
  slot_at_.push_back(&slot);
  slot.actor = std::move(actor);
  slot.due = std::max(start_ns, now_);
  ready_.emplace(slot.due, id);
  if (!slot.actor->background()) ++live_;
  on_spawned_locked(id);
  return id;
}

void Runner::unpark(ActorId id, std::uint64_t at_ns) {
  std::lock_guard<std::mutex> guard(mu_);
  unpark_locked(id, at_ns);
}

void Runner::unpark_locked(ActorId id, std::uint64_t at_ns) {
  Slot& slot = slots_[id];
  const std::uint64_t due = std::max(at_ns, now_);
  if (slot.state == ActorState::parked) {
    slot.state = ActorState::ready;
    slot.due = due;
    ready_.emplace(due, id);
    if (!slot.actor->background()) ++live_;
  } else if (slot.state == ActorState::running) {
    // Woken between announcing sleep and finishing the parking step: keep the permit.
    slot.permit = true;
    slot.permit_due = due;
  }
}

std::unique_lock<std::mutex> Runner::lock_for_reader() const {
  waiting_readers_.fetch_add(1, std::memory_order_acq_rel);
  std::unique_lock<std::mutex> lock(mu_, std::defer_lock);
  try {
    lock.lock();
  } catch (...) {  // counted out either way: the inline runner would wait for this reader forever
    waiting_readers_.fetch_sub(1, std::memory_order_acq_rel);
    waiting_readers_.notify_all();
    throw;
  }
  waiting_readers_.fetch_sub(1, std::memory_order_acq_rel);
  waiting_readers_.notify_all();
  return lock;
}

void Runner::hand_over_locked(std::unique_lock<std::mutex>& lock) {
  lock.unlock();
  // Each waiting reader counts itself out once it holds mu_; relocking before that could take mu_
  // back ahead of it. The readers' critical sections are short; this is a hand-over, not a poll.
  for (std::uint32_t waiting; (waiting = waiting_readers_.load(std::memory_order_acquire)) != 0;) {
    waiting_readers_.wait(waiting, std::memory_order_acquire);
  }
  lock.lock();
}

void Runner::set_schedule(std::vector<std::string> actor_names) {
  const auto guard = lock_for_reader();
  schedule_ = std::move(actor_names);
  schedule_pos_ = 0;
  schedule_error_.clear();
}

void Runner::append_schedule(const std::string& actor_name) {
  const auto guard = lock_for_reader();
  schedule_.push_back(actor_name);
}

bool Runner::finished() const {
  const auto guard = lock_for_reader();
  return finished_;
}
std::uint64_t Runner::now_ns() const {
  const auto guard = lock_for_reader();
  return now_;
}
std::uint64_t Runner::steps() const {
  const auto guard = lock_for_reader();
  return steps_;
}

std::vector<ActorInfo> Runner::actors() const {
  const auto guard = lock_for_reader();
  std::vector<ActorInfo> out;
  out.reserve(slots_.size());
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    const Slot& s = slots_[i];
    out.push_back({static_cast<ActorId>(i), s.actor->kind(), s.actor->name(), s.state, s.due});
  }
  return out;
}

std::string Runner::next_step(ActorId id) const {
  const auto guard = lock_for_reader();
  return id < slots_.size() ? slots_[id].actor->next_step() : std::string();
}

std::vector<TraceTrack> Runner::trace_tracks() const {
  std::vector<TraceTrack> tracks;
  for (ActorInfo& a : actors()) tracks.push_back({a.id, std::move(a.name)});
  return tracks;
}

std::vector<ActorId> Runner::runnable() const {
  const auto guard = lock_for_reader();
  std::vector<ActorId> out;
  for (const auto& [due, id] : ready_) out.push_back(id);
  std::sort(out.begin(), out.end());
  return out;
}

std::uint64_t Runner::fingerprint() const {
  const auto guard = lock_for_reader();
  Fingerprint f;
  f.add(slots_.size()).add(finished_);
  for (const Slot& s : slots_) {
    f.add(static_cast<std::uint64_t>(s.state)).add(s.permit).add(s.actor->fingerprint());
  }
  return f.value();
}

Runner::Choice Runner::choose_scripted_locked() {
  const std::string& name = schedule_[schedule_pos_];
  for (const auto& [due, id] : ready_) {
    if (slots_[id].actor->name() == name) {
      ++schedule_pos_;
      return id;
    }
  }
  schedule_error_ = "schedule step " + std::to_string(schedule_pos_ + 1) + ": actor '" + name +
                    "' is not ready (it is " + std::string(to_string(ActorState::parked)) +
                    ", done or unknown)";
  for (const Slot& s : slots_) {
    if (s.actor->name() == name) {
      schedule_error_ = "schedule step " + std::to_string(schedule_pos_ + 1) + ": actor '" + name +
                        "' is not ready (it is " + std::string(to_string(s.state)) + ")";
    }
  }
  return {};
}

Runner::Choice Runner::choose_locked() {
  if (ready_.empty()) return {};
  // Out of line: the scripted path builds strings, which made this function's every call pay
  // for a large stack frame.
  if (schedule_pos_ < schedule_.size()) [[unlikely]]
    return choose_scripted_locked();
  return ready_.nth(pick_tie_locked()).second;
}

void Runner::mark_running_locked(ActorId id) {
  Slot& slot = *slot_at_[id];
  ready_.erase({slot.due, id});
  now_ = std::max(now_, slot.due);
  slot.state = ActorState::running;
}

bool Runner::settle_background_locked() {
  if (finished_) return true;
  // Only background actors (scheduler rounds) remain runnable. They matter only if a round
  // would wake someone; otherwise stepping them forever changes nothing.
  if (!ready_.empty() && liveness_.background_can_progress()) return false;
  finished_ = true;
  return true;
}

bool Runner::pace_locked(std::unique_lock<std::mutex>& lock, std::uint64_t t,
                         const RunLimit& limit) {
  if (limit.speed <= 0) return true;
  if (limit.speed != anchor_speed_ || t < virtual_anchor_) {
    anchor_speed_ = limit.speed;
    virtual_anchor_ = now_;
    wall_anchor_ = std::chrono::steady_clock::now();
  }
  // Saturated first: the time point's own addition must not overflow either.
  const auto delay = std::min(wall_delay(t - virtual_anchor_, limit.speed),
                              std::chrono::steady_clock::time_point::max() - wall_anchor_);
  const auto deadline = wall_anchor_ + delay;
  // Waiting for wall time is the pacing itself, not synchronisation; a pause request (polled
  // every few milliseconds) cuts it short so the app stays responsive at slow speeds.
  while (std::chrono::steady_clock::now() < deadline) {
    if (limit.pause != nullptr && limit.pause->load(std::memory_order_acquire)) return false;
    pace_cv_.wait_until(
        lock, std::min(deadline, std::chrono::steady_clock::now() + std::chrono::milliseconds(5)));
  }
  return true;
}

void Runner::finish_run() {
  std::uint64_t now;
  {
    std::lock_guard<std::mutex> guard(mu_);
    if (finish_emitted_) return;
    finish_emitted_ = true;
    now = now_;
  }
  std::vector<TraceEvent> events;
  StepContext ctx(now, kRuntimeActor, *this, events);
  liveness_.on_finish(ctx);
  trace_.append_step(events);
}

}  // namespace cq
