// Prng: splitmix64, written out so that every platform (x86-64, wasm32) draws the same numbers
// for the same seed. std::uniform_int_distribution is implementation-defined, so it is avoided.
#pragma once

#include <cstdint>

namespace cq {

class Prng {
 public:
  explicit Prng(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }

  // Uniform in [0, n) by Lemire's multiply-shift; exact enough for choosing among actors.
  std::uint32_t below(std::uint32_t n) {
    return static_cast<std::uint32_t>((next() >> 32) * n >> 32);
  }

 private:
  std::uint64_t state_;
};

}  // namespace cq
