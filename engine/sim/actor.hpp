// Actor: every active thing in the simulated runtime (a mutator, the GC, a sweeper, a cleanup
// goroutine, a P's scheduler round). Its step() performs one indivisible action and says when,
// in virtual time, it wants to act next. Steps are small enough that the interesting races
// happen *between* them (docs/architecture.md, "Actors and steps").
//
// Actors never block inside step(): parking is a result (AfterStep::park), and another actor's
// step makes it ready again through ActorHost::unpark. That is what lets one set of actors run
// on one thread (inline), on many threads one step at a time (conducted), or in parallel
// (threaded).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "trace/trace_event.hpp"

namespace cq {

using ActorId = std::uint16_t;

enum class ActorKind : std::uint8_t { mutator, gc, sweeper, worker, fing, scheduler };

constexpr std::string_view to_string(ActorKind kind) {
  switch (kind) {
    case ActorKind::mutator:
      return "mutator";
    case ActorKind::gc:
      return "gc";
    case ActorKind::sweeper:
      return "sweeper";
    case ActorKind::worker:
      return "worker";
    case ActorKind::fing:
      return "fing";
    case ActorKind::scheduler:
      return "scheduler";
  }
  return "unknown";
}

enum class AfterStep : std::uint8_t {
  ready,  // step again after `delay_ns`
  park,   // wait for an unpark (a permit from an unpark that raced ahead is kept)
  done,   // never step again
  stuck,  // inside user code that never returns: never steps again, and says so
};

struct StepResult {
  AfterStep next = AfterStep::ready;
  std::uint64_t delay_ns = 0;
};

class Actor;

// What a step may ask of whoever runs it. Thread-safe in every runner.
class ActorHost {
 public:
  virtual ~ActorHost() = default;
  // Adds an actor that first steps at `start_ns` (a cleanup goroutine started by AddCleanup).
  virtual ActorId spawn(std::unique_ptr<Actor> actor, std::uint64_t start_ns) = 0;
  // Makes a parked actor ready at `at_ns`. If it has not finished parking yet, it keeps the
  // permit and does not park (Go's park releases the lock atomically; this is that guarantee).
  virtual void unpark(ActorId id, std::uint64_t at_ns) = 0;
};

// Everything one step sees: the time, who it is, where its events go.
class StepContext {
 public:
  StepContext(std::uint64_t now_ns, ActorId self, ActorHost& host, std::vector<TraceEvent>& out)
      : now_ns_(now_ns), self_(self), host_(host), out_(out) {}

  std::uint64_t now() const { return now_ns_; }
  ActorId self() const { return self_; }
  ActorHost& host() { return host_; }

  void emit(EventKind kind, std::uint16_t p = kNoP, std::uint32_t block = kNoBlock,
            std::uint64_t a = 0, std::uint32_t b = 0) {
    // One aggregate, in field order: GCC stores it straight into the vector. Built as a local
    // whose fields were then assigned, the event was assembled on the stack from narrow stores
    // and copied out with 16-byte loads, which cannot be forwarded from them: a store-forwarding
    // stall on every event, a quarter of the sweeper's and mutator's steps' time (issue 17).
    out_.push_back({now_ns_, a, block, b, self_, p, kind, {0, 0, 0}});
  }

 private:
  std::uint64_t now_ns_;
  ActorId self_;
  ActorHost& host_;
  std::vector<TraceEvent>& out_;
};

class Actor {
 public:
  Actor(ActorKind kind, std::string name) : kind_(kind), name_(std::move(name)) {}
  virtual ~Actor() = default;
  Actor(const Actor&) = delete;
  Actor& operator=(const Actor&) = delete;

  virtual StepResult step(StepContext& ctx) = 0;

  // A digest of everything this actor's next steps depend on (its stage, position, counters),
  // never virtual time: the schedule explorer prunes a state it has seen before by comparing
  // fingerprints (sim/fingerprint.hpp). Called only between steps. 0 suits a stateless actor.
  virtual std::uint64_t fingerprint() const { return 0; }

  // What this actor's next step will do, in a few words ("AddCleanup 3 of 4", "try to take a
  // block off full"), for the scheduler challenge's buttons: a student chooses an action, not
  // a name. Called only between steps, like fingerprint(); "" when there is nothing to say.
  virtual std::string next_step() const { return {}; }

  ActorKind kind() const { return kind_; }
  const std::string& name() const { return name_; }
  // Background actors (the schedulers) keep stepping forever; they alone never keep a run alive.
  bool background() const { return kind_ == ActorKind::scheduler; }

 private:
  ActorKind kind_;
  std::string name_;
};

}  // namespace cq
