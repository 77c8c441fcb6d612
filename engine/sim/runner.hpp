// Runner: who may take the next step, and on which thread (docs/architecture.md, "Three runners").
//
//   threaded   a pool of OS threads (one per actor); the clock releases every actor due at the
//              same virtual time together, and the pool's threads take their steps in parallel
//              on real atomics.
//   conducted  the same pool, but exactly one step admitted at a time, chosen by a seeded PRNG
//              among the earliest-due actors, or by a scripted schedule.
//   inline     the same choices as conducted, stepped on the caller's thread.
// Conducted and inline make identical choices, hence identical traces, for the same seed.
//
// Every runner stops only at step boundaries: when run() returns, no step is half done.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sim/actor.hpp"
#include "sim/prng.hpp"
#include "sim/ready_queue.hpp"
#include "trace/chrome_trace.hpp"
#include "trace/trace.hpp"

namespace cq {

enum class RunnerKind : std::uint8_t { threaded, conducted, inline_ };

constexpr std::string_view to_string(RunnerKind k) {
  return k == RunnerKind::threaded    ? "threaded"
         : k == RunnerKind::conducted ? "conducted"
                                      : "inline";
}
std::optional<RunnerKind> parse_runner(std::string_view s);

enum class ActorState : std::uint8_t { ready, running, parked, done, stuck };
constexpr std::string_view to_string(ActorState s) {
  switch (s) {
    case ActorState::ready:
      return "ready";
    case ActorState::running:
      return "running";
    case ActorState::parked:
      return "parked";
    case ActorState::done:
      return "done";
    case ActorState::stuck:
      return "stuck";
  }
  return "unknown";
}

// The simulated runtime's view of whether a run can still go anywhere.
class Liveness {
 public:
  virtual ~Liveness() = default;
  // With every non-background actor parked, done or stuck: would a background step (a
  // scheduler round) unpark anyone? If not, the run is over.
  virtual bool background_can_progress() const = 0;
  // Called once when the run is over, to emit the closing events (stranded, run_end).
  virtual void on_finish(StepContext& ctx) = 0;
};

struct RunLimit {
  std::uint64_t max_steps = ~std::uint64_t{0};  // steps this call may take
  std::uint64_t until_ns = ~std::uint64_t{0};   // take no step due later than this
  double speed = 0;  // virtual ns per wall ns (1e-3 = 1/1000x); 0 = unthrottled
  // Stop after the step (threaded: the batch of parallel steps) that emits a matching event.
  // Called on the stepping thread; under the inline runner with the runner's lock held, so it
  // must not call the Runner.
  std::function<bool(const TraceEvent&)> stop_on;
  const std::atomic<bool>* pause = nullptr;  // set from another thread to stop at a boundary
};

enum class RunStop : std::uint8_t {
  finished,
  step_limit,
  time_limit,
  event,
  paused,
  schedule_error
};
constexpr std::string_view to_string(RunStop s) {
  switch (s) {
    case RunStop::finished:
      return "finished";
    case RunStop::step_limit:
      return "step_limit";
    case RunStop::time_limit:
      return "time_limit";
    case RunStop::event:
      return "event";
    case RunStop::paused:
      return "paused";
    case RunStop::schedule_error:
      return "schedule_error";
  }
  return "unknown";
}

struct RunOutcome {
  RunStop why;
  std::uint64_t steps;  // steps taken by this call
};

struct ActorInfo {
  ActorId id;
  ActorKind kind;
  std::string name;
  ActorState state;
  std::uint64_t due_ns;
};

class Runner : public ActorHost {
 public:
  Runner(Trace& trace, Liveness& liveness, std::uint64_t seed);
  ~Runner() override;

  ActorId spawn(std::unique_ptr<Actor> actor, std::uint64_t start_ns) override;
  void unpark(ActorId id, std::uint64_t at_ns) override;

  virtual RunnerKind kind() const = 0;
  virtual RunOutcome run(const RunLimit& limit) = 0;

  // Scripted schedule: the next steps go to these actors, by name, in order; once it is used
  // up, the PRNG chooses again. Threaded runners ignore it (they have no single next step).
  void set_schedule(std::vector<std::string> actor_names);
  void append_schedule(const std::string& actor_name);
  const std::string& schedule_error() const { return schedule_error_; }

