#include "trace/trace_index.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace cq {

TraceIndex::TraceIndex(const Trace& trace, TraceModel initial, std::size_t snapshot_interval,
                       std::size_t snapshot_budget_bytes)
    : trace_(trace),
      interval_(snapshot_interval == 0 ? kDefaultSnapshotInterval : snapshot_interval),
      budget_bytes_(snapshot_budget_bytes),
      head_(std::move(initial)) {
  head_.events = 0;
  const bool retains = trace_.retained_chunk_limit() != Trace::kUnlimited;
  if (retains && Trace::kChunkEvents % interval_ != 0) {
    throw std::invalid_argument("TraceIndex: snapshot interval " + std::to_string(interval_) +
                                " must divide the trace chunk size " +
                                std::to_string(Trace::kChunkEvents) +
                                " when the trace has a retention limit");
  }
  if (retains && budget_bytes_ != kNoBudget) {
    throw std::invalid_argument(
        "TraceIndex: a snapshot budget needs a trace without a retention limit (thinning would "
        "leave window starts without a snapshot)");
  }
  add_snapshot();
}

void TraceIndex::add_snapshot() {
  snapshots_.push_back(head_);
  snapshot_bytes_ += model_memory_bytes(snapshots_.back());
  // Two snapshots at least (the first and one more), or thinning would never end.
  while (budget_bytes_ != kNoBudget && snapshot_bytes_ > budget_bytes_ && snapshots_.size() > 2) {
    thin_snapshots();
  }
}

void TraceIndex::thin_snapshots() {
  // Without retention first_snapshot_ is 0, so snapshots_[k] is at k * interval_: the even ones
  // are exactly the multiples of the doubled interval.
  std::deque<TraceModel> kept;
  snapshot_bytes_ = 0;
  for (std::size_t k = 0; k < snapshots_.size(); k += 2) {
    snapshot_bytes_ += model_memory_bytes(snapshots_[k]);
    kept.push_back(std::move(snapshots_[k]));
  }
  snapshots_ = std::move(kept);
  interval_ *= 2;
}

std::size_t TraceIndex::catch_up(std::size_t limit) {
  const std::size_t from = head_.events;
  const std::size_t to = std::min(trace_.size(), limit);
  if (to <= from) return 0;
  std::size_t next_snapshot = (from / interval_ + 1) * interval_;
  const bool readable = trace_.read(from, to, [&](std::span<const TraceEvent> events) {
    // Fold in pieces that end exactly on snapshot boundaries.
    while (!events.empty()) {
      const std::size_t take = std::min(events.size(), next_snapshot - head_.events);
      head_.apply(events.first(take));
      events = events.subspan(take);
      if (head_.events == next_snapshot) {
        add_snapshot();  // may double interval_
        next_snapshot = (head_.events / interval_ + 1) * interval_;
      }
    }
  });
  if (!readable) {
    // The caller controls how often it calls and how much the trace retains: a programming
    // error, never bad input (docs/errors.md).
    throw std::logic_error(
        "TraceIndex::catch_up fell behind the trace's retention window: events from " +
        std::to_string(from) + " were released before they were indexed " +
        "(first retained: " + std::to_string(trace_.first_retained()) +
        "); call catch_up() more often or retain more chunks");
  }
  drop_snapshots_before_window();
  return head_.events - from;
}

void TraceIndex::drop_snapshots_before_window() {
  const std::size_t window = trace_.first_retained();
  // Keep the newest snapshot at or before the window's start; older ones can never be used.
  while (snapshots_.size() > 1 && (first_snapshot_ + 1) * interval_ <= window) {
    snapshots_.pop_front();
    ++first_snapshot_;
  }
}

std::size_t TraceIndex::earliest_seekable() const {
  // Folding forward from the oldest kept snapshot needs its events still stored.
  const std::size_t oldest = first_snapshot_ * interval_;
  const std::size_t window = trace_.first_retained();
  if (oldest >= window) return oldest;
  return std::min((window + interval_ - 1) / interval_ * interval_, indexed());
}

TraceModel TraceIndex::model_after_count(std::size_t count) const {
  if (count > indexed() || count < earliest_seekable()) {
    throw std::out_of_range("TraceIndex: cannot seek to " + std::to_string(count) +
                            " events: seekable range is " + std::to_string(earliest_seekable()) +
                            ".." + std::to_string(indexed()));
  }
  if (count == indexed()) return head_;
  const std::size_t k = count / interval_ - first_snapshot_;
  TraceModel model = snapshots_[k];
  if (model.events == count) return model;
  const bool readable = trace_.read(
      model.events, count, [&](std::span<const TraceEvent> events) { model.apply(events); });
  if (!readable || model.events != count) {
    throw std::out_of_range("TraceIndex: events before " + std::to_string(count) +
                            " were released while seeking");
  }
  return model;
}

std::size_t model_memory_bytes(const TraceModel& m) {
  return sizeof(TraceModel) + m.ps.capacity() * sizeof(ModelP) +
         m.blocks.capacity() * sizeof(ModelBlock) +
         (m.full_stack.capacity() + m.free_stack.capacity() + m.worker_of_actor.capacity()) *
             sizeof(std::uint32_t) +
         m.workers.capacity() * sizeof(ModelWorker) + m.deferred.capacity() * sizeof(DeferredEvent);
}

std::size_t TraceIndex::memory_bytes() const {
  return model_memory_bytes(head_) + snapshot_bytes_;
}

}  // namespace cq
