// Projection: the picture's state, folded from the trace at a cursor (docs/architecture.md, "The
// picture is a fold of the trace"). The engine-side TraceIndex does the folding and seeking;
// this adds what only a picture needs:
//   - motions: when the cursor moves, every block whose place changed slides from its old place
//     to its new one, so a flush is seen as blocks moving, not as a jump; the blocks of a flush
//     move one P after the other, as the last sweeper walks the Ps (flush_walk.hpp);
//   - places: stable screen rectangles for every place a block can be, registered by the views
//     as they draw, so a block can fly from a P lane to the full stack across views;
//   - series for the metrics plots and the enqueue-to-run latency histogram.
// Nothing here reads engine internals: only the Trace.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "model/flush_walk.hpp"
#include "trace/trace.hpp"
#include "trace/trace_index.hpp"
#include "trace/trace_model.hpp"

namespace cq::viz {

struct Rect {
  float x = 0, y = 0, w = 0, h = 0;
  float cx() const { return x + w * 0.5f; }
  float cy() const { return y + h * 0.5f; }
};

// Where a block is drawn: its place in the model plus a position within that place.
struct PlaceKey {
  BlockPlace place = BlockPlace::nowhere;
  std::uint32_t index = 0;  // P, stack position from the bottom, worker, or flusher slot
  bool operator<(const PlaceKey& o) const {
    return place != o.place ? place < o.place : index < o.index;
  }
  bool operator==(const PlaceKey& o) const = default;
};

inline constexpr double kMotionSeconds = 0.35;  // one slide

// A block sliding from one place to another, possibly by way of a third (the flusher's hands)
// where it waits until depart_s. Before start_s it is still drawn where it was: a flush's
// blocks wait for the flusher to reach their P.
struct Motion {
  PlaceKey from;
  PlaceKey to;
  double start_s = 0;   // wall time the move begins
  PlaceKey via{};       // nowhere: straight from `from` to `to`
  double depart_s = 0;  // with a `via`: when it leaves there (>= start_s + kMotionSeconds)
  double end_s() const {
    return (via.place == BlockPlace::nowhere ? start_s : depart_s) + kMotionSeconds;
  }
};

// One point of the metrics plots.
struct Sample {
  std::uint64_t event = 0;
  std::uint64_t time_ns = 0;
  float full_blocks = 0;
  float workers = 0;
  float queued = 0;
  float executed = 0;
};

class Projection {
 public:
  static constexpr double kMotionSeconds = viz::kMotionSeconds;
  // The flush walk's pace; every motion of a flush lands within kFlushWalk.landing_bound().
  static constexpr FlushWalkTiming kFlushWalk{
      .step_s = 0.15, .walk_s = 1.0, .leg_s = kMotionSeconds};
  static constexpr std::size_t kLatencyBuckets = 24;  // log2 buckets of nanoseconds

  // Starts over on a new run's trace.
  void attach(const Trace& trace, std::uint32_t gomaxprocs, std::uint64_t total_cleanups);
  bool attached() const { return index_ != nullptr; }

  // Folds what the engine appended since the last call, up to the trace's first `limit` events
  // (a lesson holds the picture before a step's run while the student predicts, then lets the
  // recorded run play). Returns the head (events indexed).
  std::size_t catch_up(std::size_t limit = ~std::size_t{0});
  std::size_t head() const { return index_ ? index_->indexed() : 0; }

  // Shows the state after `count` events; blocks that changed place start sliding.
  void set_cursor(std::size_t count, double now_s);
  std::size_t cursor() const { return cursor_; }
  const TraceModel& model() const { return model_; }
  const Trace* trace() const { return trace_; }

  PlaceKey place_of(std::uint32_t block) const;
  // The motion of a block still in flight at `now_s`, or nullptr.
  const Motion* motion(std::uint32_t block, double now_s) const;
  const std::map<std::uint32_t, Motion>& motions() const { return motions_; }
  // Off: a flush's blocks all slide at once, as every other step's (headless pictures, which
  // settle in a fixed number of frames, use that).
  void set_flush_walk(bool on) { flush_walk_on_ = on; }
  const FlushWalk& flush_walk() const { return walk_; }
  // The count to draw on a block: as the flush walk has merged it so far, else the model's.
  std::uint32_t shown_fill(std::uint32_t block, double now_s) const;
  // The flusher's place along the P lanes (a fractional P index while it walks between two),
  // while a flush is being walked or the cursor stands inside one; nullopt otherwise.
  std::optional<float> flusher_lane(double now_s) const;

  // Views register the rectangle of each place they draw; motions interpolate between them.
  void register_place(const PlaceKey& key, const Rect& rect) { places_[key] = rect; }
  const Rect* place_rect(const PlaceKey& key) const;

  const std::vector<Sample>& samples() const { return samples_; }
  const std::array<std::uint64_t, kLatencyBuckets>& latency_histogram() const { return latency_; }

  // The event index of the previous/next interesting event relative to the cursor, if any.
  const std::vector<std::size_t>& interesting() const { return interesting_; }
  // Virtual time a cleanup was registered / enqueued (0: not yet), for the inspector.
  std::uint64_t registered_at(std::uint64_t id) const {
    return id < registered_at_.size() ? registered_at_[id] : 0;
  }
  std::uint64_t enqueued_at(std::uint64_t id) const {
    return id < enqueued_at_.size() ? enqueued_at_[id] : 0;
  }
  std::size_t previous_interesting(std::size_t before) const;
  std::size_t next_interesting(std::size_t after) const;  // head() when none

 private:
  void observe(const TraceEvent& e, std::size_t index);
  // A few events on from the picture (a replay, a step): folds them onto model_ into `next`,
  // fewer than from the nearest snapshot and no snapshot to copy. False when that is not so.
  bool fold_forward(std::size_t count, TraceModel& next) const;
  void drop_finished_motions(double now_s);
  void record_motions(const TraceModel& before, const TraceModel& after, double now_s);
  void follow_flush_walk(const TraceModel& before, std::size_t count, double now_s);

  const Trace* trace_ = nullptr;
  std::unique_ptr<TraceIndex> index_;
  TraceModel model_;
  std::size_t cursor_ = 0;
  std::map<std::uint32_t, Motion> motions_;
  std::map<PlaceKey, Rect> places_;
  bool flush_walk_on_ = true;
  FlushWalk walk_;

  // Series, folded from every event once.
  std::size_t observed_ = 0;
  std::vector<Sample> samples_;
  std::size_t sample_stride_ = 64;
  Sample running_{};
  std::vector<std::uint64_t> enqueued_at_;    // by cleanup id
  std::vector<std::uint64_t> registered_at_;  // by cleanup id
  std::array<std::uint64_t, kLatencyBuckets> latency_{};
  std::vector<std::size_t> interesting_;  // indices of interesting events, ascending
};

}  // namespace cq::viz
