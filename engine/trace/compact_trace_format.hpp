// The compact trace file (`cleanupq run --trace FILE.cqtrace`): what `CompactTraceWriter` writes
// while a run goes on and `CompactTraceReader` reads, seeking anywhere without reading the rest.
//
// Layout (every integer little-endian):
//   header   "CQTRACE1", u32 version (kTraceFileVersion), u32 frame capacity (events),
//            u32 frames per snapshot (kSnapshotEveryFrames), u32 zero
//   frames   one after another; each is a FrameHeader, then the model snapshot if the frame has
//            one (zstd), then its zstd-compressed payload
//   trailer  the tracks (u32 count; per track u16 actor, u16 name length, the name), then the
//            sparse index (per frame u64 file offset), then the Footer, which ends the file
// A frame's payload holds its events column by column (time as the difference from the event
// before, then a, block, b, actor, p, kind): columns of like values compress to about 3 bytes an
// event where the 32-byte TraceEvent would not go below 5 (measured in tests/bench/README.md).
// Each frame header carries the trace hash of every event before its first, and the footer the
// run's, so a reader checks every frame it decodes against the chain of hashes
// (Trace::hash_event): a file that was cut short or altered is refused, never misread.
// Model snapshots (version 2): every kSnapshotEveryFrames-th frame, starting with frame 0, carries
// the TraceModel before its first event (trace_model_codec.hpp: versioned, checksummed), so the
// model after any event is one snapshot plus at most kSnapshotEveryFrames frames folded forward.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>

namespace cq::compact_trace {

static_assert(std::endian::native == std::endian::little,
              "the trace file is written and read in the machine's own byte order");

inline constexpr char kHeaderMagic[8] = {'C', 'Q', 'T', 'R', 'A', 'C', 'E', '1'};
inline constexpr char kFooterMagic[8] = {'C', 'Q', 'T', 'R', 'E', 'N', 'D', '1'};
// 1: no model snapshots; 2: snapshots (cleanupq reads only its own version).
inline constexpr std::uint32_t kTraceFileVersion = 2;
inline constexpr std::size_t kHeaderBytes = 24;
// Events a frame holds: a seek decodes one frame, so this bounds its cost (about 1 ms).
inline constexpr std::uint32_t kFrameEvents = 1u << 16;
// Bytes one event takes in a frame's payload before compression (the columns' widths).
inline constexpr std::size_t kColumnBytesPerEvent = 8 + 8 + 4 + 4 + 2 + 2 + 1;
// Frames from one model snapshot to the next. Every frame: a snapshot (columns of differences,
// zstd) costs 0.2 % of the file in the benchmark's runs of many GC cycles and 11 % in one cycle of
// 10^6 cleanups, whose 120,000 blocks every snapshot lists (tests/bench/README.md), and a model
// seek then folds at most one frame (4-23 ms). Readers take the value from the file's header.
inline constexpr std::uint32_t kSnapshotEveryFrames = 1;
// The largest snapshot a reader decompresses (a model of kMaxModelBlocks blocks takes ~2.4 GB:
// no run this kit makes comes near; a header asking for more is damaged).
inline constexpr std::uint32_t kMaxSnapshotBytes = std::uint32_t{1} << 30;

struct FrameHeader {
  std::uint32_t events = 0;                // 1..kFrameEvents
  std::uint32_t compressed_bytes = 0;      // the payload that follows
  std::uint64_t first_event = 0;           // index of its first event in the run
  std::uint64_t hash_before = 0;           // the trace hash of every event before it
  std::uint64_t first_time_ns = 0;         // the time its time column starts from
  std::uint32_t snapshot_bytes = 0;        // the compressed model snapshot that follows; 0: none
  std::uint32_t snapshot_model_bytes = 0;  // the snapshot decompressed (trace_model_codec.hpp)
};
static_assert(sizeof(FrameHeader) == 40);

struct Footer {
  std::uint64_t trailer_offset = 0;  // where the tracks begin
  std::uint64_t index_offset = 0;    // where the frames' offsets begin
  std::uint64_t frames = 0;
  std::uint64_t events = 0;
  std::uint64_t steps = 0;
  std::uint64_t hash = 0;  // the trace hash of the whole run (cleanupq run's trace_hash)
  char magic[8] = {};
};
static_assert(sizeof(Footer) == 56);

}  // namespace cq::compact_trace
