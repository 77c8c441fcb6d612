// GoProfile: which Go a run stands for. A profile fixes everything that differs between the
// versions of the cleanup queue that existed (see docs/model-vs-go.md for what the model leaves
// out of each):
//   e46c8e  CL 650697, on the development branch from 2025-05-08 until CL 671676 replaced its
//           one-shot wake (2025-05-16, golang/go#73642). Never in a release.
//   go1.25  Go 1.25.x: e46c8e's queue with the level-triggered wake of CL 671676 (runtime/
//           mcleanup.go: workUnits + asleep); 60 one-word slots per 512-byte block; the nil-P check
//           in flush (in the 1.25.12 source; its CL number is unverified: docs/go-facts.md). The
//           stack tag is 24 bits as in the 1.25.12 source (#69255 made addrBits 49, from 1.25.4
//           or 1.25.5); 1.25.0-1.25.3 had 25 (docs/go-facts.md): the one difference within
//           1.25.x here, and it shows only after 2^24 pushes of one block. So the profile is
//           "Go 1.25.x as in the 1.25.12 source", not exactly 1.25.0.
//   go1.26  Go 1.26.x: the same wake; a slot is a three-word cleanupFn, so 20 per block
//           (runtime/mcleanup.go, type cleanupFn).
//   go1.24  Go 1.24: no cleanup queue; every cleanup and finalizer runs on the one finalizer
//           goroutine `fing`, from `finq` under `finlock` (runtime/mfinal.go).
// Protocol, block capacity and the pool cap stay overridable for experiments; a scenario that
// overrides any of them is labelled "custom (based on go1.25: ...)", never as a Go version.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "queue/queue_config.hpp"

namespace cq {

enum class GoVersion : std::uint8_t { e46c8e, go1_25, go1_26, go1_24 };

// The two designs the engine implements: the queue (every version from e46c8e on) and the single
// finalizer goroutine before it.
enum class Design : std::uint8_t {
  cleanup_queue,    // P-local blocks, lock-free stacks, a pool of cleanup goroutines
  finalizer_queue,  // Go 1.24: finq under finlock, one goroutine (fing) runs everything
};

struct GoProfile {
  GoVersion version;
  std::string_view name;   // as written in --go, lessons and URLs: "go1.25"
  std::string_view title;  // short, for status lines: "Go 1.25.x (level wake, CL 671676)"
  std::string_view label;  // what runs, with its source, for every place that names the run
  Design design;
  WakeProtocol protocol;         // meaningless under Design::finalizer_queue
  std::uint32_t block_capacity;  // cleanups per 512-byte block
  WorkerCapPolicy worker_cap;    // runtime/mcleanup.go: maxCleanupGs, max(GOMAXPROCS/4, 1)
  // Not options: what the version's code is (queue/queue_config.hpp cites each).
  SlotKind slot_kind;      // one word (*funcval) or Go 1.26's three-word cleanupFn
  std::uint8_t tag_bits;   // lock-free stack tag: 64 - addrBits + 9 (runtime/tagptr_64bit.go)
  bool flush_skips_nil_p;  // flush skips a nil P (in the 1.25 and 1.26 sources)
};

constexpr GoVersion kDefaultGoVersion = GoVersion::go1_25;

// Where a Go exposes its cleanup queue's statistics, `queued` (every cleanup ever enqueued) and
// `executed` (added a whole block at a time, after the block ran): readQueueStats in
// runtime/mcleanup.go. Exactly one of the two is set. Written once here for every reader
// (`cleanupq run --json`'s go_stats, the app's metrics tab).
struct GoQueueStatsExposure {
  std::string_view exposed_as;  // how a program of this Go reads them; empty if it cannot
  std::string_view why_not;     // why this Go has none; empty if it has them
};
GoQueueStatsExposure go_queue_stats_exposure(GoVersion version);

const GoProfile& go_profile(GoVersion version);
std::optional<GoVersion> parse_go_version(std::string_view name);
// "e46c8e, go1.25, go1.26 or go1.24"
std::string_view go_version_names();

}  // namespace cq
