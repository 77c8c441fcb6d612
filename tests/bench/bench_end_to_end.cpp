// BM_EndToEnd/<impl>: producer/consumer throughput of the Go 1.25 cleanup queue against the Go 1.24
// design it replaced and two general-purpose MPMC queues, on the same trivial workload.
//
// Workload of one iteration: kProducers producer threads each enqueue kItemsPerProducer cleanups
// with unique ids; consumer threads run them. "Running" a cleanup adds its id to the consumer's
// own sum, so at the end the sums must add up to the sum of all ids: a lost or duplicated
// cleanup fails the benchmark (SkipWithError) instead of producing a fast wrong number.
//
// Every implementation is driven the way its API is meant to be used:
//   go125        CleanupQueue: each producer is its own P (p = 0, 1) filling P-local blocks;
//                the last producer to finish calls flush(), as the last sweeper does
//                (docs/algorithm.md §3.4); consumers take whole blocks (try_take_block), run slots
//                0..n-1 and recycle the block (finish_block). Capacity 60, level protocol.
//   go124        FinalizerQueue: every enqueue takes the global finlock; ONE consumer (Go 1.24
//                ran every cleanup on the single finalizer goroutine `fing`, docs/algorithm.md §8)
//                swaps out the whole list (take_all), runs it and recycles each block.
//   mutex_deque  std::deque under one std::mutex, one lock per enqueue and per dequeue.
//   moodycamel   moodycamel::ConcurrentQueue, one enqueue / try_dequeue per item.
// All of them get the same producer count, and the same consumer count except go124 (see above).
//
// A consumer that finds nothing yields and tries again until the producers are done and the queue
// is drained, so on this benchmark's small machines idle consumers hand their core to producers.
// (Go's consumers park instead; spinning is the same for every implementation here, but it makes
// the numbers sensitive to other load on the machine: go125's consumers are idle most of the time
// and their yields then compete with the producers for the process's share of the CPU.)
//
// Timing: wall clock, from the moment all threads are released together to the moment the last
// one finishes (see run_once), reported as items_per_second over that time.
#include <benchmark/benchmark.h>
#include <concurrentqueue/concurrentqueue.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "queue/cleanup_block.hpp"
#include "queue/cleanup_queue.hpp"
#include "queue/finalizer_queue.hpp"
#include "queue/queue_config.hpp"

namespace {

using cq::CleanupId;

constexpr std::uint32_t kProducers = 2;
constexpr std::uint32_t kConsumers = 2;
constexpr std::uint64_t kItemsPerProducer = 1'000'000;
constexpr std::uint64_t kItemsPerIteration = kProducers * kItemsPerProducer;

struct Tally;
void run_cleanup(Tally& tally, CleanupId id);

// What one consumer executed. One cache line each, so two consumers updating their tallies do not
// false-share (which would penalise exactly the implementations that run items one at a time).
struct alignas(64) Tally {
  std::uint64_t sum = 0;
  std::uint64_t count = 0;
  std::uint64_t idle_yields = 0;  // times the consumer found nothing and yielded (spin cost)
  void run(CleanupId id) { run_cleanup(*this, id); }
};

// The "cleanup" itself. Out of line on purpose: the runtime calls every cleanup as a function, so
// a consumer pays one call per item whatever the queue. Inlined, the block-based consumers
// (go125, go124) would turn their slot loops into vectorised sums that no real cleanup allows.
[[gnu::noinline]] void run_cleanup(Tally& tally, CleanupId id) {
  tally.sum += id;
  ++tally.count;
}

// ---- The four implementations: produce(p, id), producers_done(), run_some(tally), drained().
// run_some returns false when it found nothing to run. drained() is asked only after every
// producer has finished (and producers_done() has run), so it can be exact.

class Go125 {
 public:
  static constexpr const char* kName = "go125";
  static constexpr std::uint32_t kConsumerThreads = kConsumers;

  Go125() : queue_(config()) {}

  void produce(std::uint32_t p, CleanupId id) { queue_.enqueue(p, id); }
  // The last sweeper's flush: coalesce the partial P-local blocks and publish them.
  void producers_done() { queue_.flush(); }

  bool run_some(Tally& tally) {
    const cq::TakeResult taken = queue_.try_take_block();
    if (taken.block == nullptr) return false;
    const std::uint32_t n = taken.block->count();
    for (std::uint32_t i = 0; i < n; ++i) tally.run(taken.block->slot(i));
    queue_.finish_block(taken.block);
    return true;
  }

  // After flush, work_units counts every block still on `full`; a failed try_take_block saw 0.
  bool drained() { return true; }

