// The per-queue choices that differ between Go versions or that docs/algorithm.md leaves open:
// block geometry, wake protocol, pool cap, lock-free stack tag width and the nil-P check in
// flush. Parsing these from text lives here too, so the CLI, lessons and the URL parser all
// accept exactly the same words.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "queue/cleanup_block.hpp"
#include "queue/tagged_stack.hpp"

namespace cq {

// How producers tell the scheduler that blocks are waiting (docs/algorithm.md §3.7, §9.2).
enum class WakeProtocol : std::uint8_t {
  oneshot,  // e46c8e (development branch, 8-16 May 2025; never released): packed {asleep, wakes}
            // word; the scheduler's take() consumes every wake
  level,    // Go 1.25.0 and later (CL 671676, #73642): workUnits consumed only by a consumer
            // that takes a block
};

// Upper bound on cleanup goroutines (docs/algorithm.md §3.8 and "Know this first").
enum class WorkerCapPolicy : std::uint8_t {
  quarter,     // the code: max(GOMAXPROCS/4, 1)
  gomaxprocs,  // a what-if cap of GOMAXPROCS (lesson 10 runs both; Go has only the quarter)
};

inline constexpr std::uint32_t kMinGomaxprocs = 1;
inline constexpr std::uint32_t kMaxGomaxprocs = 256;

// Tag bits of the lock-free stacks on amd64: tagBits = 64 - addrBits + tagAlignBits
// (tagptr_64bit.go). addrBits was 48 at e46c8e and in Go 1.25.0 (and still in 1.25.3): 25 bits.
// #69255 made it 48 + 1 (emulated amd64 on arm64 hosts can see addresses up to 2^48 - 1): 24
// bits, read in the 1.25.12 and 1.26.10 sources. The first release with it is 1.25.4 or 1.25.5
// (unverified which: docs/go-facts.md, "Tag width"). Go 1.24 packed 8-byte aligned
// pointers (64 - 48 + 3 = 19 bits) but had no cleanup blocks: its cleanups went to the single
// finalizer goroutine.
inline constexpr std::uint8_t kGoTagBitsAddr48 = 25;
inline constexpr std::uint8_t kGoTagBitsAddr49 = 24;

struct QueueConfig {
  std::uint32_t gomaxprocs = 8;                     // number of Ps, 1..256
  std::uint32_t block_capacity = kGoBlockCapacity;  // 1..1024
  WakeProtocol protocol = WakeProtocol::level;
  WorkerCapPolicy worker_cap = WorkerCapPolicy::quarter;
  // What a slot holds: one word (Go 1.25, 60 to a 512-byte block) or a three-word cleanupFn
  // (Go 1.26, 20 to a block). Independent of block_capacity, which experiments override.
  SlotKind slot_kind = SlotKind::word;
  // Width of the ABA tag in the `full` and `free` stack heads, 0..25 (see kGoTagBits*).
  std::uint8_t tag_bits = kGoTagBitsAddr48;
  // Go 1.25 and 1.26 (mcleanup.go, flush; its CL number is unverified: docs/go-facts.md): flush
  // skips a nil entry of allp (procresize has grown allp but not yet allocated the P, and
  // allocating it swept and flushed). Without the check (e46c8e) flush dereferences the nil P: Go
  // crashes, and flush() reports that instead of skipping.
  bool flush_skips_nil_p = true;
  // P slots the queue keeps: the most Ps this run ever has (0 = gomaxprocs). A run that grows
  // GOMAXPROCS mid-way (set_gomaxprocs) needs room for the new Ps from the start.
  std::uint32_t p_capacity = 0;

  std::uint32_t p_slots() const { return std::max(gomaxprocs, p_capacity); }
};

// nullopt when `config` is usable; otherwise names the field, its value and what is allowed.
inline std::optional<std::string> config_problem(const QueueConfig& config) {
  auto out_of_range = [](std::string_view field, std::uint64_t value, std::uint64_t lo,
                         std::uint64_t hi) {
    return std::string(field) + " = " + std::to_string(value) + " is outside " +
           std::to_string(lo) + ".." + std::to_string(hi);
  };
  if (config.gomaxprocs < kMinGomaxprocs || config.gomaxprocs > kMaxGomaxprocs) {
    return out_of_range("gomaxprocs", config.gomaxprocs, kMinGomaxprocs, kMaxGomaxprocs);
  }
  if (config.p_capacity > kMaxGomaxprocs) {
    return out_of_range("p_capacity", config.p_capacity, 0, kMaxGomaxprocs);
  }
  if (config.block_capacity < kMinBlockCapacity || config.block_capacity > kMaxBlockCapacity) {
    return out_of_range("block_capacity", config.block_capacity, kMinBlockCapacity,
                        kMaxBlockCapacity);
  }
  if (config.tag_bits > kMaxTagBits) {
    return out_of_range("tag_bits", config.tag_bits, 0, kMaxTagBits);
  }
  if (config.slot_kind != SlotKind::word && config.slot_kind != SlotKind::cleanup_fn) {
    return "slot_kind = " + std::to_string(static_cast<unsigned>(config.slot_kind)) +
           " is neither word nor cleanup_fn";
  }
  return std::nullopt;
}

// maxCleanupGs(): 1 for GOMAXPROCS 1..7, 2 at 8, 4 at 16, 16 at 64 under the default policy.
constexpr std::uint32_t max_cleanup_goroutines(std::uint32_t gomaxprocs, WorkerCapPolicy policy) {
  return policy == WorkerCapPolicy::quarter ? std::max<std::uint32_t>(gomaxprocs / 4, 1)
                                            : std::max<std::uint32_t>(gomaxprocs, 1);
}

constexpr std::string_view to_string(WakeProtocol p) {
  return p == WakeProtocol::oneshot ? "oneshot" : "level";
}
constexpr std::string_view to_string(WorkerCapPolicy p) {
  return p == WorkerCapPolicy::quarter ? "quarter" : "gomaxprocs";
}

inline std::optional<SlotKind> parse_slot_kind(std::string_view s) {
  if (s == "word") return SlotKind::word;
  if (s == "cleanup_fn") return SlotKind::cleanup_fn;
  return std::nullopt;
}
inline std::optional<WakeProtocol> parse_wake_protocol(std::string_view s) {
  if (s == "oneshot") return WakeProtocol::oneshot;
  if (s == "level") return WakeProtocol::level;
  return std::nullopt;
}
inline std::optional<WorkerCapPolicy> parse_worker_cap(std::string_view s) {
  if (s == "quarter") return WorkerCapPolicy::quarter;
  if (s == "gomaxprocs") return WorkerCapPolicy::gomaxprocs;
  return std::nullopt;
}

}  // namespace cq
