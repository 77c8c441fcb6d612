// TraceModel as bytes (engine/trace/trace_model_codec.hpp): a model with every field set to a
// value no other field holds comes back equal; so do models folded from real runs, threaded ones
// with events still deferred included; bytes cut short, altered or of another version are
// refused with a message, never misread.
#include "trace/trace_model_codec.hpp"

#include <gtest/gtest.h>

#include <string>

#include "trace_test_support.hpp"

namespace cq {
namespace {

using test::ev;

bool same_event(const TraceEvent& x, const TraceEvent& y) {
  return x.time_ns == y.time_ns && x.a == y.a && x.block == y.block && x.b == y.b &&
         x.actor == y.actor && x.p == y.p && x.kind == y.kind;
}

// TraceModel's operator== compares deferred events by index only: compare their events too.
void expect_same_model(const TraceModel& got, const TraceModel& want) {
  EXPECT_TRUE(got == want);
  ASSERT_EQ(got.deferred.size(), want.deferred.size());
  for (std::size_t i = 0; i < got.deferred.size(); ++i) {
    EXPECT_TRUE(same_event(got.deferred[i].event, want.deferred[i].event)) << "deferred " << i;
  }
}

TraceModel round_trip(const TraceModel& m) {
  std::string bytes;
  encode_model(m, bytes);
  DecodedModel decoded = decode_model(bytes);
  EXPECT_TRUE(decoded.ok()) << decoded.error;
  return decoded.ok() ? *decoded.model : TraceModel{};
}

// Every field of every record set, each to a value of its own (1, 2, 3...), so a field written
// into another's place, or not written at all, shows. When a field is added to TraceModel or
// one of its records, set it here too (the codec itself will not compile until it names it).
TraceModel every_field_set() {
  std::uint64_t next = 1;
  auto v = [&next] { return next++; };
  TraceModel m;
  m.events = v();
  m.time_ns = v();
  m.phase = GcPhase::sweep;
  m.cycle = v();
  m.active_sweepers = static_cast<std::uint32_t>(v());
  m.drained = false;
  m.ps = {ModelP{static_cast<std::uint32_t>(v()), static_cast<std::uint32_t>(v()),
                 static_cast<std::uint16_t>(v())},
          ModelP{}};
  m.blocks = {ModelBlock{BlockPlace::flusher, static_cast<std::uint32_t>(v()),
                         static_cast<std::uint32_t>(v())},
              ModelBlock{BlockPlace::worker, 0, 0}, ModelBlock{}};
  m.full_stack = {2, 0};
  m.free_stack = {1};
  ModelWorker w;
  w.actor = static_cast<std::uint16_t>(v());
  w.fing = true;
  w.running_cleanups = true;
  w.phase = WorkerPhase::exited;
  w.block = static_cast<std::uint32_t>(v());
  w.next_slot = static_cast<std::uint32_t>(v());
  w.pending = static_cast<std::uint32_t>(v());
  w.executed = v();
  m.workers = {w, ModelWorker{}};
  m.worker_of_actor = {kNoWorker, 1, 0};
  m.flush = {true,
             static_cast<std::uint32_t>(v()),
             static_cast<std::uint32_t>(v()),
             static_cast<std::uint32_t>(v()),
             static_cast<std::uint32_t>(v()),
             static_cast<std::uint32_t>(v()),
             static_cast<std::uint16_t>(v())};
  m.entries = {v(), v(), v(), v(), v()};
  ModelCounters& c = m.counters;
  for (std::uint64_t* field :
       {&c.registered, &c.enqueued, &c.executed, &c.blocks_allocated, &c.full_pushes,
        &c.flush_pushes, &c.flushes, &c.work_signalled, &c.pops, &c.wakes, &c.spurious_wakes,
        &c.needs_wake, &c.needg_raised, &c.workers_created, &c.root_scans, &c.runtime_violations,
        &c.forced_events, &c.ignored_events}) {
    *field = v();
  }
  for (std::uint32_t* field : {&c.needg, &c.ng, &c.running, &c.sleepers}) {
    *field = static_cast<std::uint32_t>(v());
  }
  // DeferredEvent::index is a size_t: 32 bits in the web build.
  m.deferred = {
      DeferredEvent{ev(EventKind::pop_full, 7, 2, 3, v(), 5, v()), static_cast<std::size_t>(v())},
      DeferredEvent{ev(EventKind::block_from_free, 8, 1, 1, v(), 6, v()),
                    static_cast<std::size_t>(v())}};
  m.finished = true;
  m.complete = true;
  m.stranded = true;
  m.gomaxprocs = static_cast<std::uint32_t>(v());
  m.goexits = static_cast<std::uint32_t>(v());
  m.crash = static_cast<std::uint32_t>(v());
  return m;
}

TEST(ModelCodec, EveryFieldComesBack) {
  const TraceModel m = every_field_set();
  ASSERT_FALSE(m == TraceModel{});
  expect_same_model(round_trip(m), m);
  expect_same_model(round_trip(TraceModel{}), TraceModel{});
  expect_same_model(round_trip(TraceModel(8)), TraceModel(8));
}

// Each field changed alone changes the bytes: none is left out of the encoding.
TEST(ModelCodec, EachFieldChangesTheBytes) {
  std::string base;
  encode_model(TraceModel{}, base);
  const TraceModel full = every_field_set();
  std::string all;
  encode_model(full, all);
  EXPECT_NE(base, all);
  // A model differing from the default in one counter only.
  TraceModel one;
  one.counters.ignored_events = 1;
  std::string one_bytes;
  encode_model(one, one_bytes);
  EXPECT_NE(one_bytes, base);
  EXPECT_EQ(one_bytes.size(), base.size());
}

TEST(ModelCodec, ModelsFoldedFromRealRunsComeBack) {
  for (const RunnerKind runner : {RunnerKind::inline_, RunnerKind::threaded}) {
    Scenario s = test::base_scenario(runner);
    auto sim = test::run_scenario(s);
    const Trace& trace = sim->trace();
    TraceModel m(s.gomaxprocs);
    std::size_t with_deferred = 0;
    for (std::size_t i = 0; i < trace.size(); ++i) {
      m.apply(trace.at(i));
      if (!m.deferred.empty()) ++with_deferred;
      if (i % 97 == 0 || !m.deferred.empty()) expect_same_model(round_trip(m), m);
    }
    expect_same_model(round_trip(m), m);
    if (runner == RunnerKind::inline_) {
      EXPECT_EQ(with_deferred, 0u) << "inline traces are causal";
    }
  }
}

std::string encoded_example() {
  std::string bytes;
  encode_model(every_field_set(), bytes);
  return bytes;
}

TEST(ModelCodec, BytesCutShortAreRefused) {
  const std::string bytes = encoded_example();
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    const DecodedModel d = decode_model(std::string_view(bytes).substr(0, n));
    ASSERT_FALSE(d.ok()) << "cut to " << n << " of " << bytes.size() << " bytes";
    EXPECT_FALSE(d.error.empty());
  }
}

TEST(ModelCodec, EveryAlteredByteIsRefused) {
  const std::string bytes = encoded_example();
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    std::string altered = bytes;
    altered[i] = static_cast<char>(altered[i] ^ 0x10);
    const DecodedModel d = decode_model(altered);
    ASSERT_FALSE(d.ok()) << "byte " << i << " altered";
  }
  std::string longer = bytes + "x";
  EXPECT_FALSE(decode_model(longer).ok());
}

