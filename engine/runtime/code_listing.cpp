// The listings. Go 1.25 and 1.26 lines follow the fetched sources (scripts/fetch-go.sh:
// src/runtime/mcleanup.go, mgcsweep.go, proc.go); e46c8e's lines (the one-shot wake, no nil-P
// check, no statistics) follow docs/go-facts.md's reading of its mcleanup.go, which the fetch
// does not bring. Order is Go's; "..." marks code left out, and each listing's note says what.
#include "runtime/code_listing.hpp"

#include <algorithm>

#include "runtime/scenario.hpp"

namespace cq {
namespace {

using W = CodeWhen;

// runtime/mcleanup.go, AddCleanup: the pool grows only here, on the mutator's goroutine.
CodeListing add_cleanup() {
  return {"addcleanup",
          "AddCleanup",
          "runtime/mcleanup.go",
          "On the goroutine that calls runtime.AddCleanup; validation, the closure and "
          "findObject come first (left out).",
          {
              {"", "func AddCleanup(ptr *T, cleanup func(S), arg S) Cleanup {"},
              {"", "  ...  // checks, closure, findObject"},
              {"", "  if gcCleanups.needG() {"},
              {"", "    gcCleanups.createGs()  // see needG, createGs"},
              {"", "  }"},
              {"addcleanup.add", "  id := addCleanup(unsafe.Pointer(ptr), ...)  // the special"},
              {"", "  return Cleanup{id: id, ptr: usptr}"},
          }};
}

// runtime/mcleanup.go, (*cleanupQueue).needG and createGs.
CodeListing grow_pool() {
  return {"creategs",
          "(*cleanupQueue).needG, (*cleanupQueue).createGs",
          "runtime/mcleanup.go",
          "Called from AddCleanup only: no other code starts a cleanup goroutine.",
          {
              {"", "func (q *cleanupQueue) needG() bool {"},
              {"", "  have := q.ng.Load()"},
              {"", "  if have >= maxCleanupGs() { return false }"},
              {"", "  if have == 0 { return true }  // at least one"},
              {"", "  return q.needg.Load() > 0"},
              {"", "}"},
              {"", "func (q *cleanupQueue) createGs() {"},
              {"", "  lock(&q.lock)"},
              {"", "  need := min(q.needg.Swap(0), maxCleanupGs()-have)"},
              {"", "  if have == 0 && need == 0 { need = 1 }"},
              {"", "  q.ng.Add(int32(need)); unlock(&q.lock)"},
              {"creategs.go", "  for range need { go runCleanups() }"},
              {"", "}"},
          }};
}

// runtime/mcleanup.go, (*cleanupQueue).enqueue; called by freeSpecial (runtime/mheap.go).
CodeListing enqueue() {
  return {"enqueue",
          "(*cleanupQueue).enqueue",
          "runtime/mcleanup.go",
          "Called by the sweeper (freeSpecial, runtime/mheap.go) for a dead object's cleanup. "
          "Left out: acquirem/releasem, clearing q.flushed.",
          {
              {"", "func (q *cleanupQueue) enqueue(fn *funcval) {", W::word_slot},
              {"", "func (q *cleanupQueue) enqueue(c cleanupFn) {", W::cleanup_fn},
              {"", "  b := pp.cleanups  // this P's block"},
              {"", "  if b == nil {"},
              {"enqueue.from_free", "    b = q.free.pop()"},
              {"enqueue.allocate",
               "    if b == nil { b = persistentalloc(cleanupBlockSize, ...); push on q.all }"},
              {"", "    pp.cleanups = b"},
              {"", "  }"},
              {"enqueue.store", "  if full := b.enqueue(fn); full {", W::word_slot},
              {"enqueue.store", "  if full := b.enqueue(c); full {", W::cleanup_fn},
              {"enqueue.push_full", "    q.full.push(&b.lfnode); pp.cleanups = nil"},
              {"enqueue.add_work", "    q.addWork(1)  // workUnits++", W::level},
              {"enqueue.add_work", "    q.state.awaken(1)  // one pending wake", W::oneshot},
              {"", "  }"},
              {"", "  pp.cleanupsQueued++", W::stats},
              {"", "}"},
          }};
}

// runtime/mgcsweep.go, (*activeSweep).begin, markDrained, end.
CodeListing sweep_gate() {
  return {"gate",
          "(*activeSweep).begin, markDrained, end",
          "runtime/mgcsweep.go",
          "Every sweeper passes this gate; state counts the active sweepers, with the drained "
          "bit on top. Each step is a CAS loop in Go.",
          {
              {"", "func (a *activeSweep) begin() sweepLocker {"},
              {"gate.refused", "  if state&sweepDrainedMask != 0 { return invalid locker }"},
              {"gate.begin", "  CAS(state, state+1); return valid locker"},
              {"", "}"},
              {"", "func (a *activeSweep) markDrained() bool {  // no span left"},
              {"gate.drained", "  CAS(state, state|sweepDrainedMask)"},
              {"", "}"},
              {"", "func (a *activeSweep) end(sl sweepLocker) {"},
              {"gate.end", "  CAS(state, state-1)"},
              {"gate.last", "  if state-1 == sweepDrainedMask {  // the last sweeper"},
              {"", "    gcCleanups.flush()"},
              {"", "  }"},
              {"", "}"},
          }};
}

// runtime/mcleanup.go, (*cleanupQueue).flush.
CodeListing flush() {
  return {"flush",
          "(*cleanupQueue).flush",
          "runtime/mcleanup.go",
          "Run by the last sweeper from (*activeSweep).end. Left out: acquirem/releasem.",
          {
              {"flush.begin", "func (q *cleanupQueue) flush() {"},
              {"", "  for _, pp := range allp {"},
              {"flush.nil_p_check", "    if pp == nil { missing++; continue }  // mid-procresize",
               W::nil_p_check},
              {"flush.no_block", "    b := pp.cleanups; if b == nil { missing++; continue }"},
              {"flush.adopt", "    pp.cleanups = nil; if cb == nil { cb = b; continue }"},
              {"flush.take", "    cb.take(b)  // then cb is full, b empty, or both"},
              {"flush.push_full",
               "    if cb.full() { q.full.push(&cb.lfnode); flushed++; cb = b; b = nil }"},
              {"flush.free_emptied",
               "    if b != nil && b.empty() { q.free.push(&b.lfnode); emptied++ }"},
              {"", "  }"},
              {"flush.push_last", "  if cb != nil { q.full.push(&cb.lfnode); flushed++ }"},
              {"flush.add_work", "  if flushed != 0 { q.addWork(flushed) }", W::level},
              {"flush.add_work", "  q.state.awaken(flushed)", W::oneshot},
              {"", "  if flushed+emptied+missing != len(allp) { throw(...) }"},
              {"flush.end", "  q.flushed.Store(true)"},
              {"", "}"},
          }};
}

// runtime/proc.go, findRunnable; runtime/mcleanup.go, (*cleanupQueue).wake.
CodeListing wake() {
  return {"wake",
          "findRunnable; (*cleanupQueue).needsWake, wake",
          "runtime/proc.go, runtime/mcleanup.go",
          "Every scheduling round of every P polls needsWake (a few atomic loads). wake never "
          "creates a goroutine: it leaves needg for AddCleanup.",
          {
              {"", "// findRunnable, every round (runtime/proc.go):"},
              {"wake.needs_wake", "if gcCleanups.needsWake() { gcCleanups.wake() }"},
              {"", "func (q *cleanupQueue) wake() {"},
              {"", "  lock(&q.lock)", W::level},
              {"", "  wake := min(workUnits, asleep); extra := workUnits - wake", W::level},
              {"", "  wakes, asleep := q.state.take()  // one CAS consumes every wake", W::oneshot},
              {"", "  wake := min(wakes, asleep); extra := wakes - wake", W::oneshot},
              {"wake.needg", "  if extra != 0 { q.needg.Add(min(extra, maxCleanupGs()-ng)) }"},
              {"wake.none", "  if wake == 0 { unlock(&q.lock); return }", W::level},
              {"wake.none", "  if wake == 0 { return }", W::oneshot},
              {"", "  q.asleep.Add(-wake)", W::level},
              {"", "  lock(&q.lock)", W::oneshot},
              {"wake.inject", "  pop wake gs off q.sleeping; unlock(&q.lock); injectglist(&list)"},
              {"", "}"},
          }};
}

// runtime/mcleanup.go, (*cleanupQueue).dequeue (and tryTakeWork).
CodeListing dequeue() {
  return {
      "dequeue",
      "(*cleanupQueue).dequeue",
      "runtime/mcleanup.go",
      "Called by runCleanups for its next block; blocks until one is there.",
      {
          {"", "func (q *cleanupQueue) dequeue() *cleanupBlock {"},
          {"", "  for {"},
          {"dequeue.try_take", "    if q.tryTakeWork() {  // workUnits--, never below 0", W::level},
          {"dequeue.pop", "      return q.full.pop()  // guaranteed non-nil", W::level},
          {"", "    }", W::level},
          {"dequeue.pop", "    if b := q.full.pop(); b != nil { return b }", W::oneshot},
          {"", "    lock(&q.lock)"},
          {"dequeue.announce", "    q.asleep.Add(1)  // announce before the re-check", W::level},
          {"dequeue.recheck",
           "    if q.workUnits.Load() > 0 { q.asleep.Add(-1); unlock; continue }", W::level},
          {"", "    q.sleeping.push(getg())"},
          {"dequeue.announce", "    q.state.sleep()  // asleep++", W::oneshot},
          {"dequeue.park", "    goparkunlock(&q.lock, waitReasonCleanupWait, ...)"},
          {"", "  }"},
          {"", "}"},
      }};
}

// runtime/mcleanup.go, runCleanups.
CodeListing run_cleanups() {
  return {
      "runcleanups",
      "runCleanups",
      "runtime/mcleanup.go",
      "The body of every cleanup goroutine; it never returns. Left out: the race "
      "detector's bookkeeping.",
      {
          {"runcleanups.start", "func runCleanups() {"},
          {"", "  for {"},
          {"", "    b := gcCleanups.dequeue()"},
          {"runcleanups.begin_running", "    gcCleanups.beginRunningCleanups()"},
          {"", "    for i := 0; i < int(b.n); i++ {"},
          {"runcleanups.call", "      fn := b.cleanups[i]; (*(*func())(&fn))()", W::word_slot},
          {"", "      b.cleanups[i] = nil", W::word_slot},
          {"", "      c := b.cleanups[i]; b.cleanups[i] = cleanupFn{}", W::cleanup_fn},
          {"runcleanups.call", "      c.call(c.fn, c.arg)", W::cleanup_fn},
          {"", "    }"},
          {"runcleanups.end_running", "    gcCleanups.endRunningCleanups()"},
          {"", "    gcCleanups.executed.Add(int64(b.n))", W::stats},
          {"runcleanups.push_free", "    atomic.Store(&b.n, 0); gcCleanups.free.push(&b.lfnode)"},
          {"", "  }"},
          {"", "}"},
      }};
}

bool applies(CodeWhen when, const CodeVariant& v) {
  switch (when) {
    case CodeWhen::always:
      return true;
    case CodeWhen::level:
      return v.protocol == WakeProtocol::level;
    case CodeWhen::oneshot:
      return v.protocol == WakeProtocol::oneshot;
    case CodeWhen::nil_p_check:
      return v.flush_skips_nil_p;
    case CodeWhen::no_nil_check:
      return !v.flush_skips_nil_p;
    case CodeWhen::word_slot:
      return v.slot_kind == SlotKind::word;
    case CodeWhen::cleanup_fn:
      return v.slot_kind == SlotKind::cleanup_fn;
    case CodeWhen::stats:
      return v.queue_stats;
  }
  return false;
}

// Every line of every variant, before selection.
std::vector<CodeListing> all_listings() {
  return {add_cleanup(), grow_pool(), enqueue(), sweep_gate(),
          flush(),       wake(),      dequeue(), run_cleanups()};
}

}  // namespace

CodeVariant code_variant(const Scenario& s) {
  const GoProfile& p = go_profile(s.go);
  return {p.design, s.protocol, p.flush_skips_nil_p, p.slot_kind, p.version != GoVersion::e46c8e,
          p.name};
}

CodeVariant code_variant(GoVersion version) {
  const GoProfile& p = go_profile(version);
  return {p.design, p.protocol, p.flush_skips_nil_p, p.slot_kind, p.version != GoVersion::e46c8e,
          p.name};
}

std::vector<CodeListing> code_listings(const CodeVariant& variant) {
  if (variant.design != Design::cleanup_queue) return {};
  std::vector<CodeListing> out = all_listings();
  for (CodeListing& listing : out) {
    std::erase_if(listing.lines, [&](const CodeLine& l) { return !applies(l.when, variant); });
  }
  return out;
}

std::optional<CodeLineRef> find_code_line(const std::vector<CodeListing>& listings,
                                          std::string_view id) {
  if (id.empty()) return std::nullopt;
  for (std::size_t i = 0; i < listings.size(); ++i) {
    for (std::size_t j = 0; j < listings[i].lines.size(); ++j) {
      if (listings[i].lines[j].id == id) return CodeLineRef{i, j};
    }
  }
  return std::nullopt;
}

std::vector<std::string_view> code_line_ids(const CodeVariant& variant) {
  std::vector<std::string_view> ids;
  for (const CodeListing& listing : code_listings(variant)) {
    for (const CodeLine& line : listing.lines) {
      if (!line.id.empty()) ids.push_back(line.id);
    }
  }
  return ids;
}

std::vector<std::string_view> every_code_line_id() {
  std::vector<std::string_view> ids;
  for (const CodeListing& listing : all_listings()) {
    for (const CodeLine& line : listing.lines) {
      if (!line.id.empty()) ids.push_back(line.id);
    }
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

}  // namespace cq
