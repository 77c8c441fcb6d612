// Property tests of flush over random per-P fill levels (docs/algorithm.md §3.4, §6 invariants 4-5,
// §10 "flush merge property tests"). Every property is checked on the same few hundred seeded
// cases, against a model of the result written declaratively below, not by replaying the code.
//
// The model. Let B_0, B_1, ... be the non-empty partial blocks in P order (ids in enqueue order),
// T_i the number of entries in B_0..B_{i-1}, and T the total. Flush lays the entries out as one
// sequence O cut into consecutive chunks of C:
//   * B_i starts where the previous one ended, at offset r_i = T_i mod C of the current chunk,
//     which has room for m_i = min(|B_i|, C - r_i) more entries;
//   * take() copies B_i's *tail* (its last m_i entries) there, and B_i keeps its head (first
//     |B_i| - m_i entries), which then starts the next chunk. So B_i contributes
//     tail ++ head: B_i rotated left by |B_i| - m_i.
// The pushed blocks, in push order, are the chunks of O: floor(T/C) full ones, then, if T > 0,
// a last one of T mod C entries. That last one is empty exactly when T is a non-zero multiple of
// C (the exact-fit corner case of §3.4). Every other non-empty P block ends up emptied and freed.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "queue/cleanup_queue.hpp"
#include "support/queue_test_support.hpp"

