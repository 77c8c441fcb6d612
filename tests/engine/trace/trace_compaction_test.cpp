// Trace compaction: chunks that leave the raw window are encoded and their buffers freed, and no
// reader can tell (at() and read() give the appended events, across raw and encoded chunks, with
// retention and with the storage cap), while memory falls to a few bytes an event.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <random>
#include <thread>
#include <vector>

#include "trace_test_support.hpp"

namespace cq {
namespace {

using test::ev;
using test::events_of;

constexpr std::size_t kChunk = Trace::kChunkEvents;
constexpr std::size_t kChunkBytes = Trace::kChunkBytes;

bool same(const TraceEvent& x, const TraceEvent& y) {
  return std::memcmp(&x, &y, sizeof(TraceEvent)) == 0;
}

// Event i of a stream shaped like a run's (per kind: the same P, the next id, a nearby block), and
// self-describing: its fields are functions of a = i, so a reader can check any event it is shown.
TraceEvent numbered(std::size_t i) {
  return ev(static_cast<EventKind>(i % kEventKindCount), static_cast<std::uint16_t>(i % 7),
            static_cast<std::uint16_t>(i % 5), static_cast<std::uint32_t>(i / 3), i,
            static_cast<std::uint32_t>(i % 251), i / 4 * 10);
}
bool describes_itself(const TraceEvent& e) {
  return same(e, numbered(static_cast<std::size_t>(e.a)));
}

void append_numbered(Trace& trace, std::size_t from, std::size_t to) {
  std::vector<TraceEvent> step;
  for (std::size_t i = from; i < to; i += 4) {  // steps of up to 4 events
    step.clear();
    for (std::size_t j = i; j < std::min(to, i + 4); ++j) step.push_back(numbered(j));
    trace.append_step(step);
  }
}

void expect_every_event_readable(const Trace& trace, std::size_t from) {
  for (std::size_t i = from; i < trace.size(); ++i) {  // at(), in order
    ASSERT_TRUE(same(trace.at(i), numbered(i))) << "at(" << i << ")";
  }
  std::mt19937_64 random(3);
  for (int k = 0; k < 2000; ++k) {  // at(), anywhere (each call may miss the decode cache)
    const std::size_t i = from + random() % (trace.size() - from);
    ASSERT_TRUE(same(trace.at(i), numbered(i))) << "at(" << i << ")";
  }
  // read(), over ranges that begin and end inside encoded chunks, at their edges and in the raw
  // window.
  const std::size_t end = trace.size();
  const std::size_t ranges[][2] = {{from, end},
                                   {from + 1, from + 2},
                                   {from + kChunk - 3, from + kChunk + 3},
                                   {from + 1000, from + 3 * kChunk + 1500},
                                   {end - kChunk - 2, end}};
  for (const auto& [begin, stop] : ranges) {
    std::size_t i = begin;
    ASSERT_TRUE(trace.read(begin, stop, [&](std::span<const TraceEvent> events) {
      for (const TraceEvent& e : events) ASSERT_TRUE(same(e, numbered(i++))) << "read " << i - 1;
    }));
    EXPECT_EQ(i, std::min(stop, end));
  }
}

TEST(TraceCompaction, EncodedChunksReadBackAsAppendedAndCostAFewBytesAnEvent) {
  Trace compact(true, Trace::kUnlimited, Trace::kUnlimited, Trace::Appenders::one, 2);
  Trace raw(true, Trace::kUnlimited, Trace::kUnlimited, Trace::Appenders::one, Trace::kUnlimited);
  const std::size_t total = 6 * kChunk + 1234;
  append_numbered(compact, 0, total);
  append_numbered(raw, 0, total);
  EXPECT_EQ(compact.hash(), raw.hash()) << "the hash is of the events, not of their storage";
  EXPECT_EQ(compact.size(), total);
  EXPECT_TRUE(compact.holds_every_event());
  EXPECT_EQ(raw.memory_bytes(), 7 * kChunkBytes);
  // Chunks 0..4 encoded, 5 and 6 raw. This stream is harder to predict than a run's (every field
  // moves in every event), yet its encoded chunks take under half their raw size.
  EXPECT_GT(compact.memory_bytes(), 2 * kChunkBytes);
  EXPECT_LT(compact.memory_bytes(), 2 * kChunkBytes + 5 * kChunkBytes / 2);
  expect_every_event_readable(compact, 0);
}

// With retention too: the window keeps its newest chunks raw and the rest encoded, and released
// chunks (encoded or raw) are gone.
TEST(TraceCompaction, WorksInsideARetainedWindow) {
  Trace trace(true, 4, Trace::kUnlimited, Trace::Appenders::many, 1);
  const std::size_t total = 9 * kChunk + 10;
  append_numbered(trace, 0, total);
  EXPECT_EQ(trace.first_retained(), 6 * kChunk);  // chunks 6..9: 6, 7, 8 encoded, 9 raw
  EXPECT_LT(trace.memory_bytes(), kChunkBytes + 3 * kChunkBytes / 2);
  EXPECT_FALSE(trace.read(6 * kChunk - 1, total, [](std::span<const TraceEvent>) {}));
  expect_every_event_readable(trace, trace.first_retained());
}

// The storage cap counts bytes held: encoded chunks let the same budget hold several times the
// events, storing still stops at a chunk's start, and memory never passes the budget.
TEST(TraceCompaction, TheStorageBudgetBuysMoreEventsWhenEncoded) {
  const std::size_t budget = 3 * kChunkBytes;
  Trace compact(true, Trace::kUnlimited, budget, Trace::Appenders::many, 1);
  Trace raw(true, Trace::kUnlimited, budget, Trace::Appenders::many, Trace::kUnlimited);
  const std::size_t total = 40 * kChunk;
  std::size_t largest_memory = 0;
  for (std::size_t c = 0; c < 40; ++c) {
    append_numbered(compact, c * kChunk, (c + 1) * kChunk);
    largest_memory = std::max(largest_memory, compact.memory_bytes());
  }
  append_numbered(raw, 0, total);
  EXPECT_EQ(raw.size(), 3 * kChunk);
  EXPECT_GE(compact.size(), 2 * raw.size()) << "a raw chunk's room holds over two encoded ones";
  EXPECT_LT(compact.size(), total) << "the budget must run out in this test";
  EXPECT_EQ(compact.size() % kChunk, 0u);
  EXPECT_LE(largest_memory, budget);
  EXPECT_FALSE(compact.holds_every_event());
  EXPECT_EQ(compact.total_events(), total);
  EXPECT_EQ(compact.hash(), raw.hash());
  expect_every_event_readable(compact, 0);
}

// Real threads (TSan's case): appenders append self-describing events while a reader calls at()
// and read() on what is published, as chunks are encoded and their buffers freed under it. The
// reader checks every event it is shown; the appenders wait until it has read into each chunk
// (handshake by atomics, not timing), so reads overlap the encoding of older chunks.
void appenders_and_a_reader(Trace::Appenders appenders, std::size_t threads) {
  Trace trace(true, Trace::kUnlimited, Trace::kUnlimited, appenders, 1);
  const std::size_t chunks = test::kSanitized ? 5 : 10;
  const std::size_t total = chunks * kChunk;
  std::atomic<std::size_t> next{0};       // the next event number an appender takes (4 a step)
  std::atomic<std::size_t> read_upto{0};  // the reader has read events below this size()
  std::atomic<bool> done{false};
  std::vector<std::thread> writers;
  for (std::size_t t = 0; t < threads; ++t) {
    writers.emplace_back([&] {
      std::vector<TraceEvent> step;
      for (;;) {
        const std::size_t i = next.fetch_add(4, std::memory_order_relaxed);
        if (i >= total) return;
        // Each new chunk waits until the reader has read past the previous chunk's start.
        const std::size_t chunk = i / kChunk;
        while (chunk > 0 && read_upto.load(std::memory_order_acquire) < (chunk - 1) * kChunk + 1 &&
               !done.load(std::memory_order_acquire)) {
          std::this_thread::yield();
        }
        step.clear();
        for (std::size_t j = i; j < i + 4; ++j) step.push_back(numbered(j));
        trace.append_step(step);
      }
    });
  }
  std::size_t wrong = 0, checked = 0;
  std::mt19937_64 random(11);
  while (read_upto.load(std::memory_order_relaxed) < total) {
    const std::size_t size = trace.size();
    if (size == 0) {
      std::this_thread::yield();
      continue;
    }
    for (int k = 0; k < 64; ++k) {
      const std::size_t i = random() % size;
      const TraceEvent e = trace.at(i);
      // One appender appends in number order, so event i is number i.
      wrong += describes_itself(e) && (appenders == Trace::Appenders::many || e.a == i) ? 0 : 1;
      ++checked;
    }
    const std::size_t from = random() % size;
    trace.read(from, std::min(size, from + 3000), [&](std::span<const TraceEvent> events) {
      for (const TraceEvent& e : events) wrong += describes_itself(e) ? 0 : 1;
      checked += events.size();
    });
    read_upto.store(size, std::memory_order_release);
  }
  done.store(true, std::memory_order_release);
  for (std::thread& w : writers) w.join();
  EXPECT_EQ(wrong, 0u) << "a reader was shown an event that was never appended";
  EXPECT_GT(checked, 0u);
  EXPECT_EQ(trace.size(), total);
  EXPECT_LT(trace.memory_bytes(), kChunkBytes + (chunks - 1) * kChunkBytes / 2)
      << "all but one chunk encoded";
  std::vector<bool> seen(total, false);
  for (const TraceEvent& e : events_of(trace)) {
    ASSERT_TRUE(describes_itself(e));
    seen[e.a] = true;
  }
  EXPECT_EQ(std::count(seen.begin(), seen.end(), true), static_cast<std::ptrdiff_t>(total));
}

TEST(TraceCompaction, ManyAppendersAndAReaderOnRealThreads) {
  appenders_and_a_reader(Trace::Appenders::many, 2);
}

TEST(TraceCompaction, OneAppenderAndAReaderOnRealThreads) {
  appenders_and_a_reader(Trace::Appenders::one, 1);
}

// A real run compacted: the same events, hash and counts as the run kept raw.
TEST(TraceCompaction, ARealRunReadsTheSameCompacted) {
  Scenario s = test::base_scenario(RunnerKind::inline_);
  s.gomaxprocs = 8;
  s.mutators = 8;
  s.cleanups = test::kSanitized ? 5000 : 12'000;  // over two chunks
  SimRuntime whole(s);
  ASSERT_EQ(whole.run().why, RunStop::finished);
  Trace compact(true, Trace::kUnlimited, Trace::kUnlimited, Trace::Appenders::one, 1);
  const std::vector<TraceEvent> events = events_of(whole.trace());
  ASSERT_GT(events.size(), 2 * kChunk);
  for (std::size_t i = 0; i < events.size(); i += 5) {
    compact.append_step(std::span(events).subspan(i, std::min<std::size_t>(5, events.size() - i)));
  }
  EXPECT_EQ(compact.hash(), whole.trace().hash());
  EXPECT_LT(compact.memory_bytes(), kChunkBytes + events.size() * 8)
      << "a run's events encode well";
  const std::vector<TraceEvent> back = events_of(compact);
  ASSERT_EQ(back.size(), events.size());
  for (std::size_t i = 0; i < events.size(); ++i) ASSERT_TRUE(same(back[i], events[i])) << i;
  for (std::size_t i = 0; i < events.size(); i += 997) ASSERT_TRUE(same(compact.at(i), events[i]));
}

}  // namespace
}  // namespace cq
