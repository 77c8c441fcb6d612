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
  // (unlike std::pair) is trivially copyable, so inserting and erasing are single memmoves.
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

  // Inserts (due, id) in order; a duplicate is ignored, as std::set would.
  void emplace(std::uint64_t due, ActorId id) {
    const Entry entry{due, id};
    std::size_t at = latest_first_.size();  // scanned from the earliest end
    while (at > 0 && latest_first_[at - 1] < entry) --at;
    if (at > 0 && latest_first_[at - 1] == entry) return;
    latest_first_.insert(latest_first_.begin() + static_cast<std::ptrdiff_t>(at), entry);
  }

  void erase(const Entry& entry) {
    for (std::size_t i = latest_first_.size(); i-- > 0 && !(entry < latest_first_[i]);) {
      if (latest_first_[i] == entry) {
        latest_first_.erase(latest_first_.begin() + static_cast<std::ptrdiff_t>(i));
        return;
      }
    }
  }

 private:
  // Stored latest first, so the earliest entries, which the runners take and which are taken
  // most, sit at the end of the vector: removing one moves only the few behind it, and a step's
  // actor, which goes back due later than most, moves only the entries due before it.
  std::vector<Entry> latest_first_;
};

}  // namespace cq
