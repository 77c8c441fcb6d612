// Fingerprint: a 64-bit digest of a simulation state, built from the values that decide what
// the state can do next. The schedule explorer treats two moments with equal fingerprints as
// one state and explores it once, so a fingerprint must cover everything future steps read,
// and must leave out what they never read (virtual time, statistics), or equal states would
// look different and the search would never end.
//
// Values go in one at a time, in a fixed order; pointers never go in (they differ from one
// replay to the next), stable ids do.
#pragma once

#include <cstdint>

namespace cq {

class Fingerprint {
 public:
  Fingerprint& add(std::uint64_t value) {
    // splitmix64's finaliser over (state + value): every input bit reaches every output bit,
    // so states that differ in one counter do not collide in practice.
    std::uint64_t z = state_ + value + 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    state_ = z ^ (z >> 31);
    return *this;
  }
  std::uint64_t value() const { return state_; }

 private:
  std::uint64_t state_ = 0x6a09e667f3bcc908ull;
};

}  // namespace cq
