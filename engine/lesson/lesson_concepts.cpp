#include "lesson/lesson_concepts.hpp"

#include <array>
#include <vector>

#include "lesson/quantities.hpp"

namespace cq::lesson {
namespace {

// Each meaning says what a student who has the concept knows, in the lessons' own words; the
// lessons that teach a concept cite where Go does it (their `sources`): runtime/mcleanup.go
// (cleanupQueue: enqueue, flush, dequeue, wake, needG, createGs, runCleanups), runtime/mgcsweep.go
// (activeSweep), runtime/lfstack.go, runtime/mgcmark.go (markroot, fixedRootCleanups), CL 650697
// (e46c8e), CL 671676 (#73642).
constexpr std::array kConcepts = {
    ConceptInfo{"head-of-line-blocking",
                "Go 1.24's single finalizer goroutine runs every cleanup: one that never returns "
                "blocks all"},
    ConceptInfo{"cleanup-pool",
                "Go 1.25 runs cleanups on a pool of goroutines, each taking whole blocks"},
    ConceptInfo{"p-local-block",
                "each P enqueues into its own block with plain stores: no lock, no atomic"},
    ConceptInfo{"publish",
                "a full block is pushed onto `full` with a CAS, and `workUnits` is raised by one"},
    ConceptInfo{"publish-early",
                "a block is pushed as soon as it fills, so cleanups run while sweeping goes on"},
    ConceptInfo{"whole-block", "a cleanup goroutine pops a whole block and runs every entry in it"},
    ConceptInfo{"work-units",
                "`workUnits` counts blocks waiting: demand is counted in blocks, not cleanups"},
    ConceptInfo{"sweep-gate",
                "the sweep gate counts active sweepers; its drained bit turns newcomers away"},
    ConceptInfo{"last-sweeper",
                "the `end()` that leaves the gate drained and empty elects its caller to flush"},
    ConceptInfo{"flush",
                "the last sweeper merges the Ps' partial blocks into as few blocks as fit"},
    ConceptInfo{"lock-free-stack",
                "`full` and `free` are Treiber stacks: a CAS on one head word per push or pop"},
    ConceptInfo{"aba-tag",
                "the head word carries a push count, so a stale CAS on a reused block fails"},
    ConceptInfo{"blocks-never-freed",
                "blocks come from persistentalloc and go back to `free`, never to the OS"},
    ConceptInfo{"gc-roots",
                "the GC scans queued blocks as roots; enqueue never happens during mark"},
    ConceptInfo{"wake",
                "`findRunnable` polls `needsWake`; `wake` unparks sleeping goroutines in a batch"},
    ConceptInfo{"spurious-wake",
                "a woken goroutine may find no block and park again: wasted, but never lost"},
    ConceptInfo{"needg",
                "`wake` only posts `needg`; the next `AddCleanup` starts goroutines (`createGs`)"},
    ConceptInfo{
        "pool-cap",
        "`createGs` starts goroutines only up to max(GOMAXPROCS/4, 1); none exits on its own"},
    ConceptInfo{"lost-wakeup",
                "e46c8e's one-shot wake could strand a block; announce before you sleep fixes it"},
    ConceptInfo{"running-cleanups",
                "the `runningCleanups` flag and the `running` counter: system or user goroutine"},
    // The campaign's hazards (lessons 13-16), each cited in its lesson: a blocking cleanup
    // (mcleanup.go: runCleanups), the nil P of a growing allp (proc.go: procresize), the cut Ps
    // of a shrink ((*p).destroy leaves pp.cleanups), runtime.Goexit in runCleanups (#71824).
    ConceptInfo{"stuck-cleanup",
                "a cleanup that never returns holds its goroutine; a pool of one stalls behind it"},
    ConceptInfo{"nil-p-flush",
                "while GOMAXPROCS grows, allp can hold a nil P; e46c8e's flush dereferenced it"},
    ConceptInfo{
        "shrink-strands",
        "a P cut by a GOMAXPROCS shrink keeps its partial block, unflushed until it grows back"},
    ConceptInfo{"goexit-in-cleanup",
                "runtime.Goexit in a cleanup kills its goroutine, which ng still counts"},
};

}  // namespace

std::span<const ConceptInfo> all_concepts() {
  return kConcepts;
}

const ConceptInfo* find_concept(std::string_view name) {
  for (const ConceptInfo& c : kConcepts) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

std::optional<std::string> check_concept_name(std::string_view name) {
  if (find_concept(name) != nullptr) return std::nullopt;
  std::vector<std::string_view> names;
  names.reserve(kConcepts.size());
  for (const ConceptInfo& c : kConcepts) names.push_back(c.name);
  std::string message = "'" + std::string(name) + "' is not a concept";
  if (auto near = closest_name(name, names)) message += " (did you mean '" + *near + "'?)";
  return message + ": `cleanupq lesson concepts` lists them";
}

}  // namespace cq::lesson
