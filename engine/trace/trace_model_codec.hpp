// TraceModel as bytes: the model snapshots a compact trace file carries (compact_trace_format.hpp),
// so a reader knows the runtime's state at any event by folding one frame, not the whole run.
//
// Layout (little-endian, the machine's own, as the trace file):
//   u32 magic "CQMS", u32 version (kModelCodecVersion), then every field of TraceModel in
//   declaration order (integers at their own width, bools and enums as one byte, size_t as u64;
//   a vector as a u64 count, then its elements column by column: each field of every element,
//   as the difference from the element before, wrapping at the field's width), then a u64
//   checksum of every byte before it. Columns of differences are what make a snapshot small:
//   a long run's blocks mostly share a place and a fill, its stacks hold runs of consecutive ids.
//
// Reading checks everything: the magic, the version, the checksum, every count against the bytes
// left and the model's limits (kMaxModelBlocks...), every enum and bool against its values, and
// that nothing follows the checksum. A snapshot cut short, altered or from another version is
// refused with a message saying what is wrong, never misread.
//
// No field can be left out silently: the encoder and the decoder name every field of every record
// through one structured binding per struct (trace_model_codec.cpp), which stops compiling when a
// field is added or removed; the round-trip test sets every field (tests/engine/trace/
// trace_model_codec_test.cpp). Adding a field: add it to the binding and bump kModelCodecVersion.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "trace/trace_model.hpp"

namespace cq {

inline constexpr std::uint32_t kModelCodecVersion = 1;

// Appends the model's bytes to `out`.
void encode_model(const TraceModel& model, std::string& out);

// A decoded model, or what is wrong with the bytes (no prefix: the caller names the file).
struct DecodedModel {
  std::optional<TraceModel> model;
  std::string error;
  bool ok() const { return model.has_value(); }
};
DecodedModel decode_model(std::string_view bytes);

}  // namespace cq
