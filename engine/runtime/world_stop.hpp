// WorldStop: the model's stop-the-world under gc_phases = "go" (runtime/proc.go:
// stopTheWorldWithSema, startTheWorldWithSema; runtime/mgc.go: gcStart's stwGCSweepTerm,
// gcMarkDone's stwGCMarkTerm). Go stops every P and waits until each has stopped; a goroutine in
// a non-preemptible section (sweepone and addspecial hold the M with gp.m.locks / acquirem,
// runtime/mgcsweep.go, runtime/mheap.go) is not stopped until it leaves it. Here: mutators and
// sweepers enter() before each step or non-preemptible section and leave() after it; the GC
// requests the stop and parks until nobody is inside (the last one out wakes it: Go's
// stopTheWorldWithSema sleeps on sched.stopnote, which the last P to stop wakes), then starts
// the world again by clearing the request and unparking them. The findrunnable scheduler's rounds
// enter and leave too (findRunnable's gcwaiting check, scheduler_round.cpp); the cleanup
// goroutines and poll's rounds keep running through a stop (docs/model-vs-go.md, P5).
#pragma once

#include <atomic>
#include <cstdint>

namespace cq {

class WorldStop {
 public:
  // False when the world is stopping or stopped: the caller takes no step and parks; the GC
  // unparks it as it starts the world. seq_cst on both sides (a Dekker handshake with
  // request_stop/stopped): either the GC sees this goroutine inside and waits for it, or this
  // goroutine sees the request. On false, `wake_gc` says the caller was the last one out of a
  // stop the GC waits for (its brief entry may be what the GC saw) and must unpark the GC.
  bool enter(bool& wake_gc) {
    in_flight_.fetch_add(1, std::memory_order_seq_cst);
    if (!stopping_.load(std::memory_order_seq_cst)) {
      wake_gc = false;
      return true;
    }
    wake_gc = leave();
    return false;
  }
  // Release: what the step wrote happens-before the GC's work under the stop. True when the
  // caller was the last one out while a stop is requested: it must unpark the GC. (seq_cst: if
  // the GC saw it inside, this load sees the GC's request.)
  [[nodiscard]] bool leave() {
    const std::uint32_t before = in_flight_.fetch_sub(1, std::memory_order_seq_cst);
    return before == 1 && stopping_.load(std::memory_order_seq_cst);
  }

  void request_stop() { stopping_.store(true, std::memory_order_seq_cst); }
  // After request_stop: true once nobody is inside (every later enter() sees the request).
  bool stopped() const { return in_flight_.load(std::memory_order_seq_cst) == 0; }
  // Release: the GC's writes under the stop happen-before every later enter()'s step.
  void start() { stopping_.store(false, std::memory_order_seq_cst); }

  bool stopping() const { return stopping_.load(std::memory_order_seq_cst); }

 private:
  std::atomic<std::uint32_t> in_flight_{0};
  std::atomic<bool> stopping_{false};
};

}  // namespace cq
