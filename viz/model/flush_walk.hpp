// FlushWalk: the last sweeper's flush, spread out in time as a walk along the Ps.
//
// The engine flushes in one step (sweeper.cpp: flush_begin, one event per P and per push or
// free, flush_end), so when the cursor moves over it every block would slide at once. The design
// (docs/algorithm.md) says the last sweeper *walks* the Ps, collecting partial blocks and
// merging them; this is that walk, read from the trace events alone:
//   - the flusher reaches the Ps in the order the events name them (P0 first), one stop every
//     step_s; the stops of a big GOMAXPROCS are closer together, so the walk takes walk_s at most;
//   - at its stop, a P's block leaves the lane for the flusher's hands (the accumulator, or the
//     merge source beside it) and lands there one leg later; that is when the merge happens: the
//     accumulator's count grows, the source's shrinks;
//   - a push (the accumulator filled up, or the last one) and the return of an emptied source
//     to `free` leave the hands right after the merge of their stop has landed.
// So everything of a flush has landed at most walk_s + 2 legs after the cursor crossed it.
//
// The walk follows the cursor forward only: stepping through the flush one event at a time
// continues the walk where it stopped (the next stop is never sooner than step_s after the
// last); moving back, or jumping further than the projection scans, forgets it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <vector>

#include "trace/trace_event.hpp"
#include "trace/trace_model.hpp"

namespace cq::viz {

struct FlushWalkTiming {
  double step_s = 0.15;  // between two stops, when the Ps are few
  double walk_s = 1.0;   // first stop to last stop, at most (many Ps: shorter steps)
  double leg_s = 0.35;   // one slide (Projection::kMotionSeconds)
  // The pace for this many Ps: step_s, or shorter so that the walk fits in walk_s.
  double step_for(std::size_t ps) const {
    return ps > 1 && step_s * static_cast<double>(ps - 1) > walk_s
               ? walk_s / static_cast<double>(ps - 1)
               : step_s;
  }
  // Every motion of a flush has landed this long after its first stop.
  double landing_bound() const { return walk_s + 2 * leg_s; }
};

// The events of a flush that act on one P (all but flush_begin and flush_end).
constexpr bool is_flush_step(EventKind kind) {
  switch (kind) {
    case EventKind::flush_missing:
    case EventKind::flush_adopt:
    case EventKind::flush_merge:
    case EventKind::flush_push:
    case EventKind::flush_free_emptied:
      return true;
    default:
      return false;
  }
}

class FlushWalk {
 public:
  // The flusher's hands: where the accumulator and the merge source are drawn (PlaceKey index).
  static constexpr std::uint32_t kAccumulatorSlot = 0;
  static constexpr std::uint32_t kSourceSlot = 1;

  // One block the walk moved in the last observe(): it leaves its place at start_s, goes to the
  // flusher's hands (slot) and, if it left them again before the cursor, leaves at depart_s.
  struct BlockMove {
    double start_s = 0;
    std::uint32_t slot = kSourceSlot;
    std::optional<double> depart_s;
  };

  void reset() { *this = FlushWalk{}; }

  // The cursor moved forward over `events` (trace indices first_index..) at wall time now_s, from
  // the picture `before`. Flush events among them extend the walk (or start a new one).
  void observe(std::span<const TraceEvent> events, std::size_t first_index,
               const TraceModel& before, double now_s, const FlushWalkTiming& timing);

  // What the last observe() did to `block`, or nullopt: then the block is no business of the walk.
  std::optional<BlockMove> move_of(std::uint32_t block) const;

  // The count to draw on a block the walk moves (it changes as merges land), or nullopt.
  std::optional<std::uint32_t> fill_at(std::uint32_t block, double now_s) const;

  // Where the flusher is along the lanes, as a fractional P index (it walks between lanes), while
  // it is walking; nullopt before, after, and when the walk moved no block.
  std::optional<float> lane_at(double now_s) const;

  // Whether the flusher's hands hold something of this walk at now_s (the tray is labelled).
  bool active(double now_s) const { return !blocks_.empty() && now_s <= end_s_; }

 private:
  struct Stop {
    std::uint16_t p;
    double t;
  };
  struct Walked {
    double start_s = 0;
    std::uint32_t slot = kSourceSlot;
    std::optional<double> depart_s;
    std::uint32_t n = 0;                                  // as the walk has folded it
    std::vector<std::pair<double, std::uint32_t>> fills;  // n from wall time .first on
    bool moved_now = false;                               // touched by the last observe()
  };

  Walked& walked(std::uint32_t block, const TraceModel& before, double start_s);
  void set_fill(Walked& w, double t, std::uint32_t n);

  std::vector<Stop> stops_;
  std::map<std::uint32_t, Walked> blocks_;
  std::uint32_t source_ = kNoBlock;  // the merge source of the current stop
  bool in_flush_ = false;            // flush_begin seen, flush_end not yet
  std::size_t next_index_ = 0;       // the trace index observe() continues from
  double step_s_ = 0;
  double leg_s_ = 0;
  double end_s_ = 0;  // the last motion of the walk has landed
};

}  // namespace cq::viz
