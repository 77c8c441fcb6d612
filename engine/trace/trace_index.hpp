// TraceIndex: seeking in a trace. It follows a Trace as the engine appends to it, folds every
// event into a TraceModel once, and keeps a copy of the model every `snapshot_interval` events.
// The state after any event i is then the nearest snapshot at or before i, copied, plus at most
// snapshot_interval - 1 events folded forward: scrubbing and step-back cost the same anywhere in
// a long run (docs/architecture.md, "The event trace").
//
// Threads: the engine appends to the Trace from its own threads while one reader thread (the
// UI's, a test's) owns the index and calls catch_up() and model_at(); the index reads only below
// Trace::size(), which is acquire-published, and reads through Trace::read(), which holds off the
// release of retained chunks. The index itself is not shared between threads.
//
// Retention: when the Trace releases old chunks, the snapshots before the stored window are
// dropped too (nothing can be folded forward from them), so memory stays bounded; the snapshot at
// the window's start is kept, so the model there is still known. With the default interval (one
// chunk) a snapshot sits exactly at every chunk boundary. If the reader falls so far behind that
// events are released before it folded them, catch_up() throws: the model would be wrong. No
// front end can reach that today: the app and the lessons keep whole traces (they cap storage,
// Scenario::trace_stored_bytes, but never release chunks).
//
// Snapshot budget (a trace that keeps every event): a snapshot copies the whole model, and a long
// run whose GC cycle holds many blocks makes each one large (a 2 x 10^7-cleanup cycle: megabytes
// per copy, gigabytes per run at one copy every 65,536 events). With a budget, once the snapshots
// hold more bytes than it allows, every other one is dropped and the interval doubles: memory
// stays within the budget whatever the run's length, and a seek folds at most one (longer)
// interval. The first snapshot and one more are always kept, so a budget smaller than two
// copies of the model is exceeded (then a seek may fold half the run); the app's budgets are
// dozens of times its largest model's copy. The app sets it (viz/model/session.hpp,
// kAppSnapshotMib); lessons, the CLI and the tests do not.
#pragma once

#include <cstddef>
#include <deque>

#include "trace/trace.hpp"
#include "trace/trace_model.hpp"

namespace cq {

class TraceIndex {
 public:
  static constexpr std::size_t kDefaultSnapshotInterval = Trace::kChunkEvents;

  // `initial` is the model before the first event (e.g. TraceModel(gomaxprocs)).
  // snapshot_interval must divide Trace::kChunkEvents when the trace has a retention limit, so
  // that every window start has a snapshot (a power of two up to 65536 does).
  // snapshot_budget_bytes: kNoBudget, or the bytes the snapshots may hold (see above); only for
  // a trace without a retention limit, whose window starts need the fixed interval.
  static constexpr std::size_t kNoBudget = 0;
  explicit TraceIndex(const Trace& trace, TraceModel initial = TraceModel{},
                      std::size_t snapshot_interval = kDefaultSnapshotInterval,
                      std::size_t snapshot_budget_bytes = kNoBudget);

  // Folds the events appended since the last call, up to the first `limit` events of the trace
  // (a picture that shows a recorded run as if it were still being made); returns how many.
  // Throws std::logic_error (a caller's bug) when the trace released events this index had not
  // folded yet.
  std::size_t catch_up(std::size_t limit = ~std::size_t{0});

  std::size_t indexed() const { return head_.events; }  // events folded so far
  const TraceModel& head() const { return head_; }      // the state after all of them

  // The state after the first `count` events (count = 0: before any event).
  // Requires earliest_seekable() <= count <= indexed(); throws std::out_of_range otherwise.
  TraceModel model_after_count(std::size_t count) const;
  // The state after event i: model_after_count(i + 1).
  TraceModel model_at(std::size_t i) const { return model_after_count(i + 1); }

  std::size_t earliest_seekable() const;  // smallest count model_after_count accepts
  // Doubles each time the snapshot budget thins the snapshots.
  std::size_t snapshot_interval() const { return interval_; }
  std::size_t snapshot_count() const { return snapshots_.size(); }
  std::size_t memory_bytes() const;  // snapshots and the head, estimated from their vectors

 private:
  void drop_snapshots_before_window();
  void add_snapshot();
  void thin_snapshots();  // drops every other snapshot and doubles the interval

  const Trace& trace_;
  std::size_t interval_;
  const std::size_t budget_bytes_;
  TraceModel head_;
  // snapshots_[k] is the state after the first (first_snapshot_ + k) * interval_ events.
  std::deque<TraceModel> snapshots_;
  std::size_t first_snapshot_ = 0;
  std::size_t snapshot_bytes_ = 0;  // model_memory_bytes of every snapshot held
};

// Bytes a model copy holds (its vectors' payloads plus the object).
std::size_t model_memory_bytes(const TraceModel& model);

}  // namespace cq
