// bench_queue: the cost of the cleanup queue's hot paths, measured against the obvious
// alternatives. This file holds the single-thread enqueue micro-benchmarks and main();
// bench_end_to_end.cpp holds the producer/consumer throughput comparison.
//
// BM_EnqueueLocal vs BM_VectorPushBack answers "how much does a P-local enqueue cost compared
// with appending to a plain array of the same element type?". The design's claim (docs/algorithm.md
// §3.2) is that the sweeper's common case is exactly that: store into the P's block and bump n,
// with no lock and no RMW atomics; only one enqueue in `capacity` touches the shared lock-free
// stacks. Each benchmark takes (capacity, slot kind) so both of Go's geometries are measured:
//   60 word slots (Go 1.25) and 20 cleanupFn slots (Go 1.26): the steady state, block recycling
//     included (goal <= 2x);
//   1024 word slots: the P-local fast path itself, with the recycling spread over 1024 items so
//     thin that what is left is the load, compare, store and increment (goal <= 1.3x).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "queue/cleanup_block.hpp"
#include "queue/cleanup_queue.hpp"
#include "queue/queue_config.hpp"

namespace {

using cq::CleanupId;

cq::SlotKind kind_of(const benchmark::State& state) {
  return state.range(1) == 0 ? cq::SlotKind::word : cq::SlotKind::cleanup_fn;
}

// One P, one block at a time. When the block fills, enqueue pushes it onto `full` and signals one
// unit of work; we then claim it back (try_take_block) and recycle it (finish_block: count it
// executed, clear, push onto `free`), and the next enqueue pops it from `free`. That round trip
// is the real steady state of a P whose blocks are drained as fast as they fill, and its cost (a
// handful of atomic RMWs and the slot clearing) is deliberately included, amortised over
// `capacity` items. Without it the queue would allocate a fresh block every `capacity` items and
// memory would grow with the iteration count.
//
// The slot kind is chosen once, outside the loop (enqueue_as<Kind>), as a sweeper built for one
// Go version would; BM_EnqueueLocalKindPerCall measures enqueue(), which reads the queue's slot
// kind on every call (what the simulated runtime's sweeper calls).
template <bool kKindPerCall, cq::SlotKind Kind>
void enqueue_local(benchmark::State& state) {
  cq::QueueConfig config;
  config.gomaxprocs = 1;
  config.block_capacity = static_cast<std::uint32_t>(state.range(0));
  config.slot_kind = Kind;
  config.protocol = cq::WakeProtocol::level;
  cq::CleanupQueue queue(config);
  CleanupId id = 1;  // 0 means "cleared slot" in a block, so ids start at 1
  for (auto _ : state) {
    const cq::EnqueueResult r =
        kKindPerCall ? queue.enqueue(0, id++) : queue.enqueue_as<Kind>(0, id++);
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
  if (queue.queued() != static_cast<std::uint64_t>(id - 1)) {
    state.SkipWithError("queued() does not count every enqueue");
  }
}

template <bool kKindPerCall>
void enqueue_local_of_kind(benchmark::State& state) {
  if (kind_of(state) == cq::SlotKind::word) {
    enqueue_local<kKindPerCall, cq::SlotKind::word>(state);
  } else {
    enqueue_local<kKindPerCall, cq::SlotKind::cleanup_fn>(state);
  }
}

void BM_EnqueueLocal(benchmark::State& state) {
  enqueue_local_of_kind<false>(state);
}
BENCHMARK(BM_EnqueueLocal)
    ->ArgNames({"capacity", "cleanup_fn"})
    ->Args({cq::kGoBlockCapacity, 0})
    ->Args({cq::kGo126BlockCapacity, 1})
    ->Args({cq::kMaxBlockCapacity, 0});

void BM_EnqueueLocalKindPerCall(benchmark::State& state) {
  enqueue_local_of_kind<true>(state);
}
BENCHMARK(BM_EnqueueLocalKindPerCall)
    ->ArgNames({"capacity", "cleanup_fn"})
    ->Args({cq::kMaxBlockCapacity, 0});

// The baseline: append the same element (an 8-byte id, or the 24-byte cleanupFn a Go 1.26 slot
// holds) to a std::vector whose capacity never changes. clear() every `capacity` elements keeps
// memory bounded exactly like the recycled block (clear keeps the capacity, so no allocation
// happens after the reserve).
template <class Element>
void vector_push_back(benchmark::State& state, Element (*make)(CleanupId)) {
  const auto capacity = static_cast<std::size_t>(state.range(0));
  std::vector<Element> v;
  v.reserve(capacity);
  // Let the vector object itself escape: from here on the compiler must treat its begin/end
  // pointers as memory that ClobberMemory() may read, as for a vector that lives in some object
  // (the realistic case), rather than a purely register-allocated local.
  benchmark::DoNotOptimize(v);
  CleanupId id = 1;
  for (auto _ : state) {
    v.push_back(make(id++));
    if (v.size() == capacity) [[unlikely]] {
      v.clear();
    }
    // Forces the element store and the end-pointer update to memory on every item, so the loop
    // cannot be collapsed into a vectorised fill of `capacity` elements at once.
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_VectorPushBack(benchmark::State& state) {
  if (kind_of(state) == cq::SlotKind::word) {
    vector_push_back<CleanupId>(state, [](CleanupId c) { return c; });
  } else {
    vector_push_back<cq::CleanupFnSlot>(state, &cq::CleanupBlock::fn_slot_for);
  }
}
BENCHMARK(BM_VectorPushBack)
    ->ArgNames({"capacity", "cleanup_fn"})
    ->Args({cq::kGoBlockCapacity, 0})
    ->Args({cq::kGo126BlockCapacity, 1})
    ->Args({cq::kMaxBlockCapacity, 0});

}  // namespace

BENCHMARK_MAIN();
