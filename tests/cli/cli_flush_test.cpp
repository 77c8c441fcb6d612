// `cleanupq flush`: the last sweeper's merge (docs/algorithm.md §3.4, teaching moment 5) on P
// blocks of given fill levels. The expected values are worked out here from the doc's pseudocode,
// not by calling the engine:
//
//   acc = nil; for each P: b = P.cleanups; nil -> missing; acc nil -> acc = b;
//   else acc.take(b) (all of b if it fits, else b's tail until acc is full);
//        acc full -> push acc, acc = b (possibly empty: the exact-fit case);
//        else b empty -> free (emptied).
//   finally push acc if any.
//
// A P whose fill equals the capacity has no block at flush time: its enqueue pushed it at once
// (§3.2), so the flush counts that P as missing.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli_test_support.hpp"

namespace cq {
namespace {

using cli_test::CliResult;
using cli_test::run_cli;
using nlohmann::json;

struct ExpectedFlush {
  std::vector<std::uint32_t> pushed;
  std::uint32_t emptied = 0;
  std::uint32_t missing = 0;
};

// The pseudocode of §3.4 on counts only.
ExpectedFlush model_flush(const std::vector<std::uint32_t>& fills, std::uint32_t capacity) {
  ExpectedFlush e;
  bool have_acc = false;
  std::uint32_t acc = 0;
  for (std::uint32_t fill : fills) {
    if (fill == 0 || fill == capacity) {
      ++e.missing;
      continue;
    }
    if (!have_acc) {
      have_acc = true;
      acc = fill;
      continue;
    }
    const std::uint32_t moved = std::min(capacity - acc, fill);
    acc += moved;
    std::uint32_t rest = fill - moved;
    bool b_alive = true;
    if (acc == capacity) {
      e.pushed.push_back(acc);
      acc = rest;  // the remainder of b is the new accumulator
      b_alive = false;
    }
    if (b_alive && rest == 0) ++e.emptied;
  }
  if (have_acc) e.pushed.push_back(acc);
  return e;
}

std::string join(const std::vector<std::uint32_t>& fills) {
  std::ostringstream s;
  for (std::size_t i = 0; i < fills.size(); ++i) s << (i ? "," : "") << fills[i];
  return s.str();
}

json run_flush(std::uint32_t capacity, const std::vector<std::uint32_t>& fills) {
  const CliResult r =
      run_cli("flush --json --capacity " + std::to_string(capacity) + " --fills " + join(fills));
  EXPECT_EQ(r.exit_code, 0) << join(fills) << " stderr: " << r.err;
  EXPECT_EQ(r.out.find('\n'), r.out.size() - 1) << "exactly one line: " << r.out;
  return json::parse(r.out, nullptr, /*allow_exceptions=*/false);
}

TEST(CliFlush, DesignDocExampleMergesFourPartialBlocksIntoSixtyAndThirtyFive) {
  // 10 + 50 -> 60 (pushed; P1's now-empty block becomes the accumulator), + 30 -> 30 with P2's
  // block emptied, + 5 -> 35 with P3's block emptied, then 35 is pushed.
  const json j = run_flush(60, {10, 50, 30, 5});
  ASSERT_TRUE(j.is_object());
  EXPECT_EQ(j.at("pushed"), json::array({60, 35}));
  EXPECT_EQ(j.at("emptied"), 2);
  EXPECT_EQ(j.at("missing"), 0);
  EXPECT_EQ(j.at("accounting_holds"), true);
  const ExpectedFlush model = model_flush({10, 50, 30, 5}, 60);
  EXPECT_EQ(model.pushed, (std::vector<std::uint32_t>{60, 35}));
  EXPECT_EQ(model.emptied, 2u);
}

TEST(CliFlush, ExactFitPushesAFullBlockAndThenAnEmptyOne) {
  // 30 + 30 fills the accumulator exactly and empties P1's block, which becomes the accumulator
  // and is pushed empty at the end: the §3.4 corner case, one unit of work with nothing in it.
  const json j = run_flush(60, {30, 30});
  ASSERT_TRUE(j.is_object());
  EXPECT_EQ(j.at("pushed"), json::array({60, 0}));
  EXPECT_EQ(j.at("emptied"), 0);
  EXPECT_EQ(j.at("missing"), 0);
  EXPECT_EQ(j.at("accounting_holds"), true);
  ASSERT_FALSE(j.at("steps").empty());
  EXPECT_EQ(j.at("steps").back().at("kind"), "push_last");
  EXPECT_EQ(j.at("steps").back().at("count"), 0);
}

TEST(CliFlush, StepsNarrateTheMergeInPOrder) {
  const json j = run_flush(60, {10, 50, 30, 5});
  std::vector<std::string> kinds;
  for (const json& s : j.at("steps")) kinds.push_back(s.at("kind"));
  const std::vector<std::string> expected = {"adopt",        "merge", "push_full",    "merge",
                                             "free_emptied", "merge", "free_emptied", "push_last"};
  EXPECT_EQ(kinds, expected);
  EXPECT_EQ(j.at("steps")[1].at("count"), 50) << "all of P1's 50 fit beside the 10";
}

TEST(CliFlush, AgreesWithTheDesignDocPseudocodeOnAssortedFills) {
  const std::vector<std::vector<std::uint32_t>> cases = {
      {0, 0, 0},         // nothing anywhere: no push at all
      {7},               // one partial block is pushed as it is
      {60, 10},          // P0's block was pushed by enqueue: missing at flush time
      {59, 59, 59},      // tails move: 59+1 -> 60, 58 left; 58+2 -> 60, 57 left
      {3, 0, 4, 0, 5},   // gaps are missing Ps
      {40, 40, 40, 40},  // 60 + 20 left; 20+40 = 60 exactly (mid-walk); 0+40 frees P3's
      {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12},
  };
  for (const auto& fills : cases) {
    const ExpectedFlush want = model_flush(fills, 60);
    const json j = run_flush(60, fills);
    ASSERT_TRUE(j.is_object()) << join(fills);
    EXPECT_EQ(j.at("pushed").get<std::vector<std::uint32_t>>(), want.pushed) << join(fills);
    EXPECT_EQ(j.at("emptied"), want.emptied) << join(fills);
    EXPECT_EQ(j.at("missing"), want.missing) << join(fills);
    EXPECT_EQ(want.pushed.size() + want.emptied + want.missing, fills.size()) << join(fills);
    EXPECT_EQ(j.at("accounting_holds"), true) << join(fills);
  }
}

TEST(CliFlush, SmallCapacityCascadesTails) {
  // Capacity 4: 3 | 3 -> 4 (pushed), acc = P1's 2 | 3 -> 4 (pushed), acc = P2's 1 | push 1.
  const json j = run_flush(4, {3, 3, 3});
  EXPECT_EQ(j.at("pushed"), json::array({4, 4, 1}));
  EXPECT_EQ(j.at("emptied"), 0);
  EXPECT_EQ(model_flush({3, 3, 3}, 4).pushed, (std::vector<std::uint32_t>{4, 4, 1}));
}

}  // namespace
}  // namespace cq
