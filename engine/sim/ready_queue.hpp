// ReadyQueue: the runner's set of ready actors, ordered by (due time, actor id), earliest first.
//
// It replaces a std::set with the same ordering and the same interface subset (begin/end,
// emplace, erase, empty), so every runner makes exactly the choices it made before, with the
// same iteration order the PRNG's tie-break depends on. A sorted vector suits the sizes here
// (tens of actors, at most a few hundred): the inline runner takes one actor off the front and
// puts it back once per step, and a memmove of a few hundred bytes costs less than a tree node's
// allocation, rebalancing and pointer chasing (which were a quarter of the inline runner's time).
#pragma once

#include <cstdint>
#include <compare>
#include <cstddef>
#include <vector>

#include "sim/actor.hpp"

namespace cq {

class ReadyQueue {
 public:
  // (due, id), named like std::pair's members so callers read it the same way; a plain struct
  // (unlike std::pair) is trivially copyable, so inserting and erasing are single memmoves.
  struct Entry {
    std::uint64_t first;  // due
    ActorId second;       // id
    auto operator<=>(const Entry&) const = default;
  };
  using const_iterator = std::vector<Entry>::const_iterator;

  bool empty() const { return entries_.empty(); }
  std::size_t size() const { return entries_.size(); }
  const_iterator begin() const { return entries_.begin(); }
  const_iterator end() const { return entries_.end(); }

  // Inserts (due, id) in order; a duplicate is ignored, as std::set would. Searched from the back:
  // a step's actor goes back due later than most others, and a short, well-predicted scan beats
  // a binary search whose every branch is a coin toss.
  void emplace(std::uint64_t due, ActorId id) {
    const Entry entry{due, id};
    std::size_t at = entries_.size();
    while (at > 0 && entry < entries_[at - 1]) --at;
    if (at > 0 && entries_[at - 1] == entry) return;
    entries_.insert(entries_.begin() + static_cast<std::ptrdiff_t>(at), entry);
  }

  // Searched from the front: the runners take actors from among the earliest.
  void erase(const Entry& entry) {
    for (std::size_t i = 0; i < entries_.size() && !(entry < entries_[i]); ++i) {
      if (entries_[i] == entry) {
        entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(i));
        return;
      }
    }
  }

 private:
  std::vector<Entry> entries_;
};

}  // namespace cq