namespace cq {
namespace {

using test::full_contents_top_first;
using test::make_config;
using test::structural_invariants_hold;
using Ids = std::vector<CleanupId>;

constexpr int kCases = 400;
constexpr std::uint32_t kSeed = 20250517;

struct FlushCase {
  std::uint32_t capacity;
  std::vector<std::uint32_t> fills;  // entries enqueued per P, 0..capacity
  WakeProtocol protocol;
};

// Fill levels are drawn so the interesting shapes are common: empty Ps (no block), exactly C
// (pushed by enqueue, so also no block at flush), C/2 (pairs make exact fits), else uniform.
std::vector<FlushCase> generate_cases() {
  std::mt19937 rng(kSeed);
  std::uniform_int_distribution<std::uint32_t> capacity_dist(1, 64);
  std::uniform_int_distribution<std::uint32_t> ps_dist(1, 16);
  std::uniform_int_distribution<int> shape(0, 9);
  std::vector<FlushCase> cases;
  for (int i = 0; i < kCases; ++i) {
    FlushCase c{capacity_dist(rng), {}, i % 2 == 0 ? WakeProtocol::oneshot : WakeProtocol::level};
    const std::uint32_t ps = ps_dist(rng);
    for (std::uint32_t p = 0; p < ps; ++p) {
      const int s = shape(rng);
      std::uint32_t fill = 0;
      if (s == 2) {
        fill = c.capacity;
      } else if (s == 3) {
        fill = c.capacity / 2;
      } else if (s >= 4) {
        fill = std::uniform_int_distribution<std::uint32_t>(0, c.capacity)(rng);
      }
      c.fills.push_back(fill);
    }
    cases.push_back(c);
  }
  return cases;
}

CleanupId id_of(std::uint32_t p, std::uint32_t i) {
  return CleanupId{p} * 1000 + i + 1;
}

// What the P blocks hold just before the flush: enqueue pushes a block the moment it fills.
std::vector<Ids> partial_blocks(const FlushCase& c) {
  std::vector<Ids> blocks;
  for (std::uint32_t p = 0; p < c.fills.size(); ++p) {
    if (c.fills[p] == 0 || c.fills[p] == c.capacity) continue;
    Ids ids;
    for (std::uint32_t i = 0; i < c.fills[p]; ++i) ids.push_back(id_of(p, i));
    blocks.push_back(ids);
  }
  return blocks;
}

// The chunks the model above predicts, in push order.
std::vector<Ids> model_pushed_blocks(const FlushCase& c) {
  const std::size_t capacity = c.capacity;
  Ids sequence;
  for (const Ids& b : partial_blocks(c)) {
    const std::size_t room = capacity - sequence.size() % capacity;
    const std::size_t tail = std::min(b.size(), room);
    sequence.insert(sequence.end(), b.end() - static_cast<std::ptrdiff_t>(tail), b.end());
    sequence.insert(sequence.end(), b.begin(), b.end() - static_cast<std::ptrdiff_t>(tail));
  }
  std::vector<Ids> chunks;
  if (sequence.empty()) return chunks;
  for (std::size_t start = 0; start <= sequence.size(); start += capacity) {
    const std::size_t end = std::min(start + capacity, sequence.size());
    chunks.emplace_back(sequence.begin() + static_cast<std::ptrdiff_t>(start),
                        sequence.begin() + static_cast<std::ptrdiff_t>(end));
  }
  return chunks;
}

struct Observed {
  FlushResult result;
  std::vector<Ids> pushed;  // contents of the blocks flush pushed, in push order
  std::vector<Ids> eager;   // contents of the blocks enqueue pushed
  bool p_slots_empty = true;
  bool flushed = false;
  std::uint64_t signalled = 0;
  ::testing::AssertionResult invariants = ::testing::AssertionSuccess();
};

Observed run_case(const FlushCase& c) {
  const auto ps = static_cast<std::uint32_t>(c.fills.size());
  CleanupQueue q(make_config(ps, c.capacity, c.protocol));
  for (std::uint32_t p = 0; p < ps; ++p) {
    for (std::uint32_t i = 0; i < c.fills[p]; ++i) q.enqueue(p, id_of(p, i));
  }
  Observed o;
  o.result = q.flush();
  const std::vector<Ids> top_first = full_contents_top_first(q);
  // `full` is LIFO: flush's pushes sit on top of enqueue's, the last one pushed first.
  o.pushed.assign(
      top_first.rbegin() + static_cast<std::ptrdiff_t>(top_first.size() - o.result.pushed),
      top_first.rend());
  o.eager.assign(top_first.begin() + o.result.pushed, top_first.end());
  for (std::uint32_t p = 0; p < ps; ++p) {
    o.p_slots_empty = o.p_slots_empty && q.p_block(p) == nullptr;
  }
  o.flushed = q.flushed();
  const QueueSnapshot s = q.snapshot();
  o.signalled = c.protocol == WakeProtocol::oneshot ? s.wakes : s.work_units;
  o.invariants = structural_invariants_hold(q);
  return o;
}

std::string describe(const FlushCase& c) {
  std::string s =
      "C=" + std::to_string(c.capacity) + " " + std::string(to_string(c.protocol)) + " fills=";
  for (std::uint32_t f : c.fills) s += std::to_string(f) + ",";
  return s;
}

std::uint32_t partial_total(const FlushCase& c) {
  std::uint32_t total = 0;
  for (const Ids& b : partial_blocks(c)) total += static_cast<std::uint32_t>(b.size());
  return total;
}

class FlushProperty : public ::testing::Test {
 protected:
  static const std::vector<FlushCase>& cases() {
    static const std::vector<FlushCase> all = generate_cases();
    return all;
  }
};

TEST_F(FlushProperty, FlushConservesTheMultisetOfIds) {
  for (const FlushCase& c : cases()) {
    SCOPED_TRACE(describe(c));
    const Observed o = run_case(c);
    Ids seen;
    for (const auto* group : {&o.pushed, &o.eager}) {
      for (const Ids& b : *group) seen.insert(seen.end(), b.begin(), b.end());
    }
    Ids enqueued;
    for (std::uint32_t p = 0; p < c.fills.size(); ++p) {
      for (std::uint32_t i = 0; i < c.fills[p]; ++i) enqueued.push_back(id_of(p, i));
    }
    std::sort(seen.begin(), seen.end());
    ASSERT_EQ(seen, enqueued);  // id_of is increasing in (p, i), so `enqueued` is sorted
  }
}

TEST_F(FlushProperty, FlushPushesTheFewestNonEmptyBlocks) {
  for (const FlushCase& c : cases()) {
    SCOPED_TRACE(describe(c));
    const Observed o = run_case(c);
    const std::uint32_t total = partial_total(c);
    const auto non_empty = std::count_if(o.result.pushed_sizes.begin(), o.result.pushed_sizes.end(),
                                         [](std::uint32_t n) { return n > 0; });
    ASSERT_EQ(static_cast<std::uint32_t>(non_empty), (total + c.capacity - 1) / c.capacity);
  }
}

TEST_F(FlushProperty, FlushPushedBlocksAreFullExceptPossiblyTheLast) {
  for (const FlushCase& c : cases()) {
    SCOPED_TRACE(describe(c));
    const Observed o = run_case(c);
    const auto& sizes = o.result.pushed_sizes;
    for (std::size_t i = 0; i + 1 < sizes.size(); ++i) {
      ASSERT_EQ(sizes[i], c.capacity) << "block " << i;
    }
    if (!sizes.empty()) {
      ASSERT_LT(sizes.back(), c.capacity);
      // Empty only in the exact-fit case.
      ASSERT_EQ(sizes.back() == 0, partial_total(c) % c.capacity == 0);
    }
  }
}

TEST_F(FlushProperty, FlushOrderMatchesTheTailCopyModel) {
  for (const FlushCase& c : cases()) {
    SCOPED_TRACE(describe(c));
    const Observed o = run_case(c);
    ASSERT_EQ(o.pushed, model_pushed_blocks(c));
  }
}

TEST_F(FlushProperty, FlushPostconditionsAndAccountingHold) {
  for (const FlushCase& c : cases()) {
    SCOPED_TRACE(describe(c));
    const Observed o = run_case(c);
    const auto ps = static_cast<std::uint32_t>(c.fills.size());
    const auto partials = static_cast<std::uint32_t>(partial_blocks(c).size());
    const auto pushed_by_model = static_cast<std::uint32_t>(model_pushed_blocks(c).size());
    ASSERT_TRUE(o.p_slots_empty);
    ASSERT_TRUE(o.flushed);
    ASSERT_TRUE(o.result.accounting_holds);
    ASSERT_EQ(o.result.pushed + o.result.emptied + o.result.missing, ps);
    ASSERT_EQ(o.result.missing, ps - partials);
    ASSERT_EQ(o.result.pushed, pushed_by_model);
    ASSERT_EQ(o.result.emptied, partials - pushed_by_model);
    ASSERT_EQ(o.signalled, o.eager.size() + o.result.pushed) << "one unit per pushed block";
    for (const Ids& b : o.eager) {
      ASSERT_EQ(b.size(), c.capacity) << "enqueue pushes only full blocks";
    }
    ASSERT_TRUE(o.invariants);
  }
}

// Guards the generator: properties over cases that never hit the corner cases prove little.
TEST_F(FlushProperty, RandomCasesCoverExactFitsMissingPsEagerPushesAndSplits) {
  int exact_fit = 0, missing = 0, eager = 0, split = 0;
  for (const FlushCase& c : cases()) {
    const std::uint32_t total = partial_total(c);
    exact_fit += total > 0 && total % c.capacity == 0;
    missing += std::count(c.fills.begin(), c.fills.end(), 0u) > 0;
    eager += std::count(c.fills.begin(), c.fills.end(), c.capacity) > 0;
    const auto& chunks = model_pushed_blocks(c);
    split += chunks.size() > 1 && !chunks[1].empty();
  }
  EXPECT_GE(exact_fit, 10);
  EXPECT_GE(missing, 100);
  EXPECT_GE(eager, 100);
  EXPECT_GE(split, 100);
}

}  // namespace
}  // namespace cq
