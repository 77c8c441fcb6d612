// Projection on real runs (inline runner, deterministic): long enough to cross TraceIndex
// snapshots (every 65536 events) and to make the sample series halve its resolution (4096
// samples). Seeks must equal folds from the start; the series and the latency histogram must
// equal what a plain pass over the trace computes.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <bit>
#include <map>
#include <vector>

#include "model/projection.hpp"
#include "runtime/sim_runtime.hpp"
#include "viz_test_support.hpp"

namespace cq::viz {
namespace {

// ~300k events: eight Ps, two GC cycles, blocks of 60, both kinds of push.
Scenario long_scenario() {
  Scenario s;
  s.gomaxprocs = 8;
  s.cleanups = 5000;
  s.gc_cycles = 2;
  s.runner = RunnerKind::inline_;
  s.seed = 11;
  return s;
}

class ProjectionOnALongRun : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    sim_ = new SimRuntime(long_scenario());
    sim_->run();
  }
  static void TearDownTestSuite() {
    delete sim_;
    sim_ = nullptr;
  }
  void SetUp() override {
    proj_.attach(sim_->trace(), long_scenario().gomaxprocs, long_scenario().total_cleanups());
    proj_.catch_up();
  }
  static const Trace& trace() { return sim_->trace(); }

  static SimRuntime* sim_;
  Projection proj_;
};

SimRuntime* ProjectionOnALongRun::sim_ = nullptr;

TEST_F(ProjectionOnALongRun, TheRunIsLongEnoughForSnapshotsAndHalving) {
  EXPECT_TRUE(sim_->summary().ok());
  EXPECT_GT(trace().size(), 4096u * 64u) << "fewer events than the sample series holds";
  EXPECT_EQ(proj_.head(), trace().size());
}

TEST_F(ProjectionOnALongRun, SeeksInAnyOrderEqualFoldsFromTheStart) {
  const std::size_t n = trace().size();
  // Around snapshot boundaries, inside chunks, the ends, and the busiest moments.
  std::vector<std::size_t> counts = {0,     1,      2,      63,    64,    65535, 65536,
                                     65537, 131071, 131072, n / 3, n / 2, n - 1, n};
  for (std::size_t i = 1; i < 12; ++i) counts.push_back(n * i / 12 + i * 7);
  std::sort(counts.begin(), counts.end());
  counts.erase(std::unique(counts.begin(), counts.end()), counts.end());
  counts.erase(std::remove_if(counts.begin(), counts.end(), [&](std::size_t c) { return c > n; }),
               counts.end());
  // One pass from the start gives the expected model at every count.
  std::map<std::size_t, TraceModel> expected;
  TraceModel m(long_scenario().gomaxprocs);
  std::size_t next = 0;
  for (std::size_t c : counts) {
    for (; next < c; ++next) m.apply(trace().at(next));
    expected.emplace(c, m);
  }
  // Back and forth: ascending, descending, then alternating ends towards the middle.
  std::vector<std::size_t> order = counts;
  order.insert(order.end(), counts.rbegin(), counts.rend());
  for (std::size_t lo = 0, hi = counts.size() - 1; lo < hi; ++lo, --hi) {
    order.push_back(counts[hi]);
    order.push_back(counts[lo]);
  }
  double now = 0;
  for (std::size_t c : order) {
    proj_.set_cursor(c, now += 1.0);
    ASSERT_EQ(proj_.cursor(), c);
    ASSERT_TRUE(proj_.model() == expected.at(c)) << "cursor " << c;
  }
}

TEST_F(ProjectionOnALongRun, ReplayStepsSlideExactlyTheBlocksThatMoved) {
  // One event per frame through the first flush (merges, pushes, frees: many blocks move).
  std::size_t flush = 0;
  while (trace().at(flush).kind != EventKind::flush_begin) ++flush;
  ASSERT_GT(flush, 200u);
  proj_.set_cursor(flush - 100, 0);
  double now = 0;
  std::size_t moved = 0;
  for (std::size_t c = flush - 100; c < flush + 100; ++c) {
    std::vector<PlaceKey> before;
    for (std::uint32_t id = 0; id < proj_.model().blocks.size(); ++id)
      before.push_back(proj_.place_of(id));
    now += 1.0;  // every earlier motion has landed
    proj_.set_cursor(c + 1, now);
    for (std::uint32_t id = 0; id < proj_.model().blocks.size(); ++id) {
      const PlaceKey from = id < before.size() ? before[id] : PlaceKey{};
      const PlaceKey to = proj_.place_of(id);
      const Motion* m = proj_.motion(id, now);
      if (from == to || from.place == BlockPlace::nowhere) {
        ASSERT_EQ(m, nullptr) << "b" << id << " at cursor " << c + 1;
        continue;
      }
      ASSERT_NE(m, nullptr) << "b" << id << " at cursor " << c + 1;
      EXPECT_EQ(m->from, from) << "b" << id;
      EXPECT_EQ(m->to, to) << "b" << id;
      ++moved;
    }
  }
  EXPECT_GT(moved, 10u);
}

