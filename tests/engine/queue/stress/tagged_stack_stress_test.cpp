// TaggedStack under real contention: threads pop and push nodes of a fixed pool at random, so the
// same few nodes come back to the top again and again (the ABA pattern, unforced). A node popped
// by one thread must not be handed to another before it is pushed back, and at the end every node
// must be on the stack exactly once.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <latch>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "queue/cleanup_block.hpp"
#include "queue/tagged_stack.hpp"
#include "stress/stress_support.hpp"
#include "support/queue_test_support.hpp"

namespace cq {
namespace {

using test::BlockPtr;
using test::make_block;

constexpr std::uint32_t kThreads = 4;
const std::uint32_t kOpsPerThread = stress::scaled(200'000);

class TaggedStackHammer : public ::testing::TestWithParam<std::uint32_t> {};

TEST_P(TaggedStackHammer, RandomPushPopConservesEveryNodeAndNeverSharesOne) {
  const std::uint32_t pool_size = GetParam();
  std::vector<BlockPtr> pool;
  for (std::uint32_t i = 0; i < pool_size; ++i) pool.push_back(make_block(i, 1));
  // owned[i]: node i is currently held by some thread. A pop that hands out a node already held
  // is exactly what ABA corruption looks like from the outside.
  std::vector<std::atomic<bool>> owned(pool_size);
  std::atomic<std::uint64_t> double_handouts{0};
  std::atomic<std::uint64_t> pops{0};

  TaggedStack<CleanupBlock> stack;
  for (auto& node : pool) stack.push(node.get());

  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (std::uint32_t t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 rng(1000 + t);
      std::vector<CleanupBlock*> held;
      auto push_back_one = [&](std::size_t index) {
        CleanupBlock* node = held[index];
        held[index] = held.back();
        held.pop_back();
        owned[node->id].store(false, std::memory_order_relaxed);  // released by push's CAS
        stack.push(node);
      };
      start.arrive_and_wait();
      for (std::uint32_t op = 0; op < kOpsPerThread; ++op) {
        // Hold at most a few nodes, so the pool keeps cycling through the stack's head.
        const bool pop = held.empty() || (held.size() < 3 && (rng() & 1) != 0);
        if (pop) {
          CleanupBlock* node = stack.pop().node;
          if (node == nullptr) continue;
          pops.fetch_add(1, std::memory_order_relaxed);
          if (owned[node->id].exchange(true, std::memory_order_relaxed)) {
            double_handouts.fetch_add(1, std::memory_order_relaxed);
          }
          held.push_back(node);
        } else {
          push_back_one(rng() % held.size());
        }
      }
      while (!held.empty()) push_back_one(held.size() - 1);
    });
  }
  for (auto& t : threads) t.join();

  EXPECT_EQ(double_handouts.load(), 0u);
  EXPECT_GT(pops.load(), 0u);
  std::map<std::uint32_t, int> on_stack;
  for (std::uint32_t i = 0; i <= pool_size; ++i) {  // bounded: a corrupted stack may be cyclic
    CleanupBlock* node = stack.pop().node;
    if (node == nullptr) break;
    ++on_stack[node->id];
  }
  EXPECT_TRUE(stack.empty());
  ASSERT_EQ(on_stack.size(), pool_size);
  for (const auto& [id, count] : on_stack) EXPECT_EQ(count, 1) << "node " << id;
}

// Two nodes keep the same addresses cycling through the head; 64 spread the traffic.
INSTANTIATE_TEST_SUITE_P(PoolSizes, TaggedStackHammer, ::testing::Values(2u, 64u),
                         [](const auto& info) { return std::to_string(info.param) + "nodes"; });

}  // namespace
}  // namespace cq
