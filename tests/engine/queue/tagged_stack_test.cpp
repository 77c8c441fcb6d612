// TaggedStack, single-threaded: LIFO behaviour, the push counter that feeds the ABA tag, and the
// packing of (address >> 9, tag) into one word (docs/algorithm.md §2.3).
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
  for (CleanupBlock* b = stack.peek(); b != nullptr; b = stack.below(b)) walked.push_back(b->id);
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

TEST(TaggedStack, PackUnpackRoundTripsTheNodeAddressForAnyTagAndWidth) {
  auto nodes = make_nodes(2);
  for (unsigned bits : {0u, 2u, 19u, 24u, 25u}) {
    const Stack stack(bits);
    for (auto& n : nodes) {
      for (std::uint64_t tag : {0ull, 1ull, 12345ull, (1ull << 25) - 1}) {
        EXPECT_EQ(stack.unpack(stack.pack(n.get(), tag)), n.get()) << bits << " tag bits";
      }
    }
  }
}

TEST(TaggedStack, DefaultWidthIsTheTwentyFiveBitsOfFortyEightBitAddresses) {
  // tagptr_64bit.go: tagBits = 64 - addrBits + tagAlignBits = 64 - 48 + 9.
  EXPECT_EQ(Stack().tag_bits(), 25u);
  EXPECT_EQ(kMaxTagBits, 25u);
}

TEST(TaggedStack, RepushingTheSameNodeProducesADifferentHeadWord) {
  auto nodes = make_nodes(1);
  const Stack stack;
  // This difference is the whole ABA defence: a stale head word no longer compares equal.
  EXPECT_NE(stack.pack(nodes[0].get(), 5), stack.pack(nodes[0].get(), 6));
  // The tag is 25 bits wide and wraps; 2^25 pushes later the word repeats.
  EXPECT_EQ(stack.pack(nodes[0].get(), 5), stack.pack(nodes[0].get(), 5 + (1ull << 25)));
  EXPECT_EQ(stack.tag_period(), 1ull << 25);
}

TEST(TaggedStack, TheTagWrapsAfterTwoToTheWidthPushes) {
  auto nodes = make_nodes(1);
  // Go 1.25.4 or 1.25.5 on, and 1.26 (defaultAddrBits 48 + 1, #69255): 24 bits.
  const Stack go126(24);
  EXPECT_NE(go126.pack(nodes[0].get(), 5), go126.pack(nodes[0].get(), 5 + (1ull << 23)));
  EXPECT_EQ(go126.pack(nodes[0].get(), 5), go126.pack(nodes[0].get(), 5 + (1ull << 24)));
  EXPECT_EQ(go126.tag_period(), 1ull << 24);
  const Stack narrow(3);
  for (std::uint64_t k = 1; k < 8; ++k) {
    EXPECT_NE(narrow.pack(nodes[0].get(), 1), narrow.pack(nodes[0].get(), 1 + k)) << k;
  }
  EXPECT_EQ(narrow.pack(nodes[0].get(), 1), narrow.pack(nodes[0].get(), 9));
}

TEST(TaggedStack, TaglessPackingIgnoresTheTag) {
  auto nodes = make_nodes(1);
  const Stack tagless(0);
  EXPECT_EQ(tagless.pack(nodes[0].get(), 5), tagless.pack(nodes[0].get(), 6));
  EXPECT_EQ(tagless.tag_period(), 1u);
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
