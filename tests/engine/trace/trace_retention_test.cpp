// Trace retention: with a limit of N chunks, memory stays at N chunks however long the run,
// while size(), the per-kind counts and the hash still cover every event; TraceIndex keeps the
// model known at the window's start and seeks anywhere inside the window.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "trace/trace_index.hpp"
#include "trace_test_support.hpp"

namespace cq {
namespace {

using test::base_scenario;
using test::ev;
using test::events_of;

constexpr std::size_t kChunk = Trace::kChunkEvents;
constexpr std::size_t kChunkBytes = kChunk * sizeof(TraceEvent);

// Event i of a synthetic stream: distinct enough that the hash sees every field.
TraceEvent numbered(std::size_t i) {
  return ev(static_cast<EventKind>(i % kEventKindCount), static_cast<std::uint16_t>(i % 7),
            static_cast<std::uint16_t>(i % 5), static_cast<std::uint32_t>(i / 3), i, 0, i * 10);
}

void append_numbered(Trace& trace, std::size_t from, std::size_t to) {
  std::vector<TraceEvent> step;
  for (std::size_t i = from; i < to; i += 3) {  // steps of up to 3 events
    step.clear();
    for (std::size_t j = i; j < std::min(to, i + 3); ++j) step.push_back(numbered(j));
    trace.append_step(step);
  }
}

TEST(TraceRetention, KeepsTheNewestChunksAndTheWholeHash) {
  Trace bounded(true, 2);
  // Raw throughout, so its memory is six whole chunks (trace_compaction_test.cpp encodes).
  Trace whole(true, Trace::kUnlimited, Trace::kUnlimited, Trace::Appenders::many,
              Trace::kUnlimited);
  const std::size_t total = 5 * kChunk + 123;
  append_numbered(bounded, 0, total);
  append_numbered(whole, 0, total);
  EXPECT_EQ(bounded.size(), total);
  EXPECT_EQ(bounded.first_retained(), 4 * kChunk);  // chunks 4 and 5 are kept
  EXPECT_EQ(bounded.memory_bytes(), 2 * kChunkBytes);
  EXPECT_EQ(whole.memory_bytes(), 6 * kChunkBytes);
  EXPECT_EQ(bounded.hash(), whole.hash());
  EXPECT_EQ(bounded.steps(), whole.steps());
  EXPECT_EQ(bounded.total_events(), total);
  for (std::size_t k = 0; k < kEventKindCount; ++k) {
    EXPECT_EQ(bounded.count(static_cast<EventKind>(k)), whole.count(static_cast<EventKind>(k)));
  }
  for (std::size_t i : {4 * kChunk, 4 * kChunk + 1, 5 * kChunk + 77, total - 1}) {
    EXPECT_EQ(bounded.at(i).a, i);
  }
  EXPECT_FALSE(bounded.read(0, total, [](std::span<const TraceEvent>) {}));
  std::size_t visited = 0;
  EXPECT_TRUE(bounded.read(4 * kChunk, total, [&](std::span<const TraceEvent> events) {
    for (const TraceEvent& e : events) EXPECT_EQ(e.a, 4 * kChunk + visited++);
  }));
  EXPECT_EQ(visited, total - 4 * kChunk);
}

// at(i) outside the stored events is a programming error (docs/errors.md): std::out_of_range,
// naming the index and what is stored; before the window (released), at size() and past it,
// and on an empty trace. Inside the window it still reads.
TEST(TraceRetention, AtOutsideTheStoredEventsThrows) {
  Trace empty;
  EXPECT_THROW(empty.at(0), std::out_of_range);
  Trace bounded(true, 2);
  const std::size_t total = 2 * kChunk + 5;  // chunks 0..2: 1 and 2 kept
  append_numbered(bounded, 0, total);
  ASSERT_EQ(bounded.first_retained(), kChunk);
  for (const std::size_t i : {std::size_t{0}, kChunk - 1, total, total + 1, std::size_t(-1)}) {
    EXPECT_THROW(bounded.at(i), std::out_of_range) << i;
  }
  EXPECT_EQ(bounded.at(kChunk).a, kChunk);
  EXPECT_EQ(bounded.at(total - 1).a, total - 1);
  try {
    bounded.at(total);
    ADD_FAILURE() << "at(size()) returned";
  } catch (const std::out_of_range& e) {
    const std::string expected = "Trace::at(" + std::to_string(total) +
                                 "): not a stored event: stored are " + std::to_string(kChunk) +
                                 ".." + std::to_string(total - 1);
    EXPECT_EQ(e.what(), expected);
  }
}

// The storage cap: the first chunks are stored, later events only counted and hashed, so a run
// too big for its memory budget keeps its start and its whole hash (the app's kAppTraceMib).
TEST(TraceStorageCap, StoresTheFirstChunksAndStillCountsAndHashesEveryEvent) {
  Trace capped(true, Trace::kUnlimited, 2 * kChunkBytes);
  Trace whole;
  const std::size_t total = 3 * kChunk + 17;
  append_numbered(capped, 0, total);
  append_numbered(whole, 0, total);
  EXPECT_EQ(capped.size(), 2 * kChunk);
  EXPECT_EQ(capped.memory_bytes(), 2 * kChunkBytes);
  EXPECT_EQ(capped.first_retained(), 0u);
  EXPECT_EQ(capped.total_events(), total);
  EXPECT_EQ(capped.hash(), whole.hash());
  EXPECT_FALSE(capped.holds_every_event());
  EXPECT_TRUE(whole.holds_every_event());
  EXPECT_EQ(capped.at(2 * kChunk - 1).a, 2 * kChunk - 1);
  // Not recording holds nothing, so it never claims the whole run.
  Trace counting_only(false);
  append_numbered(counting_only, 0, 10);
  EXPECT_FALSE(counting_only.holds_every_event());
}

// One appender (the inline runner's trace) takes no lock; what it keeps must be what a trace
// with many appenders keeps, in every storage mode, and memory_bytes() (now worked out from
// size() and first_retained()) must count the chunks as before, at a chunk's edge too.
TEST(TraceAppenders, OneAppenderKeepsExactlyWhatManyKeep) {
  struct Mode {
    std::size_t retained;
    std::size_t stored;
  };
  for (const Mode mode : {Mode{Trace::kUnlimited, Trace::kUnlimited}, Mode{2, Trace::kUnlimited},
                          Mode{Trace::kUnlimited, 2 * kChunkBytes}}) {
    Trace one(true, mode.retained, mode.stored, Trace::Appenders::one);
    Trace many(true, mode.retained, mode.stored, Trace::Appenders::many);
    EXPECT_EQ(one.memory_bytes(), 0u);
    for (const std::size_t end : {kChunk - 1, kChunk, kChunk + 1, 3 * kChunk + 5}) {
      append_numbered(one, one.total_events(), end);
      append_numbered(many, many.total_events(), end);
      SCOPED_TRACE(testing::Message() << "retained " << mode.retained << ", stored " << mode.stored
                                      << ", " << end << " events");
      EXPECT_EQ(one.hash(), many.hash());
      EXPECT_EQ(one.size(), many.size());
      EXPECT_EQ(one.steps(), many.steps());
      EXPECT_EQ(one.first_retained(), many.first_retained());
      EXPECT_EQ(one.memory_bytes(), many.memory_bytes());
      EXPECT_EQ(one.total_events(), end);
    }
    const std::vector<TraceEvent> kept_one = events_of(one);
    const std::vector<TraceEvent> kept_many = events_of(many);
    ASSERT_EQ(kept_one.size(), kept_many.size());
    for (std::size_t i = 0; i < kept_one.size(); ++i) {
      EXPECT_EQ(Trace::hash_event(0, kept_one[i]), Trace::hash_event(0, kept_many[i])) << i;
    }
  }
  Trace whole(true, Trace::kUnlimited, Trace::kUnlimited, Trace::Appenders::one);
  append_numbered(whole, 0, kChunk);
  EXPECT_EQ(whole.memory_bytes(), kChunkBytes) << "a full chunk and no event past it";
  append_numbered(whole, kChunk, kChunk + 1);
  EXPECT_EQ(whole.memory_bytes(), 2 * kChunkBytes);
}

// The one appender's readers on other threads (the app's UI thread) read the published hash,
// size and memory without a lock (TSan's case); the hash they see is always a whole step's.
TEST(TraceAppenders, ReadersOfAOneAppenderTraceSeeWholeSteps) {
  const std::size_t total = 3 * kChunk;
  // The hash after each whole step (append_numbered's steps are 3 events).
  std::set<std::uint64_t> step_hashes{Trace::kHashSeed};
  Trace reference;
  for (std::size_t i = 0; i < total; i += 3) {
    append_numbered(reference, i, std::min(total, i + 3));
    step_hashes.insert(reference.hash());
  }
  Trace trace(true, 2, Trace::kUnlimited, Trace::Appenders::one);
  std::atomic<bool> done{false};
  std::vector<std::uint64_t> seen;
  std::size_t largest_memory = 0;
  std::thread reader([&] {
    while (!done.load(std::memory_order_acquire)) {
      const std::uint64_t h = trace.hash();
      if (seen.empty() || seen.back() != h) seen.push_back(h);
      largest_memory = std::max(largest_memory, trace.memory_bytes());
    }
  });
  append_numbered(trace, 0, total);
  done.store(true, std::memory_order_release);
  reader.join();
  EXPECT_EQ(trace.hash(), reference.hash());
  for (const std::uint64_t h : seen) EXPECT_TRUE(step_hashes.count(h) == 1) << "hash " << h;
  // Two retained chunks, and one more while the reader's two loads straddle a release.
  EXPECT_LE(largest_memory, 3 * kChunkBytes);
}

// A reader visiting the window while the appender releases chunks under it (TSan's case). The
// threads take turns by handshake (atomics, not timing), so every chunk is read while it is
// being appended: for chunk c the reader (1) captures the window's start, which appending c will
// release (c >= 2), (2) reads the live window until it has been shown the first half of c, while
// the appender waits, and keeps reading while the second half is appended, checking that every
// event it is shown is the one appended at that index, and (3) checks that a read from the
// captured start is now refused rather than shown reused storage.
TEST(TraceRetention, ConcurrentReadersNeverSeeAReleasedChunk) {
  Trace trace(true, 2);
  const std::size_t chunks = test::kSanitized ? 6 : 12;
  constexpr std::size_t kHalf = kChunk / 2;
  std::atomic<std::size_t> captured{0};         // reader: chunks whose window start it captured
  std::atomic<std::size_t> seen_upto{0};        // reader: index after the last event it was shown
  std::atomic<std::size_t> appended_chunks{0};  // appender: chunks complete
  std::thread appender([&] {
    for (std::size_t c = 0; c < chunks; ++c) {
      while (captured.load(std::memory_order_acquire) <= c) std::this_thread::yield();
      append_numbered(trace, c * kChunk, c * kChunk + kHalf);  // the first append releases c-2
      while (seen_upto.load(std::memory_order_acquire) < c * kChunk + kHalf)
        std::this_thread::yield();
      append_numbered(trace, c * kChunk + kHalf, (c + 1) * kChunk);
      appended_chunks.store(c + 1, std::memory_order_release);
    }
  });
  std::size_t wrong = 0, checked = 0;
  auto read_window = [&](std::size_t from, std::size_t to) {
    std::size_t i = from;
    const bool read = trace.read(from, to, [&](std::span<const TraceEvent> events) {
      for (const TraceEvent& e : events) {
        if (e.a != i) ++wrong;  // storage of a released chunk, reused for a newer one
        ++i;
        ++checked;
      }
    });
    if (read)
      seen_upto.store(std::max(seen_upto.load(std::memory_order_relaxed), i),
                      std::memory_order_release);
    return read;
  };
  for (std::size_t c = 0; c < chunks; ++c) {
    const std::size_t stale_from = trace.first_retained();
    captured.store(c + 1, std::memory_order_release);
    while (appended_chunks.load(std::memory_order_acquire) <= c) {
      read_window(trace.first_retained(), trace.size());
    }
    if (c >= 2) {  // two chunks kept: appending chunk c released chunk c-2, where stale_from lay
      EXPECT_EQ(trace.first_retained(), (c - 1) * kChunk);
      EXPECT_FALSE(read_window(stale_from, stale_from + kChunk))
          << "chunk " << c - 2 << " was released";
    }
  }
  appender.join();
  EXPECT_EQ(wrong, 0u) << "a reader was shown events of a released chunk";
  EXPECT_GE(checked, chunks * kHalf) << "each chunk's first half was read while appending";
  EXPECT_TRUE(read_window(trace.first_retained(), trace.size()));
  EXPECT_EQ(trace.memory_bytes(), 2 * kChunkBytes);
  ::testing::Test::RecordProperty("events_checked_while_appending", static_cast<int>(checked));
}

// A real run long enough to release chunks, followed by an index that catches up between pieces
// of the run (as a UI frame loop does): memory stays bounded, the hash equals an unbounded run's,
// and the index still knows the model at the window's start and at the end.
TEST(TraceRetention, BoundedRunHashesLikeTheWholeRunAndStaysSeekable) {
  Scenario s = base_scenario(RunnerKind::inline_);
  s.gomaxprocs = 8;
  s.mutators = 8;
  s.cleanups = 12'000;  // ~330 K events: five chunks
  s.costs.cleanup_ns = 100;
  Scenario bounded_s = s;
  bounded_s.trace_retained_chunks = 2;

  SimRuntime whole(s);
  ASSERT_EQ(whole.run().why, RunStop::finished);
  const std::vector<TraceEvent> events = events_of(whole.trace());
  ASSERT_GT(events.size(), 4 * kChunk) << "the run must outgrow the retention window";

  SimRuntime bounded(bounded_s);
  TraceIndex index(bounded.trace(), TraceModel(s.gomaxprocs));
  std::size_t peak_trace_bytes = 0;
  std::size_t peak_snapshots = 0;
  for (;;) {
    RunLimit piece;
    piece.max_steps = 20'000;
    const RunOutcome out = bounded.run(piece);
    index.catch_up();
    peak_trace_bytes = std::max(peak_trace_bytes, bounded.trace().memory_bytes());
    peak_snapshots = std::max(peak_snapshots, index.snapshot_count());
    if (out.why == RunStop::finished) break;
    ASSERT_EQ(out.why, RunStop::step_limit);
  }
  EXPECT_LE(peak_trace_bytes, 2 * kChunkBytes);
  EXPECT_LE(peak_snapshots, 3u);  // the window's start, the next boundary, and one being made
  EXPECT_EQ(bounded.trace().hash(), whole.trace().hash());
  EXPECT_EQ(bounded.trace().size(), whole.trace().size());
  EXPECT_EQ(bounded.summary().events, whole.summary().events);
  EXPECT_GT(bounded.trace().first_retained(), 0u);

  const std::size_t window = bounded.trace().first_retained();
  EXPECT_EQ(index.earliest_seekable(), window);
  EXPECT_EQ(index.head(), test::fold(events, s.gomaxprocs));
  EXPECT_EQ(index.model_after_count(window),
            test::fold(std::span(events).first(window), s.gomaxprocs));
  const std::size_t inside = window + (events.size() - window) / 3;
  EXPECT_EQ(index.model_after_count(inside),
            test::fold(std::span(events).first(inside), s.gomaxprocs));
  EXPECT_THROW(index.model_after_count(window - 1), std::out_of_range);
}

TEST(TraceRetention, AnIndexThatFellBehindTheWindowSaysSo) {
  Trace trace(true, 1);
  TraceIndex index(trace);
  append_numbered(trace, 0, 3 * kChunk);
  // A caller's bug (it let the retention window run ahead), not bad input: docs/errors.md.
  EXPECT_THROW(index.catch_up(), std::logic_error);
}

}  // namespace
}  // namespace cq
