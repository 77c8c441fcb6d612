// Traces written while a run goes on (engine/trace/trace_writer.hpp, compact_trace_*.hpp): the
// compact file holds exactly the events a stored trace holds, in order, with the run's hash; a
// seek anywhere returns the same events as the stored trace there; a file cut short, altered or
// foreign is refused with a message naming it; the streamed Chrome JSON is byte for byte what
// the export of a stored trace writes.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
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

namespace cq {
namespace {

using io_test::fresh_dir;

bool same(const TraceEvent& x, const TraceEvent& y) {
  return x.time_ns == y.time_ns && x.a == y.a && x.block == y.block && x.b == y.b &&
         x.actor == y.actor && x.p == y.p && x.kind == y.kind;
}

// A run big enough for several frames, stored (record_trace) and written to `path` at once.
struct WrittenRun {
  std::unique_ptr<SimRuntime> sim;
  std::uint64_t written = 0;
};

WrittenRun run_and_write(const std::string& path, Scenario s) {
  s.record_trace = true;
  io::OutputFile file(path);
  EXPECT_TRUE(file.ok()) << file.error();
  CompactTraceWriter writer(file, TraceModel(s.gomaxprocs));
  WrittenRun w;
  w.sim = std::make_unique<SimRuntime>(s, &writer);
  EXPECT_EQ(w.sim->run().why, RunStop::finished);
  EXPECT_TRUE(writer.finish(w.sim->runner().trace_tracks())) << file.error();
  EXPECT_TRUE(file.commit()) << file.error();
  w.written = writer.events();
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
