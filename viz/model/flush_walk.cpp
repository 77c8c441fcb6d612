#include "model/flush_walk.hpp"

#include <algorithm>
#include <limits>

namespace cq::viz {

FlushWalk::Walked& FlushWalk::walked(std::uint32_t block, const TraceModel& before,
                                     double start_s) {
  auto [it, fresh] = blocks_.try_emplace(block);
  Walked& w = it->second;
  if (fresh) {
    // First seen in this walk: it leaves its place at this stop, showing the count it had.
    const ModelBlock* b = before.block(block);
    w.start_s = start_s;
    w.n = b != nullptr ? b->n : 0;
    w.fills.emplace_back(std::numeric_limits<double>::lowest(), w.n);
  }
  w.moved_now = true;
  return w;
}

void FlushWalk::set_fill(Walked& w, double t, std::uint32_t n) {
  w.n = n;
  w.fills.emplace_back(t, n);
}

void FlushWalk::observe(std::span<const TraceEvent> events, std::size_t first_index,
                        const TraceModel& before, double now_s, const FlushWalkTiming& timing) {
  // Not where the last move stopped (a seek, a long jump): the old walk no longer matches the
  // picture it would be drawn over.
  if (first_index != next_index_) reset();
  next_index_ = first_index + events.size();
  for (auto& entry : blocks_) entry.second.moved_now = false;
  auto start_walk = [&] {
    const std::size_t next = next_index_;
    reset();
    next_index_ = next;
    in_flush_ = true;
    step_s_ = timing.step_for(before.ps.size());
    leg_s_ = timing.leg_s;
  };
  for (const TraceEvent& e : events) {
    if (e.kind == EventKind::flush_begin) {
      start_walk();
      continue;
    }
    if (e.kind == EventKind::flush_end) {
      in_flush_ = false;
      continue;
    }
    if (!is_flush_step(e.kind)) continue;
    if (!in_flush_) start_walk();  // the picture was already inside this flush: walk from here
    // A new P is a new stop, step_s after the last one (and never in the past: stepping through
    // the flush event by event shows each stop as it is reached). The final push names the last
    // P: it belongs to that stop.
    const std::uint16_t p = e.p != kNoP ? e.p : (stops_.empty() ? 0 : stops_.back().p);
    if (stops_.empty() || stops_.back().p != p) {
      stops_.push_back({p, stops_.empty() ? now_s : std::max(now_s, stops_.back().t + step_s_)});
    }
    // A stop reached in an earlier move (stepping through its events one by one) goes on now.
    const double t = std::max(stops_.back().t, now_s);
    const double landed = t + leg_s_;  // the block taken at this stop is in the flusher's hands
    const double leaves = std::max(stops_.back().t + leg_s_, now_s);  // after its stop's merge
    switch (e.kind) {
      case EventKind::flush_adopt: {
        Walked& w = walked(e.block, before, t);
        w.slot = kAccumulatorSlot;
        set_fill(w, t, e.b);
        break;
      }
      case EventKind::flush_merge: {
        Walked& from = walked(e.block, before, t);
        set_fill(from, landed, from.n > e.b ? from.n - e.b : 0);
        source_ = e.block;
        if (e.a != kNoBlock) {
          Walked& into = walked(static_cast<std::uint32_t>(e.a), before, t);
          set_fill(into, landed, into.n + e.b);
        }
        break;
      }
      case EventKind::flush_push: {
        Walked& w = walked(e.block, before, t);
        w.depart_s = leaves;
        set_fill(w, leaves, e.b);
        // A full accumulator went: what is left of the merge source accumulates next.
        if (e.a == 0 && source_ != kNoBlock && source_ != e.block)
          blocks_[source_].slot = kAccumulatorSlot;
        source_ = kNoBlock;
        break;
      }
      case EventKind::flush_free_emptied: {
        Walked& w = walked(e.block, before, t);
        w.depart_s = leaves;
        set_fill(w, leaves, 0);
        if (source_ == e.block) source_ = kNoBlock;
        break;
      }
      default:
        break;
    }
  }
  end_s_ = 0;
  for (const auto& [id, w] : blocks_) {
    end_s_ = std::max(
        end_s_, (w.depart_s ? std::max(*w.depart_s, w.start_s + leg_s_) : w.start_s) + leg_s_);
  }
}

std::optional<FlushWalk::BlockMove> FlushWalk::move_of(std::uint32_t block) const {
  auto it = blocks_.find(block);
  if (it == blocks_.end() || !it->second.moved_now) return std::nullopt;
  return BlockMove{it->second.start_s, it->second.slot, it->second.depart_s};
}

std::optional<std::uint32_t> FlushWalk::fill_at(std::uint32_t block, double now_s) const {
  auto it = blocks_.find(block);
  if (it == blocks_.end() || now_s > end_s_) return std::nullopt;
  std::uint32_t n = 0;
  for (const auto& [t, fill] : it->second.fills) {
    if (t > now_s) break;
    n = fill;
  }
  return n;
}

std::optional<float> FlushWalk::lane_at(double now_s) const {
  if (blocks_.empty() || stops_.empty() || now_s < stops_.front().t ||
      now_s > stops_.back().t + leg_s_) {
    return std::nullopt;
  }
  // Walking at an even pace: between two stops it is between their lanes.
  std::size_t k = 0;
  while (k + 1 < stops_.size() && stops_[k + 1].t <= now_s) ++k;
  const float here = stops_[k].p;
  if (k + 1 == stops_.size()) return here;
  const double span = stops_[k + 1].t - stops_[k].t;
  const auto along = static_cast<float>(span > 0 ? (now_s - stops_[k].t) / span : 1.0);
  return here + (static_cast<float>(stops_[k + 1].p) - here) * along;
}

}  // namespace cq::viz