 private:
  static cq::QueueConfig config() {
    cq::QueueConfig c;
    c.gomaxprocs = kProducers;  // one P per producer thread
    c.block_capacity = cq::kGoBlockCapacity;
    c.protocol = cq::WakeProtocol::level;
    return c;
  }
  cq::CleanupQueue queue_;
};

class Go124 {
 public:
  static constexpr const char* kName = "go124";
  // Exactly one: Go 1.24 ran all cleanups (and finalizers) on the single goroutine `fing`.
  static constexpr std::uint32_t kConsumerThreads = 1;

  void produce(std::uint32_t, CleanupId id) { queue_.enqueue(id); }
  void producers_done() {}

  // fing's loop body (runfinq): take the whole list under finlock, run every entry, and return
  // each block to the cache under finlock.
  bool run_some(Tally& tally) {
    cq::FinBlock* block = queue_.take_all();
    if (block == nullptr) return false;
    while (block != nullptr) {
      for (std::uint32_t i = 0; i < block->count; ++i) tally.run(block->entries[i]);
      cq::FinBlock* next = block->next;
      queue_.recycle(block);
      block = next;
    }
    return true;
  }

  // A single consumer: an empty take_all after the producers finished means nothing is left.
  bool drained() { return true; }

 private:
  cq::FinalizerQueue queue_;
};

class MutexDeque {
 public:
  static constexpr const char* kName = "mutex_deque";
  static constexpr std::uint32_t kConsumerThreads = kConsumers;

  void produce(std::uint32_t, CleanupId id) {
    std::lock_guard<std::mutex> guard(mutex_);
    items_.push_back(id);
  }
  void producers_done() {}

  bool run_some(Tally& tally) {
    CleanupId id;
    {
      std::lock_guard<std::mutex> guard(mutex_);
      if (items_.empty()) return false;
      id = items_.front();
      items_.pop_front();
    }
    tally.run(id);  // outside the lock, as a cleanup would run
    return true;
  }

  // Checked under the lock, so exact.
  bool drained() { return true; }

 private:
  std::mutex mutex_;
  std::deque<CleanupId> items_;
};

class Moodycamel {
 public:
  static constexpr const char* kName = "moodycamel";
  static constexpr std::uint32_t kConsumerThreads = kConsumers;

  void produce(std::uint32_t, CleanupId id) { queue_.enqueue(id); }
  void producers_done() {}

  bool run_some(Tally& tally) {
    CleanupId id;
    if (!queue_.try_dequeue(id)) return false;
    tally.run(id);
    return true;
  }

  // try_dequeue may fail while another consumer holds a claim it has not completed, so a
  // failure alone does not prove emptiness; with all enqueues finished, size_approx() is exact.
  bool drained() { return queue_.size_approx() == 0; }

