// The per-queue choices the design doc leaves open: block capacity, which wake protocol, and
// which pool cap. Parsing these from text lives here too, so the CLI, lessons and the URL
// parser all accept exactly the same words.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string_view>

#include "queue/cleanup_block.hpp"

namespace cq {

// How producers tell the scheduler that blocks are waiting (design doc §3.7, §9.2).
enum class WakeProtocol : std::uint8_t {
  oneshot,  // e46c8e (development branch, 8-16 May 2025; never released): packed {asleep, wakes}
            // word; the scheduler's take() consumes every wake
  level,    // Go 1.25.0 and later (CL 671676, #73642): workUnits consumed only by a consumer
            // that takes a block
};

// Upper bound on cleanup goroutines (design doc §3.8 and "Know this first").
enum class WorkerCapPolicy : std::uint8_t {
  quarter,     // the code: max(GOMAXPROCS/4, 1)
  gomaxprocs,  // a what-if cap of GOMAXPROCS (lesson 10 runs both; Go has only the quarter)
};

inline constexpr std::uint32_t kMinGomaxprocs = 1;
inline constexpr std::uint32_t kMaxGomaxprocs = 256;

struct QueueConfig {
  std::uint32_t gomaxprocs = 8;                     // number of Ps, 1..256
  std::uint32_t block_capacity = kGoBlockCapacity;  // 1..1024
  WakeProtocol protocol = WakeProtocol::level;
  WorkerCapPolicy worker_cap = WorkerCapPolicy::quarter;
};

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
