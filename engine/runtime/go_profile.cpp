#include "runtime/go_profile.hpp"

#include <array>

namespace cq {
namespace {

constexpr std::array<GoProfile, 4> kProfiles{{
    {GoVersion::e46c8e, "e46c8e", "e46c8e (one-shot wake; dev branch May 2025, never released)",
     "e46c8e (development branch, 8-16 May 2025; never released): CL 650697's queue with its "
     "one-shot wake; 60 one-word slots, 25-bit stack tag, no nil-P check in flush",
     Design::cleanup_queue, WakeProtocol::oneshot, kGoBlockCapacity, WorkerCapPolicy::quarter,
     SlotKind::word, kGoTagBitsAddr48, false},
    {GoVersion::go1_25, "go1.25", "Go 1.25.x (level wake, CL 671676)",
     "Go 1.25.x, as in the 1.25.12 source: e46c8e's queue with the level-triggered wake of "
     "CL 671676; 60 one-word slots, 24-bit stack tag (25 before 1.25.4/1.25.5), flush skips "
     "nil Ps",
     Design::cleanup_queue, WakeProtocol::level, kGoBlockCapacity, WorkerCapPolicy::quarter,
     SlotKind::word, kGoTagBitsAddr49, true},
    {GoVersion::go1_26, "go1.26", "Go 1.26.x (level wake, 20-slot blocks)",
     "Go 1.26.x, as in the 1.26.10 source: the level-triggered wake (CL 671676); 20 three-word "
     "cleanupFn slots, 24-bit stack tag, flush skips nil Ps; /gc/cleanups metrics",
     Design::cleanup_queue, WakeProtocol::level, kGo126BlockCapacity, WorkerCapPolicy::quarter,
     SlotKind::cleanup_fn, kGoTagBitsAddr49, true},
    {GoVersion::go1_24, "go1.24", "Go 1.24 (one finalizer goroutine)",
     "Go 1.24: one finalizer goroutine (fing) runs every cleanup from finq under finlock",
     Design::finalizer_queue, WakeProtocol::level, kGoBlockCapacity, WorkerCapPolicy::quarter,
     SlotKind::word, kGoTagBitsAddr49, true},
}};

}  // namespace

const GoProfile& go_profile(GoVersion version) {
  return kProfiles[static_cast<std::size_t>(version)];
}

std::optional<GoVersion> parse_go_version(std::string_view name) {
  for (const GoProfile& p : kProfiles) {
    if (p.name == name) return p.version;
  }
  return std::nullopt;
}

std::string_view go_version_names() {
  return "e46c8e, go1.25, go1.26 or go1.24";
}

GoQueueStatsExposure go_queue_stats_exposure(GoVersion version) {
  switch (version) {
    case GoVersion::go1_26:
      return {
          "runtime/metrics: /gc/cleanups/queued:cleanups and /gc/cleanups/executed:cleanups "
          "(runtime/metrics.go; readQueueStats in runtime/mcleanup.go)",
          {}};
    case GoVersion::go1_25:
      return {
          "GODEBUG=checkfinalizers=1: after each GC, 'checkfinalizers: queue: F finalizers + C "
          "cleanups' with C = queued - executed (runtime/mgc.go, gcMarkTermination; "
          "readQueueStats in runtime/mcleanup.go); not in runtime/metrics before Go 1.26",
          {}};
    case GoVersion::e46c8e:
      return {{},
              "not reported for e46c8e: its cleanupQueue has no queued or executed counters "
              "(the 1.25.12 source has them; docs/go-facts.md)"};
    case GoVersion::go1_24:
      break;
  }
  return {{},
          "Go 1.24 has no cleanup queue: cleanups run on the finalizer goroutine from finq "
          "(runtime/mfinal.go)"};
}

}  // namespace cq