  bool finished() const;
  std::uint64_t now_ns() const;
  std::uint64_t steps() const;
  std::vector<ActorInfo> actors() const;
  // The actors as tracks of a Perfetto export (trace/chrome_trace.hpp), in id order.
  std::vector<TraceTrack> trace_tracks() const;
  std::vector<ActorId> runnable() const;  // ready actors, in id order (the student's buttons)
  // Actor::next_step() of one actor ("" for an unknown id). Only between steps.
  std::string next_step(ActorId id) const;
  // What the next scripted choices depend on: each actor's state and fingerprint, in id order.
  // Virtual time and due times are left out: a scripted step may pick any ready actor.
  std::uint64_t fingerprint() const;

 protected:
  struct Slot {
    std::unique_ptr<Actor> actor;
    ActorState state = ActorState::ready;
    std::uint64_t due = 0;
    bool permit = false;  // an unpark that arrived while the actor was still running
    std::uint64_t permit_due = 0;
  };

  // Picks the next actor exactly as conducted and inline must (mu_ held). nullopt: nothing can
  // step. Sets schedule_error_ and returns nullopt when the script names an actor that is not
  // ready.
  // The chosen actor, or none. Reads like std::optional<ActorId> (if (!c), *c) but is one
  // register: GCC built the optional in memory with a 2-byte store and reloaded it 4 bytes wide,
  // a store-forwarding stall on every step of the inline runner.
  class Choice {
   public:
    Choice() = default;
    Choice(ActorId id) : value_(id) {}  // NOLINT: converts like std::optional's constructor
    explicit operator bool() const { return value_ != kNone; }
    ActorId operator*() const { return static_cast<ActorId>(value_); }

   private:
    static constexpr std::uint32_t kNone = 0xffffffffu;
    std::uint32_t value_ = kNone;
  };
  Choice choose_locked();
  Choice choose_scripted_locked();  // choose_locked() with a schedule left
  void mark_running_locked(ActorId id);
  // choose_locked() and mark_running_locked() in one: the same choice, taken off the ready set
  // where the choice found it instead of searched for again (the inline runner's, every step).
  Choice take_next_locked();
  // Which of the actors due earliest the PRNG picks: an index in ReadyQueue order. Ties are
  // broken in (due, id) order, so the choice is the same on every run and platform; the PRNG is
  // drawn only when there is a tie.
  std::size_t pick_tie_locked() {
    const auto ties = static_cast<std::uint32_t>(ready_.earliest_ties());
    return ties > 1 ? prng_.below(ties) : 0;
  }
  // In the header, like execute_step: the inline runner calls both on every step.
  void apply_result_locked(ActorId id, const StepResult& r, std::uint64_t now);
  // Quiescence: no non-background actor can move, and no background step would change that.
  bool settle_finished_locked() {
    if (!finished_ && live_ > 0) return false;
    return settle_background_locked();
  }
  bool settle_background_locked();  // settle_finished_locked() without its common case
  // Runs one step on the calling thread; returns true if an event matched `stop_on`.
  // `actor` is resolved under mu_ by the caller: slots_ may grow while the step runs. The step's
  // spawn() and unpark() go to `host`: the runner itself (they take mu_), or a LockedHost when
  // the caller holds mu_ across the step.
  // `events` is cleared and collects the step's events before they go to the trace.
  bool execute_step(Actor& actor, ActorId id, std::uint64_t now, const RunLimit& limit,
                    StepResult& result, ActorHost& host, std::vector<TraceEvent>& events);
  // On any thread: a vector of the calling thread's own (the thread runner's pool).
  bool execute_step(Actor& actor, ActorId id, std::uint64_t now, const RunLimit& limit,
                    StepResult& result) {
    thread_local std::vector<TraceEvent> events;
    return execute_step(actor, id, now, limit, result, *this, events);
  }
  ActorId spawn_locked(std::unique_ptr<Actor> actor, std::uint64_t start_ns);
  void unpark_locked(ActorId id, std::uint64_t at_ns);
  // The host of a step run with mu_ already held by its thread (the inline runner's).
  class LockedHost final : public ActorHost {
   public:
    explicit LockedHost(Runner& runner) : runner_(runner) {}
    ActorId spawn(std::unique_ptr<Actor> actor, std::uint64_t start_ns) override {
      return runner_.spawn_locked(std::move(actor), start_ns);
    }
    void unpark(ActorId id, std::uint64_t at_ns) override { runner_.unpark_locked(id, at_ns); }

