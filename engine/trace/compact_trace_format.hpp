// The compact trace file (`cleanupq run --trace FILE.cqtrace`): what `CompactTraceWriter` writes
// while a run goes on and `CompactTraceReader` reads, seeking anywhere without reading the rest.
//
// Layout (every integer little-endian):
//   header   "CQTRACE1", u32 version (kTraceFileVersion), u32 frame capacity (events),
//            u32 snapshot spacing (kSnapshotSpacing, as written), u32 gomaxprocs (the Ps of the
//            model before the first event, which frame 0's snapshot must be)
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
// Model snapshots (version 3): frame 0 and then some frames carry the TraceModel before their first
// event (trace_model_codec.hpp: versioned, checksummed), spaced by size (kSnapshotSpacing), so the
// model after any event is the nearest snapshot at or before its frame plus the frames from there
// folded forward. A frame's header says whether it has one (snapshot_bytes > 0); a reader finds
// the nearest by reading the headers backwards, as many as the frames it then folds.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>

namespace cq::compact_trace {

static_assert(std::endian::native == std::endian::little,
              "the trace file is written and read in the machine's own byte order");

inline constexpr char kHeaderMagic[8] = {'C', 'Q', 'T', 'R', 'A', 'C', 'E', '1'};
inline constexpr char kFooterMagic[8] = {'C', 'Q', 'T', 'R', 'E', 'N', 'D', '1'};
// 1: no model snapshots; 2: one every frame (the header's third field: frames per snapshot);
// 3: spaced by size (kSnapshotSpacing). cleanupq reads only its own version: the file is written
// again from the run (`cleanupq run --trace`), and the message says so.
inline constexpr std::uint32_t kTraceFileVersion = 3;
inline constexpr std::size_t kHeaderBytes = 24;
// Events a frame holds: a seek decodes one frame, so this bounds its cost (about 1 ms).
inline constexpr std::uint32_t kFrameEvents = 1u << 16;
// Bytes one event takes in a frame's payload before compression (the columns' widths).
inline constexpr std::size_t kColumnBytesPerEvent = 8 + 8 + 4 + 4 + 2 + 2 + 1;
// How snapshots are spaced: a frame carries one when the compressed payloads of the frames since
// the last snapshot (the snapshot's own frame included) add up to at least kSnapshotSpacing times
// that snapshot's compressed size. So snapshots take at most 1 / kSnapshotSpacing of the frames'
// bytes (under 1/9 of the file; the last snapshot aside) whatever the model's size, and encoding
// them costs the writer work linear in the run, not the model's size times the frames (one cycle
// of 10^6+ cleanups lists every live block in every snapshot). A model seek (model_after_count)
// decodes one snapshot of s bytes and folds frames of fewer than kSnapshotSpacing * s compressed
// bytes before the frame of its event, plus that frame: its worst case grows with the snapshot,
// not with the run. A small model (the benchmark's runs of many cycles: a few hundred bytes a
// snapshot, ~190 KB a frame) still has one every frame. Measured in tests/bench/README.md.
// Readers do not need the value (every frame's header says whether it has one); the file's
// header records it.
inline constexpr std::uint32_t kSnapshotSpacing = 8;
// The largest snapshot a reader decompresses (a model of kMaxModelBlocks blocks takes ~2.4 GB:
// no run this kit makes comes near; a header asking for more is damaged). The writer skips a
// snapshot that would be larger (the frame has none; a seek folds from the one before) rather
// than fail the file.
inline constexpr std::uint32_t kMaxSnapshotBytes = std::uint32_t{1} << 30;

struct FrameHeader {
  std::uint32_t events = 0;                // 1..kFrameEvents
  std::uint32_t compressed_bytes = 0;      // the payload that follows
  std::uint64_t first_event = 0;           // index of its first event in the run
  std::uint64_t hash_before = 0;           // the trace hash of every event before it
  std::uint64_t first_time_ns = 0;         // the time its time column starts from
  std::uint32_t snapshot_bytes = 0;        // the compressed model snapshot that follows; 0: none
                                           // (frame 0 always has one)
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
