// TaggedStack, single-threaded: LIFO behaviour, the push counter that feeds the ABA tag, and the
// packing of (address >> 9, tag) into one word (design doc §2.3).
#include "queue/tagged_stack.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "queue/cleanup_block.hpp"
#include "support/queue_test_support.hpp"

namespace cq {
namespace {

using test::BlockPtr;
using test::make_block;
using Stack = TaggedStack<CleanupBlock>;
using TaglessStack = TaggedStack<CleanupBlock, 0>;

std::vector<BlockPtr> make_nodes(std::uint32_t count) {
  std::vector<BlockPtr> nodes;
  for (std::uint32_t i = 0; i < count; ++i) nodes.push_back(make_block(i, 1));
  return nodes;
}

TEST(TaggedStack, EmptyStackPopsNothingWithoutRetries) {
  Stack stack;
  EXPECT_TRUE(stack.empty());
  EXPECT_EQ(stack.peek(), nullptr);
  const auto popped = stack.pop();
  EXPECT_EQ(popped.node, nullptr);
  EXPECT_EQ(popped.retries, 0u);
}

TEST(TaggedStack, PopReturnsNodesInLastInFirstOutOrder) {
  auto nodes = make_nodes(4);
  Stack stack;
  for (auto& n : nodes) EXPECT_EQ(stack.push(n.get()), 0u);
  EXPECT_FALSE(stack.empty());
  for (int i = 3; i >= 0; --i) {
    EXPECT_EQ(stack.pop().node, nodes[static_cast<std::size_t>(i)].get());
  }
  EXPECT_TRUE(stack.empty());
  EXPECT_EQ(stack.pop().node, nullptr);
}

TEST(TaggedStack, PeekAndBelowWalkTheStackTopToBottomWithoutPopping) {
  auto nodes = make_nodes(3);
  Stack stack;
  for (auto& n : nodes) stack.push(n.get());
  std::vector<std::uint32_t> walked;
  for (CleanupBlock* b = stack.peek(); b != nullptr; b = Stack::below(b)) walked.push_back(b->id);
  EXPECT_EQ(walked, (std::vector<std::uint32_t>{2, 1, 0}));
  EXPECT_EQ(stack.pop().node, nodes[2].get());  // still all there
}

TEST(TaggedStack, EveryPushOfTheSameNodeBumpsItsPushCount) {
  auto nodes = make_nodes(1);
  Stack stack;
  EXPECT_EQ(nodes[0]->push_count, 0u);
  for (std::uint64_t round = 1; round <= 5; ++round) {
    stack.push(nodes[0].get());
    EXPECT_EQ(nodes[0]->push_count, round);
    EXPECT_EQ(stack.pop().node, nodes[0].get());
  }
}

TEST(TaggedStack, PackUnpackRoundTripsTheNodeAddressForAnyTag) {
  auto nodes = make_nodes(2);
  for (auto& n : nodes) {
    for (std::uint64_t tag : {0ull, 1ull, 12345ull, (1ull << 25) - 1}) {
      EXPECT_EQ(Stack::unpack(Stack::pack(n.get(), tag)), n.get());
      EXPECT_EQ(TaglessStack::unpack(TaglessStack::pack(n.get(), tag)), n.get());
    }
  }
}

TEST(TaggedStack, RepushingTheSameNodeProducesADifferentHeadWord) {
  auto nodes = make_nodes(1);
  // This difference is the whole ABA defence: a stale head word no longer compares equal.
  EXPECT_NE(Stack::pack(nodes[0].get(), 5), Stack::pack(nodes[0].get(), 6));
  // The tag is 25 bits wide and wraps; 2^25 pushes later the word repeats.
  EXPECT_EQ(Stack::pack(nodes[0].get(), 5), Stack::pack(nodes[0].get(), 5 + (1ull << 25)));
}

TEST(TaggedStack, TaglessPackingIgnoresTheTag) {
  auto nodes = make_nodes(1);
  EXPECT_EQ(TaglessStack::pack(nodes[0].get(), 5), TaglessStack::pack(nodes[0].get(), 6));
}

TEST(TaggedStack, PopCallsThePauseHookOncePerAttempt) {
  auto nodes = make_nodes(2);
  Stack stack;
  stack.push(nodes[0].get());
  stack.push(nodes[1].get());
  int pauses = 0;
  EXPECT_EQ(stack.pop([&] { ++pauses; }).node, nodes[1].get());
  EXPECT_EQ(pauses, 1);
  // An empty stack returns before the window between reading `next` and the CAS.
  stack.pop();
  pauses = 0;
  EXPECT_EQ(stack.pop([&] { ++pauses; }).node, nullptr);
  EXPECT_EQ(pauses, 0);
}

TEST(TaggedStack, UncontendedOperationsCountNoCasRetries) {
  auto nodes = make_nodes(8);
  Stack stack;
  for (auto& n : nodes) stack.push(n.get());
  while (stack.pop().node != nullptr) {
  }
  EXPECT_EQ(stack.total_cas_retries(), 0u);
}

}  // namespace
}  // namespace cq