   private:
    Runner& runner_;
  };
  // mu_ for the public readers and the schedule's setters, which other threads call (the app's
  // UI thread while its engine thread runs). Counted in waiting_readers_, because the inline
  // runner holds mu_ across its steps and releases it only when someone waits for it
  // (hand_over_locked); a plain unlock and relock would let it take mu_ straight back.
  std::unique_lock<std::mutex> lock_for_reader() const;
  // Called with mu_ held by `lock` when waiting_readers_ is not 0: lets every waiting reader take
  // mu_ once, then takes it back.
  void hand_over_locked(std::unique_lock<std::mutex>& lock);
  // Emits the closing events once (mu_ must NOT be held: on_finish reads runtime state).
  void finish_run();
  virtual void on_spawned_locked(ActorId) {}
  // At a speed, waits (mu_ held by `lock`) until wall time reaches the moment virtual time `t`
  // is due. Returns false if a pause was requested meanwhile. Every runner paces the same way.
  bool pace_locked(std::unique_lock<std::mutex>& lock, std::uint64_t t, const RunLimit& limit);
  void restart_pacing() { anchor_speed_ = -1; }

  Trace& trace_;
  Liveness& liveness_;
  mutable std::mutex mu_;
  mutable std::atomic<std::uint32_t> waiting_readers_{0};  // see lock_for_reader()
  std::deque<Slot> slots_;      // deque: references stay valid as actors are spawned mid-step
  std::vector<Slot*> slot_at_;  // slots_[id], without the deque's index arithmetic per step
  ReadyQueue ready_;            // (due, id): earliest first
  std::uint32_t live_ = 0;      // non-background actors ready or running
  std::uint64_t now_ = 0;
  std::uint64_t steps_ = 0;
  bool finished_ = false;
  bool finish_emitted_ = false;
  Prng prng_;
  std::vector<std::string> schedule_;
  std::size_t schedule_pos_ = 0;
  std::string schedule_error_;
  // Pacing anchor: wall clock and virtual time when the current paced stretch began.
  std::condition_variable pace_cv_;
  std::chrono::steady_clock::time_point wall_anchor_{};
  std::uint64_t virtual_anchor_ = 0;
  double anchor_speed_ = -1;
};

inline Runner::Choice Runner::take_next_locked() {
  if (ready_.empty()) return {};
  if (schedule_pos_ < schedule_.size()) [[unlikely]] {
    const Choice chosen = choose_scripted_locked();
    if (chosen) mark_running_locked(*chosen);
    return chosen;
  }
  const ReadyQueue::Entry taken = ready_.take_nth(pick_tie_locked());
  // As mark_running_locked, with the due time already at hand.
  now_ = std::max(now_, taken.first);
  slot_at_[taken.second]->state = ActorState::running;
  return taken.second;
}

inline void Runner::apply_result_locked(ActorId id, const StepResult& r, std::uint64_t now) {
  Slot& slot = *slot_at_[id];
  ++steps_;
  switch (r.next) {
    case AfterStep::ready:
      slot.state = ActorState::ready;
      slot.due = now + r.delay_ns;
      ready_.emplace(slot.due, id);
      return;
    case AfterStep::park:
      if (slot.permit) {
        slot.permit = false;
        slot.state = ActorState::ready;
        slot.due = std::max(slot.permit_due, now + r.delay_ns);
        ready_.emplace(slot.due, id);
        return;
      }
      slot.state = ActorState::parked;
      break;
    case AfterStep::done:
      slot.state = ActorState::done;
      break;
    case AfterStep::stuck:
      slot.state = ActorState::stuck;
      break;
  }
  if (!slot.actor->background()) --live_;
}

inline bool Runner::execute_step(Actor& actor, ActorId id, std::uint64_t now, const RunLimit& limit,
                                 StepResult& result, ActorHost& host,
                                 std::vector<TraceEvent>& events) {
  events.clear();
  StepContext ctx(now, id, host, events);
  result = actor.step(ctx);
  trace_.append_step(events);
  if (!limit.stop_on) return false;
  return std::any_of(events.begin(), events.end(), limit.stop_on);
}

std::unique_ptr<Runner> make_runner(RunnerKind kind, Trace& trace, Liveness& liveness,
                                    std::uint64_t seed);

}  // namespace cq
