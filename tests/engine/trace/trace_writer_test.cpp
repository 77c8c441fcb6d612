// Traces written while a run goes on (engine/trace/trace_writer.hpp, compact_trace_*.hpp): the
// compact file holds exactly the events a stored trace holds, in order, with the run's hash; a
// seek anywhere returns the same events as the stored trace there; a file cut short, altered or
// foreign is refused with a message naming it; the streamed Chrome JSON is byte for byte what
// the export of a stored trace writes.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "io/output_file.hpp"
#include "io_test_support.hpp"
#include "runtime/sim_runtime.hpp"
#include "support/runtime_test_support.hpp"
#include "trace/compact_trace_format.hpp"
#include "trace/compact_trace_reader.hpp"
#include "trace/compact_trace_writer.hpp"
#include "trace/trace_model.hpp"
#include "trace_test_support.hpp"

namespace cq {
namespace {

using io_test::fresh_dir;
using test::ev;

bool same(const TraceEvent& x, const TraceEvent& y) {
  return x.time_ns == y.time_ns && x.a == y.a && x.block == y.block && x.b == y.b &&
         x.actor == y.actor && x.p == y.p && x.kind == y.kind;
}

// A run big enough for several frames, stored (record_trace) and written to `path` at once.
struct WrittenRun {
  std::unique_ptr<SimRuntime> sim;
  std::uint64_t written = 0;
};

WrittenRun run_and_write(const std::string& path, Scenario s, SnapshotRule rule = {},
                         std::uint64_t* skipped_snapshots = nullptr) {
  s.record_trace = true;
  io::OutputFile file(path);
  EXPECT_TRUE(file.ok()) << file.error();
  CompactTraceWriter writer(file, TraceModel(s.gomaxprocs), rule);
  WrittenRun w;
  w.sim = std::make_unique<SimRuntime>(s, &writer);
  EXPECT_EQ(w.sim->run().why, RunStop::finished);
  EXPECT_TRUE(writer.finish(w.sim->runner().trace_tracks())) << file.error();
  EXPECT_TRUE(file.commit()) << file.error();
  w.written = writer.events();
  if (skipped_snapshots != nullptr) *skipped_snapshots = writer.skipped_snapshots();
  return w;
}

Scenario several_frames() {
  Scenario s = test::small_scenario();
  s.gomaxprocs = 4;
  s.mutators = 4;
  s.cleanups = 20000;  // several frames, the last one partial (checked below)
  return s;
}

CompactTraceReader open_or_fail(const std::string& path) {
  auto opened = CompactTraceReader::open(path);
  if (auto* error = std::get_if<std::string>(&opened)) ADD_FAILURE() << *error;
  return std::move(std::get<CompactTraceReader>(opened));
}

std::string open_error(const std::string& path) {
  auto opened = CompactTraceReader::open(path);
  auto* error = std::get_if<std::string>(&opened);
  return error != nullptr ? *error : std::string("(opened)");
}

TEST(CompactTrace, HoldsEveryEventOfTheRunInOrderWithItsHash) {
  const std::string path = fresh_dir() + "/run.cqtrace";
  const WrittenRun w = run_and_write(path, several_frames());
  const Trace& trace = w.sim->trace();
  ASSERT_TRUE(trace.holds_every_event());
  ASSERT_GT(trace.size(), 4 * compact_trace::kFrameEvents);
  CompactTraceReader reader = open_or_fail(path);
  EXPECT_EQ(reader.events(), trace.size());
  EXPECT_EQ(reader.steps(), trace.steps());
  EXPECT_EQ(reader.hash(), trace.hash());
  EXPECT_EQ(reader.frames(),
            (trace.size() + compact_trace::kFrameEvents - 1) / compact_trace::kFrameEvents);
  const auto tracks = w.sim->runner().trace_tracks();
  ASSERT_EQ(reader.tracks().size(), tracks.size());
  for (std::size_t i = 0; i < tracks.size(); ++i) {
    EXPECT_EQ(reader.tracks()[i].actor, tracks[i].actor);
    EXPECT_EQ(reader.tracks()[i].name, tracks[i].name);
  }
  std::vector<TraceEvent> events;
  ASSERT_EQ(reader.read(0, reader.events(), events), std::nullopt);
  ASSERT_EQ(events.size(), trace.size());
  for (std::size_t i = 0; i < events.size(); ++i) {
    ASSERT_TRUE(same(events[i], trace.at(i))) << "event " << i;
  }
  EXPECT_EQ(reader.verify(), std::nullopt);
  // The compact format's point: a few bytes an event, where memory holds 32.
  EXPECT_LT(static_cast<double>(reader.file_bytes()) / static_cast<double>(reader.events()), 8.0);
}

TEST(CompactTrace, ASeekAnywhereReadsWhatTheStoredTraceHoldsThere) {
  const std::string path = fresh_dir() + "/run.cqtrace";
  const WrittenRun w = run_and_write(path, several_frames());
  const Trace& trace = w.sim->trace();
  CompactTraceReader reader = open_or_fail(path);
  const std::uint64_t frame = compact_trace::kFrameEvents;
  // Across a frame's boundary, at the very end, backwards, and past the end (clipped).
  const std::pair<std::uint64_t, std::uint64_t> ranges[] = {{frame - 3, frame + 3},
                                                            {3 * frame + 17, 3 * frame + 18},
                                                            {trace.size() - 5, trace.size()},
                                                            {5, 9},
                                                            {trace.size() - 2, trace.size() + 100}};
  std::vector<TraceEvent> events;
  for (const auto& [from, to] : ranges) {
    ASSERT_EQ(reader.read(from, to, events), std::nullopt);
    ASSERT_EQ(events.size(), std::min<std::uint64_t>(to, trace.size()) - from);
    for (std::size_t i = 0; i < events.size(); ++i) {
      EXPECT_TRUE(same(events[i], trace.at(from + i))) << "event " << from + i;
    }
  }
}

TEST(CompactTrace, ARunWithoutEventsGivesAnEmptyFile) {
  const std::string path = fresh_dir() + "/empty.cqtrace";
  io::OutputFile file(path);
  CompactTraceWriter writer(file, TraceModel{});
  ASSERT_TRUE(writer.finish({}));
  ASSERT_TRUE(file.commit());
  CompactTraceReader reader = open_or_fail(path);
  EXPECT_EQ(reader.events(), 0u);
  EXPECT_EQ(reader.frames(), 0u);
  EXPECT_EQ(reader.hash(), Trace::kHashSeed);
  EXPECT_EQ(reader.verify(), std::nullopt);
}

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_all(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

TEST(CompactTrace, AFileCutShortIsRefusedAndNamed) {
  const std::string dir = fresh_dir();
  run_and_write(dir + "/run.cqtrace", several_frames());
  const std::string bytes = read_all(dir + "/run.cqtrace");
  const std::string cut = dir + "/cut.cqtrace";
  write_all(cut, bytes.substr(0, bytes.size() / 2));
  EXPECT_EQ(open_error(cut), cut + ": ends before its index: the run that wrote it did not finish");
}

TEST(CompactTrace, AnAlteredByteFailsTheHashCheckOfItsFrame) {
  const std::string dir = fresh_dir();
  run_and_write(dir + "/run.cqtrace", several_frames());
  std::string bytes = read_all(dir + "/run.cqtrace");
  const std::string altered = dir + "/altered.cqtrace";
  CompactTraceReader reader = open_or_fail(dir + "/run.cqtrace");
  ASSERT_GE(reader.frames(), 3u);
  // One bit of the hash frame 2's header says came before it: frame 1's events no longer lead
  // there. (Frame 2's offset is in the index: the frames*8 bytes before the footer.)
  std::uint64_t frame2 = 0;
  const std::size_t index = bytes.size() - sizeof(compact_trace::Footer) - reader.frames() * 8;
  std::memcpy(&frame2, bytes.data() + index + 2 * 8, 8);
  bytes[frame2 + offsetof(compact_trace::FrameHeader, hash_before)] ^= 0x01;
  std::vector<TraceEvent> unused;
  write_all(altered, bytes);
  CompactTraceReader damaged = open_or_fail(altered);  // the footer and index are whole
  EXPECT_EQ(damaged.read(0, 10, unused), std::nullopt) << "frame 0 is untouched";
  EXPECT_EQ(damaged.read(compact_trace::kFrameEvents, compact_trace::kFrameEvents + 1, unused),
            altered + ": frame 1 of " + std::to_string(reader.frames()) +
                " fails its hash check: the file was altered");
  EXPECT_EQ(damaged.verify(), altered + ": frame 1 of " + std::to_string(reader.frames()) +
                                  " fails its hash check: the file was altered");
}

TEST(CompactTrace, AFileOfAnotherKindIsRefusedAndNamed) {
  const std::string dir = fresh_dir();
  const std::string json = dir + "/trace.json";
  write_all(json, "{\"displayTimeUnit\":\"ns\",\"traceEvents\":[]}\n" + std::string(100, ' '));
  EXPECT_EQ(open_error(json),
            json + ": is not a compact trace file (cleanupq run --trace FILE.cqtrace writes them)");
  EXPECT_EQ(open_error(dir + "/missing.cqtrace"),
            dir + "/missing.cqtrace: cannot open: No such file or directory");
  EXPECT_EQ(open_error(dir), dir + ": is not a regular file");
}

// [SECTION] Model snapshots.

// TraceModel's operator== compares deferred events by index only: compare their events too.
void expect_same_model(const TraceModel& got, const TraceModel& want, std::uint64_t count) {
  EXPECT_TRUE(got == want) << "the model after " << count << " events";
  ASSERT_EQ(got.deferred.size(), want.deferred.size()) << count;
  for (std::size_t i = 0; i < got.deferred.size(); ++i) {
    EXPECT_TRUE(same(got.deferred[i].event, want.deferred[i].event)) << count << ", " << i;
  }
}

// The counts to read the model after: none, the first event, every frame boundary and one on
// either side, the last event, and `random` more.
std::vector<std::uint64_t> counts_to_check(std::uint64_t events, int random, unsigned seed) {
  const std::uint64_t frame = compact_trace::kFrameEvents;
  std::set<std::uint64_t> counts = {0, 1, 2, events - 1, events};
  for (std::uint64_t b = frame; b <= events; b += frame) {
    for (std::uint64_t c : {b - 1, b, b + 1}) {
      if (c <= events) counts.insert(c);
    }
  }
  std::mt19937_64 rng(seed);
  for (int i = 0; i < random; ++i) counts.insert(rng() % (events + 1));
  return {counts.begin(), counts.end()};
}

// The model the file gives after each count equals the stored trace folded from its first event
// by a plain TraceModel (not the reader): `boundaries_in_an_instant` counts the frame boundaries
// inside one virtual instant, `deferred_at_boundary` those where events were still deferred.
struct SeekCheck {
  std::size_t boundaries_in_an_instant = 0;
  std::size_t deferred_at_boundary = 0;
};

SeekCheck expect_models_of_the_file_fold_from_the_start(const std::string& path, const Trace& trace,
                                                        std::uint32_t gomaxprocs, unsigned seed) {
  SeekCheck check;
  CompactTraceReader reader = open_or_fail(path);
  EXPECT_EQ(reader.events(), trace.size());
  TraceModel reference(gomaxprocs);
  for (std::uint64_t count : counts_to_check(trace.size(), 60, seed)) {
    while (reference.events < count) reference.apply(trace.at(reference.events));
    const ModelFromFile read = reader.model_after_count(count);
    EXPECT_TRUE(read.ok()) << read.error;
    if (!read.ok()) continue;
    expect_same_model(*read.model, reference, count);
    if (count % compact_trace::kFrameEvents == 0 && count > 0 && count < trace.size() &&
        trace.at(count - 1).time_ns == trace.at(count).time_ns) {
      ++check.boundaries_in_an_instant;
      if (!reference.deferred.empty()) ++check.deferred_at_boundary;
    }
  }
  return check;
}

TEST(CompactTraceModel, TheModelAfterAnyEventIsTheFoldFromTheStart) {
  const std::string path = fresh_dir() + "/run.cqtrace";
  const Scenario s = several_frames();
  const WrittenRun w = run_and_write(path, s);
  ASSERT_GT(w.sim->trace().size(), 4 * compact_trace::kFrameEvents);
  expect_models_of_the_file_fold_from_the_start(path, w.sim->trace(), s.gomaxprocs, 1);
  CompactTraceReader reader = open_or_fail(path);
  EXPECT_EQ(reader.verify(), std::nullopt);  // every snapshot is the fold of what came before
}

// Threaded traces fold with a list of deferred pops (trace_model.hpp): a snapshot taken inside an
// instant carries it, and folding on from there resolves it as a fold from the start does.
TEST(CompactTraceModel, ThreadedRunsSnapshotTheirDeferredEvents) {
  Scenario s = several_frames();
  s.runner = RunnerKind::threaded;
  s.block_capacity = 1;  // one-entry blocks: pops racing their pushes in most instants
  std::size_t in_an_instant = 0;
  std::size_t deferred = 0;
  for (unsigned seed : {1u, 2u}) {
    s.seed = seed;
    const std::string path = fresh_dir() + "/threaded.cqtrace";
    const WrittenRun w = run_and_write(path, s);
    const SeekCheck check =
        expect_models_of_the_file_fold_from_the_start(path, w.sim->trace(), s.gomaxprocs, seed);
    in_an_instant += check.boundaries_in_an_instant;
    deferred += check.deferred_at_boundary;
    CompactTraceReader reader = open_or_fail(path);
    EXPECT_EQ(reader.verify(), std::nullopt);
  }
  // Reported, not required: a threaded run's order is the threads'. The made-up trace below
  // always has a boundary with deferred events.
  std::cout << "frame boundaries inside an instant: " << in_an_instant
            << ", with deferred events: " << deferred << "\n";
}

// A worker's pop appended before the sweeper's push of its block, at one instant that spans the
// boundary of frames 0 and 1 (trace_model_test.cpp, PopAppendedBeforeItsPushWaitsForIt): frame
// 1's snapshot holds the two deferred events, and the model after the push has folded them.
TEST(CompactTraceModel, ASnapshotInsideAnInstantHoldsItsDeferredEvents) {
  using K = EventKind;
  constexpr std::uint16_t kSweeper = 2;
  constexpr std::uint16_t kWorker = 5;
  const std::uint64_t frame = compact_trace::kFrameEvents;
  std::vector<TraceEvent> events = {
      ev(K::gc_phase, 0, kNoP, kNoBlock, 0, static_cast<std::uint32_t>(GcPhase::sweep), 10),
      ev(K::worker_started, kWorker, kNoP, kNoBlock, 0, 0, 10),
      ev(K::block_allocated, kSweeper, 0, 0, 0, 0, 20), ev(K::enqueue, kSweeper, 0, 0, 1, 0, 20)};
  while (events.size() < frame - 2) events.push_back(ev(K::root_scan, 0, kNoP, kNoBlock, 0, 0, 20));
  for (const TraceEvent& e :
       {ev(K::pop_full, kWorker, kNoP, 0, 2, 0, 30),
        ev(K::running_begin, kWorker, kNoP, 0, 0, 1, 30), ev(K::enqueue, kSweeper, 0, 0, 2, 1, 30),
        ev(K::block_full, kSweeper, 0, 0, 0, 0, 30),
        ev(K::work_signalled, kSweeper, 0, kNoBlock, 0, 1, 30),
        ev(K::cleanup_run, kWorker, kNoP, 0, 1, 0, 40)}) {
    events.push_back(e);
  }
  const std::string path = fresh_dir() + "/deferred.cqtrace";
  {
    io::OutputFile file(path);
    CompactTraceWriter writer(file, TraceModel(1));
    for (const TraceEvent& e : events) writer.observe(std::span<const TraceEvent>(&e, 1));
    ASSERT_TRUE(writer.finish({}));
    ASSERT_TRUE(file.commit());
  }
  CompactTraceReader reader = open_or_fail(path);
  ASSERT_EQ(reader.frames(), 2u);
  TraceModel reference(1);
  for (std::uint64_t count = 0; count <= events.size(); ++count) {
    if (count > 0) reference.apply(events[count - 1]);
    if (count + 8 < frame && count > 8 && count % 1000 != 0) continue;  // the filler: sampled
    const ModelFromFile read = reader.model_after_count(count);
    ASSERT_TRUE(read.ok()) << read.error;
    expect_same_model(*read.model, reference, count);
  }
  const ModelFromFile at_boundary = reader.model_after_count(frame);
  ASSERT_TRUE(at_boundary.ok());
  EXPECT_EQ(at_boundary.model->deferred.size(), 2u);
  const ModelFromFile after_push = reader.model_after_count(frame + 2);
  ASSERT_TRUE(after_push.ok());
  EXPECT_TRUE(after_push.model->deferred.empty());
  EXPECT_EQ(after_push.model->counters.running, 1u);
  EXPECT_EQ(reader.verify(), std::nullopt);
}

// Where frame k's model snapshot starts in the file's bytes, and its size.
std::pair<std::uint64_t, std::uint32_t> snapshot_of_frame(const std::string& bytes,
                                                          std::uint64_t frames, std::uint64_t k) {
  const std::size_t index = bytes.size() - sizeof(compact_trace::Footer) - frames * 8;
  std::uint64_t offset = 0;
  std::memcpy(&offset, bytes.data() + index + k * 8, 8);
  compact_trace::FrameHeader header;
  std::memcpy(&header, bytes.data() + offset, sizeof header);
  return {offset + sizeof header, header.snapshot_bytes};
}

TEST(CompactTraceModel, AnAlteredSnapshotIsRefusedAndNamed) {
  const std::string dir = fresh_dir();
  run_and_write(dir + "/run.cqtrace", several_frames());
  std::string bytes = read_all(dir + "/run.cqtrace");
  CompactTraceReader whole = open_or_fail(dir + "/run.cqtrace");
  const std::uint64_t frames = whole.frames();
  const auto [at, size] = snapshot_of_frame(bytes, frames, 2);
  ASSERT_GT(size, 16u);
  const std::string altered = dir + "/altered.cqtrace";
  const std::string frame2 = "frame 2 of " + std::to_string(frames);
  const std::uint64_t in_frame2 = 2 * compact_trace::kFrameEvents + 100;
  // Anywhere in it: zstd's header, its blocks, its checksum.
  for (std::uint64_t offset :
       {std::uint64_t{5}, std::uint64_t{size / 2}, std::uint64_t{size - 1}}) {
    std::string damaged = bytes;
    damaged[at + offset] = static_cast<char>(damaged[at + offset] ^ 0x04);
    write_all(altered, damaged);
    CompactTraceReader reader = open_or_fail(altered);
    const ModelFromFile read = reader.model_after_count(in_frame2);
    EXPECT_FALSE(read.ok()) << "byte " << offset << " of the snapshot altered";
    EXPECT_TRUE(read.error.starts_with(altered + ": the model snapshot of " + frame2 + " "))
        << read.error;
    EXPECT_TRUE(reader.model_after_count(compact_trace::kFrameEvents + 5).ok()) << "frame 1's";
    EXPECT_NE(reader.verify(), std::nullopt);
  }
  // Its size in the header: the frame no longer adds up.
  std::string damaged = bytes;
  const std::uint64_t header_at = at - sizeof(compact_trace::FrameHeader);
  damaged[header_at + offsetof(compact_trace::FrameHeader, snapshot_model_bytes)] ^= 0x01;
  write_all(altered, damaged);
  CompactTraceReader reader = open_or_fail(altered);
  EXPECT_EQ(reader.model_after_count(in_frame2).error,
            altered + ": the model snapshot of " + frame2 + " is damaged: its sizes disagree");
}

TEST(CompactTraceModel, AFileOfAnotherVersionIsRefusedNamingBoth) {
  const std::string dir = fresh_dir();
  run_and_write(dir + "/run.cqtrace", several_frames());
  std::string bytes = read_all(dir + "/run.cqtrace");
  for (const char version : {1, 2}) {  // 1: no snapshots; 2: one every frame
    bytes[sizeof compact_trace::kHeaderMagic] = version;
    const std::string old = dir + "/old.cqtrace";
    write_all(old, bytes);
    EXPECT_EQ(open_error(old), old + ": is version " + std::to_string(version) +
                                   " of the compact trace format: this build reads version 3 "
                                   "(write it again with this build's cleanupq run --trace)");
  }
}

// [SECTION] Snapshots spaced by size (compact_trace_format.hpp, kSnapshotSpacing).

// What the file's frame headers say, frame by frame: the snapshot's compressed size (0: none)
// and its size decoded, and the payload's compressed size. Read from the bytes, not the reader.
struct FrameSizes {
  std::vector<std::uint32_t> snapshot, snapshot_model, payload;
};

FrameSizes frame_sizes(const std::string& bytes) {
  compact_trace::Footer footer;
  std::memcpy(&footer, bytes.data() + bytes.size() - sizeof footer, sizeof footer);
  FrameSizes sizes;
  for (std::uint64_t k = 0; k < footer.frames; ++k) {
    std::uint64_t offset = 0;
    std::memcpy(&offset, bytes.data() + footer.index_offset + k * 8, 8);
    compact_trace::FrameHeader header;
    std::memcpy(&header, bytes.data() + offset, sizeof header);
    sizes.snapshot.push_back(header.snapshot_bytes);
    sizes.snapshot_model.push_back(header.snapshot_model_bytes);
    sizes.payload.push_back(header.compressed_bytes);
  }
  return sizes;
}

// One GC cycle, so the model grows with the run (every block stays listed) and each snapshot is
// larger than the one before.
Scenario one_growing_cycle() {
  Scenario s = several_frames();
  s.cleanups = 40000;
  return s;
}

// Models read at the counts around every frame with a snapshot and every frame without, and at
// random ones, equal the stored trace folded from event 0; returns the most events one read
// folded.
std::uint64_t expect_file_models_equal_the_fold(const std::string& path, const Trace& trace,
                                                std::uint32_t gomaxprocs) {
  CompactTraceReader reader = open_or_fail(path);
  TraceModel reference(gomaxprocs);
  std::uint64_t most_folded = 0;
  for (std::uint64_t count : counts_to_check(trace.size(), 40, 3)) {
    while (reference.events < count) reference.apply(trace.at(reference.events));
    const ModelFromFile read = reader.model_after_count(count);
    EXPECT_TRUE(read.ok()) << read.error;
    if (!read.ok()) continue;
    expect_same_model(*read.model, reference, count);
    most_folded = std::max(most_folded, count - read.snapshot_events);
  }
  return most_folded;
}

TEST(CompactTraceSpacing, SnapshotsFollowTheSpacingRuleAndSeeksFoldAcrossFramesWithout) {
  const std::string path = fresh_dir() + "/one-cycle.cqtrace";
  const Scenario s = one_growing_cycle();
  // Its snapshots compress to 0.1-6 KB beside frames of ~200 KB: a spacing that makes them
  // sparse here, as the format's makes those of a cycle of 10^6+ cleanups.
  constexpr std::uint32_t kSpacing = 400;
  const WrittenRun w = run_and_write(path, s, SnapshotRule{kSpacing});
  const FrameSizes sizes = frame_sizes(read_all(path));
  const std::size_t frames = sizes.snapshot.size();
  ASSERT_GT(frames, 10u);
  // The rule, recomputed from the headers: frame 0 has one; a later frame has one exactly when
  // the payloads since the last snapshot reach kSpacing times that snapshot.
  ASSERT_GT(sizes.snapshot[0], 0u);
  std::uint64_t since = 0, last = 0, snapshots = 0, snapshot_bytes = 0, payload_bytes = 0;
  for (std::size_t k = 0; k < frames; ++k) {
    const bool due = k == 0 || since >= kSpacing * last;
    EXPECT_EQ(sizes.snapshot[k] > 0, due) << "frame " << k;
    if (sizes.snapshot[k] > 0) {
      last = sizes.snapshot[k];
      since = 0;
      ++snapshots;
      snapshot_bytes += sizes.snapshot[k];
    }
    since += sizes.payload[k];
    payload_bytes += sizes.payload[k];
  }
  // Sparse, and at most 1 / kSpacing of the payloads' bytes (the last snapshot aside).
  EXPECT_GE(snapshots, 2u);
  EXPECT_LT(snapshots * 2, frames) << snapshots << " snapshots in " << frames << " frames";
  EXPECT_LE(snapshot_bytes - last, payload_bytes / kSpacing);
  const std::uint64_t most_folded = expect_file_models_equal_the_fold(path, w.sim->trace(), 4);
  EXPECT_GT(most_folded, 2 * compact_trace::kFrameEvents) << "a seek folded over frames without";
  CompactTraceReader reader = open_or_fail(path);
  EXPECT_EQ(reader.verify(), std::nullopt);
  EXPECT_EQ(reader.verified_snapshots(), snapshots);
  EXPECT_EQ(reader.verified_snapshot_bytes(), snapshot_bytes);
  EXPECT_EQ(reader.snapshot_spacing(), kSpacing);
}

// With the format's spacing, the models of a many-cycle run (a few hundred blocks at a time) are
// small beside a frame: every frame still has one, and a seek folds at most one frame.
TEST(CompactTraceSpacing, SmallModelsStillSnapshotEveryFrame) {
  const std::string path = fresh_dir() + "/cycles.cqtrace";
  Scenario s = several_frames();
  s.cleanups = 2000;
  s.gc_cycles = 10;
  run_and_write(path, s);
  const FrameSizes sizes = frame_sizes(read_all(path));
  ASSERT_GT(sizes.snapshot.size(), 3u);
  for (std::size_t k = 0; k < sizes.snapshot.size(); ++k) {
    EXPECT_GT(sizes.snapshot[k], 0u) << "frame " << k;
    if (k + 1 == sizes.snapshot.size()) break;  // the last frame is partial
    EXPECT_LT(sizes.snapshot[k] * compact_trace::kSnapshotSpacing, sizes.payload[k]) << k;
  }
}

// A snapshot over the cap is skipped, not the file failed: the frames from there have none, a
// seek into them folds from the last one under the cap, and the file verifies. The cap is the
// writer's rule (SnapshotRule::max_bytes), set here between the run's small and large models.
TEST(CompactTraceSpacing, ASnapshotOverTheCapIsSkippedAndTheFileStillReads) {
  const std::string dir = fresh_dir();
  const Scenario s = one_growing_cycle();
  // Every frame, uncapped: the sizes the models encode to.
  run_and_write(dir + "/every.cqtrace", s, SnapshotRule{0});
  const FrameSizes every = frame_sizes(read_all(dir + "/every.cqtrace"));
  const std::size_t frames = every.snapshot_model.size();
  ASSERT_GT(frames, 10u);
  ASSERT_LT(every.snapshot_model[2], every.snapshot_model[frames / 2]);
  const std::uint64_t cap = every.snapshot_model[frames / 2] - 1;
  std::uint64_t skipped = 0;
  const std::string path = dir + "/capped.cqtrace";
  const WrittenRun w = run_and_write(path, s, SnapshotRule{0, cap}, &skipped);
  const FrameSizes capped = frame_sizes(read_all(path));
  ASSERT_EQ(capped.snapshot.size(), frames);
  std::size_t without = 0;
  for (std::size_t k = 0; k < frames; ++k) {
    EXPECT_EQ(capped.snapshot[k] > 0, every.snapshot_model[k] <= cap) << "frame " << k;
    if (capped.snapshot[k] == 0) ++without;
  }
  EXPECT_GE(without, frames / 2 - 1);
  EXPECT_EQ(skipped, without);
  const std::uint64_t most_folded = expect_file_models_equal_the_fold(path, w.sim->trace(), 4);
  EXPECT_GE(most_folded, (frames / 2 - 1) * compact_trace::kFrameEvents);
  CompactTraceReader reader = open_or_fail(path);
  EXPECT_EQ(reader.verify(), std::nullopt);
  EXPECT_EQ(reader.verified_snapshots(), frames - without);
}

// A cap even the model before the first event is over: no file can be read, and finish() says so.
TEST(CompactTraceSpacing, ACapUnderTheFirstModelFailsTheFile) {
  const std::string path = fresh_dir() + "/no-first.cqtrace";
  io::OutputFile file(path);
  CompactTraceWriter writer(file, TraceModel(4), SnapshotRule{0, 8});
  const TraceEvent e = ev(EventKind::root_scan, 0, kNoP, kNoBlock, 0, 0, 1);
  writer.observe(std::span<const TraceEvent>(&e, 1));
  EXPECT_FALSE(writer.finish({}));
  EXPECT_EQ(writer.error(), path +
                                ": cannot compress the trace: the model before the first event is "
                                "over the snapshots' cap");
}

// [SECTION] Frame 0's snapshot: nothing folds to it, so --verify checks it is the empty model.

TEST(CompactTraceModel, AForgedFirstSnapshotFailsVerify) {
  const std::string dir = fresh_dir();
  Scenario s = several_frames();
  s.record_trace = true;
  // A writer started from a model that is not the one before any event: every later snapshot is
  // the fold of that one, so only the check of frame 0 can tell.
  TraceModel forged(s.gomaxprocs);
  forged.counters.registered = 7;
  const std::string path = dir + "/forged.cqtrace";
  {
    io::OutputFile file(path);
    CompactTraceWriter writer(file, forged);
    SimRuntime sim(s, &writer);
    ASSERT_EQ(sim.run().why, RunStop::finished);
    ASSERT_TRUE(writer.finish(sim.runner().trace_tracks()));
    ASSERT_TRUE(file.commit());
  }
  CompactTraceReader reader = open_or_fail(path);
  ASSERT_GT(reader.frames(), 2u);
  const std::string frame0 = "frame 0 of " + std::to_string(reader.frames());
  EXPECT_EQ(reader.verify(), path + ": the model snapshot of " + frame0 +
                                 " is not the model before any event (the empty model of 4 Ps): "
                                 "the file was altered");
  // The same for a header whose Ps were altered: the sound snapshot is no longer its empty model.
  run_and_write(dir + "/run.cqtrace", s);
  std::string bytes = read_all(dir + "/run.cqtrace");
  ASSERT_EQ(bytes[20], 4);  // the header's gomaxprocs (compact_trace_format.hpp)
  bytes[20] = 5;
  write_all(dir + "/ps.cqtrace", bytes);
  CompactTraceReader altered = open_or_fail(dir + "/ps.cqtrace");
  EXPECT_EQ(altered.verify(), dir + "/ps.cqtrace: the model snapshot of " + frame0 +
                                  " is not the model before any event (the empty model of 5 Ps): "
                                  "the file was altered");
  CompactTraceReader sound = open_or_fail(dir + "/run.cqtrace");
  EXPECT_EQ(sound.verify(), std::nullopt);
}

TEST(ChromeTraceWriter, StreamsExactlyWhatTheExportOfTheStoredTraceWrites) {
  const std::string path = fresh_dir() + "/run.json";
  Scenario s = test::small_scenario();
  s.record_trace = true;
  io::OutputFile file(path);
  ChromeTraceWriter writer(file);
  SimRuntime sim(s, &writer);
  ASSERT_EQ(sim.run().why, RunStop::finished);
  ASSERT_TRUE(writer.finish(sim.runner().trace_tracks()));
  ASSERT_TRUE(file.commit());
  std::ostringstream exported;
  write_chrome_trace(exported, sim.trace(), sim.runner().trace_tracks());
  EXPECT_EQ(writer.events(), sim.trace().size());
  EXPECT_EQ(read_all(path), exported.str());
}

}  // namespace
}  // namespace cq
