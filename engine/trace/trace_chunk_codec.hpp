// EncodedChunk: a chunk of trace events packed into a few bytes each, so a long run's trace fits
// in memory (issue 17 item 1: <= 8 bytes an event on average, where TraceEvent takes 32).
//
// The encoding, per event, predicts p, block, a and b from the previous event of the same kind
// by the same actor (its "context": the same P; the next cleanup id, the next slot: a and
// block/b move on by their strides, which change only when a field moves by the same step twice
// running), and stores:
//   - when all four are as predicted, the actor is below 256 and the time advanced by at most
//     255 ns since the previous event (most events: a step's events share their time), the fast
//     form: a header byte (the kind times four plus the form), the actor byte, and the advance
//     byte if the time advanced: two or three bytes;
//   - otherwise the general form: the header byte, a byte of bits naming the fields that missed,
//     the actor as a varint, and each missed field (and the time's move) as a zigzag varint of
//     its wrapping difference from the prediction, in the field's own width (kNoBlock to block 5
//     is a difference of 6, not of 4 G; the time may go back, since threaded runners append
//     parallel steps out of time order).
// Measured on real runs (tests/bench/README.md): about 2.9-3 bytes an event, encoded at about
// 4 ns an event and decoded at about 8.5 (a stand-alone loop over a real run's chunks). Written
// here rather than with zstd, which the web build lacks; whole chunks are encoded once, by the
// appender, when they leave Trace's raw window. The format lives only in memory (the .cqtrace
// file has its own, compact_trace_format.hpp), so it may change with no version to bump.
//
// Decoding restarts every kRestartEvents events (each restart begins from default contexts, so
// any event is reached by decoding at most kRestartEvents - 1 events before it).
//
// `reserved` bytes of TraceEvent are not stored: they are always zero (trace_event.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "trace/trace_event.hpp"

namespace cq {

class EncodedChunk {
 public:
  static constexpr std::size_t kRestartEvents = 1024;
  // The most bytes one event can take (the general form): two header bytes, three for the actor
  // and for p, ten for the time and for a, five for block and for b.
  static constexpr std::size_t kMaxEventBytes = 2 + 3 + 10 + 3 + 5 + 10 + 5;

  static EncodedChunk encode(std::span<const TraceEvent> events);

  std::size_t size() const { return events_; }
  // Writes events [first, first + count) to out; first + count <= size().
  void decode(std::size_t first, std::size_t count, TraceEvent* out) const;
  // What this chunk holds in memory: its bytes, its restart table and itself.
  std::size_t memory_bytes() const;

 private:
  std::unique_ptr<std::uint8_t[]> bytes_;
  std::size_t byte_count_ = 0;
  std::vector<std::uint32_t> restarts_;  // byte offset of event k * kRestartEvents
  std::size_t events_ = 0;
};

}  // namespace cq