TEST_F(ProjectionOnALongRun, SamplesAndLatencyHistogramMatchAPlainPassOverTheTrace) {
  // The series, computed here from the event meanings, with the stride doubling whenever 4096
  // samples are held (keeping every other one), as the metrics view promises.
  std::vector<Sample> samples;
  std::size_t stride = 64;
  Sample s{};
  std::map<std::uint64_t, std::uint64_t> enqueued;  // cleanup id -> time
  std::array<std::uint64_t, Projection::kLatencyBuckets> latency{};
  std::vector<std::size_t> interesting;
  for (std::size_t i = 0; i < trace().size(); ++i) {
    const TraceEvent& e = trace().at(i);
    switch (e.kind) {
      case EventKind::block_full:
      case EventKind::flush_push:
        s.full_blocks += 1;
        break;
      case EventKind::pop_full:
        s.full_blocks = std::max(0.f, s.full_blocks - 1);
        break;
      case EventKind::goroutines_created:
        s.workers = static_cast<float>(e.b);
        break;
      case EventKind::enqueue:
      case EventKind::fin_enqueue:
        s.queued += 1;
        enqueued[e.a] = e.time_ns;
        break;
      case EventKind::cleanup_run: {
        s.queued = std::max(0.f, s.queued - 1);
        s.executed += 1;
        auto it = enqueued.find(e.a);
        ASSERT_NE(it, enqueued.end()) << "cleanup " << e.a << " ran without an enqueue";
        const std::uint64_t waited = e.time_ns - it->second;
        ++latency[std::min<std::size_t>(std::bit_width(waited), Projection::kLatencyBuckets - 1)];
        break;
      }
      default:
        break;
    }
    if (is_interesting(e)) interesting.push_back(i);
    if (i % stride == 0) {
      s.event = i;
      s.time_ns = e.time_ns;
      samples.push_back(s);
      if (samples.size() >= 4096) {
        std::vector<Sample> half;
        for (std::size_t k = 0; k < samples.size(); k += 2) half.push_back(samples[k]);
        samples = half;
        stride *= 2;
      }
    }
  }
  EXPECT_GT(stride, 64u) << "the run did not make the series halve";
  ASSERT_EQ(proj_.samples().size(), samples.size());
  for (std::size_t k = 0; k < samples.size(); ++k) {
    const Sample& got = proj_.samples()[k];
    ASSERT_EQ(got.event, samples[k].event) << k;
    ASSERT_EQ(got.time_ns, samples[k].time_ns) << k;
    ASSERT_EQ(got.full_blocks, samples[k].full_blocks) << "event " << got.event;
    ASSERT_EQ(got.workers, samples[k].workers) << "event " << got.event;
    ASSERT_EQ(got.queued, samples[k].queued) << "event " << got.event;
    ASSERT_EQ(got.executed, samples[k].executed) << "event " << got.event;
  }
  EXPECT_EQ(proj_.latency_histogram(), latency);
  std::uint64_t runs = 0;
  for (std::uint64_t c : latency) runs += c;
  EXPECT_EQ(runs, trace().count(EventKind::cleanup_run));
  EXPECT_EQ(proj_.interesting(), interesting);
}

TEST_F(ProjectionOnALongRun, FullStackSampleAgreesWithTheModelAtThatEvent) {
  // The metrics plot's "full blocks" is the full stack's length (Go 1.25, causal trace).
  for (const Sample& sample :
       {proj_.samples()[proj_.samples().size() / 4], proj_.samples()[proj_.samples().size() / 2]}) {
    proj_.set_cursor(sample.event + 1, 0);
    EXPECT_EQ(static_cast<std::size_t>(sample.full_blocks), proj_.model().full_stack.size())
        << "event " << sample.event;
    EXPECT_EQ(static_cast<std::uint64_t>(sample.executed), proj_.model().counters.executed);
  }
}

}  // namespace
}  // namespace cq::viz