TEST(ModelCodec, RefusalsSayWhatIsWrong) {
  std::string bytes = encoded_example();
  EXPECT_EQ(decode_model("CQTRACE1 not a model at all").error, "is not a model snapshot");
  std::string other_version = bytes;
  other_version[4] = 9;  // the version's low byte
  EXPECT_EQ(decode_model(other_version).error,
            "is a model snapshot of version 9: this build reads version " +
                std::to_string(kModelCodecVersion));
  bytes[20] = static_cast<char>(bytes[20] ^ 1);
  EXPECT_EQ(decode_model(bytes).error, "fails its checksum: the snapshot was altered or cut short");
}

// Checksums are not signatures: a snapshot rewritten with a valid checksum must still not name
// a P or a worker the fold would index past (TraceModel::set_n reads ps[owner]).
TEST(ModelCodec, ABlockOwnedByAMissingPOrWorkerIsRefused) {
  for (BlockPlace place : {BlockPlace::p, BlockPlace::worker}) {
    TraceModel m(2);
    m.workers.resize(1);
    m.blocks = {ModelBlock{place, 0, 3}};
    std::string bytes;
    encode_model(m, bytes);
    EXPECT_TRUE(decode_model(bytes).ok()) << decode_model(bytes).error;
    m.blocks[0].owner = place == BlockPlace::p ? 2 : 1;
    bytes.clear();
    encode_model(m, bytes);
    const DecodedModel decoded = decode_model(bytes);
    EXPECT_FALSE(decoded.ok());
    EXPECT_NE(decoded.error.find("block 0 names owner"), std::string::npos) << decoded.error;
  }
}

}  // namespace
}  // namespace cq
