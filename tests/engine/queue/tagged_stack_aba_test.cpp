// The ABA schedule of teaching moment 6, forced with two real threads (docs/algorithm.md §2.3,
// §10):
//   A: pop() reads head = X and X.next = Y, then stalls in the pause hook.
//   B: pops X, pops Y, pushes X back (X.next is now Z).
//   A: resumes and CASes head from its stale X to Y.
// With tags the CAS fails (X came back with a new push count) and A retries; without tags it
// succeeds and installs Y, which B holds: the stack is corrupted. The tagless run is what shows
// that this test can fail. A narrow tag is corrupted the same way once B's pushes of X wrap it
// (2^tag_bits pushes), and not one push earlier.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <map>
#include <thread>
#include <vector>

#include "queue/cleanup_block.hpp"
#include "queue/tagged_stack.hpp"
#include "support/queue_test_support.hpp"

namespace cq {
namespace {

using test::make_block;

struct AbaOutcome {
  CleanupBlock* a_popped = nullptr;
  std::uint32_t a_retries = 0;
  std::vector<CleanupBlock*> b_holds;        // Y
  std::vector<CleanupBlock*> left_on_stack;  // drained after both threads finished
};

// B pushes X back `x_pushes` times in all (popping it again between pushes), so X's push count,
// and so its tag, advances by exactly `x_pushes` while A is stalled.
AbaOutcome run_aba_schedule(unsigned tag_bits, CleanupBlock* x, CleanupBlock* y, CleanupBlock* z,
                            std::uint32_t x_pushes = 1) {
  TaggedStack<CleanupBlock> stack(tag_bits);
  stack.push(z);
  stack.push(y);
  stack.push(x);  // top: X -> Y -> Z

  // Phases, each waited on with atomic wait/notify: no sleeps decide the order.
  std::atomic<int> phase{0};  // 1: A is inside the window; 2: B has done its pops and push
  AbaOutcome out;
  std::thread thread_a([&] {
    bool first_attempt = true;
    auto pause = [&] {
      if (!first_attempt) return;  // only the first attempt is stalled
      first_attempt = false;
      phase.store(1);
      phase.notify_all();
      phase.wait(1);
    };
    const auto popped = stack.pop(pause);
    out.a_popped = popped.node;
    out.a_retries = popped.retries;
  });
  std::thread thread_b([&] {
    phase.wait(0);
    CleanupBlock* got_x = stack.pop().node;
    CleanupBlock* got_y = stack.pop().node;
    stack.push(got_x);
    for (std::uint32_t i = 1; i < x_pushes; ++i) {
      stack.pop();
      stack.push(got_x);
    }
    out.b_holds.push_back(got_y);
    phase.store(2);
    phase.notify_all();
  });
  thread_a.join();
  thread_b.join();
  // Bounded drain: a corrupted stack could in principle be cyclic.
  for (int i = 0; i < 8; ++i) {
    CleanupBlock* n = stack.pop().node;
    if (n == nullptr) break;
    out.left_on_stack.push_back(n);
  }
  return out;
}

struct Nodes {
  test::BlockPtr x = make_block(0, 1);
  test::BlockPtr y = make_block(1, 1);
  test::BlockPtr z = make_block(2, 1);
};

TEST(TaggedStackAba, StaleHeadCasFailsAfterTheSameNodeIsPushedBack) {
  Nodes n;
  const AbaOutcome out = run_aba_schedule(25, n.x.get(), n.y.get(), n.z.get());
  EXPECT_EQ(out.a_retries, 1u) << "A's CAS on the stale head must fail exactly once";
  EXPECT_EQ(out.a_popped, n.x.get()) << "after the retry A pops the re-pushed X";
  EXPECT_EQ(out.b_holds, (std::vector<CleanupBlock*>{n.y.get()}));
  EXPECT_EQ(out.left_on_stack, (std::vector<CleanupBlock*>{n.z.get()}));

  // Every node in exactly one place: A, B, or the stack.
  std::map<CleanupBlock*, int> places;
  ++places[out.a_popped];
  for (auto* b : out.b_holds) ++places[b];
  for (auto* b : out.left_on_stack) ++places[b];
  EXPECT_EQ(places.size(), 3u);
  for (const auto& [node, count] : places) EXPECT_EQ(count, 1) << "node " << node->id;
}

TEST(TaggedStackAba, TaglessStackIsCorruptedByTheSameSchedule) {
  Nodes n;
  const AbaOutcome out = run_aba_schedule(0, n.x.get(), n.y.get(), n.z.get());
  // Without a tag the stale head word equals the new one, so A's CAS succeeds...
  EXPECT_EQ(out.a_retries, 0u);
  EXPECT_EQ(out.a_popped, n.x.get());
  // ...and installs Y as the head although B holds Y: Y is now in two places.
  EXPECT_EQ(out.b_holds, (std::vector<CleanupBlock*>{n.y.get()}));
  EXPECT_EQ(out.left_on_stack, (std::vector<CleanupBlock*>{n.y.get(), n.z.get()}));
}

// A 2-bit tag: X pushed back 3 times has a different tag (the CAS fails, A retries), pushed back
// 4 times it has A's tag again and A's stale CAS installs Y, which B holds.
TEST(TaggedStackAba, NarrowTagDefendsUntilItWrapsAfterTwoToTheWidthPushes) {
  constexpr unsigned kTagBits = 2;
  {
    Nodes n;
    const AbaOutcome out = run_aba_schedule(kTagBits, n.x.get(), n.y.get(), n.z.get(), 3);
    EXPECT_EQ(out.a_retries, 1u) << "3 pushes: the tag has not wrapped, the stale CAS fails";
    EXPECT_EQ(out.a_popped, n.x.get());
    EXPECT_EQ(out.left_on_stack, (std::vector<CleanupBlock*>{n.z.get()}));
  }
  {
    Nodes n;
    const AbaOutcome out = run_aba_schedule(kTagBits, n.x.get(), n.y.get(), n.z.get(), 4);
    EXPECT_EQ(out.a_retries, 0u) << "4 = 2^2 pushes: the head word repeats, the stale CAS wins";
    EXPECT_EQ(out.a_popped, n.x.get());
    EXPECT_EQ(out.b_holds, (std::vector<CleanupBlock*>{n.y.get()}));
    EXPECT_EQ(out.left_on_stack, (std::vector<CleanupBlock*>{n.y.get(), n.z.get()}))
        << "Y is both held by B and on the stack";
  }
}

}  // namespace
}  // namespace cq
