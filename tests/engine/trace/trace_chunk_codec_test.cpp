// EncodedChunk: every event decodes to exactly what was encoded, whatever its fields hold, from
// any starting index; and real runs take at most 8 bytes an event (issue 17 item 1).
#include "trace/trace_chunk_codec.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "trace_test_support.hpp"

namespace cq {
namespace {

using test::ev;

// Byte for byte, reserved bytes included (TraceEvent has no padding).
bool same(const TraceEvent& x, const TraceEvent& y) {
  return std::memcmp(&x, &y, sizeof(TraceEvent)) == 0;
}

std::vector<TraceEvent> decode_all(const EncodedChunk& chunk) {
  std::vector<TraceEvent> out(chunk.size());
  chunk.decode(0, chunk.size(), out.data());
  return out;
}

void expect_round_trip(const std::vector<TraceEvent>& events) {
  const EncodedChunk chunk = EncodedChunk::encode(events);
  ASSERT_EQ(chunk.size(), events.size());
  const std::vector<TraceEvent> back = decode_all(chunk);
  for (std::size_t i = 0; i < events.size(); ++i) {
    ASSERT_TRUE(same(back[i], events[i]))
        << "event " << i << " (" << to_string(events[i].kind) << ")";
  }
}

constexpr std::uint64_t kMax64 = std::numeric_limits<std::uint64_t>::max();
constexpr std::uint32_t kMax32 = std::numeric_limits<std::uint32_t>::max();

// Every kind with each field at its extremes, after and before ordinary values, with the time
// jumping to its largest value and back to 0 (threaded runners append out of time order).
TEST(TraceChunkCodec, EveryKindRoundTripsWithExtremeFields) {
  std::vector<TraceEvent> events;
  const std::uint64_t times[] = {0, 5, kMax64, 0, 1, kMax64 - 1, 7, 3};
  std::size_t t = 0;
  for (const EventKind kind : kEveryEventKind) {
    auto add = [&](std::uint16_t actor, std::uint16_t p, std::uint32_t block, std::uint64_t a,
                   std::uint32_t b) {
      events.push_back(ev(kind, actor, p, block, a, b, times[t++ % std::size(times)]));
    };
    add(0, kNoP, kNoBlock, 0, 0);  // what a restart predicts: no field differs
    add(kRuntimeActor, 0, 0, kMax64, kMax32);
    add(1, kNoP - 1, kNoBlock - 1, 1, 1);
    add(kRuntimeActor, kNoP, kNoBlock, kMax64, 0);
    add(0, 0, 0, 0, kMax32);
    add(12345, 3, 1u << 31, std::uint64_t{1} << 63, 1u << 31);
    add(12345, 3, 1u << 31, std::uint64_t{1} << 63, 1u << 31);  // all the same as the last
  }
  expect_round_trip(events);
}

// Random events, of kinds and values both near and far from the last of their kind, over more than
// one restart block and a chunk's full length; then every decoded range equals the original,
// including ranges that start or end at and around restart boundaries.
TEST(TraceChunkCodec, AnyRangeDecodesToTheOriginalEvents) {
  std::mt19937_64 random(17);
  std::vector<TraceEvent> events(Trace::kChunkEvents);
  std::uint64_t time = 1000;
  std::vector<TraceEvent> last(kEventKindCount);
  for (TraceEvent& e : events) {
    const auto kind = static_cast<EventKind>(random() % kEventKindCount);
    TraceEvent& prev = last[static_cast<std::size_t>(kind)];
    const bool near = random() % 4 != 0;
    e = ev(kind, static_cast<std::uint16_t>(near ? prev.actor + random() % 3 : random()),
           static_cast<std::uint16_t>(near ? prev.p : random()),
           static_cast<std::uint32_t>(near ? prev.block + random() % 5 : random()),
           near ? prev.a + 1 : random(), static_cast<std::uint32_t>(near ? prev.b : random()),
           time);
    if (random() % 8 == 0) time += random() % 100'000;
    if (random() % 64 == 0) time -= random() % 50;  // a parallel step appended late
    prev = e;
  }
  const EncodedChunk chunk = EncodedChunk::encode(events);
  const std::vector<TraceEvent> back = decode_all(chunk);
  for (std::size_t i = 0; i < events.size(); ++i) ASSERT_TRUE(same(back[i], events[i])) << i;

  constexpr std::size_t kBlock = EncodedChunk::kRestartEvents;
  std::vector<std::pair<std::size_t, std::size_t>> ranges = {{0, 1},
                                                             {kBlock - 1, 2},
                                                             {kBlock, 1},
                                                             {kBlock + 1, kBlock},
                                                             {3 * kBlock - 5, 3 * kBlock},
                                                             {events.size() - 1, 1},
                                                             {0, events.size()}};
  for (int k = 0; k < 200; ++k) {
    const std::size_t first = random() % events.size();
    ranges.emplace_back(first, 1 + random() % (events.size() - first));
  }
  std::vector<TraceEvent> out;
  for (const auto& [first, count] : ranges) {
    out.assign(count, TraceEvent{});
    chunk.decode(first, count, out.data());
    for (std::size_t k = 0; k < count; ++k) {
      ASSERT_TRUE(same(out[k], events[first + k])) << "range " << first << "+" << count;
    }
  }
}

// A chunk that is not whole (the codec takes any length) and an empty one.
TEST(TraceChunkCodec, PartialAndEmptyChunksRoundTrip) {
  std::vector<TraceEvent> events;
  for (std::uint64_t i = 0; i < 3 * EncodedChunk::kRestartEvents + 7; ++i) {
    events.push_back(ev(EventKind::enqueue, 2, 1, static_cast<std::uint32_t>(i / 8), i,
                        static_cast<std::uint32_t>(i % 8), i * 100));
  }
  expect_round_trip(events);
  expect_round_trip({});
}

// The fast form's limits (an actor byte, a time advance of at most 255 ns): events on both sides
// of each limit, fully predicted or not, with the time standing, advancing, going back and
// jumping; and fully predicted events within the limits take at most three bytes each.
TEST(TraceChunkCodec, EventsAtTheFastFormsLimitsRoundTrip) {
  std::vector<TraceEvent> events;
  std::uint64_t time = 1000;
  const std::uint64_t advances[] = {0, 1, 255, 256, 0, kMax64 - 5, 7, 300};
  std::size_t k = 0;
  for (const std::uint16_t actor : {0, 1, 254, 255, 256, 257, 1000, 0xfffe, 0xffff}) {
    for (int repeat = 0; repeat < 6; ++repeat) {  // the same context again: predicted from the 3rd
      time += advances[k++ % std::size(advances)];
      events.push_back(ev(EventKind::enqueue, actor, 3, 40, 100 + repeat, 7 + repeat, time));
      events.push_back(ev(EventKind::park, actor, kNoP, kNoBlock, 0, 0, time));
    }
  }
  time -= 1;  // a step appended late
  events.push_back(ev(EventKind::enqueue, 255, 3, 40, 106, 13, time));
  expect_round_trip(events);

  std::vector<TraceEvent> predicted;
  for (std::uint64_t i = 0; i < EncodedChunk::kRestartEvents; ++i) {
    predicted.push_back(ev(EventKind::cleanup_run, static_cast<std::uint16_t>(200 + i % 56), kNoP,
                           kNoBlock, 0, 0, i * 255));
  }
  const EncodedChunk chunk = EncodedChunk::encode(predicted);
  EXPECT_LE(chunk.memory_bytes(), 3 * predicted.size() + 64 + sizeof(EncodedChunk));
  expect_round_trip(predicted);
}

// Strides: a field that moves by the same step twice is predicted to go on (across the wrap of
// its width, and block's carry into b), an odd move once does not change the stride, and a
// restart block starts again from the defaults whatever the one before learned.
TEST(TraceChunkCodec, StridesWrapsAndRestartsRoundTrip) {
  std::vector<TraceEvent> events;
  for (std::uint64_t i = 0; i < 3 * EncodedChunk::kRestartEvents; ++i) {
    const bool odd = i % 50 == 49;  // a jump now and then, then the old stride again
    events.push_back(ev(EventKind::enqueue, 4, static_cast<std::uint16_t>(0xfff0 + i),
                        static_cast<std::uint32_t>(kNoBlock - 300 + i), kMax64 - 2000 + 3 * i,
                        static_cast<std::uint32_t>(kMax32 - 600 + 2 * i + (odd ? 1000 : 0)), i));
    events.push_back(ev(EventKind::p_acquired, 9, static_cast<std::uint16_t>(i % 8)));
  }
  // The defaults again, right after a restart block whose contexts all moved.
  for (std::size_t i = 0; i < EncodedChunk::kRestartEvents; ++i) {
    events.push_back(ev(EventKind::enqueue, 4));
    events.push_back(ev(EventKind::p_acquired, 9));
  }
  expect_round_trip(events);
  const EncodedChunk chunk = EncodedChunk::encode(events);
  std::vector<TraceEvent> out(7);
  const std::size_t from = 6 * EncodedChunk::kRestartEvents - 3;
  chunk.decode(from, out.size(), out.data());
  for (std::size_t k = 0; k < out.size(); ++k) EXPECT_TRUE(same(out[k], events[from + k])) << k;
}

// Encoding and decoding on one thread share its tables: a decode between two encodes, and an
// encode between two decodes of the same chunk, change nothing either reads.
TEST(TraceChunkCodec, EncodesAndDecodesInterleavedOnOneThread) {
  std::mt19937_64 random(5);
  auto some_events = [&](std::size_t n) {
    std::vector<TraceEvent> events;
    for (std::size_t i = 0; i < n; ++i) {
      events.push_back(ev(static_cast<EventKind>(random() % 4), static_cast<std::uint16_t>(i % 3),
                          static_cast<std::uint16_t>(random() % 2), kNoBlock, i + random() % 2, 0,
                          i / 3));
    }
    return events;
  };
  const std::vector<TraceEvent> first = some_events(2500);
  const EncodedChunk first_chunk = EncodedChunk::encode(first);
  std::vector<TraceEvent> out(1000);
  first_chunk.decode(1500, 1000, out.data());
  const std::vector<TraceEvent> second = some_events(2500);
  const EncodedChunk second_chunk = EncodedChunk::encode(second);
  for (std::size_t k = 0; k < out.size(); ++k) ASSERT_TRUE(same(out[k], first[1500 + k])) << k;
  first_chunk.decode(700, 1000, out.data());
  for (std::size_t k = 0; k < out.size(); ++k) ASSERT_TRUE(same(out[k], first[700 + k])) << k;
  const std::vector<TraceEvent> back = decode_all(second_chunk);
  for (std::size_t i = 0; i < second.size(); ++i) ASSERT_TRUE(same(back[i], second[i])) << i;
}

// The goal of issue 17 item 1 on real runs, inline and threaded (their orders differ): each
// chunk's encoding is at most 8 bytes an event, restart table and all.
TEST(TraceChunkCodec, RealRunsTakeAtMostEightBytesAnEvent) {
  for (const RunnerKind runner : {RunnerKind::inline_, RunnerKind::threaded}) {
    Scenario s = test::base_scenario(runner);
    s.gomaxprocs = 8;
    s.mutators = 8;
    s.cleanups = test::kSanitized ? 600 : 3000;
    SimRuntime sim(s);
    ASSERT_EQ(sim.run().why, RunStop::finished);
    const std::vector<TraceEvent> events = test::events_of(sim.trace());
    ASSERT_GT(events.size(), 20'000u);
    std::size_t bytes = 0;
    for (std::size_t first = 0; first < events.size(); first += Trace::kChunkEvents) {
      const std::size_t n = std::min(Trace::kChunkEvents, events.size() - first);
      const EncodedChunk chunk =
          EncodedChunk::encode(std::span<const TraceEvent>(events).subspan(first, n));
      bytes += chunk.memory_bytes();
      const std::vector<TraceEvent> back = decode_all(chunk);
      for (std::size_t i = 0; i < n; ++i) ASSERT_TRUE(same(back[i], events[first + i]));
    }
    const double per_event = static_cast<double>(bytes) / static_cast<double>(events.size());
    ::testing::Test::RecordProperty(runner == RunnerKind::inline_ ? "inline_bytes_per_event_x100"
                                                                  : "threaded_bytes_per_event_x100",
                                    static_cast<int>(per_event * 100));
    EXPECT_LE(per_event, 8.0) << to_string(runner) << ": " << events.size() << " events";
  }
}

}  // namespace
}  // namespace cq
