#include "model/projection.hpp"

#include <algorithm>
#include <bit>

#include "model/session.hpp"  // kAppSnapshotMib

namespace cq::viz {
namespace {

constexpr std::size_t kMaxSamples = 4096;

// A forward move longer than this many events (per P, plus some) is a jump, not a step: only its
// last events are read for a flush walk, so scrubbing a long run stays cheap.
constexpr std::size_t kWalkScanPerP = 16;
constexpr std::size_t kWalkScanExtra = 256;

// Position of `id` in a stack stored bottom first.
std::uint32_t stack_position(const std::vector<std::uint32_t>& stack, std::uint32_t id) {
  auto it = std::find(stack.begin(), stack.end(), id);
  return static_cast<std::uint32_t>(it - stack.begin());
}

PlaceKey place_in(const TraceModel& m, std::uint32_t id) {
  const ModelBlock* b = m.block(id);
  if (b == nullptr) return {};
  switch (b->place) {
    case BlockPlace::full:
      return {BlockPlace::full, stack_position(m.full_stack, id)};
    case BlockPlace::free:
      return {BlockPlace::free, stack_position(m.free_stack, id)};
    case BlockPlace::flusher:
      return {BlockPlace::flusher, m.flush.accumulator == id ? 0u : 1u};
    default:
      return {b->place, b->owner};
  }
}

// Every block's place in one pass (place_in for each block would search the stacks each time:
// quadratic with hundreds of blocks on the full list, on every frame of a replay).
std::vector<PlaceKey> all_places(const TraceModel& m) {
  std::vector<PlaceKey> out(m.blocks.size());
  for (std::uint32_t id = 0; id < m.blocks.size(); ++id) {
    const ModelBlock& b = m.blocks[id];
    switch (b.place) {
      case BlockPlace::full:
        out[id] = {b.place, static_cast<std::uint32_t>(m.full_stack.size())};
        break;
      case BlockPlace::free:
        out[id] = {b.place, static_cast<std::uint32_t>(m.free_stack.size())};
        break;
      case BlockPlace::flusher:
        out[id] = {b.place, m.flush.accumulator == id ? 0u : 1u};
        break;
      default:
        out[id] = {b.place, b.owner};
        break;
    }
  }
  // Top down, so that the lowest position wins, as stack_position's search from the bottom.
  for (const auto* stack : {&m.full_stack, &m.free_stack}) {
    const BlockPlace place = stack == &m.full_stack ? BlockPlace::full : BlockPlace::free;
    for (std::size_t i = stack->size(); i-- > 0;) {
      const std::uint32_t id = (*stack)[i];
      if (id < out.size() && out[id].place == place) out[id].index = static_cast<std::uint32_t>(i);
    }
  }
  return out;
}

}  // namespace

void Projection::attach(const Trace& trace, std::uint32_t gomaxprocs,
                        std::uint64_t total_cleanups) {
  trace_ = &trace;
  // The snapshot budget needs a trace that keeps every event; the app's always do.
  const std::size_t budget = trace.retained_chunk_limit() == Trace::kUnlimited
                                 ? kAppSnapshotMib << 20
                                 : TraceIndex::kNoBudget;
  index_ = std::make_unique<TraceIndex>(trace, TraceModel(gomaxprocs),
                                        TraceIndex::kDefaultSnapshotInterval, budget);
  model_ = TraceModel(gomaxprocs);
  cursor_ = 0;
  motions_.clear();
  walk_.reset();
  observed_ = 0;
  samples_.clear();
  sample_stride_ = 64;
  running_ = {};
  enqueued_at_.assign(total_cleanups + 1, 0);
  registered_at_.assign(total_cleanups + 1, 0);
  latency_.fill(0);
  interesting_.clear();
}

std::size_t Projection::catch_up(std::size_t limit) {
  if (!index_) return 0;
  index_->catch_up(limit);
  const std::size_t head = index_->indexed();
  trace_->read(observed_, head, [&](std::span<const TraceEvent> events) {
    for (const TraceEvent& e : events) observe(e, observed_++);
  });
  return head;
}

void Projection::observe(const TraceEvent& e, std::size_t index) {
  Sample& s = running_;
  switch (e.kind) {
    case EventKind::block_full:
    case EventKind::flush_push:
      s.full_blocks += 1;
      break;
    case EventKind::pop_full:
      s.full_blocks = std::max(0.f, s.full_blocks - 1);
      break;
    case EventKind::goroutines_created:
      s.workers = static_cast<float>(e.b);
      break;
    case EventKind::cleanup_registered:
      if (e.a < registered_at_.size()) registered_at_[e.a] = e.time_ns;
      break;
    case EventKind::enqueue:
    case EventKind::fin_enqueue:
      s.queued += 1;
      if (e.a < enqueued_at_.size()) enqueued_at_[e.a] = e.time_ns;
      break;
    case EventKind::cleanup_run: {
      s.queued = std::max(0.f, s.queued - 1);
      s.executed += 1;
      if (e.a < enqueued_at_.size() && enqueued_at_[e.a] != 0) {
        const std::uint64_t waited = e.time_ns - enqueued_at_[e.a];
        const std::size_t bucket =
            std::min<std::size_t>(std::bit_width(waited), kLatencyBuckets - 1);
        ++latency_[bucket];
      }
      break;
    }
    default:
      break;
  }
  if (is_interesting(e)) interesting_.push_back(index);
  if (index % sample_stride_ == 0) {
    s.event = index;
    s.time_ns = e.time_ns;
    samples_.push_back(s);
    if (samples_.size() >= kMaxSamples) {
      // Keep memory bounded on long runs: halve the resolution.
      std::vector<Sample> half;
      half.reserve(kMaxSamples / 2);
      for (std::size_t i = 0; i < samples_.size(); i += 2) half.push_back(samples_[i]);
      samples_ = std::move(half);
      sample_stride_ *= 2;
    }
  }
}

void Projection::set_cursor(std::size_t count, double now_s) {
  if (!index_) return;
  // Pruned on every call, not only when the cursor moves: a paused picture must end up with no
  // motions, or the frame loop never idles.
  drop_finished_motions(now_s);
  count = std::clamp(count, index_->earliest_seekable(), index_->indexed());
  if (count == cursor_ && model_.events == count) return;
  TraceModel next;
  if (count == index_->indexed()) {
    next = index_->head();
  } else if (!fold_forward(count, next)) {
    next = index_->model_after_count(count);
  }
  record_motions(model_, next, now_s);
  model_ = std::move(next);
  cursor_ = count;
}

bool Projection::fold_forward(std::size_t count, TraceModel& next) const {
  if (count <= cursor_ || model_.events != cursor_ ||
      count - cursor_ > count % index_->snapshot_interval()) {
    return false;
  }
  next = model_;
  return trace_->read(cursor_, count,
                      [&](std::span<const TraceEvent> events) { next.apply(events); });
}

void Projection::drop_finished_motions(double now_s) {
  for (auto it = motions_.begin(); it != motions_.end();) {
    it = now_s > it->second.end_s() ? motions_.erase(it) : std::next(it);
  }
}

void Projection::follow_flush_walk(const TraceModel& before, std::size_t count, double now_s) {
  const std::size_t scan = kWalkScanPerP * before.ps.size() + kWalkScanExtra;
  const std::size_t first = count - std::min(count - before.events, scan);
  std::vector<TraceEvent> events;
  events.reserve(count - first);
  if (!trace_->read(first, count, [&](std::span<const TraceEvent> chunk) {
        events.insert(events.end(), chunk.begin(), chunk.end());
      })) {
    walk_.reset();
    return;
  }
  walk_.observe(events, first, before, now_s, kFlushWalk);
}

void Projection::record_motions(const TraceModel& before, const TraceModel& after, double now_s) {
  if (!flush_walk_on_ || after.events < before.events) {
    walk_.reset();  // a step back undoes the flush at once, as any other step
  } else if (after.events > before.events) {
    follow_flush_walk(before, after.events, now_s);
  }
  // One motion for every block whose place changed; the flush walk says when a flush's blocks go.
  const std::vector<PlaceKey> from_places = all_places(before);
  const std::vector<PlaceKey> to_places = all_places(after);
  for (std::uint32_t id = 0; id < after.blocks.size(); ++id) {
    const PlaceKey from = id < from_places.size() ? from_places[id] : PlaceKey{};
    const PlaceKey& to = to_places[id];
    if (from == to || from.place == BlockPlace::nowhere) continue;
    Motion m{from, to, now_s};
    if (const auto walked = walk_.move_of(id)) {
      m.start_s = walked->start_s;
      const PlaceKey hands{BlockPlace::flusher, walked->slot};
      if (walked->depart_s && to != hands) {
        m.via = hands;
        m.depart_s = std::max(*walked->depart_s, m.start_s + kMotionSeconds);
      }
    }
    motions_[id] = m;
  }
}

std::uint32_t Projection::shown_fill(std::uint32_t block, double now_s) const {
  if (const auto n = walk_.fill_at(block, now_s)) return *n;
  const ModelBlock* b = model_.block(block);
  return b != nullptr ? b->n : 0;
}

std::optional<float> Projection::flusher_lane(double now_s) const {
  if (const auto lane = walk_.lane_at(now_s)) return lane;
  if (!model_.flush.active || trace_ == nullptr) return std::nullopt;
  // Standing inside a flush: the flusher is at the P the last flush event named.
  const std::size_t oldest = cursor_ - std::min(cursor_, 4 * model_.ps.size() + 8);
  for (std::size_t i = cursor_; i-- > oldest;) {
    const TraceEvent& e = trace_->at(i);
    if (e.kind == EventKind::flush_begin) break;
    if (e.p != kNoP && is_flush_step(e.kind)) {
      return static_cast<float>(e.p);
    }
  }
  return std::nullopt;
}

PlaceKey Projection::place_of(std::uint32_t block) const {
  return place_in(model_, block);
}

const Motion* Projection::motion(std::uint32_t block, double now_s) const {
  auto it = motions_.find(block);
  if (it == motions_.end() || now_s > it->second.end_s()) return nullptr;
  return &it->second;
}

const Rect* Projection::place_rect(const PlaceKey& key) const {
  auto it = places_.find(key);
  return it == places_.end() ? nullptr : &it->second;
}

std::size_t Projection::previous_interesting(std::size_t before) const {
  // interesting_ holds event indices; the cursor is a count, so event i is shown at count i+1.
  auto it = std::lower_bound(interesting_.begin(), interesting_.end(), before > 0 ? before - 1 : 0);
  if (it == interesting_.begin()) return 0;
  return *std::prev(it) + 1;
}

std::size_t Projection::next_interesting(std::size_t after) const {
  auto it = std::lower_bound(interesting_.begin(), interesting_.end(), after);
  return it == interesting_.end() ? head() : *it + 1;
}

}  // namespace cq::viz