 private:
  moodycamel::ConcurrentQueue<CleanupId> queue_;
};

// ---- The driver, shared by all four.

template <class Queue>
void consume(Queue& queue, Tally& tally, const std::atomic<bool>& done) {
  for (;;) {
    // Read `done` before trying: if it was already set, a failed attempt means no producer can
    // add anything any more, so the consumer may stop once the queue is drained.
    const bool finished = done.load(std::memory_order_acquire);
    if (queue.run_some(tally)) continue;
    if (finished && queue.drained()) return;
    ++tally.idle_yields;
    std::this_thread::yield();
  }
}

struct RoundResult {
  Tally total;     // what the consumers ran, summed
  double seconds;  // wall-clock time from the start signal until the last thread finished
};

// One iteration. All threads are created first and wait at a start gate; the clock starts when
// the gate opens and stops when the last thread (normally a consumer) finishes its work, both
// with the same steady (wall) clock. Thread creation and join stay outside the measured window:
// on a loaded 2-core machine clone/join latency alone varied from 0.07 ms to 10 ms, which is
// noise of the order of go125's whole iteration and would mostly penalise the fastest queue.
template <class Queue>
RoundResult run_once(Queue& queue, CleanupId first_id) {
  using Clock = std::chrono::steady_clock;
  constexpr std::uint32_t kThreads = Queue::kConsumerThreads + kProducers;
  std::vector<Tally> tallies(Queue::kConsumerThreads);
  std::atomic<std::uint32_t> producers_left{kProducers};
  std::atomic<bool> done{false};
  std::atomic<std::uint32_t> ready{0};
  std::atomic<bool> go{false};
  std::atomic<std::uint32_t> finished{0};
  Clock::time_point stop{};  // written by the last thread to finish; read after join

  // Every thread: check in, wait for the gate, do its part, check out (the last one stops the
  // clock). Waiting at the gate yields, like the consumers' idle loop.
  auto role = [&](auto&& work) {
    return [&, work] {
      ready.fetch_add(1, std::memory_order_relaxed);
      while (!go.load(std::memory_order_acquire)) std::this_thread::yield();
      work();
      if (finished.fetch_add(1, std::memory_order_acq_rel) + 1 == kThreads) stop = Clock::now();
    };
  };

  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (std::uint32_t c = 0; c < Queue::kConsumerThreads; ++c) {
    threads.emplace_back(role([&queue, &tallies, &done, c] { consume(queue, tallies[c], done); }));
  }
  for (std::uint32_t p = 0; p < kProducers; ++p) {
    threads.emplace_back(role([&queue, &producers_left, &done, first_id, p] {
      const CleanupId base = first_id + p * kItemsPerProducer;
      for (std::uint64_t i = 0; i < kItemsPerProducer; ++i) queue.produce(p, base + i);
      // The last producer to finish plays the last sweeper. acq_rel: it then happens-after every
      // other producer's enqueues, which is what makes flush()'s plain reads of the P slots safe.
      if (producers_left.fetch_sub(1, std::memory_order_acq_rel) == 1) {
        queue.producers_done();
        done.store(true, std::memory_order_release);
      }
    }));
  }
  while (ready.load(std::memory_order_relaxed) != kThreads) std::this_thread::yield();
  const Clock::time_point start = Clock::now();
  go.store(true, std::memory_order_release);
  for (std::thread& t : threads) t.join();  // join: `stop` and the tallies are now visible

  RoundResult r{{}, std::chrono::duration<double>(stop - start).count()};
  for (const Tally& t : tallies) {
    r.total.sum += t.sum;
    r.total.count += t.count;
    r.total.idle_yields += t.idle_yields;
  }
  return r;
}

// Sum of the ids first_id .. first_id + kItemsPerIteration - 1.
std::uint64_t expected_sum(CleanupId first_id) {
  return kItemsPerIteration * first_id + kItemsPerIteration * (kItemsPerIteration - 1) / 2;
}

template <class Queue>
void BM_EndToEnd(benchmark::State& state) {
  // The queue outlives the iterations, as the runtime's does, and one untimed warm-up round lets
  // every implementation reach its steady state (block pools, deque chunks, moodycamel's
  // per-producer blocks) before timing, so no one pays first-touch allocation in the numbers.
  Queue queue;
  CleanupId next_id = 1;  // ids are unique across iterations too; 0 is Go's "cleared slot"
  double seconds = 0;
  std::uint64_t idle_yields = 0;
  auto one_round = [&]() -> bool {
    const RoundResult got = run_once(queue, next_id);
    const bool ok = got.total.count == kItemsPerIteration && got.total.sum == expected_sum(next_id);
    next_id += kItemsPerIteration;
    seconds = got.seconds;
    idle_yields = got.total.idle_yields;
    return ok;
  };
  if (!one_round()) {
    state.SkipWithError("warm-up round lost or duplicated cleanups");
    return;
  }
  std::uint64_t total_idle_yields = 0;
  for (auto _ : state) {
    if (!one_round()) {
      state.SkipWithError("a cleanup was lost or ran twice (sum or count mismatch)");
      break;
    }
    state.SetIterationTime(seconds);
    total_idle_yields += idle_yields;
  }
  const double total = static_cast<double>(state.iterations() * kItemsPerIteration);
  state.SetItemsProcessed(static_cast<std::int64_t>(total));
  state.counters["items_per_second"] = benchmark::Counter(total, benchmark::Counter::kIsRate);
  // Diagnostic: how often consumers found the queue empty, per iteration. High values mean the
  // consumers mostly wait for producers, and on a busy machine those yields cost producer time.
  state.counters["idle_yields"] = benchmark::Counter(static_cast<double>(total_idle_yields),
                                                     benchmark::Counter::kAvgIterations);
  std::string label = std::to_string(kProducers) + " producers, " +
                      std::to_string(Queue::kConsumerThreads) + " consumer" +
                      (Queue::kConsumerThreads == 1 ? "" : "s");
  if (Queue::kConsumerThreads == 1) label += " (Go 1.24: all cleanups run on the single fing)";
  state.SetLabel(label);
}

template <class Queue>
void register_end_to_end() {
  benchmark::RegisterBenchmark((std::string("BM_EndToEnd/") + Queue::kName).c_str(),
                               BM_EndToEnd<Queue>)
      // Wall-clock time, as UseRealTime() would give (the work happens on other threads, so the
      // main thread's CPU time means nothing), but measured by run_once over the work alone, from
      // the start gate to the last thread's finish, without thread creation and join.
      ->UseManualTime()
      ->Unit(benchmark::kMillisecond)
      ->Iterations(10);  // bounded: 2M items per iteration keeps the whole binary around 10 s
}

// Static registration, before main() runs, like the BENCHMARK macros do.
const bool kRegistered = [] {
  register_end_to_end<Go125>();
  register_end_to_end<Go124>();
  register_end_to_end<MutexDeque>();
  register_end_to_end<Moodycamel>();
  return true;
}();

}  // namespace
