// ReadyQueue: the runner's set of ready actors, ordered by (due time, actor id), earliest first.
//
// It replaces a std::set with the same ordering and the same interface subset (begin/end,
// emplace, erase, empty), so every runner makes exactly the choices it made before, with the
// same iteration order the PRNG's tie-break depends on (the event streams of fixed scenarios
// were compared before and after). A sorted vector suits the sizes here (tens of actors, a few
// hundred at most): the inline runner takes one actor off the front and puts it back once per
// step, and moving a few entries costs less than a tree node's allocation, rebalancing and
// pointer chasing, which were a quarter of the inline runner's time.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/actor.hpp"

namespace cq {

class ReadyQueue {
 public:
  // (due, id), named like std::pair's members so callers read it the same way; a plain struct
  // (unlike std::pair) is trivially copyable, so moving entries is plain copying.
  struct Entry {
    std::uint64_t first;  // due
    ActorId second;       // id
    auto operator<=>(const Entry&) const = default;
  };
  // Iteration is earliest first, as std::set's was.
  using const_iterator = std::vector<Entry>::const_reverse_iterator;

  bool empty() const { return latest_first_.empty(); }
  std::size_t size() const { return latest_first_.size(); }
  const_iterator begin() const { return latest_first_.rbegin(); }
  const_iterator end() const { return latest_first_.rend(); }

  // Inserts (due, id) in order; a duplicate is ignored, as std::set would. One pass from the
  // earliest end, as in an insertion sort: each entry due before the new one moves up a slot as
  // it is passed (about four in the default scenario), instead of a scan and then
  // vector::insert's memmove call, which cost more than the scan.
  void emplace(std::uint64_t due, ActorId id) {
    const Entry entry{due, id};
    const std::size_t n = latest_first_.size();
    latest_first_.push_back(entry);
    Entry* v = latest_first_.data();
    std::size_t at = n;
    while (at > 0 && earlier(v[at - 1], entry)) {
      v[at] = v[at - 1];
      --at;
    }
    if (at > 0 && v[at - 1] == entry) [[unlikely]] {  // already there: undo the moves
      for (std::size_t i = at; i < n; ++i) v[i] = v[i + 1];
      latest_first_.pop_back();
      return;
    }
    v[at] = entry;
  }

  // How many entries share the earliest due time (0 when empty): the candidates of a choice.
  std::size_t earliest_ties() const {
    const std::size_t n = latest_first_.size();
    if (n == 0) return 0;
    const Entry* v = latest_first_.data();
    const std::uint64_t earliest = v[n - 1].first;
    std::size_t ties = 1;
    while (ties < n && v[n - 1 - ties].first == earliest) ++ties;
    return ties;
  }
  // The k-th entry in iteration order (earliest first); k < size().
  const Entry& nth(std::size_t k) const { return latest_first_[latest_first_.size() - 1 - k]; }
  // Removes the k-th entry in iteration order and returns it: erase(nth(k)) without searching
  // for it (the entries due before it, k of them, move down a slot).
  Entry take_nth(std::size_t k) {
    Entry* v = latest_first_.data();
    const std::size_t n = latest_first_.size();
    const Entry taken = v[n - 1 - k];
    for (std::size_t i = n - 1 - k; i + 1 < n; ++i) v[i] = v[i + 1];
    latest_first_.pop_back();
    return taken;
  }

  void erase(const Entry& entry) {
    Entry* v = latest_first_.data();
    const std::size_t n = latest_first_.size();
    for (std::size_t i = n; i-- > 0 && !earlier(entry, v[i]);) {
      if (v[i] == entry) {
        // The few entries due before it (under one on average) move down a slot.
        for (; i + 1 < n; ++i) v[i] = v[i + 1];
        latest_first_.pop_back();
        return;
      }
    }
  }

 private:
  // The defaulted operator<, spelled out. (A branchless 128-bit key comparison was tried: 50% more
  // instructions in emplace and erase.)
  static bool earlier(const Entry& a, const Entry& b) {
    return a.first < b.first || (a.first == b.first && a.second < b.second);
  }

  // Stored latest first, so the earliest entries, which the runners take and which are taken
  // most, sit at the end of the vector: removing one moves only the few behind it, and a step's
  // actor, which goes back due later than most, moves only the entries due before it.
  std::vector<Entry> latest_first_;
};

}  // namespace cq
