// bench_queue: the cost of the Go 1.25 cleanup queue's hot paths, measured against the obvious
// alternatives. This file holds the single-thread enqueue micro-benchmark and main();
// bench_end_to_end.cpp holds the producer/consumer throughput comparison.
//
// BM_EnqueueLocal vs BM_VectorPushBack answers "how much does a P-local enqueue cost compared
// with appending to a plain array?". The design's claim (design doc §3.2) is that the sweeper's
// common case is exactly that: store into the P's block and bump n, with no lock and no RMW
// atomics; only one enqueue in `capacity` touches the shared lock-free stacks. Goal: <= 2x.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "queue/cleanup_block.hpp"
#include "queue/cleanup_queue.hpp"
#include "queue/queue_config.hpp"

namespace {

using cq::CleanupId;

// Go's e46c8e block size on 64-bit; the vector baseline is bounded the same way.
constexpr std::uint32_t kCapacity = cq::kGoBlockCapacity;

// One P, one block at a time. When the block fills, enqueue pushes it onto `full` and signals one
// unit of work; we then claim it back (try_take_block) and recycle it (finish_block: clear + push
// onto `free`), and the next enqueue pops it from `free`. That round trip is the real steady
// state of a P whose blocks are drained as fast as they fill, and its cost (a handful of CAS and
// the slot clearing) is deliberately included, amortised over `kCapacity` items. Without it the
// queue would allocate a fresh block every 60 items and memory would grow with the iteration
// count.
void BM_EnqueueLocal(benchmark::State& state) {
  cq::QueueConfig config;
  config.gomaxprocs = 1;
  config.block_capacity = kCapacity;
  config.protocol = cq::WakeProtocol::level;
  cq::CleanupQueue queue(config);
  CleanupId id = 1;  // 0 means "cleared slot" in a block, so ids start at 1
  for (auto _ : state) {
    const cq::EnqueueResult r = queue.enqueue(0, id++);
    if (r.pushed_full) [[unlikely]] {
      const cq::TakeResult taken = queue.try_take_block();
      // The block we just pushed must be the one we get back: a single thread, a LIFO stack.
      if (taken.block != r.block) {
        state.SkipWithError("try_take_block did not return the block just pushed");
        break;
      }
      queue.finish_block(taken.block);
    }
    // Same barrier as the vector baseline after every item: enqueue's fast path is inline, so
    // without it the compiler could keep the block's `n` in a register and batch the stores,
    // which no sweeper (one cleanup per freed object, with work in between) would get.
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["blocks_allocated"] = queue.blocks_allocated();
}
BENCHMARK(BM_EnqueueLocal);

// The baseline: append the same 8-byte element to a std::vector whose capacity never changes.
// clear() every kCapacity elements keeps memory bounded exactly like the recycled block (clear
// keeps the capacity, so no allocation happens after the reserve).
void BM_VectorPushBack(benchmark::State& state) {
  std::vector<CleanupId> v;
  v.reserve(kCapacity);
  // Let the vector object itself escape: from here on the compiler must treat its begin/end
  // pointers as memory that ClobberMemory() may read, as for a vector that lives in some object
  // (the realistic case), rather than a purely register-allocated local.
  benchmark::DoNotOptimize(v);
  CleanupId id = 1;
  for (auto _ : state) {
    v.push_back(id++);
    if (v.size() == kCapacity) [[unlikely]] {
      v.clear();
    }
    // Forces the element store and the end-pointer update to memory on every item, so the loop
    // cannot be collapsed into a vectorised fill of 60 elements at once.
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_VectorPushBack);

}  // namespace

BENCHMARK_MAIN();
